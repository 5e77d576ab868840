/** A template (/templates/:id): its field analysis, page previews, signers and sign fields, and versions. */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Spin, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../components/errors';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { can, useRole } from '../session';
import { useTemplate } from '../templates/api';
import { FieldsTab } from '../templates/FieldsTab';
import { PreviewTab } from '../templates/PreviewTab';
import { SignersTab } from '../templates/SignersTab';
import { VersionStatus } from '../templates/VersionStatus';
import { VersionsTab } from '../templates/VersionsTab';

export function TemplateDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const appId = useAppId();
  const role = useRole();
  const navigate = useNavigate();
  const template = useTemplate(appId, id);
  if (template.error) return <ErrorAlert error={template.error} />;
  if (!template.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const tpl = template.data;
  const latest = tpl.versions.at(-1)!;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space align="center" style={{ marginBottom: 12 }}>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/templates')}
            aria-label={t('common.back')}
          />
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="template-name">
            {tpl.name}
          </Typography.Title>
        </Space>
        <Descriptions size="small" column={4}>
          <Descriptions.Item label={t('templates.activeVersion')}>
            <span data-testid="active-version">
              {tpl.activeVersion ? `v${tpl.activeVersion.version}` : t('templates.none')}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('templates.latestVersion')}>
            <Space size={4}>
              v{latest.version}
              <VersionStatus version={latest} />
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('templates.signerRoles')}>
            {latest.signerRoles.join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('common.updatedAt')}>{formatTime(tpl.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'fields',
              label: t('templates.tabs.fields'),
              children: <FieldsTab appId={appId} templateId={tpl.id} versionId={latest.id} />,
            },
            {
              key: 'preview',
              label: t('templates.tabs.preview'),
              children: <PreviewTab appId={appId} templateId={tpl.id} versionId={latest.id} />,
            },
            {
              key: 'signers',
              label: t('templates.tabs.signers'),
              children: <SignersTab appId={appId} template={tpl} editable={can.change(role)} />,
            },
            {
              key: 'versions',
              label: t('templates.tabs.versions', { count: tpl.versions.length }),
              children: <VersionsTab appId={appId} template={tpl} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
