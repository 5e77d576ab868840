/**
 * What changed after a signature, on the page pictures: each page with a change is drawn by the
 * server from the same file (POST /verify/preview.png, nothing stored) and the report's boxes are
 * laid over it — red for modifications, green (dashed) for later signatures that are allowed.
 * Boxes are in points from the displayed page's top-left corner; one scale maps both axes.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiBlob, linePath, query } from '../api';
import type { ChangedRegion } from './types';

/** Shown width of a page picture (CSS pixels); fetched at twice that for sharp text. */
const SHOWN = 420;
/** Pages pictured per signature: each is one more upload of the file. */
const MAX_PAGES = 4;

const RED = '#cf1322';
const GREEN = '#389e0d';

export function ChangedPages(props: {
  appId: string;
  file: File;
  pages: { width: number; height: number }[];
  regions: ChangedRegion[];
}) {
  const { t } = useTranslation();
  const byPage = new Map<number, ChangedRegion[]>();
  for (const r of props.regions) byPage.set(r.page, [...(byPage.get(r.page) ?? []), r]);
  const numbers = [...byPage.keys()].sort((a, b) => a - b);
  if (numbers.length === 0) return null;
  const shown = numbers.slice(0, MAX_PAGES);
  return (
    <div data-testid="changed-pages">
      <Space size={12} wrap style={{ margin: '12px 0 4px' }}>
        <Typography.Text strong>{t('verify.onPages')}</Typography.Text>
        <Tag color="error">{t('verify.legendDisallowed')}</Tag>
        <Tag color="success">{t('verify.legendAllowed')}</Tag>
      </Space>
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        {shown.map((n) => (
          <PagePicture
            key={n}
            appId={props.appId}
            file={props.file}
            page={n}
            size={props.pages[n - 1]}
            regions={byPage.get(n)!}
          />
        ))}
      </div>
      {numbers.length > shown.length && (
        <Typography.Text type="secondary">
          {t('verify.morePages', { n: numbers.length - shown.length })}
        </Typography.Text>
      )}
    </div>
  );
}

function PagePicture(props: {
  appId: string;
  file: File;
  page: number;
  size: { width: number; height: number } | undefined;
  regions: ChangedRegion[];
}) {
  const { t } = useTranslation();
  const picture = useQuery({
    // The File object is the identity of the upload: another drop is another query.
    queryKey: ['verify-page', props.file, props.page],
    queryFn: () =>
      apiBlob(
        'POST',
        linePath(props.appId, `/verify/preview.png${query({ page: props.page, width: SHOWN * 2 })}`),
        new Blob([props.file], { type: 'application/pdf' }),
      ),
    staleTime: Infinity,
    retry: false,
  });
  const url = useObjectUrl(picture.data);
  const size = props.size ?? { width: 595, height: 842 };
  const scale = SHOWN / size.width;
  return (
    <figure style={{ margin: 0 }} data-testid="changed-page" data-page={props.page}>
      <figcaption style={{ marginBottom: 4 }}>
        <Typography.Text type="secondary">{t('verify.pageN', { n: props.page })}</Typography.Text>
      </figcaption>
      {picture.error ? (
        <Alert type="warning" showIcon title={(picture.error as Error).message} style={{ width: SHOWN }} />
      ) : (
        <div
          style={{
            position: 'relative',
            width: SHOWN,
            height: size.height * scale,
            border: '1px solid #f0f0f0',
            background: '#fff',
          }}
        >
          {url ? (
            <img
              src={url}
              width={SHOWN}
              alt={t('verify.pageN', { n: props.page })}
              data-testid="changed-page-image"
              style={{ display: 'block' }}
            />
          ) : (
            <Spin style={{ position: 'absolute', left: '50%', top: 80, marginLeft: -10 }} />
          )}
          {props.regions.map((r, i) => (
            <RegionBox key={i} region={r} scale={scale} />
          ))}
        </div>
      )}
    </figure>
  );
}

function RegionBox({ region: r, scale }: { region: ChangedRegion; scale: number }) {
  const { t } = useTranslation();
  const color = r.allowed ? GREEN : RED;
  const label = `${t(`verify.change.${r.change}`)}${t(`verify.what.${r.what}`)}`;
  return (
    <div
      data-testid="change-box"
      data-allowed={String(r.allowed)}
      data-what={r.what}
      title={r.detail ? `${label}: ${r.detail}` : label}
      style={{
        position: 'absolute',
        left: r.left * scale - 2,
        top: r.top * scale - 2,
        width: r.width * scale + 4,
        height: r.height * scale + 4,
        border: `2px ${r.allowed ? 'dashed' : 'solid'} ${color}`,
        background: r.allowed ? 'transparent' : `${color}14`,
        boxSizing: 'border-box',
        pointerEvents: 'auto',
      }}
    >
      <span
        style={{
          position: 'absolute',
          left: -2,
          // Above the box, or inside it when the box starts at the page's top edge.
          ...(r.top * scale < 18 ? { top: 0 } : { bottom: '100%' }),
          background: color,
          color: '#fff',
          fontSize: 11,
          lineHeight: '16px',
          padding: '0 4px',
          whiteSpace: 'nowrap',
        }}
      >
        {label}
      </span>
    </div>
  );
}

/** An object URL for a Blob, revoked when the Blob changes or the component goes. */
function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return setUrl(undefined);
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}
