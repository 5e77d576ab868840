/** Run and paragraph properties from an HTML element and its inline style. */
import type { Paragraph, ParagraphProps, RunProps } from '../model.js';
import { parseColor, parseLength } from './css.js';
import type { ElementNode } from './dom.js';

const FONT_SIZES = [7.5, 10, 12, 13.5, 18, 24, 36]; // <font size="1..7">

export function clampInt(v: string | undefined, min: number, max: number): number {
  const n = Math.trunc(Number(v ?? min));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}

export function valign(td: ElementNode, style: Map<string, string>): 'top' | 'center' | 'bottom' {
  const v = (style.get('vertical-align') ?? td.attrs.valign ?? 'top').toLowerCase();
  return v === 'middle' || v === 'center' ? 'center' : v === 'bottom' ? 'bottom' : 'top';
}

export function emptyParagraph(props: ParagraphProps): Paragraph {
  return { type: 'paragraph', props, children: [] };
}

export function runFor(el: ElementNode, style: Map<string, string>, base: RunProps): RunProps {
  const run: RunProps = { ...base };
  switch (el.name) {
    case 'b':
    case 'strong':
      run.bold = true;
      break;
    case 'i':
    case 'em':
    case 'cite':
      run.italic = true;
      break;
    case 'u':
    case 'ins':
      run.underline = 'single';
      break;
    case 's':
    case 'del':
    case 'strike':
      run.strike = true;
      break;
    case 'sup':
      run.verticalAlign = 'superscript';
      break;
    case 'sub':
      run.verticalAlign = 'subscript';
      break;
    case 'font': {
      const size = clampInt(el.attrs.size, 1, 7);
      if (el.attrs.size) run.size = FONT_SIZES[size - 1]!;
      const color = parseColor(el.attrs.color);
      if (color) run.color = color;
      if (el.attrs.face)
        run.fontLatin = run.fontEastAsia = el.attrs.face
          .split(',')[0]!
          .trim()
          .replace(/^['"]|['"]$/g, '');
      break;
    }
  }
  const color = parseColor(style.get('color'));
  if (color) run.color = color;
  const bg = parseColor(style.get('background-color') ?? style.get('background'));
  if (bg && !['p', 'div', 'td', 'th', 'table'].includes(el.name)) run.highlight = bg;
  const size = parseLength(style.get('font-size'), base.size);
  if (size !== undefined && size > 0 && size <= 400) run.size = size;
  const weight = style.get('font-weight');
  if (weight) run.bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  const fontStyle = style.get('font-style');
  if (fontStyle) run.italic = fontStyle === 'italic' || fontStyle === 'oblique';
  const decoration = style.get('text-decoration') ?? style.get('text-decoration-line');
  if (decoration?.includes('underline')) run.underline = 'single';
  if (decoration?.includes('line-through')) run.strike = true;
  const family = style.get('font-family');
  if (family)
    run.fontLatin = run.fontEastAsia = family
      .split(',')[0]!
      .trim()
      .replace(/^['"]|['"]$/g, '');
  return run;
}

export function paraFor(style: Map<string, string>, base: ParagraphProps, fontSize: number): ParagraphProps {
  let para = base;
  const align = style.get('text-align')?.toLowerCase();
  if (align === 'left' || align === 'center' || align === 'right' || align === 'justify')
    para = { ...para, align };
  const indent = parseLength(style.get('text-indent'), fontSize);
  if (indent !== undefined) para = { ...para, firstLine: indent };
  const left = parseLength(style.get('margin-left') ?? style.get('padding-left'), fontSize);
  if (left !== undefined && left >= 0) para = { ...para, indentLeft: base.indentLeft + left };
  return para;
}
