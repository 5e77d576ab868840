/**
 * Sections repeated by a loop: a loop (or condition) over paragraphs that hold a section break
 * repeats the break, so each item gets its own section with that section's page setup, headers
 * and footers and page number restart (docxtemplater's loop over sections; its loop module also
 * keeps the break of the closing tag's paragraph when the loop shows nothing).
 *
 * The sections are then known only when the data is: the body becomes an array of parts —
 * content, and `(hx-break: k)` where a section k ends — which the program cuts at the breaks and
 * lays out section by section, each by a function of the section's running number (its labels).
 * Documents without such loops keep the fixed sections of page.ts.
 */
import type { Block, SectionProps, TemplateDocument } from '../model.js';
import type { CodegenContext } from './context.js';
import { emitBlocks, type BlocksEnv } from './blocks.js';
import { columnSeparators, withColumns } from './columns.js';
import {
  bodyEnv,
  headerAndFooter,
  pageArgs,
  restartsFootnotesPerSection,
  sectionOpening,
  type SectionMarks,
} from './page.js';

/** True when a loop or condition at the top level of the body holds a section break. */
export function hasLoopedSections(body: readonly Block[]): boolean {
  const holds = (bs: readonly Block[]): boolean =>
    bs.some((b) => b.type === 'sectionBreak' || (b.type === 'section' && holds(b.children)));
  return body.some((b) => b.type === 'section' && holds(b.children));
}

/** Every section of the template: the breaks in document order (loops included), then the last. */
function sectionList(body: readonly Block[]): Map<Block | 'final', number> {
  const ids = new Map<Block | 'final', number>();
  const walk = (bs: readonly Block[]) => {
    for (const b of bs) {
      if (b.type === 'sectionBreak') ids.set(b, ids.size);
      else if (b.type === 'section') walk(b.children);
    }
  };
  walk(body);
  ids.set('final', ids.size);
  return ids;
}

const MARKS: SectionMarks = { start: 'hx-start', end: 'hx-end' };

/**
 * The program's statements laying out the body: one function per section, the parts of the
 * body, and the loop that cuts them into sections.
 */
export function emitLoopedSections(
  ctx: CodegenContext,
  doc: Pick<TemplateDocument, 'body' | 'finalSection'>,
  evenAndOdd: boolean,
  tail: string[],
): string[] {
  const ids = sectionList(doc.body);
  const props: SectionProps[] = [];
  for (const [b, k] of ids)
    props[k] = b === 'final' ? doc.finalSection : (b as Extract<Block, { type: 'sectionBreak' }>).section;

  const fns = props.map((p, k) => {
    const hf = headerAndFooter(ctx, p, MARKS, evenAndOdd);
    const background = columnSeparators(ctx, [{ props: p, marks: MARKS }]);
    const stmts = [
      'let hx-start = label("hx-sec-" + str(j))',
      'let hx-end = label("hx-sec-end-" + str(j))',
      `set page(${pageArgs(p, background === undefined ? hf : { ...hf, background })})`,
      ...sectionOpening(p, '[#metadata(j)#hx-start]'),
      ...(restartsFootnotesPerSection(ctx) ? ['if j > 0 { counter(footnote).update(0) }'] : []),
      'if j == 0 { hx-page-data.update(hx-data) }',
      ...withColumns(ctx, p, ['body']),
      '[#metadata(j)#hx-end]',
      'after',
    ];
    return `#let hx-sec-${k}(j, body, after) = {\n${stmts.join('\n')}\n}`;
  });

  // Each block's fields and floats take the page setup of the section it is written in.
  const envOf = new Map<Block, BlocksEnv>();
  let pending: Block[] = [];
  const assign = (bs: readonly Block[]) => {
    for (const b of bs) {
      if (b.type === 'sectionBreak') {
        for (const x of pending) envOf.set(x, bodyEnv(b.section, MARKS));
        pending = [];
      } else if (b.type === 'section') assign(b.children);
      else pending.push(b);
    }
  };
  assign(doc.body);
  for (const x of pending) envOf.set(x, bodyEnv(doc.finalSection, MARKS));

  const parts = (bs: readonly Block[]): string[] => {
    const out: string[] = [];
    for (const b of bs) {
      if (b.type === 'sectionBreak') out.push(`((hx-break: ${ids.get(b)}),)`);
      else if (b.type === 'section' && hasLoopedSections([b])) out.push(loopParts(b));
      else for (const stmt of emitBlocks(ctx, [b], true, envOf.get(b) ?? {})) out.push(`({ ${stmt} },)`);
    }
    return out;
  };
  const loopParts = (b: Extract<Block, { type: 'section' }>): string => {
    const body = parts(b.children).join('\n') || '()';
    const get = ctx.dataRef(b.path);
    // docxtemplater keeps the break of the closing tag's paragraph when the loop shows nothing,
    // in an empty paragraph: the section it ends holds that one empty line.
    const last = b.children[b.children.length - 1];
    const empty =
      b.closingBreak && last?.type === 'sectionBreak' ? `(box(), (hx-break: ${ids.get(last)}))` : '()';
    return b.inverted
      ? `if not hx-truthy(${get}) {\n${body}\n} else { ${empty} }`
      : `{ let items = hx-items(${get}); if items.len() == 0 { ${empty} } else { for it in items {\nlet s = it + s\n${body}\n} } }`;
  };

  const assemble = [
    '#{',
    `let parts = {\n${parts(doc.body).join('\n')}\n}`,
    'let segs = ()',
    'let cur = ()',
    'for p in (if parts == none { () } else { parts }) {',
    '  if type(p) == dictionary { segs.push((k: p.hx-break, body: cur.join())); cur = () } else { cur.push(p) }',
    '}',
    `segs.push((k: ${ids.get('final')}, body: cur.join()))`,
    `let fns = (${props.map((_, k) => `hx-sec-${k}`).join(', ')},)`,
    'for (j, g) in segs.enumerate() {',
    `  (fns.at(g.k))(j, g.body, if j + 1 == segs.len() { { ${tail.join('; ') || 'none'} } } else { none })`,
    '}',
    '}',
  ];
  return [...fns, assemble.join('\n')];
}
