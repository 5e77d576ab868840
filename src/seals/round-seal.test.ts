import { describe, expect, it } from 'vitest';
import { rasterize } from './rasterize.js';
import { renderRoundSeal, roundSealSvg, starPath } from './round-seal.js';
import { countPixels, decode, isRedInk } from './test-pixels.js';

describe('organisation round seal', () => {
  const spec = { name: '杭州合同科技有限公司', purpose: '合同专用章', number: '3301060012345' };

  it('is a deterministic, transparent 42 mm PNG with ring, star and text in red', () => {
    const a = renderRoundSeal(spec);
    const b = renderRoundSeal(spec);
    expect(Buffer.from(a.png).equals(Buffer.from(b.png))).toBe(true);
    expect(a.widthMm).toBe(42);
    const img = decode(a.png);
    expect([img.width, img.height]).toEqual([496, 496]); // 42 mm at 300 dpi
    // Corners and the space between star and ring are transparent.
    expect(countPixels(img, (_r, _g, _b, alpha) => alpha > 0, { x0: 0, y0: 0, x1: 40, y1: 40 })).toBe(0);
    // The ring crosses the top centre; the star fills the centre.
    expect(countPixels(img, isRedInk, { x0: 240, y0: 0, x1: 256, y1: 12 })).toBeGreaterThan(20);
    expect(countPixels(img, isRedInk, { x0: 238, y0: 238, x1: 258, y1: 258 })).toBe(400);
    // Text areas: upper arc (name), under the star (purpose), lower arc (number).
    expect(countPixels(img, isRedInk, { x0: 150, y0: 30, x1: 350, y1: 110 })).toBeGreaterThan(2000);
    expect(countPixels(img, isRedInk, { x0: 150, y0: 340, x1: 350, y1: 390 })).toBeGreaterThan(1000);
    expect(countPixels(img, isRedInk, { x0: 150, y0: 405, x1: 350, y1: 450 })).toBeGreaterThan(300);
  });

  it('draws its text as Noto glyph outlines, so the rasterizer needs no font', () => {
    const svg = roundSealSvg({ name: '杭州合同科技有限公司' });
    expect(svg).not.toContain('<text');
    const glyphs = [...svg.matchAll(/<path data-char="([^"]+)"[^>]* d="([^"]+)"/g)];
    expect(glyphs.map((m) => m[1]).join('')).toBe('杭州合同科技有限公司');
    // Outlines are quadratic TrueType contours, closed.
    for (const [, , d] of glyphs) expect(d).toMatch(/^M[-\d. ]+(?:[LQ][-\d. ]+)+Z/);
    // Ring and star alone are far less ink than ring, star and name.
    const ringAndStar = svg.replace(/<path data-char[^>]*\/>/g, '');
    const all = countPixels(decode(rasterize(svg, { widthPx: 200 })), isRedInk);
    const bare = countPixels(decode(rasterize(ringAndStar, { widthPx: 200 })), isRedInk);
    expect(all).toBeGreaterThan(bare * 1.3);
  });

  it('spreads the name evenly over the upper arc, upright toward the centre', () => {
    const svg = roundSealSvg({ name: '一二三四五六七八九十' });
    const angles = [...svg.matchAll(/rotate\((-?[\d.]+)\)/g)].map((m) => Number(m[1]));
    expect(angles).toHaveLength(10);
    expect(angles[0]).toBeCloseTo(-111, 0);
    expect(angles[9]).toBeCloseTo(111, 0);
    const steps = angles.slice(1).map((a, i) => a - angles[i]!);
    for (const s of steps) expect(s).toBeCloseTo(steps[0]!, 2);
  });

  it('refuses sizes and resolutions no real seal has, before allocating a bitmap', () => {
    for (const spec of [{ diameterMm: 5000 }, { diameterMm: 5 }, { diameterMm: Number.NaN }, { dpi: 100000 }])
      expect(() => renderRoundSeal({ name: '上海浦江数字科技有限公司', ...spec })).toThrow(
        expect.objectContaining({ code: 'SEAL_SPEC_INVALID' }),
      );
  });

  it('refuses names it cannot set', () => {
    expect(() => roundSealSvg({ name: '' })).toThrow(expect.objectContaining({ code: 'SEAL_SPEC_INVALID' }));
    expect(() => roundSealSvg({ name: '名'.repeat(41) })).toThrow(
      expect.objectContaining({ code: 'SEAL_SPEC_INVALID' }),
    );
    expect(starPath(0, 0, 1).match(/L/g)).toHaveLength(9);
  });
});
