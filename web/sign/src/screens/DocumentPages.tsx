import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiImage } from '../ApiImage';
import { pageUrl, type ContractView } from '../api';
import type { PlacedField } from '../fields';
import { imageWidth } from '../page-width';

/** ISO A4 (the usual contract page) until the image tells its own size. */
const A4_RATIO = 297 / 210;

interface Page {
  /** 1-based over the whole contract (what POST /reading counts). */
  n: number;
  url: string;
  docPage: number;
}

/**
 * Every page of every document of a contract, as server-rendered PNGs loaded lazily. Reports the
 * page shown (for the indicator) and the furthest page seen (for forced reading).
 */
export function DocumentPages({
  contract,
  fields = [],
  onPage,
  sharp = false,
}: {
  contract: ContractView;
  /** The signer's fields still to sign: drawn as boxes where the seal will go. */
  fields?: PlacedField[];
  onPage: (current: number, furthest: number) => void;
  /** Zoomed in (150 % or more): the images are asked for at twice the width. */
  sharp?: boolean;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [baseWidth, setBaseWidth] = useState<number | null>(null);
  // Two sizes only, so that zooming does not render every page again at every step.
  const width = baseWidth === null ? null : imageWidth(baseWidth * (sharp ? 2 : 1), window.devicePixelRatio);
  const [failed, setFailed] = useState<Record<number, { failed: boolean; attempt: number }>>({});
  const onPageRef = useRef(onPage);
  onPageRef.current = onPage;

  // Measured before the first paint: the images are asked for in the same frame.
  useLayoutEffect(() => {
    if (box.current) setBaseWidth(box.current.clientWidth);
  }, []);

  const pages = useMemo<Page[]>(() => {
    if (width === null) return [];
    const out: Page[] = [];
    for (const doc of contract.documents)
      for (let p = 1; p <= doc.pages; p++)
        out.push({ n: out.length + 1, url: pageUrl(doc, p, width), docPage: p });
    return out;
  }, [contract, width]);

  useEffect(() => {
    if (pages.length === 0 || !box.current) return;
    const ratios = new Map<number, number>();
    let furthest = contract.signer.reading.lastPageSeen;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries)
          ratios.set(Number((e.target as HTMLElement).dataset.page), e.intersectionRatio);
        let current = 0;
        let best = 0;
        for (const [n, r] of ratios) {
          // A page counts as seen when half of it, or all the screen can show of it, was visible.
          if (
            r >= 0.5 ||
            r * (box.current?.querySelector<HTMLElement>(`[data-page="${n}"]`)?.offsetHeight ?? 0) >=
              window.innerHeight * 0.6
          )
            furthest = Math.max(furthest, n);
          if (r > best) [best, current] = [r, n];
        }
        if (current > 0) onPageRef.current(current, furthest);
      },
      { threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    for (const el of box.current.querySelectorAll('[data-page]')) observer.observe(el);
    return () => observer.disconnect();
  }, [pages, contract.signer.reading.lastPageSeen]);

  return (
    <div className="pages" ref={box}>
      {pages.map((p) => (
        <figure key={p.n} className="page" data-page={p.n} style={{ aspectRatio: ratioOf(p.n, fields) }}>
          {failed[p.n]?.failed ? (
            <button
              type="button"
              className="page-failed"
              onClick={() =>
                setFailed((f) => ({ ...f, [p.n]: { failed: false, attempt: (f[p.n]?.attempt ?? 0) + 1 } }))
              }
            >
              {t('pageFailed', { page: p.n })}
            </button>
          ) : (
            <ApiImage
              key={failed[p.n]?.attempt ?? 0}
              src={p.url}
              alt={t('pageAlt', { title: contract.title, page: p.n })}
              loading={p.n <= 2 ? 'eager' : 'lazy'}
              decoding="async"
              draggable={false}
              onFail={() =>
                setFailed((f) => ({ ...f, [p.n]: { failed: true, attempt: f[p.n]?.attempt ?? 0 } }))
              }
            />
          )}
          {fields.map((f, i) => f.n === p.n && <FieldBox key={i} index={i} placed={f} />)}
        </figure>
      ))}
    </div>
  );
}

/** A page with a field has the size the server measured (its CropBox); the others A4's. */
function ratioOf(n: number, fields: PlacedField[]): string {
  const size = fields.find((f) => f.n === n)?.field.pageSize;
  return size ? `${size[0]} / ${size[1]}` : `1 / ${A4_RATIO}`;
}

/** Where the signer's seal will go, over the page image (PDF points from the bottom-left corner). */
function FieldBox({ index, placed }: { index: number; placed: PlacedField }) {
  const { t } = useTranslation();
  const [x0, y0, x1, y1] = placed.field.rect;
  const [w, h] = placed.field.pageSize;
  const pct = (v: number, of: number) => `${Math.max(0, Math.min(100, (100 * v) / of))}%`;
  return (
    <div
      className="field-box"
      data-field={index}
      style={{ left: pct(x0, w), top: pct(h - y1, h), width: pct(x1 - x0, w), height: pct(y1 - y0, h) }}
    >
      <span>{placed.field.crossPage ? t('fieldCrossPage') : t('fieldHere')}</span>
    </div>
  );
}
