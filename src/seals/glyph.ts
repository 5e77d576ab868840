import { escapeXml } from './rasterize.js';

/**
 * One character drawn so that its em box fills `width` × `height` (mm) centred at (cx, cy),
 * rotated by `rotate` degrees: how seal engravers stretch or compress characters to fit.
 * CJK glyphs sit on an em box from 0.88 em above to 0.12 em below the baseline, so the baseline
 * is 0.38 em below the box centre.
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
    weight?: number;
    fill: string;
    /** Extra stroke in em/100, thickening strokes the way a carved seal's are. */
    thicken?: number;
  },
): string {
  const size = 10;
  const sx = o.width / size;
  const sy = o.height / size;
  const rotate = o.rotate ? ` rotate(${round(o.rotate)})` : '';
  return (
    `<text transform="translate(${round(o.cx)} ${round(o.cy)})${rotate} scale(${round(sx)} ${round(sy)})" ` +
    `x="0" y="${0.38 * size}" font-size="${size}" font-family="${o.family}" font-weight="${o.weight ?? 700}" ` +
    `text-anchor="middle" fill="${o.fill}"${o.thicken ? ` stroke="${o.fill}" stroke-width="${round((o.thicken * size) / 100)}" stroke-linejoin="round"` : ''}>${escapeXml(ch)}</text>`
  );
}

/** Fixed precision keeps the SVG text (and so the PNG) identical across runs and platforms. */
export const round = (n: number): string => (Math.round(n * 1000) / 1000).toString();
