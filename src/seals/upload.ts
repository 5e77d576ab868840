import { HetongError } from '../shared/errors.js';
import {
  decodeJpeg,
  decodePng,
  encodePng,
  imageSize,
  removeWhiteBackground,
  sniffFormat,
  trimToInk,
  type RgbaImage,
} from './raster-image.js';

export interface UploadLimits {
  /** Largest accepted file; default 2 MiB. */
  maxBytes: number;
  /** Largest accepted width × height; default 16 megapixels. */
  maxPixels: number;
  /** Longest accepted side; default 4096 px. */
  maxSide: number;
  /** Smallest accepted side; default 16 px. */
  minSide: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxPixels: 16_000_000,
  maxSide: 4096,
  minSide: 16,
};

/** Reads an uploaded PNG or JPEG within limits, or refuses it with SEAL_IMAGE_INVALID / SEAL_IMAGE_TOO_LARGE. */
export function readUploadedImage(bytes: Uint8Array, limits: Partial<UploadLimits> = {}): RgbaImage {
  const l = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  if (bytes.length > l.maxBytes)
    throw new HetongError(
      'SEAL_IMAGE_TOO_LARGE',
      413,
      `the image is ${bytes.length} bytes; at most ${l.maxBytes} are accepted`,
      {
        bytes: bytes.length,
        maxBytes: l.maxBytes,
      },
    );
  const format = sniffFormat(bytes);
  if (!format) throw new HetongError('SEAL_IMAGE_INVALID', 400, 'the image is neither PNG nor JPEG');
  const size = imageSize(bytes, format);
  if (!size)
    throw new HetongError('SEAL_IMAGE_INVALID', 400, `the ${format.toUpperCase()} header cannot be read`);
  if (size.width > l.maxSide || size.height > l.maxSide || size.width * size.height > l.maxPixels)
    throw new HetongError(
      'SEAL_IMAGE_TOO_LARGE',
      413,
      `the image is ${size.width}×${size.height} pixels; too large`,
      {
        ...size,
        maxSide: l.maxSide,
        maxPixels: l.maxPixels,
      },
    );
  if (size.width < l.minSide || size.height < l.minSide)
    throw new HetongError(
      'SEAL_IMAGE_INVALID',
      400,
      `the image is ${size.width}×${size.height} pixels; too small`,
      size,
    );
  try {
    return format === 'png' ? decodePng(bytes) : decodeJpeg(bytes, size.width, size.height);
  } catch (e) {
    throw new HetongError('SEAL_IMAGE_INVALID', 400, `the ${format.toUpperCase()} image cannot be decoded`, {
      cause: (e as Error).message,
    });
  }
}

export interface UploadedSealOptions extends Partial<UploadLimits> {
  /** Make a white (scanned or photographed paper) background transparent. */
  removeWhiteBackground?: boolean;
}

/**
 * An uploaded seal image normalised to RGBA PNG; with `removeWhiteBackground`, white paper turns
 * transparent (soft edge) and the image is trimmed to the seal.
 */
export function normalizeUploadedSeal(
  bytes: Uint8Array,
  options: UploadedSealOptions = {},
): { png: Uint8Array; width: number; height: number } {
  let image = readUploadedImage(bytes, options);
  if (options.removeWhiteBackground) {
    const trimmed = trimToInk(removeWhiteBackground(image), 8, 2);
    if (!trimmed)
      throw new HetongError(
        'SEAL_IMAGE_INVALID',
        400,
        'the image is blank once its white background is removed',
      );
    image = trimmed;
  }
  return { png: encodePng(image), width: image.width, height: image.height };
}

/**
 * A handwritten signature from a signing page's canvas (PNG, usually transparent, sometimes on
 * white): background removed, trimmed to its ink with a small margin.
 */
export function normalizeHandwriting(
  bytes: Uint8Array,
  options: Partial<UploadLimits> = {},
): { png: Uint8Array; width: number; height: number } {
  const image = readUploadedImage(bytes, options);
  const trimmed = trimToInk(removeWhiteBackground(image), 16, 4);
  if (!trimmed) throw new HetongError('SEAL_IMAGE_INVALID', 400, 'the handwritten signature is empty');
  return { png: encodePng(trimmed), width: trimmed.width, height: trimmed.height };
}

/** An uploaded seal image or handwritten signature to normalise (the SealService's image port). */
export type SealImageJob =
  | { kind: 'uploaded'; bytes: Uint8Array; removeBackground?: boolean }
  | { kind: 'handwritten'; bytes: Uint8Array };

export interface NormalizedImage {
  png: Uint8Array;
  width: number;
  height: number;
}

/**
 * Decodes, checks and normalises an uploaded image: CPU-bound (a 16 MP PNG takes a second), so
 * the service runs it through a port, which the composition root points at the task pool.
 */
export function normalizeSealImage(job: SealImageJob): NormalizedImage {
  return job.kind === 'uploaded'
    ? normalizeUploadedSeal(job.bytes, { removeWhiteBackground: job.removeBackground ?? false })
    : normalizeHandwriting(job.bytes);
}
