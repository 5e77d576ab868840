/**
 * The live picture of a generated seal while its text is typed: GET /seals/preview.png once the
 * typing pauses (300 ms), so a name of ten characters costs one drawing, not ten.
 */
import { Empty } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linePath, query } from '../api';

export interface PreviewText {
  kind: 'round' | 'square';
  name?: string;
  purpose?: string;
  number?: string;
}

export function SealPreview({ appId, text }: { appId: string; text: PreviewText }) {
  const { t } = useTranslation();
  const src = text.name?.trim()
    ? linePath(
        appId,
        `/seals/preview.png${query({
          kind: text.kind,
          name: text.name.trim(),
          ...(text.kind === 'round' ? { purpose: text.purpose?.trim(), number: text.number?.trim() } : {}),
        })}`,
      )
    : null;
  const [shown, setShown] = useState(src);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => {
      setShown(src);
      setFailed(false);
    }, 300);
    return () => clearTimeout(timer);
  }, [src]);
  return (
    <div
      style={{
        width: 200,
        height: 200,
        display: 'grid',
        placeItems: 'center',
        border: '1px dashed #d9d9d9',
        borderRadius: 8,
        background: '#fafafa',
      }}
    >
      {shown && !failed ? (
        <img
          src={shown}
          alt={t('seals.preview')}
          data-testid="seal-preview"
          style={{ maxWidth: 180, maxHeight: 180 }}
          onError={() => setFailed(true)}
        />
      ) : (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={failed ? t('seals.previewFailed') : t('seals.previewHint')}
        />
      )}
    </div>
  );
}
