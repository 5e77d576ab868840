/**
 * The audit log (admin, legal): every recorded change, newest first, searched by business line
 * (or platform events such as logins), actor, object and action prefix; server-paginated.
 */
import { Form, Input, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, query, type Page } from '../api';
import { CursorTable } from '../components/CursorTable';
import { FilterBar } from '../components/FilterBar';
import { PageHeader } from '../components/PageHeader';
import { formatTime } from '../lib/format';
import { useLine } from '../line';
import type { AuditEvent } from '../types';

interface Filter {
  businessLineId?: string;
  actor?: string;
  target?: string;
  action?: string;
}

export function Audit() {
  const { t } = useTranslation();
  const { lines } = useLine();
  const [filter, setFilter] = useState<Filter>({});
  const [form] = Form.useForm<Filter>();
  const lineName = new Map(lines.map((l) => [l.id, l.name]));

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <FilterBar form={form} onSearch={(v) => setFilter(v)}>
        <Form.Item name="businessLineId">
          <Select
            allowClear
            placeholder={t('audit.allLines')}
            style={{ width: 200 }}
            options={[
              { value: 'platform', label: t('audit.platform') },
              ...lines.map((l) => ({ value: l.id, label: l.name })),
            ]}
          />
        </Form.Item>
        <Form.Item name="action">
          <Input placeholder={t('audit.action')} allowClear />
        </Form.Item>
        <Form.Item name="actor">
          <Input placeholder={t('audit.actor')} allowClear />
        </Form.Item>
        <Form.Item name="target">
          <Input placeholder={t('audit.target')} allowClear />
        </Form.Item>
      </FilterBar>
      <CursorTable<AuditEvent>
        queryKey={['audit-log', filter]}
        rowKey="id"
        fetchPage={(cursor) =>
          get<Page<AuditEvent>>(`/admin/api/audit-log${query({ ...filter, cursor, limit: 50 })}`)
        }
        columns={[
          { title: t('common.time'), dataIndex: 'at', width: 170, render: (v: number) => formatTime(v) },
          {
            title: t('audit.actionColumn'),
            dataIndex: 'action',
            width: 230,
            render: (v: string) => <Tag>{v}</Tag>,
          },
          { title: t('audit.actorColumn'), dataIndex: 'actor', ellipsis: true },
          { title: t('audit.targetColumn'), dataIndex: 'target', ellipsis: true },
          {
            title: t('audit.line'),
            dataIndex: 'businessLineId',
            render: (v: string | null) => (v ? (lineName.get(v) ?? v) : t('audit.platform')),
          },
          { title: 'IP', dataIndex: 'ip', width: 130 },
          {
            title: t('audit.details'),
            dataIndex: 'details',
            ellipsis: true,
            render: (d: Record<string, unknown>) => (
              <Typography.Text type="secondary" ellipsis>
                {Object.keys(d).length ? JSON.stringify(d) : ''}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
