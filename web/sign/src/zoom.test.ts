import { describe, expect, it } from 'vitest';
import { anchoredScroll, clampZoom, stepZoom, ZOOM_MAX, ZOOM_MIN } from './zoom';

describe('zoom', () => {
  it('clamps to 100–300 % and refuses nonsense', () => {
    expect(clampZoom(0.4)).toBe(ZOOM_MIN);
    expect(clampZoom(7)).toBe(ZOOM_MAX);
    expect(clampZoom(1.234)).toBe(1.23);
    expect(clampZoom(Number.NaN)).toBe(ZOOM_MIN);
  });

  it('steps up and down from any zoom to the next round step', () => {
    expect(stepZoom(1, 1)).toBe(1.25);
    expect(stepZoom(1.37, 1)).toBe(1.5);
    expect(stepZoom(1.37, -1)).toBe(1.25);
    expect(stepZoom(3, 1)).toBe(3);
    expect(stepZoom(1, -1)).toBe(1);
  });

  it('keeps the point under the fingers in place', () => {
    // 300 px scrolled, the point 100 px into the port, content from 50 px: 350 px into the content.
    const to = anchoredScroll(300, 100, 50, 1, 2);
    // At twice the size that content point is 700 px into the content: 50 + 700 − 100.
    expect(to).toBe(650);
    // And back.
    expect(anchoredScroll(to, 100, 50, 2, 1)).toBe(300);
    // Never before the start of the scroll.
    expect(anchoredScroll(0, 10, 0, 2, 1)).toBe(0);
  });
});
