/**
 * Real-name verifications (实名认证) of the chosen line: the queue of pending requests of the
 * `manual` provider first, and every record by status, kind or subject. Operators (and admins)
 * approve or reject a pending request; legal reads. ID numbers and phones come masked from the
 * server (GET /real-name); the console never sees them whole.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, linePath, post, query, type Page } from '../api';
import { CursorTable } from '../components/CursorTable';
import { FilterBar } from '../components/FilterBar';
import { PageHeader } from '../components/PageHeader';
import { errorText } from '../components/errors';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { can, useRole } from '../session';
import type { RealNameRecord, RealNameStatus } from '../wire';

interface Filter {
  status?: RealNameStatus;
  kind?: 'person' | 'organization';
  idType?: string;
  id?: string;
}

const STATUS_COLOR: Record<RealNameStatus, string> = {
  pending: 'gold',
  verified: 'green',
  failed: 'red',
  rejected: 'default',
};

export function RealName() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const appId = useAppId();
  const role = useRole();
  const client = useQueryClient();
  const [filter, setFilter] = useState<Filter>({ status: 'pending' });
  const [deciding, setDeciding] = useState<{ record: RealNameRecord; decision: 'approve' | 'reject' } | null>(
    null,
  );
  const [filterForm] = Form.useForm<Filter>();
  const [form] = Form.useForm<{ text?: string }>();
  const decide = useMutation({
    mutationFn: (v: { id: string; decision: 'approve' | 'reject'; text?: string }) =>
      post<RealNameRecord>(
        linePath(appId, `/real-name/${v.id}/${v.decision}`),
        v.decision === 'approve' ? (v.text?.trim() ? { note: v.text.trim() } : {}) : { reason: v.text ?? '' },
      ),
    onSuccess: (r) => {
      setDeciding(null);
      void message.success(t(`realName.status.${r.status}`));
      void client.invalidateQueries({ queryKey: ['real-name', appId] });
    },
    onError: (e) => void message.error(errorText(e)),
  });

  return (
    <>
      <PageHeader title={t('realName.title')} />
      <Typography.Paragraph type="secondary">{t('realName.intro')}</Typography.Paragraph>
      <FilterBar<Filter>
        form={filterForm}
        onSearch={(v) =>
          setFilter({
            ...(v.status ? { status: v.status } : {}),
            ...(v.kind ? { kind: v.kind } : {}),
            ...(v.idType?.trim() && v.id?.trim() ? { idType: v.idType.trim(), id: v.id.trim() } : {}),
          })
        }
      >
        <Form.Item name="status" label={t('common.status')} initialValue="pending">
          <Select
            allowClear
            style={{ width: 120 }}
            options={(['pending', 'verified', 'failed', 'rejected'] as const).map((s) => ({
              value: s,
              label: t(`realName.status.${s}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('realName.kind')}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={[
              { value: 'person', label: t('realName.person') },
              { value: 'organization', label: t('realName.organization') },
            ]}
          />
        </Form.Item>
        <Form.Item name="idType" label={t('realName.idType')}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="id" label={t('realName.subjectId')}>
          <Input style={{ width: 160 }} />
        </Form.Item>
      </FilterBar>
      <CursorTable<RealNameRecord>
        rowKey="id"
        queryKey={['real-name', appId, filter]}
        fetchPage={(cursor) =>
          get<Page<RealNameRecord>>(linePath(appId, `/real-name${query({ ...filter, cursor })}`))
        }
        columns={[
          {
            title: t('realName.subject'),
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {r.name} <Tag>{t(`realName.${r.kind}`)}</Tag>
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.subject.idType}: {r.subject.id}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('realName.factors'),
            render: (_, r) =>
              r.kind === 'person' ? (
                <Space orientation="vertical" size={0}>
                  <Typography.Text code>{r.idNumber}</Typography.Text>
                  <Typography.Text type="secondary">{r.mobile}</Typography.Text>
                </Space>
              ) : (
                <Space orientation="vertical" size={0}>
                  <Typography.Text code>{r.creditCode}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t('realName.legalRepresentative')}: {r.legalRepresentative?.name}
                  </Typography.Text>
                </Space>
              ),
          },
          {
            title: t('common.status'),
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <span>
                  <Tag color={STATUS_COLOR[r.status]}>{t(`realName.status.${r.status}`)}</Tag>
                  {r.expired && <Tag color="orange">{t('realName.expired')}</Tag>}
                </span>
                {r.reason && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.reason}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('realName.provider'),
            dataIndex: 'provider',
            render: (p: string) => t(`realName.providers.${p}`),
          },
          { title: t('realName.requestedAt'), dataIndex: 'createdAt', render: (v: number) => formatTime(v) },
          {
            title: t('realName.expiresAt'),
            dataIndex: 'expiresAt',
            render: (v: number | null) => (v ? formatTime(v) : '—'),
          },
          {
            title: t('common.actions'),
            render: (_, r) =>
              can.change(role) && r.status === 'pending' && r.provider === 'manual' ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setDeciding({ record: r, decision: 'approve' })}
                  >
                    {t('realName.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setDeciding({ record: r, decision: 'reject' })}>
                    {t('realName.reject')}
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.decidedAt ? formatTime(r.decidedAt) : ''}
                </Typography.Text>
              ),
          },
        ]}
      />
      <Modal
        open={deciding !== null}
        title={
          deciding &&
          t(deciding.decision === 'approve' ? 'realName.approveOf' : 'realName.rejectOf', {
            name: deciding.record.name,
          })
        }
        onCancel={() => setDeciding(null)}
        onOk={() => form.submit()}
        confirmLoading={decide.isPending}
        okButtonProps={{ danger: deciding?.decision === 'reject' }}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            deciding && decide.mutate({ id: deciding.record.id, decision: deciding.decision, text: v.text })
          }
        >
          {deciding?.decision === 'approve' && (
            <Typography.Paragraph type="secondary">{t('realName.approveHelp')}</Typography.Paragraph>
          )}
          <Form.Item
            name="text"
            label={t(deciding?.decision === 'reject' ? 'realName.reason' : 'realName.note')}
            rules={[{ required: deciding?.decision === 'reject', whitespace: true, max: 500 }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
