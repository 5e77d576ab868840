import { SpinLoading } from 'antd-mobile';
import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usesBearer, type ContractView } from '../api';
import type { PlacedField } from '../fields';
import type { Layout } from '../theme';
import { stepZoom, ZOOM_MAX, ZOOM_MIN } from '../zoom';
import { DocumentPages } from './DocumentPages';
import type { Reading } from './useReading';
import { useZoom } from './useZoom';

// The reading mode is loaded only when a signer asks for it (the first load stays small).
const HtmlReader = lazy(() => import('./HtmlReader').then((m) => ({ default: m.HtmlReader })));

type Theme = 'light' | 'dark';

/**
 * A contract's pages with their tools: zoom (buttons on a PC, a pinch on a phone, a reset chip once
 * zoomed), the page indicator, and on phones the HTML reading mode in light or dark. The reading
 * mode needs the session cookie (a frame cannot carry an embedded page's bearer token) and an HTML
 * preview of every document (a template's; an uploaded PDF has none).
 */
export function ContractPages({
  contract,
  fields,
  layout,
  reading,
}: {
  contract: ContractView;
  fields: PlacedField[];
  layout: Layout;
  reading: Reading;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const pane = useCallback(
    () => (layout === 'pc' ? (box.current?.closest<HTMLElement>('.doc-pane') ?? null) : null),
    [layout],
  );
  const { zoom, zoomTo } = useZoom(box, pane);
  const [mode, setMode] = useState<'pages' | 'html'>('pages');
  const [theme, setTheme] = useState<Theme>(() =>
    window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  );
  const htmlOffered =
    layout === 'h5' && !usesBearer() && contract.documents.every((d) => d.kind === 'template');
  const percent = Math.round(zoom * 100);
  const zoomButtons = (
    <div className="zoom-tools" role="group" aria-label={t('zoom.bar')}>
      {layout === 'pc' && (
        <button
          type="button"
          aria-label={t('zoom.out')}
          disabled={zoom <= ZOOM_MIN}
          onClick={() => zoomTo(stepZoom(zoom, -1))}
        >
          −
        </button>
      )}
      {(layout === 'pc' || zoom > ZOOM_MIN) && (
        <button
          type="button"
          className="zoom-value"
          aria-label={t('zoom.reset', { percent })}
          onClick={() => zoomTo(1)}
        >
          {percent}%
        </button>
      )}
      {layout === 'pc' && (
        <button
          type="button"
          aria-label={t('zoom.in')}
          disabled={zoom >= ZOOM_MAX}
          onClick={() => zoomTo(stepZoom(zoom, 1))}
        >
          +
        </button>
      )}
    </div>
  );

  return (
    <>
      <div className="view-bar">
        {htmlOffered && (
          <div className="segmented" role="radiogroup" aria-label={t('view.label')}>
            {(['pages', 'html'] as const).map((m) => (
              <button key={m} type="button" role="radio" aria-checked={mode === m} onClick={() => setMode(m)}>
                {t(`view.${m}`)}
              </button>
            ))}
          </div>
        )}
        {mode === 'html' && (
          <div className="segmented" role="radiogroup" aria-label={t('view.html')}>
            {(['light', 'dark'] as const).map((m) => (
              <button
                key={m}
                type="button"
                role="radio"
                aria-checked={theme === m}
                onClick={() => setTheme(m)}
              >
                {t(`view.${m}`)}
              </button>
            ))}
          </div>
        )}
        {mode === 'pages' && zoomButtons}
      </div>
      {/* Always mounted: the pinch listeners hold on to it. */}
      <div className="zoom-box" ref={box} hidden={mode !== 'pages'}>
        {mode === 'pages' && (
          <DocumentPages contract={contract} fields={fields} onPage={reading.onPage} sharp={zoom >= 1.5} />
        )}
      </div>
      {mode === 'html' && (
        <Suspense fallback={<SpinLoading color="primary" />}>
          <HtmlReader
            contract={contract}
            theme={theme}
            onEnd={() => reading.onPage(reading.total, reading.total)}
          />
        </Suspense>
      )}
      {mode === 'pages' && (
        <div className="page-pill" aria-live="polite">
          {t('page', { current: reading.current, total: reading.total })}
        </div>
      )}
    </>
  );
}
