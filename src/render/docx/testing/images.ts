/** Tiny real images for tests, plus headers that claim any size (to test the pixel limit). */
import { PNG } from 'pngjs';

export function pngImage(width: number, height: number, rgba = [200, 30, 30, 255]): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  return new Uint8Array(PNG.sync.write(png));
}

/** A PNG signature and IHDR claiming `width`×`height`, without any pixel data. */
export function pngHeaderOnly(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const v = new DataView(b.buffer);
  v.setUint32(16, width);
  v.setUint32(20, height);
  b.set([8, 6, 0, 0, 0], 24);
  return b;
}

/** A baseline JPEG header: SOI, an APP0 segment, and SOF0 with the given size. */
export function jpegHeader(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, 0xc0, 0, 11, 8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof, 0xff, 0xd9]);
}

export function gifHeader(width: number, height: number): Uint8Array {
  return new Uint8Array([
    0x47,
    0x49,
    0x46,
    0x38,
    0x39,
    0x61,
    width & 255,
    width >> 8,
    height & 255,
    height >> 8,
    0,
    0,
    0,
  ]);
}

export function bmpHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(54);
  const v = new DataView(b.buffer);
  b[0] = 0x42;
  b[1] = 0x4d;
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, -height, true);
  return b;
}

export function emfHeader(): Uint8Array {
  const b = new Uint8Array(88);
  const v = new DataView(b.buffer);
  v.setUint32(0, 1, true);
  v.setUint32(40, 0x464d4520, true);
  return b;
}
