import { useEffect, useRef, useState, type ImgHTMLAttributes } from 'react';
import { blobUrl, usesBearer } from './api';
import { preloadedImage } from './boot';

/**
 * An image of the session API. With the cookie it is a plain <img> (the browser sends the cookie
 * and loads lazily by itself); an embedded page's bearer token cannot ride on an <img>, so the
 * image is fetched with it — when it comes near the screen if `loading="lazy"` — and shown as a
 * blob: URL (the CSP allows blob: images). The first page, when boot.ts fetched it before React
 * ran, is shown from that fetch (kept for the tab's life: one image) instead of being asked again.
 */
export function ApiImage({
  src,
  onFail,
  ...rest
}: Omit<ImgHTMLAttributes<HTMLImageElement>, 'src' | 'onError'> & { src: string; onFail?: () => void }) {
  const bearer = usesBearer();
  const ref = useRef<HTMLImageElement>(null);
  const [url, setUrl] = useState<string | undefined>(undefined);

  const early = bearer ? undefined : preloadedImage(src);

  useEffect(() => {
    if (!early) return;
    let live = true;
    // The early fetch's blob, or (it failed) the page's own ask.
    early.then(
      (u) => live && setUrl(u),
      () => live && setUrl(src),
    );
    return () => {
      live = false;
    };
  }, [early, src]);

  useEffect(() => {
    if (!bearer) return;
    let live = true;
    let made: string | undefined;
    const load = () =>
      blobUrl(src).then(
        (u) => {
          made = u;
          if (live) setUrl(u);
          else URL.revokeObjectURL(u);
        },
        () => live && onFail?.(),
      );
    let observer: IntersectionObserver | undefined;
    if (rest.loading === 'lazy' && ref.current) {
      observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((e) => e.isIntersecting)) return;
          observer?.disconnect();
          void load();
        },
        { rootMargin: '1200px 0px' },
      );
      observer.observe(ref.current);
    } else void load();
    return () => {
      live = false;
      observer?.disconnect();
      if (made) URL.revokeObjectURL(made);
    };
    // (onFail is a new function on every render: the image depends on its URL only.)
  }, [src, bearer, rest.loading]);

  return <img ref={ref} {...rest} src={bearer || early ? url : src} onError={onFail} />;
}
