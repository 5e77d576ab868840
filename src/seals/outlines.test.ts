import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealFont } from './fonts.js';
import { TrueTypeFont } from './outlines.js';

describe('TrueType outlines', () => {
  const serif = sealFont('serif');

  it('maps characters through the Unicode cmap and reads their advance', () => {
    expect(serif.unitsPerEm).toBe(1000);
    const gid = serif.glyphIndex('合'.codePointAt(0)!);
    expect(gid).toBeGreaterThan(0);
    expect(serif.glyphIndex(0x10ffff)).toBe(0);
    // CJK ideographs are full-width: the advance is one em.
    expect(serif.outline('合').advanceWidth).toBe(1000);
    expect(serif.outline('1').advanceWidth).toBeLessThan(1000);
  });

  it('gives closed contours inside the em box, cached per glyph', () => {
    const o = serif.outline('国');
    expect(serif.outline('国')).toBe(o);
    const contours = o.path.split('Z').filter(Boolean);
    // 国: outer box, inner box and the 玉 strokes — several closed contours.
    expect(contours.length).toBeGreaterThanOrEqual(3);
    const numbers = [...o.path.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
    for (const n of numbers) expect(n).toBeGreaterThan(-200);
    for (const n of numbers) expect(n).toBeLessThan(1100);
  });

  it('gives every CJK Unified Ideograph a well-formed outline (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0x4e00, max: 0x9fa5 }), (cp) => {
        const ch = String.fromCodePoint(cp);
        expect(serif.glyphIndex(cp)).toBeGreaterThan(0);
        const { path, advanceWidth } = serif.outline(ch);
        expect(advanceWidth).toBe(1000);
        // Closed contours of moves, lines and quadratic curves with finite coordinates in the em box.
        expect(path).toMatch(/^(M-?[\d.]+ -?[\d.]+(?:[LQ][-\d. ]+)*Z)+$/);
        for (const m of path.matchAll(/-?\d+(?:\.\d+)?/g)) {
          const n = Number(m[0]);
          expect(n).toBeGreaterThan(-300);
          expect(n).toBeLessThan(1300);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a file that is not a TrueType font', () => {
    expect(() => new TrueTypeFont(Buffer.from('OTTO\0\0\0\0\0\0\0\0'))).toThrow(/TrueType/);
  });
});
