import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePng, imageSize, sniffFormat, type RgbaImage } from './raster-image.js';
import { rasterize } from './rasterize.js';
import { normalizeHandwriting, normalizeUploadedSeal, readUploadedImage } from './upload.js';
import { countPixels, decode, isRedInk } from './test-pixels.js';

const jpeg = readFileSync(fileURLToPath(new URL('./fixtures/scanned-seal.jpg', import.meta.url)));

/** An opaque image: red disc on white paper, as a phone photo of a stamped page would be. */
function paperWithRedDisc(size = 120): RgbaImage {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const inside = (x - 60) ** 2 + (y - 60) ** 2 < 30 ** 2;
      data.set(inside ? [210, 20, 30, 255] : [250, 251, 249, 255], i);
    }
  return { width: size, height: size, data };
}

describe('uploaded seal images', () => {
  it('turns a scanned JPEG into a trimmed PNG whose paper is transparent', () => {
    expect(sniffFormat(jpeg)).toBe('jpeg');
    const size = imageSize(jpeg, 'jpeg')!;
    const out = normalizeUploadedSeal(jpeg, { removeWhiteBackground: true });
    const img = decode(out.png);
    expect(img.width).toBeLessThan(size.width);
    expect(img.data[3]).toBe(0); // a corner outside the ring
    expect(countPixels(img, isRedInk)).toBeGreaterThan(3000);
    // No pale fringe: every visible pixel is reddish, not pink-white.
    expect(countPixels(img, (r, g, b, a) => a > 200 && g > 200 && b > 200)).toBe(0);
  });

  it('keeps a PNG as it is without background removal, and removes white with a soft edge', () => {
    const png = encodePng(paperWithRedDisc());
    const kept = decode(normalizeUploadedSeal(png).png);
    expect(kept.width).toBe(120);
    expect(kept.data[3]).toBe(255);
    const cleared = decode(normalizeUploadedSeal(png, { removeWhiteBackground: true }).png);
    expect(cleared.width).toBeLessThanOrEqual(64);
    expect(cleared.data[3]).toBe(0);
    const centre = (Math.floor(cleared.height / 2) * cleared.width + Math.floor(cleared.width / 2)) * 4;
    expect([...cleared.data.subarray(centre, centre + 4)]).toEqual([210, 20, 30, 255]);
  });

  it('softens anti-aliased edges instead of cutting them', () => {
    const data = new Uint8Array(4 * 20 * 20);
    for (let i = 0; i < 400; i++) data.set([255, 255 - i / 2, 255 - i / 2, 255], i * 4); // white → red ramp
    const out = decode(
      normalizeUploadedSeal(encodePng({ width: 20, height: 20, data }), {
        removeWhiteBackground: true,
        minSide: 1,
      }).png,
    );
    const alphas = new Set<number>();
    for (let i = 3; i < out.data.length; i += 4) alphas.add(out.data[i]!);
    expect([...alphas].some((a) => a > 0 && a < 255)).toBe(true);
  });

  it('refuses what is not a PNG or JPEG, is corrupt, or is too large', () => {
    expect(() => readUploadedImage(new TextEncoder().encode('GIF89a………'))).toThrow(
      expect.objectContaining({ code: 'SEAL_IMAGE_INVALID', status: 400 }),
    );
    const png = encodePng(paperWithRedDisc());
    const corrupt = new Uint8Array(png);
    corrupt.fill(7, 40, 80);
    expect(() => readUploadedImage(corrupt)).toThrow(expect.objectContaining({ code: 'SEAL_IMAGE_INVALID' }));
    expect(() => readUploadedImage(png, { maxBytes: 100 })).toThrow(
      expect.objectContaining({ code: 'SEAL_IMAGE_TOO_LARGE', status: 413 }),
    );
    // A header declaring 60000 × 60000 pixels is refused before any decompression.
    const bomb = new Uint8Array(png);
    new DataView(bomb.buffer).setUint32(16, 60000);
    new DataView(bomb.buffer).setUint32(20, 60000);
    expect(() => readUploadedImage(bomb)).toThrow(expect.objectContaining({ code: 'SEAL_IMAGE_TOO_LARGE' }));
    expect(() => readUploadedImage(encodePng({ width: 4, height: 4, data: new Uint8Array(64) }))).toThrow(
      expect.objectContaining({ code: 'SEAL_IMAGE_INVALID' }),
    );
    expect(() =>
      normalizeUploadedSeal(encodePng({ width: 20, height: 20, data: new Uint8Array(1600).fill(255) }), {
        removeWhiteBackground: true,
      }),
    ).toThrow(expect.objectContaining({ code: 'SEAL_IMAGE_INVALID' }));
  });

  it('never throws anything but a HetongError for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (junk, asPng) => {
        const bytes = asPng
          ? new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...junk])
          : junk;
        try {
          readUploadedImage(bytes);
        } catch (e) {
          expect((e as { code?: string }).code).toMatch(/^SEAL_IMAGE_(INVALID|TOO_LARGE)$/);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('handwritten signature', () => {
  const stroke = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><path d="M150 200 C 200 80, 260 80, 300 180 S 400 260, 450 120" stroke="#111" stroke-width="8" fill="none" stroke-linecap="round"/></svg>`;

  it('trims a transparent canvas PNG to its ink with a small margin', () => {
    const canvas = rasterize(stroke, { widthPx: 600, fontFiles: [] });
    const out = normalizeHandwriting(canvas);
    expect(out.width).toBeGreaterThan(300);
    expect(out.width).toBeLessThan(320);
    expect(out.height).toBeLessThan(160);
    const img = decode(out.png);
    expect(img.data[3]).toBe(0);
    expect(countPixels(img, (r, g, b, a) => a > 200 && r < 60)).toBeGreaterThan(1500);
  });

  it('removes a white canvas background and refuses an empty canvas', () => {
    const onWhite = rasterize(stroke.replace('<path', '<rect width="600" height="300" fill="#fff"/><path'), {
      widthPx: 600,
      fontFiles: [],
    });
    const out = decode(normalizeHandwriting(onWhite).png);
    expect(out.width).toBeLessThan(320);
    expect(out.data[3]).toBe(0);
    const blank = rasterize('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"></svg>', {
      widthPx: 100,
      fontFiles: [],
    });
    expect(() => normalizeHandwriting(blank)).toThrow(
      expect.objectContaining({ code: 'SEAL_IMAGE_INVALID' }),
    );
  });
});
