/**
 * Word sections (ECMA-376 Part 1 §17.6) -> Typst page settings. Each section sets its page size,
 * margins, header and footer; the header/footer chooses first/even/default per page (w:titlePg
 * §17.10.6, w:evenAndOddHeaders §17.10.1). Word measures the header from the top edge
 * (w:pgMar/@header) and the footer from the bottom edge, so each is laid in a box of the margin's
 * height minus that distance, aligned to the edge it is measured from.
 *
 * A section is emitted as a function of where it starts and ends (`SectionMarks`: Typst labels), so
 * the same code serves a section written once (labels fixed at compile time) and a section that a
 * loop repeats (page-loop.ts: labels made at run time).
 */
import type { Block, HeaderFooterSet, SectionProps, TemplateDocument } from '../model.js';
import type { CodegenContext } from './context.js';
import { emitBlocks, type BlocksEnv } from './blocks.js';
import { pt } from './escape.js';
import { columnSeparators, withColumns } from './columns.js';

export interface SectionChunk {
  props: SectionProps;
  blocks: Block[];
}

/** Typst expressions of the labels on a section's first and last element. */
export interface SectionMarks {
  start: string;
  end: string;
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

/**
 * The page number of a page of the section, as an integer expression. Typst lays a page's header
 * out before the page's content, so the header does not see a `counter(page).update` at the top
 * of the page: a section that restarts its numbers (w:pgNumType/@w:start, §17.6.12) counts from
 * its first page instead.
 */
export function pageNumber(p: SectionProps, marks: SectionMarks): string {
  if (p.pageNumberStart === undefined) return 'counter(page).get().first()';
  return `(${Math.max(0, Math.trunc(p.pageNumberStart))} + here().page() - locate(${marks.start}).page())`;
}

/** Page-number fields of the section: PAGE in its format, SECTIONPAGES from its marks. */
function fieldEnv(p: SectionProps, marks: SectionMarks, page: string): BlocksEnv {
  const env: BlocksEnv = {
    pageNumber: page,
    sectionPages: `(locate(${marks.end}).page() - locate(${marks.start}).page() + 1)`,
  };
  if (p.pageNumberFormat !== undefined) env.pageFormat = p.pageNumberFormat;
  return env;
}

/**
 * The header (or footer) of a section's pages: `first` on its first page when w:titlePg is set,
 * `even` on even page numbers when w:evenAndOddHeaders is (Word decides by the page's number,
 * not its place in the file), else `default`. A kind the section lacks is empty: the parser has
 * already given it the previous section's (§17.10.5).
 */
function headerFooter(
  ctx: CodegenContext,
  set: HeaderFooterSet,
  p: SectionProps,
  marks: SectionMarks,
  evenAndOdd: boolean,
  box: (body: string) => string,
): string | undefined {
  // The data reaches headers and footers through the hx-page-data state, never by capture: a
  // page's header is part of the style chain of everything on it, so a header holding this
  // contract's values would make each paragraph's cached layout (Typst memoises layout by content
  // and styles) useless for the next contract (measured with `npm run bench -- render` at commit
  // 369102f and its parent: the "Typst compile" row of the standard contract).
  const page = pageNumber(p, marks);
  const env = fieldEnv(p, marks, page);
  const emit = (blocks: Block[] | undefined) =>
    blocks === undefined
      ? 'none'
      : `context { let s = (hx-page-data.final(),); ${box(`{ ${emitBlocks(ctx, blocks, false, env).join('; ') || 'none'} }`)} }`;
  if (set.default === undefined && set.first === undefined && set.even === undefined) return undefined;
  const def = emit(set.default);
  const branches: string[] = [];
  if (p.titlePage) branches.push(`if here().page() == locate(${marks.start}).page() { ${emit(set.first)} }`);
  if (evenAndOdd) branches.push(`if calc.even(${page}) { ${emit(set.even)} }`);
  if (branches.length === 0) return def;
  return `context { ${branches.join(' else ')} else { ${def} } }`;
}

/** The header and footer of a section's pages. */
export function headerAndFooter(
  ctx: CodegenContext,
  p: SectionProps,
  marks: SectionMarks,
  evenAndOdd: boolean,
): { header: string; footer: string } {
  const m = p.margins;
  const headerBox = (body: string) =>
    `block(width: 100%, height: ${pt(Math.max(0, m.top - m.header))}, align(top, ${body}))`;
  const footerBox = (body: string) =>
    `block(width: 100%, height: ${pt(Math.max(0, m.bottom - m.footer))}, align(bottom, ${body}))`;
  // Headers and footers span the text width (long words, ctx.lineWidth).
  return ctx.withLineWidth(p.pageWidth - m.left - m.gutter - m.right, () => {
    const header = headerFooter(ctx, p.headers, p, marks, evenAndOdd, headerBox) ?? 'none';
    return {
      // §17.11.19 w:numRestart eachPage: footnote numbers start again on each page (a counter
      // update in the page's header, which Typst places before the page's body).
      header:
        ctx.doc.footnotes !== undefined && ctx.doc.settings.footnoteNumbering?.restart === 'eachPage'
          ? `{ counter(footnote).update(0); ${header} }`
          : header,
      footer: headerFooter(ctx, p.footers, p, marks, evenAndOdd, footerBox) ?? 'none',
    };
  });
}

/** §17.11.19 w:numRestart eachSect: footnote numbers start again in each section but the first. */
export function restartsFootnotesPerSection(ctx: CodegenContext): boolean {
  return ctx.doc.footnotes !== undefined && ctx.doc.settings.footnoteNumbering?.restart === 'eachSection';
}

/** The `set page(…)` arguments of a section: its size and margins, then the page's decorations. */
export function pageArgs(
  p: SectionProps,
  hf: { header: string; footer: string; background?: string },
): string {
  const m = p.margins;
  const args = [
    `width: ${pt(p.pageWidth)}`,
    `height: ${pt(p.pageHeight)}`,
    `margin: (top: ${pt(m.top)}, bottom: ${pt(m.bottom)}, left: ${pt(m.left + m.gutter)}, right: ${pt(m.right)})`,
    'header-ascent: 0pt',
    'footer-descent: 0pt',
    'fill: hx-bg-color',
    `header: ${hf.header}`,
    `footer: ${hf.footer}`,
  ];
  if (hf.background !== undefined) args.push(`background: ${hf.background}`);
  return args.join(', ');
}

/**
 * A blank page before a section that starts on an odd or even page (w:type oddPage / evenPage,
 * §17.18.77) when its first page number has the other parity, as its first statement. Typst's own
 * `pagebreak(to:)` goes by the page's place in the file, not by its number as Word does; and a
 * page break in `context` at the end of a section confuses Typst's page numbers (here().page() of
 * the blank page), at the start it does not.
 */
export function parityBreak(p: SectionProps): string | undefined {
  if (p.start !== 'oddPage' && p.start !== 'evenPage') return undefined;
  const number =
    p.pageNumberStart !== undefined
      ? String(Math.max(0, Math.trunc(p.pageNumberStart)))
      : 'counter(page).get().first()';
  const wrong = p.start === 'oddPage' ? 'calc.even' : 'calc.odd';
  // place(none) keeps the blank page: a page holding nothing before a break is dropped.
  return `context if ${wrong}(${number}) { place(none); pagebreak() }`;
}

/**
 * Statements opening a section on its pages: a blank page if its parity needs one, its start
 * label and its page number restart.
 */
export function sectionOpening(p: SectionProps, startLabel: string): string[] {
  const parity = parityBreak(p);
  const stmts = parity === undefined ? [startLabel] : [parity, startLabel];
  if (p.pageNumberStart !== undefined)
    stmts.push(`counter(page).update(${Math.max(0, Math.trunc(p.pageNumberStart))})`);
  return stmts;
}

/**
 * Environment of a section's body blocks: page fields, the page origin of floats, and the
 * document grid (§17.6.5), which is the body's only (headers, footers keep their own lines).
 */
export function bodyEnv(p: SectionProps, marks: SectionMarks): BlocksEnv {
  const m = p.margins;
  return {
    ...fieldEnv(p, marks, 'counter(page).get().first()'),
    origin: {
      left: m.left + m.gutter,
      top: m.top,
      width: p.pageWidth - m.left - m.gutter - m.right,
      height: p.pageHeight - m.top - m.bottom,
    },
    ...(p.lineGrid !== undefined ? { lineGrid: p.lineGrid } : {}),
    ...(p.charSpace !== undefined ? { charSpace: p.charSpace } : {}),
    // Columns share the text width (long words); the gap is left in.
    columnWidth: (p.pageWidth - m.left - m.gutter - m.right) / Math.max(1, p.columns),
  };
}

/** Same page geometry: a continuous break between such sections does not start a page. */
function samePage(a: SectionProps, b: SectionProps): boolean {
  return (
    a.pageWidth === b.pageWidth &&
    a.pageHeight === b.pageHeight &&
    JSON.stringify(a.margins) === JSON.stringify(b.margins)
  );
}

/**
 * Groups the sections into page runs: a section starts new pages unless its break is continuous
 * (or next-column) and its pages look like the previous section's (§17.18.77: Word starts a new
 * page anyway when the page size or margins change).
 */
function pageRuns(chunks: SectionChunk[]): number[][] {
  const runs: number[][] = [];
  chunks.forEach((c, i) => {
    const prev = chunks[i - 1];
    const flows = c.props.start === 'continuous' || c.props.start === 'nextColumn';
    if (prev !== undefined && flows && samePage(prev.props, c.props)) runs[runs.length - 1]!.push(i);
    else runs.push([i]);
  });
  return runs;
}

const staticMarks = (i: number): SectionMarks => ({ start: `<hx-sec-${i}>`, end: `<hx-sec-end-${i}>` });

/**
 * The sections of a document whose section breaks all stand at the top level: one Typst block
 * per page run. Sections joined by continuous breaks share their pages; when their headers
 * differ, the header shows the one of the section the page starts in (a state updated where each
 * section starts), as Word does.
 */
export function emitSections(
  ctx: CodegenContext,
  chunks: SectionChunk[],
  evenAndOdd: boolean,
  /** Statements after the last section's blocks (the endnotes). */
  tail: string[],
): string[] {
  return pageRuns(chunks).map((run) => {
    const fieldsBefore = ctx.sectionPagesFields;
    const first = chunks[run[0]!]!.props;
    const hfs = run.map((i) => headerAndFooter(ctx, chunks[i]!.props, staticMarks(i), evenAndOdd));
    const differ = hfs.some((h) => h.header !== hfs[0]!.header || h.footer !== hfs[0]!.footer);
    const pick = (part: 'header' | 'footer') =>
      differ
        ? `context { let k = state("hx-sec", 0).get(); ${run
            .slice(1)
            .map((i, n) => `if k == ${i} { ${hfs[n + 1]![part]} } else `)
            .join('')}{ ${hfs[0]![part]} } }`
        : hfs[0]![part];
    const background = columnSeparators(
      ctx,
      run.map((i) => ({ props: chunks[i]!.props, marks: staticMarks(i) })),
    );
    const hf = { header: pick('header'), footer: pick('footer'), ...(background ? { background } : {}) };
    const stmts = [`set page(${pageArgs(first, hf)})`];
    for (const i of run) {
      const { props, blocks } = chunks[i]!;
      const marks = staticMarks(i);
      if (i !== run[0] && props.start === 'nextColumn') stmts.push('colbreak()');
      stmts.push(...sectionOpening(props, `[#metadata(${i})<hx-sec-${i}>]`));
      if (i > 0 && restartsFootnotesPerSection(ctx)) stmts.push('counter(footnote).update(0)');
      if (differ) stmts.push(`state("hx-sec", 0).update(${i})`);
      if (i === 0) stmts.push('hx-page-data.update(hx-data)');
      // Word balances the columns of a section that a continuous break ends.
      const balance = i !== run[run.length - 1] ? blocks : undefined;
      stmts.push(...withColumns(ctx, props, emitBody(ctx, blocks, bodyEnv(props, marks)), balance));
      stmts.push(`[#metadata(${i})<hx-sec-end-${i}>]`);
    }
    if (run[run.length - 1] === chunks.length - 1) stmts.push(...tail);
    // The end marks serve SECTIONPAGES and the column lines only: none in an ordinary contract.
    const ends = ctx.sectionPagesFields !== fieldsBefore || background !== undefined;
    return `{\n${stmts.filter((x) => ends || !x.includes('<hx-sec-end-')).join('\n')}\n}`;
  });
}

/**
 * The top-level blocks of a section. Runs of blocks that read no data go to the static module
 * (codegen.ts) and are named here: Typst evaluates an imported module once and memoises it, so
 * a contract re-evaluates only the blocks that show its data.
 */
export function emitBody(ctx: CodegenContext, blocks: readonly Block[], env: BlocksEnv): string[] {
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
