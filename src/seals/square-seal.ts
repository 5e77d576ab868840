import { HetongError } from '../shared/errors.js';
import { SEAL_FONT } from './fonts.js';
import { glyph, round } from './glyph.js';
import { assertSealSize, mmToPx, rasterize } from './rasterize.js';
import { SEAL_RED } from './round-seal.js';

export interface SquareSealSpec {
  /** A person's name, 2–4 characters. */
  name: string;
  /**
   * Two-character names: `'yin'` (default) adds 之印 and lays out 2 × 2 like a four-character
   * seal; `'columns'` sets the two characters side by side, each stretched to full height.
   */
  twoCharLayout?: 'yin' | 'columns';
  /** Side in millimetres; default 18 mm. */
  sizeMm?: number;
  dpi?: number;
  color?: string;
}

interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * SVG of a person's square red name seal (朱文 — red characters and border on a transparent
 * ground). Characters read the traditional way, in columns from right to left, each column top
 * to bottom:
 *   2 characters: 2 × 2 with 之印 (right column: the name, left: 之印), or two full-height columns;
 *   3 characters: the surname alone in the right column, the given name stacked in the left;
 *   4 characters: 2 × 2, right column first.
 */
export function squareSealSvg(spec: SquareSealSpec): string {
  const chars = [...spec.name.trim()];
  if (chars.length < 2 || chars.length > 4)
    throw new HetongError('SEAL_SPEC_INVALID', 400, 'a personal name seal has 2 to 4 characters');
  const s = spec.sizeMm ?? 18;
  const fill = spec.color ?? SEAL_RED;
  const border = s * 0.07;
  const gap = s * 0.045; // between border and characters, and between characters
  const inner = s - 2 * border - 2 * gap;
  const o = border + gap;
  const half = (inner - gap) / 2;
  const right = o + half + gap;
  const col = (x: number, h: number, y: number): Cell => ({ x, y, w: half, h });

  let layout: [string, Cell][];
  if (chars.length === 2 && spec.twoCharLayout === 'columns')
    layout = [
      [chars[0]!, col(right, inner, o)],
      [chars[1]!, col(o, inner, o)],
    ];
  else {
    const text = chars.length === 2 ? [...chars, '之', '印'] : chars;
    if (text.length === 3)
      layout = [
        [text[0]!, col(right, inner, o)],
        [text[1]!, col(o, half, o)],
        [text[2]!, col(o, half, o + half + gap)],
      ];
    else
      layout = [
        [text[0]!, col(right, half, o)],
        [text[1]!, col(right, half, o + half + gap)],
        [text[2]!, col(o, half, o)],
        [text[3]!, col(o, half, o + half + gap)],
      ];
  }
  const parts = [
    `<rect x="${round(border / 2)}" y="${round(border / 2)}" width="${round(s - border)}" height="${round(s - border)}" ` +
      `rx="${round(s * 0.04)}" fill="none" stroke="${fill}" stroke-width="${round(border)}"/>`,
    ...layout.map(([ch, cell]) =>
      glyph(ch, {
        cx: cell.x + cell.w / 2,
        cy: cell.y + cell.h / 2,
        // Glyphs fill about 92 % of their em box; stretch the box so the strokes reach the cell.
        width: cell.w * 1.04,
        height: cell.h * 1.04,
        family: SEAL_FONT.serif,
        fill,
        thicken: 3,
      }),
    ),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${round(s)}mm" height="${round(s)}mm" viewBox="0 0 ${round(s)} ${round(s)}">${parts.join('')}</svg>`;
}

export function renderSquareSeal(spec: SquareSealSpec): {
  png: Uint8Array;
  widthMm: number;
  heightMm: number;
} {
  const s = spec.sizeMm ?? 18;
  assertSealSize(s, 8, 40, spec.dpi ?? 300, 'a square seal size');
  const png = rasterize(squareSealSvg(spec), { widthPx: mmToPx(s, spec.dpi ?? 300) });
  return { png, widthMm: s, heightMm: s };
}
