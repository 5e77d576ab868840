/**
 * The documents of a contract: each one's pages as PNG previews (GET …/preview.png, the session
 * cookie goes with same-origin images) and its download (the signed PDF as it is now). A document
 * made from a template is drawn from its program; an uploaded PDF from its stored bytes, seals
 * signed so far included (poppler on the server; without it the pictures say so).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Image, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { linePath } from '../api';
import type { Contract } from './types';

/** Pages previewed per document; a longer one is read in full in its download. */
const MAX_PAGES = 8;

/** Shown when a page cannot be drawn (no poppler on the server): a grey sheet, not a broken image. */
const FALLBACK =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="424"><rect width="300" height="424" fill="#fafafa"/></svg>',
  );

export function Documents({ appId, contract }: { appId: string; contract: Contract }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {contract.documents.map((d) => {
        const base = linePath(appId, `/contracts/${encodeURIComponent(contract.id)}/documents/${d.id}`);
        const pages = Array.from({ length: Math.min(d.pages, MAX_PAGES) }, (_, i) => i + 1);
        return (
          <Card
            key={d.id}
            size="small"
            data-testid="document"
            title={t('contracts.documentN', { n: d.position + 1, pages: d.pages })}
            extra={
              <Button size="small" icon={<DownloadOutlined />} href={`${base}/download`}>
                {t('common.download')}
              </Button>
            }
          >
            <Image.PreviewGroup>
              <div style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 4 }}>
                {pages.map((p) => (
                  <Image
                    key={p}
                    width={150}
                    alt={t('contracts.pageN', { n: p })}
                    src={`${base}/preview.png?page=${p}&width=300`}
                    preview={{ src: `${base}/preview.png?page=${p}&width=1200` }}
                    fallback={FALLBACK}
                    style={{ border: '1px solid #f0f0f0', background: '#fff' }}
                  />
                ))}
              </div>
            </Image.PreviewGroup>
            {d.kind === 'pdf' && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('contracts.uploadedPdf')}
              </Typography.Text>
            )}
            {d.pages > MAX_PAGES && (
              <Typography.Text type="secondary">
                {t('contracts.morePages', { n: d.pages - MAX_PAGES })}
              </Typography.Text>
            )}
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
              SHA-256 {d.sha256} · {t('contracts.revision', { n: d.revision })}
            </Typography.Paragraph>
          </Card>
        );
      })}
    </Space>
  );
}
