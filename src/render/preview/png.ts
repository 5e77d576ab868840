/**
 * PNG previews: Typst's SVG of the document (all pages stacked, glyphs as outlines, so no font
 * is needed to draw it) is cut into one standalone SVG per requested page — the shared glyph and
 * clip-path definitions plus that page's group — and rasterised with resvg at the requested width.
 * Runs in a render worker (src/render/pool/worker.ts): rasterising is CPU work, and cutting the
 * page out keeps it proportional to one page, not to the whole document.
 */
import { Resvg } from '@resvg/resvg-js';
import { HetongError } from '../../shared/errors.js';

export interface SvgPage {
  y: number;
  width: number;
  height: number;
  /** Where the page's `<g class="typst-page">` starts and its group ends in the SVG text. */
  start: number;
  end: number;
}

const PAGE_GROUP =
  /<g class="typst-page" transform="translate\(([\d.+-]+),\s*([\d.+-]+)\)"[^>]*?data-page-width="([\d.]+)" data-page-height="([\d.]+)"/g;

/** The pages of a typst.ts SVG: `<g class="typst-page" transform="translate(0, y)" data-page-…>`. */
export function svgPages(svg: string): SvgPage[] {
  const pages: SvgPage[] = [];
  // Pages follow each other as the root's last children: each ends where the next begins.
  const rootEnd = svg.lastIndexOf('</svg>');
  for (let m = PAGE_GROUP.exec(svg); m !== null; m = PAGE_GROUP.exec(svg)) {
    const previous = pages[pages.length - 1];
    if (previous) previous.end = m.index;
    pages.push({ y: Number(m[2]), width: Number(m[3]), height: Number(m[4]), start: m.index, end: rootEnd });
  }
  return pages;
}

export const MAX_PNG_WIDTH = 4000;

export function assertPngWidth(width: number): void {
  if (!Number.isInteger(width) || width < 16 || width > MAX_PNG_WIDTH) {
    throw new HetongError(
      'RENDER_OPTIONS_INVALID',
      400,
      `PNG width must be an integer in [16, ${MAX_PNG_WIDTH}]`,
      { width },
    );
  }
}

/** Standalone SVGs of the requested pages (1-based numbers; all pages when omitted). */
export function svgPageDocuments(svg: string, pages?: readonly number[]): string[] {
  const all = svgPages(svg);
  const wanted = pages ?? all.map((_, i) => i + 1);
  const open = svg.indexOf('<svg');
  const close = svg.indexOf('>', open);
  // typst.ts styles glyphs for browsers with CSS variables (`fill: var(--glyph_fill)`), which resvg
  // does not resolve: without the style sheets the glyphs inherit their group's fill attribute.
  const definitions = svg
    .slice(close + 1, all[0]?.start ?? close + 1)
    .replace(/<style[\s\S]*?<\/style>/g, '');
  return wanted.map((n) => {
    const page = all[n - 1];
    if (page === undefined)
      throw new HetongError(
        'RENDER_OPTIONS_INVALID',
        400,
        `page ${n} does not exist (the document has ${all.length})`,
      );
    // The root (and its namespace declarations) with the view box moved onto the page.
    const root = svg
      .slice(open, close + 1)
      .replace(/\sviewBox="[^"]*"/, ` viewBox="0 ${page.y} ${page.width} ${page.height}"`)
      .replace(/\swidth="[^"]*"/, ` width="${page.width}"`)
      .replace(/\sheight="[^"]*"/, ` height="${page.height}"`);
    return `${root}${definitions}${svg.slice(page.start, page.end)}</svg>`;
  });
}

/** One PNG per requested page (1-based numbers; all pages when omitted). */
export function svgToPngs(svg: string, width: number, pages?: readonly number[]): Uint8Array[] {
  assertPngWidth(width);
  return svgPageDocuments(svg, pages).map((page) => {
    const resvg = new Resvg(page, {
      fitTo: { mode: 'width', value: width },
      font: { loadSystemFonts: false },
    });
    return new Uint8Array(resvg.render().asPng());
  });
}
