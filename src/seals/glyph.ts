import { SEAL_FONT, sealFont } from './fonts.js';
import { escapeXml } from './rasterize.js';

/**
 * One character drawn so that its em box fills `width` × `height` (mm) centred at (cx, cy),
 * rotated by `rotate` degrees: how seal engravers stretch or compress characters to fit.
 * CJK glyphs sit on an em box from 0.88 em above to 0.12 em below the baseline, so the baseline
 * is 0.38 em below the box centre. The character is emitted as its glyph outline (a `<path>` in
 * font units under one transform), so the rasterizer needs no font: see outlines.ts.
 */
export function glyph(
  ch: string,
  o: {
    cx: number;
    cy: number;
    width: number;
    height: number;
    rotate?: number;
    family: string;
    fill: string;
    /** Extra stroke in em/100, thickening strokes the way a carved seal's are. */
    thicken?: number;
  },
): string {
  const font = sealFont(o.family === SEAL_FONT.sans ? 'sans' : 'serif');
  const { path, advanceWidth } = font.outline(ch);
  if (!path) return '';
  const upm = font.unitsPerEm;
  // Font units (y up) → an em box of `width` × `height` centred on the advance, baseline 0.38 em
  // below the centre: translate, rotate, scale to the box, flip y.
  // The em box is 10 units before the first scale (the size the layout code reasons in).
  const rotate = o.rotate ? ` rotate(${round(o.rotate)})` : '';
  const k = 10 / upm;
  const transform =
    `translate(${round(o.cx)} ${round(o.cy)})${rotate} scale(${round(o.width / 10)} ${round(o.height / 10)}) ` +
    `scale(${round6(k)} ${round6(-k)}) translate(${round(-advanceWidth / 2)} ${round(-0.38 * upm)})`;
  const stroke = o.thicken
    ? ` stroke="${o.fill}" stroke-width="${round((o.thicken * upm) / 100)}" stroke-linejoin="round"`
    : '';
  // data-char names the character for readers of the SVG (and tests); renderers ignore it.
  return `<path data-char="${escapeXml(ch)}" transform="${transform}" d="${path}" fill="${o.fill}"${stroke}/>`;
}

/** Fixed precision keeps the SVG text (and so the PNG) identical across runs and platforms. */
export const round = (n: number): string => (Math.round(n * 1000) / 1000).toString();
const round6 = (n: number): string => (Math.round(n * 1e6) / 1e6).toString();
