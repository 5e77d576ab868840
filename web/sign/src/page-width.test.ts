import { describe, expect, it } from 'vitest';
import { imageWidth } from './page-width';

describe('imageWidth', () => {
  it('asks in steps of 200 px at no more than 2 image pixels per CSS pixel', () => {
    expect(imageWidth(390, 3)).toBe(800); // 390 × 2 = 780
    expect(imageWidth(375, 2)).toBe(800);
    expect(imageWidth(820, 1)).toBe(1000);
    expect(imageWidth(400, 2)).toBe(800);
    expect(imageWidth(401, 2)).toBe(1000);
  });

  it('stays within 400 and 2000 px, and treats an unknown ratio as 1', () => {
    expect(imageWidth(100, 1)).toBe(400);
    expect(imageWidth(3000, 2)).toBe(2000);
    expect(imageWidth(390, 0)).toBe(400);
    expect(imageWidth(390, Number.NaN)).toBe(400);
  });
});
