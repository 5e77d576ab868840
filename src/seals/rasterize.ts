import { Resvg } from '@resvg/resvg-js';
import { HetongError } from '../shared/errors.js';

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

/**
 * Refuses a seal size or resolution outside what real seals use, before any pixel is allocated:
 * the size decides the pixmap (a 5,000 mm seal at 300 dpi would be a 14 GB bitmap).
 */
export function assertSealSize(mm: number, min: number, max: number, dpi: number, what: string): void {
  if (!Number.isFinite(mm) || mm < min || mm > max)
    throw new HetongError('SEAL_SPEC_INVALID', 400, `${what} must be between ${min} and ${max} mm`);
  if (!Number.isFinite(dpi) || dpi < 72 || dpi > 1200)
    throw new HetongError('SEAL_SPEC_INVALID', 400, 'the seal resolution must be between 72 and 1200 dpi');
}
