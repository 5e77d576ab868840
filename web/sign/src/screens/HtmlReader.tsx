import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractView, DocumentView } from '../api';

/**
 * 阅读模式: every document of the contract as the session's HTML preview (text that reflows to the
 * phone, light or dark), each in a sandboxed frame of this origin without scripts, as tall as its
 * text so the page scrolls as one. Reaching the end of the last one counts as reading to the last
 * page (forced reading) — only once every frame has loaded and has its height, never before.
 */
export function HtmlReader({
  contract,
  theme,
  onEnd,
}: {
  contract: ContractView;
  theme: 'light' | 'dark';
  onEnd: () => void;
}) {
  const { t } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState<Set<string>>(new Set());
  const ready = contract.documents.every((d) => loaded.has(`${d.id}:${theme}`));
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  useEffect(() => {
    if (!ready || !end.current) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onEndRef.current();
    });
    observer.observe(end.current);
    return () => observer.disconnect();
  }, [ready]);

  return (
    <div className={`html-reader html-${theme}`} data-theme={theme}>
      <p className="html-note">{t('view.note')}</p>
      {contract.documents.map((d) => (
        <HtmlFrame
          key={`${d.id}:${theme}`}
          doc={d}
          theme={theme}
          title={t('view.frame', { title: contract.title })}
          onLoaded={() => setLoaded((s) => new Set(s).add(`${d.id}:${theme}`))}
        />
      ))}
      <div ref={end} className="html-end" data-ready={ready}>
        {ready ? t('view.end') : ''}
      </div>
    </div>
  );
}

function HtmlFrame({
  doc,
  theme,
  title,
  onLoaded,
}: {
  doc: DocumentView;
  theme: 'light' | 'dark';
  title: string;
  onLoaded: () => void;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);

  // The frame is as tall as its text (same origin, so its height can be read), again on a resize.
  const measure = () => {
    const root = frame.current?.contentDocument?.documentElement;
    if (root) setHeight(root.scrollHeight);
  };
  useEffect(() => {
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);

  return (
    <iframe
      ref={frame}
      className="html-frame"
      title={title}
      // Same origin (to measure it), no scripts: the preview carries none, and may run none.
      sandbox="allow-same-origin"
      src={`${doc.previewHtml}?theme=${theme}`}
      style={height ? { height } : undefined}
      onLoad={() => {
        measure();
        onLoaded();
      }}
    />
  );
}
