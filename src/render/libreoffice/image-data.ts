import { HetongError } from '../../shared/errors.js';

/**
 * The value of an image tag `{%x}`: a base64 string (bare or a `data:` URL), raw bytes, or an
 * object with the bytes and an optional size in CSS pixels (1/96 inch), as our main engine
 * reads it (src/render/tags/images.ts). Without a size the image is placed at 96 dpi
 * (1 px = 0.75 pt), as Word does for pictures without a dpi record.
 */
export type ImageTagValue =
  string | Uint8Array | { data: string | Uint8Array; width?: number; height?: number; alt?: string };

export interface DecodedImage {
  bytes: Uint8Array;
  contentType: 'image/png' | 'image/jpeg';
  extension: 'png' | 'jpeg';
  pixelWidth: number;
  pixelHeight: number;
  /** Size to place the image at, points (CSS px x 0.75). */
  width: number;
  height: number;
  alt: string;
}

/** Refuse images larger than this many pixels per side (decompression-bomb guard). */
const MAX_SIDE_PX = 10_000;

export function decodeImageValue(value: unknown, tag: string): DecodedImage {
  let data: unknown = value;
  let width: number | undefined;
  let height: number | undefined;
  let alt = '';
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    const v = value as { data?: unknown; width?: unknown; height?: unknown; alt?: unknown };
    data = v.data;
    if (typeof v.width === 'number') width = v.width;
    if (typeof v.height === 'number') height = v.height;
    if (typeof v.alt === 'string') alt = v.alt;
  }
  let bytes: Uint8Array;
  if (data instanceof Uint8Array) bytes = data;
  else if (typeof data === 'string') bytes = base64Bytes(data);
  else throw invalid(tag, 'the value is not base64 text, bytes, or { data, width?, height? }');

  const size = imageSize(bytes);
  if (!size) throw invalid(tag, 'the data is neither a PNG nor a JPEG image');
  if (size.width <= 0 || size.height <= 0 || size.width > MAX_SIDE_PX || size.height > MAX_SIDE_PX) {
    throw invalid(tag, `image size ${size.width}x${size.height} px is out of range`);
  }
  if ((width !== undefined && !(width > 0)) || (height !== undefined && !(height > 0))) {
    throw invalid(tag, 'width and height must be positive numbers of CSS pixels');
  }
  // Keep the aspect ratio when only one side is given; CSS px -> pt at 96 dpi.
  if (width !== undefined && height === undefined) height = (width * size.height) / size.width;
  if (height !== undefined && width === undefined) width = (height * size.width) / size.height;
  return {
    bytes,
    contentType: size.type === 'png' ? 'image/png' : 'image/jpeg',
    extension: size.type === 'png' ? 'png' : 'jpeg',
    pixelWidth: size.width,
    pixelHeight: size.height,
    width: (width ?? size.width) * 0.75,
    height: (height ?? size.height) * 0.75,
    alt,
  };
}

function base64Bytes(text: string): Uint8Array {
  const comma = text.startsWith('data:') ? text.indexOf(',') : -1;
  const body = (comma >= 0 ? text.slice(comma + 1) : text).replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/** Bad image data is a data problem, reported like the main engine's validation does. */
function invalid(tag: string, why: string): HetongError {
  return new HetongError('CONTRACT_DATA_INVALID', 422, `image tag {%${tag}}: ${why}`, {
    problems: [{ path: tag, problem: why }],
  });
}

/**
 * Pixel size from the header: PNG IHDR (ISO/IEC 15948 §11.2.2, right after the signature) or the
 * JPEG SOFn marker segment (ITU-T T.81 §B.2.2).
 */
export function imageSize(b: Uint8Array): { type: 'png' | 'jpeg'; width: number; height: number } | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 24 && png.every((x, i) => b[i] === x)) {
    return { type: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i += 1; // fill byte
        continue;
      }
      const len = view.getUint16(i + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { type: 'jpeg', height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      i += 2 + len;
    }
  }
  return null;
}
