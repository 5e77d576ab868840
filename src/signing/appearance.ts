/**
 * Signature appearances (ISO 32000-1 §12.7.4.5, §12.5.5): the seal PNG becomes an Image XObject
 * (§8.9.5) with its alpha channel as a soft mask (/SMask, §11.6.5.3), drawn by a Form XObject that
 * is the widget's normal appearance.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { HetongError } from '../shared/errors.js';
import type { IncrementalUpdate } from '../pdf/incremental.js';
import { PdfDict, PdfStream, type PdfRef, dict, name } from '../pdf/objects.js';
import { readRgbaPng } from './png-rgba.js';

export interface SealImage {
  /** RGB samples, deflated. */
  rgb: Buffer;
  /** Alpha samples, deflated; absent when the image is fully opaque. */
  alpha?: Buffer;
  width: number;
  height: number;
}

const decoded = new Map<string, SealImage>();

/** Decodes a PNG (any colour type pngjs reads) into deflated RGB + alpha planes; memoised by content. */
export function decodeSeal(png: Uint8Array): SealImage {
  const key = createHash('sha256').update(png).digest('base64');
  const hit = decoded.get(key);
  if (hit) return hit;
  let img: { width: number; height: number; data: Buffer };
  try {
    img = readRgbaPng(png) ?? PNG.sync.read(Buffer.from(png));
  } catch (e) {
    throw new HetongError(
      'SIGN_SEAL_IMAGE_INVALID',
      400,
      `the seal is not a readable PNG: ${(e as Error).message}`,
    );
  }
  const n = img.width * img.height;
  const rgb = Buffer.alloc(n * 3);
  const alpha = Buffer.alloc(n);
  let opaque = true;
  for (let i = 0; i < n; i++) {
    rgb[i * 3] = img.data[i * 4]!;
    rgb[i * 3 + 1] = img.data[i * 4 + 1]!;
    rgb[i * 3 + 2] = img.data[i * 4 + 2]!;
    const a = img.data[i * 4 + 3]!;
    alpha[i] = a;
    if (a !== 255) opaque = false;
  }
  const seal: SealImage = { rgb: deflateSync(rgb), width: img.width, height: img.height };
  if (!opaque) seal.alpha = deflateSync(alpha);
  if (decoded.size > 64) decoded.clear();
  decoded.set(key, seal);
  return seal;
}

/** Writes the Image XObject (and its SMask) into the update. */
export function addImage(update: IncrementalUpdate, seal: SealImage): PdfRef {
  const base = {
    Type: name('XObject'),
    Subtype: name('Image'),
    Width: seal.width,
    Height: seal.height,
    BitsPerComponent: 8,
    Filter: name('FlateDecode'),
  };
  const image = dict({ ...base, ColorSpace: name('DeviceRGB') });
  if (seal.alpha) {
    const smask = update.add(new PdfStream(dict({ ...base, ColorSpace: name('DeviceGray') }), seal.alpha));
    image.set('SMask', smask);
  }
  return update.add(new PdfStream(image, seal.rgb));
}

/**
 * A Form XObject of `width`×`height` points drawing `image` in the box `at` (default: the whole
 * form). The form is clipped to its /BBox (§8.10.1), which is how one seal image yields the strips
 * of a cross-page seal: each strip draws the whole seal shifted left by the strips before it.
 */
export function addImageForm(
  update: IncrementalUpdate,
  image: PdfRef | undefined,
  width: number,
  height: number,
  at: { x: number; y: number; width: number; height: number } = { x: 0, y: 0, width, height },
): PdfRef {
  const d = dict({
    Type: name('XObject'),
    Subtype: name('Form'),
    BBox: [0, 0, width, height],
  });
  let content = '';
  if (image) {
    d.set('Resources', new PdfDict([['XObject', new PdfDict([['Im0', image]])]]));
    content = `q ${fmt(at.width)} 0 0 ${fmt(at.height)} ${fmt(at.x)} ${fmt(at.y)} cm /Im0 Do Q`;
  }
  return update.add(new PdfStream(d, Buffer.from(content, 'latin1')));
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}
