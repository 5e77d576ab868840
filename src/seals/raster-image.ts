import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';

/** Straight (not premultiplied) RGBA pixels. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export type ImageFormat = 'png' | 'jpeg';

/** The format by magic bytes (PNG signature, ISO 15948 §5.2; JPEG SOI marker FF D8 FF). */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/**
 * Width and height from the header, before anything is decompressed (so a decompression bomb is
 * refused by its declared size): PNG IHDR (ISO 15948 §11.2.2), JPEG SOFn (ITU-T T.81 §B.2.2).
 */
export function imageSize(
  bytes: Uint8Array,
  format: ImageFormat,
): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = view.getUint16(at + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    at += 2 + length;
  }
  return undefined;
}

export function decodePng(bytes: Uint8Array): RgbaImage {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/** JPEG has no decoder among our dependencies; resvg rasterises an SVG that embeds it 1:1. */
export function decodeJpeg(bytes: Uint8Array, width: number, height: number): RgbaImage {
  const href = `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><image width="${width}" height="${height}" xlink:href="${href}"/></svg>`;
  const rendered = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  if (rendered.width !== width || rendered.height !== height)
    throw new Error('JPEG rasterised at an unexpected size');
  return { width, height, data: unpremultiply(new Uint8Array(rendered.pixels)) };
}

/** resvg returns premultiplied RGBA. */
function unpremultiply(data: Uint8Array): Uint8Array {
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]!;
    if (a === 0 || a === 255) continue;
    for (let c = 0; c < 3; c++) data[i + c] = Math.min(255, Math.round((data[i + c]! * 255) / a));
  }
  return data;
}

/** Deterministic PNG (RGBA, 8 bits, default filters and compression). */
export function encodePng(image: RgbaImage): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height, colorType: 6, inputHasAlpha: true });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new Uint8Array(PNG.sync.write(png, { colorType: 6, inputHasAlpha: true }));
}

/**
 * Makes near-white pixels transparent with a soft edge: a pixel's "ink" is how far its lightest
 * channel is from white; below `clear` it vanishes, above `solid` it stays, in between it fades,
 * and its colour is un-blended from white so no pale fringe remains.
 */
export function removeWhiteBackground(image: RgbaImage, clear = 24, solid = 80): RgbaImage {
  const out = new Uint8Array(image.data);
  for (let i = 0; i < out.length; i += 4) {
    const ink = 255 - Math.min(out[i]!, out[i + 1]!, out[i + 2]!);
    if (ink >= solid) continue;
    const a = ink <= clear ? 0 : (ink - clear) / (solid - clear);
    if (a === 0) {
      out[i] = out[i + 1] = out[i + 2] = out[i + 3] = 0;
      continue;
    }
    for (let c = 0; c < 3; c++) out[i + c] = clamp(Math.round((out[i + c]! - 255 * (1 - a)) / a));
    out[i + 3] = Math.round(out[i + 3]! * a);
  }
  return { ...image, data: out };
}

/** Crops to the pixels with alpha above `threshold`, keeping `padding` pixels around them. */
export function trimToInk(image: RgbaImage, threshold = 8, padding = 0): RgbaImage | undefined {
  let top = image.height;
  let left = image.width;
  let bottom = -1;
  let right = -1;
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++)
      if (image.data[(y * image.width + x) * 4 + 3]! > threshold) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
  if (bottom < 0) return undefined;
  top = Math.max(0, top - padding);
  left = Math.max(0, left - padding);
  bottom = Math.min(image.height - 1, bottom + padding);
  right = Math.min(image.width - 1, right + padding);
  const width = right - left + 1;
  const height = bottom - top + 1;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    data.set(
      image.data.subarray(((top + y) * image.width + left) * 4, ((top + y) * image.width + left + width) * 4),
      y * width * 4,
    );
  return { width, height, data };
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);
