/**
 * Floating pictures and text boxes (wp:anchor, ECMA-376 Part 1 §20.4.2.3) and the text around
 * them. Word never lets a float hide text unless the author asked for it, and neither do we:
 *
 * - square, tight and through wrapping (§20.4.2.17, .18, .16) anchored to a paragraph or line:
 *   the paragraph's lines that start beside the float are set in the room on one side of it
 *   (`hx-wrap`), the rest below it at full width. Tight and through wrap to the float's outline
 *   in Word; the outline of a picture or text box is its rectangle here. Text flows on one side
 *   only: the side wp:wrapSquare/@wrapText names, else the larger one (Word's bothSides puts text
 *   on both sides of a centred float; one column of text is all a paragraph can be here). When
 *   the float is taller than its paragraph, the next paragraph starts below it;
 * - top-and-bottom wrapping (§20.4.2.20) anchored to a paragraph: a block of its own at the top
 *   of the paragraph (inlines.ts, isTopped);
 * - any of those positioned from the page or margin, which may land anywhere in the flow: where
 *   it lies wholly in the page margins it is placed there; else it takes its own lines at the
 *   top or bottom of the page it is anchored on (a Typst float), keeping its horizontal place;
 * - no wrapping (wp:wrapNone): a picture is placed where Word places it, in front of or behind
 *   the text as the author chose — a seal over its signature line, a watermark behind the text;
 *   a picture carries no text that could be lost. A text box with no wrapping is wrapped as a
 *   square one instead, whether in front of or behind the text: its words over the body's words
 *   would make both illegible, and a contract must stay legible.
 */
import type { ImageAnchor } from '../model.js';
import { pt, str } from './escape.js';
import { isTopped } from './inlines.js';

export type FloatMode = 'over' | 'topped' | 'wrap' | 'page';

/** How a float sits among the text (see the file's comment). */
export function floatMode(a: ImageAnchor, kind: 'image' | 'textBox'): FloatMode {
  if (a.wrap === 'none' && kind === 'image') return 'over';
  const fromPage = a.relativeFromV === 'page' || a.relativeFromV === 'margin';
  if (fromPage) return 'page';
  return isTopped(a) ? 'topped' : 'wrap';
}

/** The text area of a section, for floats positioned from the page. */
export interface TextArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A float positioned from the page or margin (mode 'page'): placed where Word places it when it
 * lies wholly in the page margins (outside the text area, so no body text is there), else a
 * Typst float at the top or bottom of the page, nearest to where Word puts it, which the text
 * flows above or below.
 */
export function pageFloat(expr: string, a: ImageAnchor, w: number, h: number, area: TextArea): string {
  // Offsets from the text area's top-left corner; alignment is against the text area.
  const x = a.alignH
    ? a.alignH === 'left'
      ? 0
      : a.alignH === 'right'
        ? area.width - w
        : (area.width - w) / 2
    : a.x - (a.relativeFromH === 'page' ? area.left : 0);
  const y = a.alignV
    ? a.alignV === 'top'
      ? 0
      : a.alignV === 'bottom'
        ? area.height - h
        : (area.height - h) / 2
    : a.y - (a.relativeFromV === 'page' ? area.top : 0);
  const outside = x + w <= 0 || x >= area.width || y + h <= 0 || y >= area.height;
  if (outside) return `place(top + left, dx: ${pt(x)}, dy: ${pt(y)}, ${expr})`;
  const d = a.distance;
  const v = y + h / 2 <= area.height / 2 ? 'top' : 'bottom';
  const clearance = v === 'top' ? (d?.bottom ?? 0) : (d?.top ?? 0);
  return `place(${v} + left, float: true, clearance: ${pt(Math.max(clearance, 6))}, dx: ${pt(Math.max(0, Math.min(x, area.width - w)))}, ${expr})`;
}

/** What `hx-wrap` needs to know of a float of mode 'wrap'. */
export interface WrapFloat {
  /** Typst expression of the float's content (its own size). */
  expr: string;
  anchor: ImageAnchor;
  width: number;
  height: number;
}

/**
 * The call of `hx-wrap` (prelude.ts) setting a paragraph's atoms beside a float: `first` and
 * `rest` are Typst functions from content to the paragraph's first part (its label and first-line
 * indent) and its continuation below the float; `pitch` is the paragraph's line height.
 */
export function wrapCall(
  f: WrapFloat,
  atoms: readonly string[],
  first: string,
  rest: string,
  pitch: number,
  justify: boolean,
  /** The paragraph's left indent and the section's left margin (offsets from the page edge). */
  indentLeft: number,
  originLeft: number,
): string {
  const a = f.anchor;
  const d = a.distance ?? { top: 0, bottom: 0, left: 0, right: 0 };
  // The float's horizontal place in the paragraph's text column (its block's inset is the left
  // indent; offsets are from the column, or from the page edge: the page's left margin then).
  const x = a.x - (a.relativeFromH === 'page' ? originLeft : 0) - indentLeft;
  const pos = a.alignH !== undefined ? str(a.alignH) : pt(x);
  const side = a.wrapText === 'left' || a.wrapText === 'right' ? str(a.wrapText) : '"largest"';
  const args = [
    f.expr,
    pt(f.width),
    pt(f.height),
    pos,
    pt(Math.max(0, a.y)),
    `(left: ${pt(d.left)}, right: ${pt(d.right)}, bottom: ${pt(d.bottom)})`,
    side,
    pt(pitch),
    justify ? 'true' : 'false',
    `(${atoms.join(', ')}${atoms.length > 0 ? ',' : ''})`,
    first,
    rest,
  ];
  return `hx-wrap(${args.join(', ')})`;
}
