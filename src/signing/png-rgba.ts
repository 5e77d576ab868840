/**
 * A small PNG reader (ISO/IEC 15948, the PNG specification) for what seals are: 8-bit RGB or
 * RGBA, not interlaced. The seals this service draws and the uploads it normalises are all of
 * that kind, and reading them here (zlib in native code, one pass of unfiltering) costs a
 * fraction of pngjs's stream machinery on the signing path. Anything else returns undefined, and
 * the caller reads it with pngjs. Chunk CRCs are not checked: zlib's Adler-32 covers the pixels.
 */
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, straight (not premultiplied) alpha, as PNG stores it. */
  data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Larger seals are left to pngjs (a seal at 600 dpi is under 2,000 px wide). */
const MAX_PIXELS = 16_000_000;

export function readRgbaPng(png: Uint8Array): RgbaImage | undefined {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (b.length < 33 || !b.subarray(0, 8).equals(SIGNATURE)) return undefined;
  // §11.2.2 IHDR: width, height, bit depth, colour type, compression, filter, interlace.
  if (b.readUInt32BE(8) !== 13 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const [depth, colourType, compression, filter, interlace] = [b[24], b[25], b[26], b[27], b[28]];
  if (depth !== 8 || (colourType !== 2 && colourType !== 6) || compression || filter || interlace)
    return undefined;
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) return undefined;
  const channels = colourType === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let at = 8; at + 12 <= b.length;) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > b.length) return undefined;
    if (type === 'IDAT') idat.push(b.subarray(at + 8, at + 8 + length));
    else if (type === 'IEND') break;
    // §5.4: an unknown critical chunk (upper-case first letter), such as PLTE here, is not ours.
    else if (type !== 'IHDR' && type.charCodeAt(0) < 0x61) return undefined;
    at += 12 + length;
  }
  const stride = width * channels;
  const expected = (stride + 1) * height;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch {
    return undefined;
  }
  if (raw.length !== expected) return undefined;
  const data = Buffer.alloc(width * height * 4);
  const line = Buffer.alloc(stride);
  const prior = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    if (!unfilter(raw[start]!, raw, start + 1, line, prior, channels, stride)) return undefined;
    const out = y * width * 4;
    if (channels === 4) line.copy(data, out);
    else
      for (let x = 0, o = out; x < stride; x += 3, o += 4) {
        data[o] = line[x]!;
        data[o + 1] = line[x + 1]!;
        data[o + 2] = line[x + 2]!;
        data[o + 3] = 255;
      }
    line.copy(prior);
  }
  return { width, height, data };
}

/** §9.2 filter types 0–4 of one scanline into `line`, with `prior` the previous unfiltered one. */
function unfilter(
  type: number,
  raw: Buffer,
  from: number,
  line: Buffer,
  prior: Buffer,
  bpp: number,
  stride: number,
): boolean {
  switch (type) {
    case 0:
      raw.copy(line, 0, from, from + stride);
      return true;
    case 1:
      for (let i = 0; i < stride; i++) line[i] = (raw[from + i]! + (i >= bpp ? line[i - bpp]! : 0)) & 0xff;
      return true;
    case 2:
      for (let i = 0; i < stride; i++) line[i] = (raw[from + i]! + prior[i]!) & 0xff;
      return true;
    case 3:
      for (let i = 0; i < stride; i++)
        line[i] = (raw[from + i]! + (((i >= bpp ? line[i - bpp]! : 0) + prior[i]!) >> 1)) & 0xff;
      return true;
    case 4:
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? line[i - bpp]! : 0;
        const up = prior[i]!;
        const c = i >= bpp ? prior[i - bpp]! : 0;
        line[i] = (raw[from + i]! + paeth(a, up, c)) & 0xff;
      }
      return true;
    default:
      return false;
  }
}

/** §9.4 the Paeth predictor. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
