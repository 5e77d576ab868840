/**
 * The documents of a contract: each one's pages as PNG previews (GET …/preview.png, the session
 * cookie goes with same-origin images) and its download (the signed PDF as it is now). The server
 * previews documents made from templates; an uploaded PDF is read in its download.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Image, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { linePath } from '../api';
import type { Contract } from './types';

/** Pages previewed per document; a longer one is read in full in its download. */
const MAX_PAGES = 8;

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
            {d.kind === 'pdf' ? (
              <Typography.Text type="secondary">{t('contracts.uploadedPdf')}</Typography.Text>
            ) : (
              <Image.PreviewGroup>
                <div style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 4 }}>
                  {pages.map((p) => (
                    <Image
                      key={p}
                      width={150}
                      alt={t('contracts.pageN', { n: p })}
                      src={`${base}/preview.png?page=${p}&width=300`}
                      preview={{ src: `${base}/preview.png?page=${p}&width=1200` }}
                      style={{ border: '1px solid #f0f0f0', background: '#fff' }}
                    />
                  ))}
                </div>
              </Image.PreviewGroup>
            )}
            {d.kind === 'template' && d.pages > MAX_PAGES && (
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
