/**
 * Template approval (模板审批): the versions waiting for legal, oldest first, across business
 * lines; one opened shows the old and new text and pages side by side. Only legal decides (the
 * server checks; admins see the queue without the buttons).
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api';
import { ErrorAlert } from '../components/errors';
import { formatTime } from '../lib/format';
import { can, useRole } from '../session';
import { ApprovalReview } from '../templates/ApprovalReview';
import type { TemplateSummary, TemplateVersion } from '../templates/types';
import type { BusinessLine } from '../types';

interface Pending {
  version: TemplateVersion;
  template: TemplateSummary;
  businessLineId: string;
}

export function Approvals() {
  const { t } = useTranslation();
  const role = useRole();
  const pending = useQuery({
    queryKey: ['pending-versions'],
    queryFn: async () => (await get<{ items: Pending[] }>('/admin/api/template-versions/pending')).items,
  });
  // The queue names lines by their internal id; the line routes take the app id.
  const lines = useQuery({
    queryKey: ['business-lines'],
    queryFn: () => get<{ items: BusinessLine[] }>('/admin/api/business-lines'),
  });
  const lineOf = (id: string) => lines.data?.items.find((l) => l.id === id);
  const [chosen, setChosen] = useState<string | undefined>();
  const items = pending.data ?? [];
  const current = items.find((p) => p.version.id === chosen) ?? items[0];
  useEffect(() => {
    if (chosen && !items.some((p) => p.version.id === chosen)) setChosen(undefined);
  }, [items, chosen]);
  const appId = current ? lineOf(current.businessLineId)?.appId : undefined;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('approvals.title')}
        extra={
          <Typography.Text type="secondary">{t('approvals.count', { count: items.length })}</Typography.Text>
        }
      >
        <ErrorAlert error={pending.error ?? lines.error} />
        <Table<Pending>
          data-testid="pending-table"
          size="small"
          rowKey={(p) => p.version.id}
          loading={pending.isFetching}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: <Empty description={t('approvals.empty')} /> }}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: current ? [current.version.id] : [],
            onChange: (keys) => setChosen(String(keys[0])),
          }}
          onRow={(p) => ({ onClick: () => setChosen(p.version.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('approvals.template'), render: (_, p) => p.template.name },
            { title: t('approvals.version'), render: (_, p) => `v${p.version.version}` },
            { title: t('common.line'), render: (_, p) => lineOf(p.businessLineId)?.name ?? p.businessLineId },
            { title: t('approvals.submittedBy'), render: (_, p) => p.version.createdBy },
            { title: t('approvals.submittedAt'), render: (_, p) => formatTime(p.version.createdAt) },
          ]}
        />
      </Card>
      {current && appId && (
        <ApprovalReview
          key={current.version.id}
          appId={appId}
          version={current.version}
          canDecide={can.review(role)}
        />
      )}
    </Space>
  );
}
