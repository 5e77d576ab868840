/**
 * PNG previews: Typst's SVG of the document (all pages stacked, glyphs as outlines, so no font
 * is needed to draw it) is rasterised page by page with resvg at the requested width.
 */
import { Resvg } from '@resvg/resvg-js';
import { HetongError } from '../../shared/errors.js';

export interface SvgPage {
  y: number;
  width: number;
  height: number;
}

/** The pages of a typst.ts SVG: `<g class="typst-page" transform="translate(0, y)" data-page-…>`. */
export function svgPages(svg: string): SvgPage[] {
  const pages: SvgPage[] = [];
  const re =
    /<g class="typst-page" transform="translate\(([\d.+-]+),\s*([\d.+-]+)\)"[^>]*?data-page-width="([\d.]+)" data-page-height="([\d.]+)"/g;
  for (let m = re.exec(svg); m !== null; m = re.exec(svg)) {
    pages.push({ y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) });
  }
  return pages;
}

export const MAX_PNG_WIDTH = 4000;

/** One PNG per requested page (1-based numbers; all pages when omitted). */
export function svgToPngs(svg: string, width: number, pages?: readonly number[]): Uint8Array[] {
  if (!Number.isInteger(width) || width < 16 || width > MAX_PNG_WIDTH) {
    throw new HetongError(
      'RENDER_OPTIONS_INVALID',
      400,
      `PNG width must be an integer in [16, ${MAX_PNG_WIDTH}]`,
      { width },
    );
  }
  const all = svgPages(svg);
  const wanted = pages ?? all.map((_, i) => i + 1);
  const open = svg.indexOf('<svg');
  const close = svg.indexOf('>', open);
  // typst.ts styles glyphs for browsers with CSS variables (`fill: var(--glyph_fill)`), which resvg
  // does not resolve: without the style sheets the glyphs inherit their group's fill attribute.
  const rest = svg.slice(close + 1).replace(/<style[\s\S]*?<\/style>/g, '');
  return wanted.map((n) => {
    const page = all[n - 1];
    if (page === undefined)
      throw new HetongError(
        'RENDER_OPTIONS_INVALID',
        400,
        `page ${n} does not exist (the document has ${all.length})`,
      );
    // The same document (and its namespace declarations) with the view box moved onto one page.
    const root = svg
      .slice(open, close + 1)
      .replace(/\sviewBox="[^"]*"/, ` viewBox="0 ${page.y} ${page.width} ${page.height}"`)
      .replace(/\swidth="[^"]*"/, ` width="${page.width}"`)
      .replace(/\sheight="[^"]*"/, ` height="${page.height}"`);
    const resvg = new Resvg(root + rest, {
      fitTo: { mode: 'width', value: width },
      font: { loadSystemFonts: false },
    });
    return new Uint8Array(resvg.render().asPng());
  });
}
