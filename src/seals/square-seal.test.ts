import { describe, expect, it } from 'vitest';
import { renderSquareSeal, squareSealSvg } from './square-seal.js';
import { countPixels, decode, isRedInk } from './test-pixels.js';

/** Characters of a seal SVG with their centres, in drawing order. */
function cells(svg: string): { ch: string; x: number; y: number; sy: number }[] {
  return [
    ...svg.matchAll(
      /data-char="([^"]+)" transform="translate\(([\d.]+) ([\d.]+)\) scale\(([\d.]+) ([\d.]+)\)/g,
    ),
  ].map((m) => ({
    ch: m[1]!,
    x: Number(m[2]),
    y: Number(m[3]),
    sy: Number(m[5]),
  }));
}

describe('personal square name seal', () => {
  it('lays out four characters 2 × 2, read in columns from the right', () => {
    const [a, b, c, d] = cells(squareSealSvg({ name: '欧阳靖宇' }));
    expect([a!.ch, b!.ch, c!.ch, d!.ch]).toEqual(['欧', '阳', '靖', '宇']);
    expect(a!.x).toBe(b!.x);
    expect(a!.x).toBeGreaterThan(c!.x);
    expect(a!.y).toBeLessThan(b!.y);
    expect(c!.y).toBe(a!.y);
  });

  it('gives a three-character name the surname as a full-height right column', () => {
    const [sur, g1, g2] = cells(squareSealSvg({ name: '王小明' }));
    expect(sur!.x).toBeGreaterThan(g1!.x);
    expect(sur!.sy).toBeGreaterThan(g1!.sy * 1.8);
    expect(g1!.x).toBe(g2!.x);
    expect(g1!.y).toBeLessThan(g2!.y);
  });

  it('completes a two-character name with 之印, or sets it in two columns', () => {
    expect(cells(squareSealSvg({ name: '张三' })).map((c) => c.ch)).toEqual(['张', '三', '之', '印']);
    const [x, y] = cells(squareSealSvg({ name: '李四', twoCharLayout: 'columns' }));
    expect(x!.x).toBeGreaterThan(y!.x);
    expect(x!.y).toBe(y!.y);
  });

  it('renders deterministic transparent PNGs with ink in every quadrant', () => {
    const a = renderSquareSeal({ name: '欧阳靖宇' });
    expect(Buffer.from(a.png).equals(Buffer.from(renderSquareSeal({ name: '欧阳靖宇' }).png))).toBe(true);
    const img = decode(a.png);
    expect(img.width).toBe(213); // 18 mm at 300 dpi
    const h = Math.floor(img.width / 2);
    for (const [x0, y0] of [
      [30, 30],
      [h + 10, 30],
      [30, h + 10],
      [h + 10, h + 10],
    ])
      expect(countPixels(img, isRedInk, { x0: x0!, y0: y0!, x1: x0! + 60, y1: y0! + 60 })).toBeGreaterThan(
        300,
      );
    // Outside the rounded border's corner the image is transparent.
    expect(img.data[3]).toBe(0);
  });

  it('refuses one or five characters', () => {
    expect(() => squareSealSvg({ name: '张' })).toThrow(
      expect.objectContaining({ code: 'SEAL_SPEC_INVALID' }),
    );
    expect(() => squareSealSvg({ name: '一二三四五' })).toThrow(
      expect.objectContaining({ code: 'SEAL_SPEC_INVALID' }),
    );
  });
});
