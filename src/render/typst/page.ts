/**
 * Word sections (ECMA-376 Part 1 §17.6) -> Typst page settings. Each section sets its page size,
 * margins, header and footer; the header/footer chooses first/even/default per page (w:titlePg
 * §17.10.6, w:evenAndOddHeaders §17.10.1). Word measures the header from the top edge
 * (w:pgMar/@header) and the footer from the bottom edge, so each is laid in a box of the margin's
 * height minus that distance, aligned to the edge it is measured from.
 */
import type { Block, HeaderFooterSet, NumberFormat, SectionProps, TemplateDocument } from '../model.js';
import type { CodegenContext } from './context.js';
import { emitBlocks, type BlocksEnv } from './blocks.js';
import { pt } from './escape.js';

export interface SectionChunk {
  props: SectionProps;
  blocks: Block[];
}

/** Splits the body at its top-level section breaks; each break carries the section it ends. */
export function splitSections(doc: Pick<TemplateDocument, 'body' | 'finalSection'>): SectionChunk[] {
  const chunks: SectionChunk[] = [];
  let current: Block[] = [];
  for (const b of doc.body) {
    if (b.type === 'sectionBreak') {
      chunks.push({ props: b.section, blocks: current });
      current = [];
    } else current.push(b);
  }
  chunks.push({ props: doc.finalSection, blocks: current });
  return chunks;
}

function headerFooter(
  ctx: CodegenContext,
  set: HeaderFooterSet,
  index: number,
  titlePage: boolean,
  evenAndOdd: boolean,
  box: (body: string) => string,
  pageFormat: NumberFormat | undefined,
): string | undefined {
  // The data reaches headers and footers through the hx-page-data state, never by capture: a
  // page's header is part of the style chain of everything on it, so a header holding this
  // contract's values would make each paragraph's cached layout (Typst memoises layout by content
  // and styles) useless for the next contract (measured with `npm run bench -- render` at commit
  // 369102f and its parent: the "Typst compile" row of the standard contract).
  const emit = (blocks: Block[] | undefined) =>
    blocks === undefined
      ? 'none'
      : `context { let s = (hx-page-data.final(),); ${box(`{ ${emitBlocks(ctx, blocks, false, pageFormatEnv(pageFormat)).join('; ') || 'none'} }`)} }`;
  if (set.default === undefined && set.first === undefined && set.even === undefined) return undefined;
  const def = emit(set.default);
  const branches: string[] = [];
  if (titlePage) branches.push(`if here().page() == locate(<hx-sec-${index}>).page() { ${emit(set.first)} }`);
  if (evenAndOdd) branches.push(`if calc.even(counter(page).get().first()) { ${emit(set.even)} }`);
  if (branches.length === 0) return def;
  return `context { ${branches.join(' else ')} else { ${def} } }`;
}

function pageFormatEnv(f: NumberFormat | undefined, origin?: { left: number; top: number }): BlocksEnv {
  const env: BlocksEnv = origin === undefined ? {} : { origin };
  if (f !== undefined) env.pageFormat = f;
  return env;
}

export function emitSection(
  ctx: CodegenContext,
  chunk: SectionChunk,
  index: number,
  evenAndOdd: boolean,
  /** Statements after the section's blocks (the endnotes, after the last section's). */
  tail: string[] = [],
): string {
  const p = chunk.props;
  const m = p.margins;
  const headerBox = (body: string) =>
    `block(width: 100%, height: ${pt(Math.max(0, m.top - m.header))}, align(top, ${body}))`;
  const footerBox = (body: string) =>
    `block(width: 100%, height: ${pt(Math.max(0, m.bottom - m.footer))}, align(bottom, ${body}))`;
  const args = [
    `width: ${pt(p.pageWidth)}`,
    `height: ${pt(p.pageHeight)}`,
    `margin: (top: ${pt(m.top)}, bottom: ${pt(m.bottom)}, left: ${pt(m.left + m.gutter)}, right: ${pt(m.right)})`,
    'header-ascent: 0pt',
    'footer-descent: 0pt',
    'fill: hx-bg-color',
  ];
  if (p.columns > 1) args.push(`columns: ${p.columns}`);
  const header = headerFooter(ctx, p.headers, index, p.titlePage, evenAndOdd, headerBox, p.pageNumberFormat);
  const footer = headerFooter(ctx, p.footers, index, p.titlePage, evenAndOdd, footerBox, p.pageNumberFormat);
  args.push(`header: ${header ?? 'none'}`, `footer: ${footer ?? 'none'}`);
  const stmts = [`set page(${args.join(', ')})`, `[#metadata(${index})<hx-sec-${index}>]`];
  if (index === 0) stmts.push('hx-page-data.update(hx-data)');
  if (p.pageNumberStart !== undefined)
    stmts.push(`counter(page).update(${Math.max(0, Math.trunc(p.pageNumberStart))})`);
  if (index > 0 && (p.start === 'evenPage' || p.start === 'oddPage')) {
    stmts.unshift(`pagebreak(to: "${p.start === 'evenPage' ? 'even' : 'odd'}", weak: true)`);
  }
  stmts.push(
    ...emitBody(
      ctx,
      chunk.blocks,
      pageFormatEnv(p.pageNumberFormat, { left: m.left + m.gutter, top: m.top }),
    ),
  );
  stmts.push(...tail);
  return `{\n${stmts.join('\n')}\n}`;
}

/**
 * The top-level blocks of a section. Runs of blocks that read no data go to the static module
 * (codegen.ts) and are named here: Typst evaluates an imported module once and memoises it, so
 * a contract re-evaluates only the blocks that show its data.
 */
function emitBody(ctx: CodegenContext, blocks: readonly Block[], env: BlocksEnv): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) out.push(ctx.defineStatic(`{\n${run.join('\n')}\n}`));
    run = [];
  };
  for (const block of blocks) {
    const before = ctx.dataRefs;
    const stmts = emitBlocks(ctx, [block], true, env);
    if (ctx.dataRefs !== before) {
      flush();
      out.push(...stmts);
    } else run.push(...stmts);
  }
  flush();
  return out;
}
