import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImageValue, imageSize } from './image-data.js';

function png(width: number, height: number): Uint8Array {
  const img = new PNG({ width, height });
  img.data.fill(255);
  return new Uint8Array(PNG.sync.write(img));
}

/** A JPEG header: SOI, an APP0 segment, then SOF0 with the given size (ITU-T T.81 §B.2.2). */
function jpegHeader(width: number, height: number): Uint8Array {
  return new Uint8Array([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46,
    0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0, 0, 0, 0,
  ]); // prettier-ignore
}

describe('imageSize', () => {
  it('reads the PNG IHDR size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), (w, h) => {
        expect(imageSize(png(w, h))).toEqual({ type: 'png', width: w, height: h });
      }),
      { numRuns: 25 },
    );
  });

  it('reads the JPEG SOF0 size after other segments', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (w, h) => {
        expect(imageSize(jpegHeader(w, h))).toEqual({ type: 'jpeg', width: w, height: h });
      }),
    );
  });

  it('returns null for other bytes, never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = imageSize(bytes);
        expect(r === null || typeof r.width === 'number').toBe(true);
      }),
    );
    expect(imageSize(new TextEncoder().encode('GIF89a....'))).toBeNull();
  });
});

describe('decodeImageValue', () => {
  const bytes = png(40, 20);
  const b64 = Buffer.from(bytes).toString('base64');

  it('accepts bare base64, data URLs and bytes, sizing at 96 dpi by default', () => {
    for (const v of [b64, `data:image/png;base64,${b64}`, bytes]) {
      const img = decodeImageValue(v, 'seal');
      expect(img).toMatchObject({
        contentType: 'image/png',
        pixelWidth: 40,
        pixelHeight: 20,
        width: 30,
        height: 15,
      });
    }
  });

  it('keeps the aspect ratio when one side is given', () => {
    // Sizes are CSS pixels, placed at 0.75 pt each.
    expect(decodeImageValue({ data: b64, width: 100 }, 'x')).toMatchObject({ width: 75, height: 37.5 });
    expect(decodeImageValue({ data: b64, height: 10 }, 'x')).toMatchObject({ width: 15, height: 7.5 });
    expect(decodeImageValue({ data: b64, width: 8, height: 12 }, 'x')).toMatchObject({ width: 6, height: 9 });
  });

  it('refuses what is not a PNG or JPEG as a data problem (CONTRACT_DATA_INVALID, 422)', () => {
    expect(() => decodeImageValue('aGVsbG8=', 'seal')).toThrow(
      expect.objectContaining({ code: 'CONTRACT_DATA_INVALID' }),
    );
    expect(() => decodeImageValue(42, 'seal')).toThrow(
      expect.objectContaining({ code: 'CONTRACT_DATA_INVALID', status: 422 }),
    );
    expect(() => decodeImageValue(jpegHeader(20_000, 10), 'seal')).toThrow(/out of range/);
    expect(() => decodeImageValue({ data: b64, width: -1 }, 'seal')).toThrow(/positive/);
  });
});
