import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderRoundSeal } from '../seals/round-seal.js';
import { renderSquareSeal } from '../seals/square-seal.js';
import { readRgbaPng } from './png-rgba.js';

/** A picture with edges, gradients and transparency, so every filter type predicts something. */
function picture(width: number, height: number, seed: number): PNG {
  const png = new PNG({ width, height });
  let r = seed;
  for (let i = 0; i < width * height; i++) {
    r = (r * 1103515245 + 12345) >>> 0;
    const x = i % width;
    const y = Math.floor(i / width);
    png.data[i * 4] = (x * 7 + y) & 0xff;
    png.data[i * 4 + 1] = (r >>> 16) & 0xff;
    png.data[i * 4 + 2] = x > y ? 200 : 30;
    png.data[i * 4 + 3] = (x + y) % 5 === 0 ? 0 : (r >>> 8) & 0xff;
  }
  return png;
}

const pngjsRgba = (bytes: Uint8Array): Buffer => PNG.sync.read(Buffer.from(bytes)).data;

describe('readRgbaPng', () => {
  for (const colorType of [6, 2] as const)
    for (const filterType of [0, 1, 2, 3, 4, -1])
      it(`reads colour type ${colorType} with filter ${filterType} as pngjs does`, () => {
        const src = picture(37, 23, colorType * 10 + filterType);
        const bytes = PNG.sync.write(src, { colorType, filterType, inputHasAlpha: true });
        const img = readRgbaPng(bytes)!;
        expect(img).toBeDefined();
        expect([img.width, img.height]).toEqual([37, 23]);
        expect(img.data.equals(pngjsRgba(bytes))).toBe(true);
      });

  it('reads the seals this service draws exactly as pngjs does', () => {
    for (const { png } of [
      renderSquareSeal({ name: '张三' }),
      renderRoundSeal({ name: '基准科技有限公司', purpose: '合同专用章' }),
    ]) {
      const img = readRgbaPng(png)!;
      expect(img.data.equals(pngjsRgba(png))).toBe(true);
    }
  });

  it('leaves other kinds of PNG to pngjs and refuses broken ones without throwing', () => {
    const grey = PNG.sync.write(picture(8, 8, 1), { colorType: 0, inputHasAlpha: true });
    expect(readRgbaPng(grey)).toBeUndefined();
    const good = PNG.sync.write(picture(16, 16, 2));
    expect(readRgbaPng(good.subarray(0, good.length - 40))).toBeUndefined();
    expect(readRgbaPng(new Uint8Array(40))).toBeUndefined();
    const corrupt = Buffer.from(good);
    corrupt[45] = corrupt[45]! ^ 0xff; // inside the deflate stream
    expect(() => readRgbaPng(corrupt)).not.toThrow();
  });
});
