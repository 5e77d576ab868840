/**
 * One page of a template preview as a PNG (rendered at twice the shown width, for sharp text on
 * high-density screens), with room for an overlay (the sign-field boxes) laid exactly over it.
 */
import { Pagination, Segmented, Space, Spin } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { previewPngUrl } from './api';
import type { PreviewMode } from './types';

export function PageImage(props: {
  appId: string;
  templateId: string;
  versionId?: string;
  page: number;
  mode: PreviewMode;
  width: number;
  /** Page height / width, to hold the space while the PNG loads. */
  aspect?: number;
  children?: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState('');
  const src = previewPngUrl(props.appId, props.templateId, {
    page: props.page,
    width: Math.min(4000, props.width * 2),
    mode: props.mode,
    ...(props.versionId ? { versionId: props.versionId } : {}),
  });
  return (
    <div
      style={{
        position: 'relative',
        width: props.width,
        minHeight: props.aspect ? props.width * props.aspect : undefined,
        userSelect: 'none',
      }}
    >
      <img
        className="page-preview"
        src={src}
        width={props.width}
        alt={t('templates.preview.pageAlt', { page: props.page })}
        draggable={false}
        data-testid={props.testId ?? 'page-image'}
        onLoad={() => setLoaded(src)}
      />
      {loaded !== src && <Spin style={{ position: 'absolute', left: '50%', top: 80, marginLeft: -10 }} />}
      {props.children}
    </div>
  );
}

/** The sample data / tag names switch and the page navigation above a preview. */
export function PreviewControls(props: {
  mode?: PreviewMode;
  onMode?: (m: PreviewMode) => void;
  page: number;
  pages: number;
  onPage: (p: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space wrap size="middle" style={{ marginBottom: 12 }}>
      {props.mode && props.onMode && (
        <Segmented<PreviewMode>
          data-testid="preview-mode"
          value={props.mode}
          onChange={props.onMode}
          options={[
            { value: 'sample', label: t('templates.preview.sample') },
            { value: 'tags', label: t('templates.preview.tags') },
          ]}
        />
      )}
      <Pagination
        simple
        current={props.page}
        total={Math.max(1, props.pages)}
        pageSize={1}
        onChange={props.onPage}
        data-testid="page-nav"
      />
    </Space>
  );
}
