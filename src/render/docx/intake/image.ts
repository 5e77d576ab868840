/**
 * Image intake: the type is decided by magic bytes (never by file name or content type) and the
 * pixel size is read from the header before anything decodes the image, so a PNG that claims
 * 100000×100000 pixels is refused without allocating its bitmap.
 */
import type { MediaPart } from '../../model.js';
import { imageInvalid, tooLarge } from './errors.js';
import type { IntakeLimits } from './limits.js';

export type SniffResult =
  | { kind: 'raster'; contentType: MediaPart['contentType']; width: number; height: number }
  | { kind: 'vector'; format: 'emf' | 'wmf' | 'svg' }
  | { kind: 'unknown' };

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  return sig.every((v, i) => b[at + i] === v);
}

/** Identify an image and read its pixel size; throws TEMPLATE_IMAGE_INVALID on a corrupt header. */
export function sniffImage(b: Uint8Array, name: string): SniffResult {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const corrupt = (why: string): never => {
    throw imageInvalid(`The image "${name}" is damaged: ${why}.`, { media: name });
  };
  if (startsWith(b, PNG_SIG)) {
    // PNG (ISO/IEC 15948 §11.2.2): IHDR is the first chunk; width and height are big-endian.
    if (b.length < 24 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') corrupt('no PNG IHDR header');
    return raster('image/png', view.getUint32(16), view.getUint32(20), corrupt);
  }
  if (b[0] === 0xff && b[1] === 0xd8) return sniffJpeg(b, view, corrupt);
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38]) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) {
    // GIF89a §18: logical screen width/height, little-endian, at bytes 6 and 8.
    if (b.length < 10) corrupt('truncated GIF header');
    return raster('image/gif', view.getUint16(6, true), view.getUint16(8, true), corrupt);
  }
  if (b[0] === 0x42 && b[1] === 0x4d) {
    // BMP: BITMAPFILEHEADER (14 bytes) then a DIB header; the 12-byte OS/2 core header uses 16-bit sizes.
    if (b.length < 26) corrupt('truncated BMP header');
    const dib = view.getUint32(14, true);
    if (dib === 12) return raster('image/bmp', view.getUint16(18, true), view.getUint16(20, true), corrupt);
    if (dib < 40 || b.length < 26) corrupt('unknown BMP header');
    return raster('image/bmp', Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)), corrupt);
  }
  // EMF: EMR_HEADER record type 1 with the " EMF" signature at offset 40 ([MS-EMF] §2.3.4.2).
  if (b.length >= 44 && view.getUint32(0, true) === 1 && view.getUint32(40, true) === 0x464d4520) {
    return { kind: 'vector', format: 'emf' };
  }
  // WMF: placeable header key 0x9AC6CDD7, or a plain META_HEADER ([MS-WMF] §2.3.2).
  if (
    (b.length >= 4 && view.getUint32(0, true) === 0x9ac6cdd7) ||
    (b.length >= 4 && (b[0] === 1 || b[0] === 2) && b[1] === 0 && b[2] === 9 && b[3] === 0)
  ) {
    return { kind: 'vector', format: 'wmf' };
  }
  const head = new TextDecoder().decode(b.subarray(0, 512)).trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) {
    return { kind: 'vector', format: 'svg' };
  }
  return { kind: 'unknown' };
}

function raster(
  contentType: MediaPart['contentType'],
  width: number,
  height: number,
  corrupt: (why: string) => never,
): SniffResult {
  if (width <= 0 || height <= 0) corrupt('zero width or height');
  return { kind: 'raster', contentType, width, height };
}

function sniffJpeg(b: Uint8Array, view: DataView, corrupt: (why: string) => never): SniffResult {
  // ITU-T T.81 Annex B: walk marker segments to the first SOFn (C0-CF except DHT C4, JPG C8, DAC CC).
  let pos = 2;
  while (pos + 4 <= b.length) {
    if (b[pos] !== 0xff) corrupt('bad JPEG marker');
    const marker = b[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const len = view.getUint16(pos + 2);
    if (len < 2) corrupt('bad JPEG segment length');
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (pos + 9 > b.length) break;
      return raster('image/jpeg', view.getUint16(pos + 7), view.getUint16(pos + 5), corrupt);
    }
    pos += 2 + len;
  }
  return corrupt('no JPEG frame header');
}

/** Validate a raster image against the limits and turn it into a media part. */
export function admitImage(
  bytes: Uint8Array,
  name: string,
  limits: IntakeLimits,
): { media: MediaPart } | { dropped: 'emf' | 'wmf' | 'svg' } {
  if (bytes.length > limits.maxImageBytes) {
    throw tooLarge(
      `The image "${name}" is ${bytes.length} bytes; at most ${limits.maxImageBytes} are accepted.`,
      {
        limit: 'maxImageBytes',
        media: name,
      },
    );
  }
  const s = sniffImage(bytes, name);
  if (s.kind === 'vector') return { dropped: s.format };
  if (s.kind === 'unknown') {
    throw imageInvalid(`The image "${name}" is not a PNG, JPEG, GIF or BMP.`, { media: name });
  }
  if (s.width * s.height > limits.maxImagePixels) {
    throw imageInvalid(
      `The image "${name}" is ${s.width}×${s.height} pixels; at most ${limits.maxImagePixels} pixels are accepted.`,
      { media: name, width: s.width, height: s.height },
    );
  }
  return { media: { contentType: s.contentType, bytes, pixelWidth: s.width, pixelHeight: s.height } };
}
