/**
 * Image data of `{%x}` tags and fragment `<img>`s: a base64 string, a `data:` URL, or
 * `{ data, width?, height? }` with width/height in CSS pixels (1/96 inch). Only PNG and JPEG are
 * accepted, recognised by their magic bytes (PNG: ISO/IEC 15948 §5.2 signature, size from IHDR
 * §11.2.2; JPEG: ITU-T T.81 SOI marker, size from the first SOFn frame header §B.2.2).
 */
import type { MediaPart } from '../model.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_SIDE_PX = 10_000;
/** Largest width/height a caller may ask for, CSS pixels. */
export const MAX_REQUESTED_SIDE_PX = 5_000;

export interface DecodedImage {
  part: MediaPart;
  /** Requested size in CSS pixels, when given. */
  width?: number;
  height?: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([\w/+.-]+)?((?:;[\w=.+-]+)*?);base64,(.*)$/s;

export function sniffImage(bytes: Uint8Array): Omit<MediaPart, 'bytes'> | undefined {
  if (
    bytes.length >= 24 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47 &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a &&
    bytes[6] === 0x1a &&
    bytes[7] === 0x0a
  ) {
    // The first chunk must be IHDR: width and height are 4-byte big-endian at offsets 16 and 20.
    if (String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!) !== 'IHDR') return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { contentType: 'image/png', pixelWidth: view.getUint32(16), pixelHeight: view.getUint32(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return undefined;
      const marker = bytes[i + 1]!;
      if (marker === 0xff) {
        i += 1; // fill byte
        continue;
      }
      const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        const pixelHeight = (bytes[i + 5]! << 8) | bytes[i + 6]!;
        const pixelWidth = (bytes[i + 7]! << 8) | bytes[i + 8]!;
        return { contentType: 'image/jpeg', pixelWidth, pixelHeight };
      }
      if (marker === 0xd9 || marker === 0xda) return undefined; // no frame header before the scan
      i += 2 + length;
    }
    return undefined;
  }
  return undefined;
}

/** Decodes base64 text (whitespace allowed); undefined when it is not base64. */
function fromBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || !BASE64.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** Bytes from a base64 string or a data: URL; a string explains a refusal. */
export function bytesFromString(value: string): Uint8Array | string {
  if (value.startsWith('data:')) {
    const m = DATA_URL.exec(value.slice(0, 200));
    if (!m) return 'a data: URL must be base64-encoded (data:image/png;base64,…)';
    const type = (m[1] ?? '').toLowerCase();
    if (type !== 'image/png' && type !== 'image/jpeg' && type !== 'image/jpg')
      return `image type ${type || '(none)'} is not PNG or JPEG`;
    const comma = value.indexOf(',');
    return fromBase64(value.slice(comma + 1)) ?? 'the data: URL does not hold valid base64';
  }
  // Refuse before decoding anything huge: base64 is 4/3 of the bytes.
  if (value.length > (MAX_IMAGE_BYTES * 4) / 3 + 8) return `image larger than ${MAX_IMAGE_BYTES} bytes`;
  return fromBase64(value) ?? 'not base64 image data';
}

/** Checks and decodes image bytes into a media part; a string explains a refusal. */
export function imagePart(bytes: Uint8Array): MediaPart | string {
  if (bytes.length > MAX_IMAGE_BYTES) return `image larger than ${MAX_IMAGE_BYTES} bytes`;
  const info = sniffImage(bytes);
  if (!info) return 'not a PNG or JPEG image';
  if (info.pixelWidth < 1 || info.pixelHeight < 1) return 'image has no pixels';
  if (info.pixelWidth > MAX_IMAGE_SIDE_PX || info.pixelHeight > MAX_IMAGE_SIDE_PX) {
    return `image of ${info.pixelWidth}×${info.pixelHeight} pixels exceeds ${MAX_IMAGE_SIDE_PX} pixels a side`;
  }
  return { ...info, bytes };
}

function sideOk(v: unknown): v is number | undefined {
  return (
    v === undefined || (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_REQUESTED_SIDE_PX)
  );
}

/** Decodes the value of an image field. */
export function decodeImageValue(value: unknown): DecodedImage | string {
  if (typeof value === 'string') {
    const bytes = bytesFromString(value);
    if (typeof bytes === 'string') return bytes;
    const part = imagePart(bytes);
    return typeof part === 'string' ? part : { part };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { data, width, height } = value as { data?: unknown; width?: unknown; height?: unknown };
    if (typeof data !== 'string') return 'expected { data: base64 or data: URL, width?, height? }';
    if (!sideOk(width) || !sideOk(height))
      return `width and height must be numbers of CSS pixels in (0, ${MAX_REQUESTED_SIDE_PX}]`;
    const decoded = decodeImageValue(data);
    if (typeof decoded === 'string') return decoded;
    const out: DecodedImage = { part: decoded.part };
    if (width !== undefined) out.width = width;
    if (height !== undefined) out.height = height;
    return out;
  }
  return 'expected a base64 string, a data: URL or { data, width?, height? }';
}

/**
 * The printed size in points: the requested CSS pixels, else the image's pixels at 96 dpi
 * (1 px = 0.75 pt); one side given keeps the aspect ratio; capped to `maxWidth` points.
 */
export function imageSizePt(image: DecodedImage, maxWidth: number): { width: number; height: number } {
  const { pixelWidth, pixelHeight } = image.part;
  let w = image.width;
  let h = image.height;
  if (w === undefined && h === undefined) {
    w = pixelWidth;
    h = pixelHeight;
  } else if (w === undefined) w = (h! * pixelWidth) / pixelHeight;
  else if (h === undefined) h = (w * pixelHeight) / pixelWidth;
  let width = w * 0.75;
  let height = h! * 0.75;
  if (maxWidth > 0 && width > maxWidth) {
    height = (height * maxWidth) / width;
    width = maxWidth;
  }
  return { width, height };
}
