import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resized, spanned, toPixels, toPoints } from './sign-geometry';

const A4 = { width: 595.28, height: 841.89 };

describe('sign field geometry', () => {
  it('turns a box near the bottom-left of a 600 px preview into points from the bottom-left', () => {
    // 600 px for 595.28 pt: a box 60 px from the left, ending 50 px above the bottom edge.
    const shownHeight = (A4.height * 600) / A4.width;
    const p = toPoints({ left: 60, top: shownHeight - 150, width: 100, height: 100 }, A4, 600);
    expect(p.x).toBeCloseTo(59.53, 1);
    expect(p.y).toBeCloseTo(49.61, 1);
    expect(p.width).toBeCloseTo(99.21, 1);
    expect(p.height).toBeCloseTo(99.21, 1);
  });

  it('clips a box dragged past the page edge', () => {
    expect(toPoints({ left: -20, top: -20, width: 40, height: 40 }, A4, A4.width)).toEqual({
      x: 0,
      y: 821.89,
      width: 20,
      height: 20,
    });
  });

  it('pixels → points → pixels comes back (within the rounding)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 200, max: 1200 }),
        (left, top, width, height, shown) => {
          const scale = shown / A4.width;
          const box = { left: left * scale, top: top * scale, width: width * scale, height: height * scale };
          const back = toPixels(toPoints(box, A4, shown), A4, shown);
          for (const k of ['left', 'top', 'width', 'height'] as const) expect(back[k]).toBeCloseTo(box[k], 1);
        },
      ),
    );
  });

  it('a drag spans the same box in any direction', () => {
    expect(spanned({ x: 50, y: 10 }, { x: 10, y: 40 })).toEqual({ left: 10, top: 10, width: 40, height: 30 });
  });
});

describe('resizing a box by a corner', () => {
  const box = { left: 100, top: 100, width: 80, height: 60 };

  it('moves the dragged corner and keeps the opposite one', () => {
    expect(resized(box, 'se', 20, 10, 8)).toEqual({ left: 100, top: 100, width: 100, height: 70 });
    expect(resized(box, 'nw', -10, 5, 8)).toEqual({ left: 90, top: 105, width: 90, height: 55 });
    expect(resized(box, 'ne', 10, -10, 8)).toEqual({ left: 100, top: 90, width: 90, height: 70 });
    expect(resized(box, 'sw', 30, 0, 8)).toEqual({ left: 130, top: 100, width: 50, height: 60 });
  });

  it('turns over past the opposite corner and keeps a minimum size', () => {
    // The south-east corner dragged 100 px left: the box now lies left of its old left edge.
    expect(resized(box, 'se', -100, 0, 8)).toEqual({ left: 80, top: 100, width: 20, height: 60 });
    expect(resized(box, 'se', -79, -59, 8)).toEqual({ left: 100, top: 100, width: 8, height: 8 });
  });

  it('keeps the fixed corner for any drag (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 }), (dx, dy) => {
        const r = resized(box, 'se', dx, dy, 8);
        expect(r.width).toBeGreaterThanOrEqual(8);
        expect(r.height).toBeGreaterThanOrEqual(8);
        // The north-west corner (fixed) is a corner of the result.
        expect([r.left, r.left + r.width]).toContain(100);
        expect([r.top, r.top + r.height]).toContain(100);
      }),
    );
  });
});
