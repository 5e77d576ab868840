/**
 * Text columns of a section (ECMA-376 Part 1 §17.6.4 w:cols): the section's blocks in Typst's
 * `columns`, which flows within the page and across pages, so a continuous section break can
 * change the number of columns in the middle of a page as Word does. A column break
 * (w:br w:type="column", §17.3.3.1) is Typst's `colbreak()` (paragraph.ts), which in one column
 * starts the next page, as in Word.
 */
import type { SectionProps } from '../model.js';
import type { CodegenContext } from './context.js';
import { pt } from './escape.js';
import type { SectionMarks } from './page.js';

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

/** The section's body statements, in its columns when it has several. */
export function withColumns(ctx: CodegenContext, p: SectionProps, stmts: string[]): string[] {
  if (p.columns <= 1) return stmts;
  return [`columns(${p.columns}, gutter: ${pt(gap(ctx, p))}, {\n${stmts.join('\n')}\n})`];
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
