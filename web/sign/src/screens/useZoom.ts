import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { anchoredScroll, clampZoom } from '../zoom';

/** The scroll port of the pages: the PC's pages pane, or the phone's window (vertical) and box (horizontal). */
function port(box: HTMLElement, pane: HTMLElement | null) {
  if (pane) {
    const r = pane.getBoundingClientRect();
    return {
      x: pane.scrollLeft,
      y: pane.scrollTop,
      left: r.left,
      top: r.top,
      startY: box.getBoundingClientRect().top - r.top + pane.scrollTop,
      to: (x: number, y: number) => pane.scrollTo(x, y),
    };
  }
  const r = box.getBoundingClientRect();
  return {
    x: box.scrollLeft,
    y: window.scrollY,
    left: r.left,
    top: 0,
    startY: r.top + window.scrollY,
    to: (x: number, y: number) => {
      box.scrollLeft = x;
      window.scrollTo(window.scrollX, y);
    },
  };
}

/**
 * The zoom of the page images in `box` (its `--zoom` sets the pages' width): `zoomTo` from the
 * buttons keeps the middle of the port in place, a two-finger pinch on the box keeps the point
 * between the fingers in place. During a pinch the CSS variable follows the fingers and React hears
 * the zoom once, when the fingers lift.
 */
export function useZoom(box: RefObject<HTMLDivElement | null>, pane: () => HTMLElement | null) {
  const [zoom, setZoom] = useState(1);
  const live = useRef(1);

  const apply = useCallback(
    (z: number, at?: { x: number; y: number }) => {
      const el = box.current;
      const from = live.current;
      if (!el || z === from) return;
      const p = port(el, pane());
      const host = pane();
      const w = host ? host.clientWidth : el.clientWidth;
      const h = host ? host.clientHeight : window.innerHeight;
      const ox = at ? at.x - p.left : w / 2;
      const oy = at ? at.y - p.top : h / 2;
      live.current = z;
      el.style.setProperty('--zoom', String(z));
      p.to(anchoredScroll(p.x, ox, 0, from, z), anchoredScroll(p.y, oy, p.startY, from, z));
    },
    [box, pane],
  );

  const zoomTo = useCallback(
    (z: number) => {
      apply(clampZoom(z));
      setZoom(live.current);
    },
    [apply],
  );

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let start: { d: number; z: number } | null = null;
    let frame = 0;
    const two = (e: TouchEvent): [Touch, Touch] | null =>
      e.touches.length === 2 ? [e.touches[0]!, e.touches[1]!] : null;
    const onStart = (e: TouchEvent) => {
      const t = two(e);
      if (t)
        start = { d: Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY), z: live.current };
    };
    const onMove = (e: TouchEvent) => {
      const t = two(e);
      if (!start || !t || start.d < 1) return;
      e.preventDefault();
      const d = Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY);
      const z = clampZoom((start.z * d) / start.d);
      const at = { x: (t[0].clientX + t[1].clientX) / 2, y: (t[0].clientY + t[1].clientY) / 2 };
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => apply(z, at));
    };
    const onEnd = (e: TouchEvent) => {
      if (!start || e.touches.length >= 2) return;
      start = null;
      cancelAnimationFrame(frame);
      setZoom(live.current);
    };
    el.addEventListener('touchstart', onStart, { passive: true });
    el.addEventListener('touchmove', onMove, { passive: false });
    el.addEventListener('touchend', onEnd);
    el.addEventListener('touchcancel', onEnd);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('touchstart', onStart);
      el.removeEventListener('touchmove', onMove);
      el.removeEventListener('touchend', onEnd);
      el.removeEventListener('touchcancel', onEnd);
    };
  }, [box, apply]);

  return { zoom, zoomTo };
}
