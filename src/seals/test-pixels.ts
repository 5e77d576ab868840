import { decodePng, type RgbaImage } from './raster-image.js';

/** Test helper: counts pixels matching `pred` in a region of a PNG. */
export function countPixels(
  image: RgbaImage,
  pred: (r: number, g: number, b: number, a: number) => boolean,
  region = { x0: 0, y0: 0, x1: image.width, y1: image.height },
): number {
  let n = 0;
  for (let y = region.y0; y < region.y1; y++)
    for (let x = region.x0; x < region.x1; x++) {
      const i = (y * image.width + x) * 4;
      if (pred(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!)) n++;
    }
  return n;
}

export const isRedInk = (r: number, g: number, b: number, a: number): boolean =>
  a > 128 && r > 150 && g < 90 && b < 90;
export const decode = (png: Uint8Array): RgbaImage => decodePng(png);
