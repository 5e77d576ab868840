/**
 * Text columns of a section (ECMA-376 Part 1 §17.6.4 w:cols): the section's blocks in Typst's
 * `columns`, which flows within the page and across pages, so a continuous section break can
 * change the number of columns in the middle of a page as Word does. A column break
 * (w:br w:type="column", §17.3.3.1) is Typst's `colbreak()` (paragraph.ts), which in one column
 * starts the next page, as in Word.
 */
import type { Block, Inline, SectionProps } from '../model.js';
import type { CodegenContext } from './context.js';
import { pt } from './escape.js';
import type { SectionMarks } from './page.js';
import { lineEdges } from './paragraph.js';

/**
 * The gap Typst puts between columns. Typst's columns are of equal width; columns of their own
 * widths (w:equalWidth="0") keep their number and the mean of their gaps, with a warning.
 */
function gap(ctx: CodegenContext, p: SectionProps): number {
  const widths = p.columnWidths;
  if (widths === undefined || widths.length < 2) return p.columnGap ?? 36;
  const gaps = widths.slice(0, -1).map((c) => c.space);
  const distinct = new Set(widths.map((c) => Math.round(c.width))).size > 1;
  if (distinct)
    ctx.warn('SECTION_COLUMNS_UNEQUAL', 'columns of different widths are laid out with equal widths');
  return gaps.reduce((a, b) => a + b, 0) / gaps.length;
}

/**
 * How much taller than an even share each column of a balanced section may be: one of its
 * tallest lines (a column ends on a line boundary; widow and orphan rules are off in balanced
 * columns, so no more lines move) plus its largest paragraph spacing. Undefined when the blocks cannot be balanced safely:
 * anything but paragraphs of text (a table, a picture, a box or a loop may not split where a line
 * does, and a column too short for it would overflow into the text below), a paragraph kept on
 * one column, or a column break of the author's.
 */
function balanceSlack(blocks: readonly Block[]): number | undefined {
  let pitch = 0;
  let spacing = 0;
  let keeps = false;
  for (const b of blocks) {
    if (b.type !== 'paragraph' || b.props.keepLines) return undefined;
    const plain = (i: Inline) =>
      i.type === 'text' || i.type === 'value' || i.type === 'tab' || i.type === 'field';
    if (!b.children.every((i) => plain(i) || (i.type === 'break' && i.kind === 'line'))) return undefined;
    const size = Math.max(
      b.props.markProps.size,
      ...b.children.map((i) => ('props' in i ? i.props.size : 0)),
    );
    const e = lineEdges(b.props, size);
    pitch = Math.max(pitch, e.top + e.bottom);
    spacing = Math.max(spacing, b.props.spaceBefore + b.props.spaceAfter);
    keeps ||= b.props.keepNext;
  }
  // A paragraph kept with the next one (a heading) may leave a column a line early.
  return (keeps ? 2 : 1) * pitch + spacing;
}

/**
 * The section's body statements, in its columns when it has several. Word balances the columns
 * of a section that a continuous break ends (its text is shared evenly between them); here the
 * columns get the height of an even share plus a slack (balanceSlack) when that fits on a page,
 * else the text fills each column in turn.
 */
export function withColumns(
  ctx: CodegenContext,
  p: SectionProps,
  stmts: string[],
  balance?: readonly Block[],
): string[] {
  if (p.columns <= 1) return stmts;
  const n = p.columns;
  const g = pt(gap(ctx, p));
  const body = `{\n${stmts.join('\n')}\n}`;
  const slack = balance === undefined ? undefined : balanceSlack(balance);
  if (slack === undefined) return [`columns(${n}, gutter: ${g}, ${body})`];
  return [
    `layout(size => { let body = { set text(costs: (widow: 0%, orphan: 0%)); ${body} }; ` +
      `let h = measure(block(width: (size.width - ${n - 1} * ${g}) / ${n}, body)).height / ${n} + ${pt(slack)}; ` +
      `if h > size.height * 0.8 { columns(${n}, gutter: ${g}, body) } ` +
      `else { block(height: h, breakable: false, columns(${n}, gutter: ${g}, body)) } })`,
  ];
}

/**
 * The lines between columns (w:sep) of the sections on a page run, as the page's background:
 * from where the section starts on the page (or the top margin) down to where it ends (or the
 * bottom margin), found by the section's marks.
 */
export function columnSeparators(
  ctx: CodegenContext,
  sections: { props: SectionProps; marks: SectionMarks }[],
): string | undefined {
  const lines = sections
    .filter(({ props }) => props.columns > 1 && props.columnSeparator)
    .map(({ props: p, marks }) => {
      const m = p.margins;
      const left = m.left + m.gutter;
      const width = p.pageWidth - left - m.right;
      const g = gap(ctx, p);
      const col = (width - (p.columns - 1) * g) / p.columns;
      const xs = Array.from({ length: p.columns - 1 }, (_, i) => left + (i + 1) * col + i * g + g / 2);
      return (
        `{ let a = locate(${marks.start}).position(); let b = locate(${marks.end}).position(); let p = here().page(); ` +
        `if a.page <= p and p <= b.page { let y0 = if p == a.page { a.y } else { ${pt(m.top)} }; ` +
        `let y1 = if p == b.page { b.y } else { ${pt(p.pageHeight - m.bottom)} }; ` +
        `if y1 > y0 { for x in (${xs.map(pt).join(', ')},) { place(top + left, ` +
        `line(start: (x, y0), end: (x, y1), stroke: 0.5pt + hx-text-color)) } } } }`
      );
    });
  return lines.length === 0 ? undefined : `context { ${lines.join('; ')} }`;
}
