/**
 * Boxes drawn on a page preview (CSS pixels from the image's top-left corner) to sign fields (PDF
 * points from the page's bottom-left corner, the API's default origin: src/signing/placement.ts)
 * and back. The image shows the whole page, so one scale maps both axes: pixels per point =
 * shown width / page width in points (GET …/preview-pages).
 */

export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PointBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Page size in points. */
export interface PageSize {
  width: number;
  height: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A drawn box, clipped to the page, in points (rounded to 1/100 pt). */
export function toPoints(box: PixelBox, page: PageSize, shownWidth: number): PointBox {
  const s = page.width / shownWidth;
  const left = Math.max(0, box.left * s);
  const top = Math.max(0, box.top * s);
  const right = Math.min(page.width, (box.left + box.width) * s);
  const bottom = Math.min(page.height, (box.top + box.height) * s);
  return {
    x: round2(left),
    y: round2(page.height - bottom),
    width: round2(Math.max(0, right - left)),
    height: round2(Math.max(0, bottom - top)),
  };
}

/** Where a sign field shows on the preview. */
export function toPixels(field: PointBox, page: PageSize, shownWidth: number): PixelBox {
  const s = shownWidth / page.width;
  return {
    left: field.x * s,
    top: (page.height - field.y - field.height) * s,
    width: field.width * s,
    height: field.height * s,
  };
}

/** The box spanned by two corners of a drag, in any direction. */
export function spanned(a: { x: number; y: number }, b: { x: number; y: number }): PixelBox {
  return {
    left: Math.min(a.x, b.x),
    top: Math.min(a.y, b.y),
    width: Math.abs(a.x - b.x),
    height: Math.abs(a.y - b.y),
  };
}

/** A corner of a box, by which it is resized. */
export type Corner = 'nw' | 'ne' | 'sw' | 'se';

/**
 * A box resized by dragging one corner (dx, dy) while the opposite corner stays put; dragged past
 * it, the box turns over (the corner becomes the other one) and never gets smaller than `min`.
 */
export function resized(box: PixelBox, corner: Corner, dx: number, dy: number, min: number): PixelBox {
  const fixedX = corner.endsWith('w') ? box.left + box.width : box.left;
  const fixedY = corner.startsWith('n') ? box.top + box.height : box.top;
  const movedX = (corner.endsWith('w') ? box.left : box.left + box.width) + dx;
  const movedY = (corner.startsWith('n') ? box.top : box.top + box.height) + dy;
  const width = Math.max(min, Math.abs(movedX - fixedX));
  const height = Math.max(min, Math.abs(movedY - fixedY));
  return {
    left: movedX < fixedX ? fixedX - width : fixedX,
    top: movedY < fixedY ? fixedY - height : fixedY,
    width,
    height,
  };
}
