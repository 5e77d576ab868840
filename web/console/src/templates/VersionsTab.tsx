/** The versions of a template with their review status, and the text diff of two chosen ones. */
import { Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../lib/format';
import { TextDiff } from './TextDiff';
import type { Template, TemplateVersion } from './types';
import { VersionStatus } from './VersionStatus';

export function VersionsTab(props: { appId: string; template: Template }) {
  const { t } = useTranslation();
  const versions = [...props.template.versions].reverse();
  // The two newest to begin with: what changed last.
  const [chosen, setChosen] = useState<string[]>(versions.slice(0, 2).map((v) => v.id));
  const pair = props.template.versions.filter((v) => chosen.includes(v.id));
  const label = (v: TemplateVersion) => `v${v.version} · ${t(`templates.status.${v.status}`)}`;
  return (
    <>
      <Table<TemplateVersion>
        data-testid="version-table"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={versions}
        rowSelection={{
          selectedRowKeys: chosen,
          hideSelectAll: true,
          onChange: (keys) => setChosen((keys as string[]).slice(-2)),
        }}
        columns={[
          {
            title: t('templates.versions.version'),
            dataIndex: 'version',
            width: 72,
            render: (n: number) => `v${n}`,
          },
          { title: t('common.status'), width: 96, render: (_, v) => <VersionStatus version={v} /> },
          {
            title: t('templates.versions.reason'),
            dataIndex: 'reviewReason',
            render: (r: string | null) => r ?? '—',
          },
          { title: t('templates.versions.signFields'), width: 90, render: (_, v) => v.signFields.length },
          { title: t('templates.versions.createdBy'), dataIndex: 'createdBy' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: formatTime },
          {
            title: t('templates.versions.reviewedAt'),
            dataIndex: 'reviewedAt',
            width: 170,
            render: formatTime,
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('templates.diff.title')}
      </Typography.Title>
      {pair.length === 2 ? (
        <TextDiff
          appId={props.appId}
          templateId={props.template.id}
          oldVersionId={pair[0]!.id}
          newVersionId={pair[1]!.id}
          oldLabel={label(pair[0]!)}
          newLabel={label(pair[1]!)}
        />
      ) : (
        <Typography.Text type="secondary">{t('templates.diff.choose')}</Typography.Text>
      )}
    </>
  );
}
