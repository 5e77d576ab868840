import { describe, expect, it } from 'vitest';
import { expectHetongError } from '../testing/expect-error.js';
import { bmpHeader, emfHeader, gifHeader, jpegHeader, pngHeaderOnly, pngImage } from '../testing/images.js';
import { admitImage, sniffImage } from './image.js';
import { resolveLimits } from './limits.js';

const limits = resolveLimits();

describe('image intake', () => {
  it('reads the pixel size of PNG, JPEG, GIF and BMP from their headers', () => {
    expect(sniffImage(pngImage(7, 3), 'a')).toEqual({
      kind: 'raster',
      contentType: 'image/png',
      width: 7,
      height: 3,
    });
    expect(sniffImage(jpegHeader(640, 480), 'b')).toEqual({
      kind: 'raster',
      contentType: 'image/jpeg',
      width: 640,
      height: 480,
    });
    expect(sniffImage(gifHeader(300, 2), 'c')).toEqual({
      kind: 'raster',
      contentType: 'image/gif',
      width: 300,
      height: 2,
    });
    expect(sniffImage(bmpHeader(5, 9), 'd')).toEqual({
      kind: 'raster',
      contentType: 'image/bmp',
      width: 5,
      height: 9,
    });
  });

  it('decides by magic bytes, not by name', () => {
    const admitted = admitImage(jpegHeader(10, 10), 'word/media/image1.png', limits);
    expect('media' in admitted && admitted.media.contentType).toBe('image/jpeg');
  });

  it('refuses a PNG claiming 100000×100000 pixels without decoding it', () => {
    const err = expectHetongError(
      () => admitImage(pngHeaderOnly(100_000, 100_000), 'big.png', limits),
      'TEMPLATE_IMAGE_INVALID',
    );
    expect(err.details).toMatchObject({ width: 100_000, height: 100_000 });
  });

  it('refuses corrupt headers, unknown formats and too many bytes', () => {
    const png = pngImage(2, 2);
    expectHetongError(() => admitImage(png.slice(0, 14), 'cut.png', limits), 'TEMPLATE_IMAGE_INVALID');
    expectHetongError(() => admitImage(pngHeaderOnly(0, 10), 'zero.png', limits), 'TEMPLATE_IMAGE_INVALID');
    expectHetongError(
      () => admitImage(new Uint8Array([0xff, 0xd8, 0x00, 0x00, 0x00]), 'bad.jpg', limits),
      'TEMPLATE_IMAGE_INVALID',
    );
    expectHetongError(
      () => admitImage(new TextEncoder().encode('hello'), 'x.png', limits),
      'TEMPLATE_IMAGE_INVALID',
    );
    expectHetongError(
      () => admitImage(png, 'x.png', resolveLimits({ maxImageBytes: 10 })),
      'TEMPLATE_TOO_LARGE',
    );
  });

  it('drops vector formats (EMF, WMF, SVG) instead of failing', () => {
    expect(admitImage(emfHeader(), 'a.emf', limits)).toEqual({ dropped: 'emf' });
    expect(admitImage(new Uint8Array([0xd7, 0xcd, 0xc6, 0x9a, 0, 0]), 'a.wmf', limits)).toEqual({
      dropped: 'wmf',
    });
    expect(
      admitImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.svg', limits),
    ).toEqual({
      dropped: 'svg',
    });
  });
});
