/**
 * Zooming the page images: 100 % is the pages at the width of their pane; a pinch or the zoom
 * buttons go up to 300 %. The step list keeps button zooms on round numbers.
 */
export const ZOOM_MIN = 1;
export const ZOOM_MAX = 3;
const STEPS = [1, 1.25, 1.5, 2, 2.5, 3];

export function clampZoom(z: number): number {
  if (!Number.isFinite(z)) return ZOOM_MIN;
  return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(z * 100) / 100));
}

/** The next step up (+1) or down (−1) from any zoom, a pinch's 1.37 included. */
export function stepZoom(z: number, direction: 1 | -1): number {
  const next =
    direction > 0 ? STEPS.find((s) => s > z + 0.001) : [...STEPS].reverse().find((s) => s < z - 0.001);
  return next ?? (direction > 0 ? ZOOM_MAX : ZOOM_MIN);
}

/**
 * Where to scroll so that the content under a point of the screen stays under it when the zoom goes
 * from `from` to `to`. `scroll` is the current scroll offset along one axis, `offset` the point's
 * distance from the scroll port's edge, `start` where the zoomed content begins in the scrolled
 * content (what lies before it does not grow).
 */
export function anchoredScroll(
  scroll: number,
  offset: number,
  start: number,
  from: number,
  to: number,
): number {
  const at = scroll + offset - start;
  return Math.max(0, start + (at * to) / from - offset);
}
