import { Resvg } from '@resvg/resvg-js';

export interface RasterOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. */
  widthPx: number;
  /**
   * Font files to load (default none: seal text arrives as glyph outlines, see glyph.ts). System
   * fonts are never loaded.
   */
  fontFiles?: string[];
}

/**
 * SVG → RGBA PNG through resvg. Deterministic: the same SVG and fonts give the same bytes, and
 * no background is painted, so everything outside the ink stays transparent.
 */
export function rasterize(svg: string, options: RasterOptions): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: options.widthPx },
    font: { loadSystemFonts: false, fontFiles: options.fontFiles ?? [] },
    shapeRendering: 2,
    textRendering: 1,
  });
  return new Uint8Array(resvg.render().asPng());
}

/** Pixel size for a length in millimetres at `dpi`. */
export const mmToPx = (mm: number, dpi: number): number => Math.round((mm / 25.4) * dpi);

/** XML text escaping for characters placed in SVG text nodes. */
export const escapeXml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
