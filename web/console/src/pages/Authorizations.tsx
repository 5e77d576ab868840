/**
 * Authorizations (委托签约): an organisation lets the platform sign for it (automatic signing, 自动签)
 * or lets a person (经办人) sign for it — for all templates or some, within a period; each comes with
 * its authorization letter signed by the organisation (a PDF to open); revocable with a reason.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, linePath, post, query, type Page } from '../api';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, errorText, showFieldErrors } from '../components/errors';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { can, useRole } from '../session';

interface Authorization {
  id: string;
  subject: { kind: string; idType: string; id: string; name: string };
  /** A person's ID number and contacts come back masked. */
  delegate:
    | { kind: 'platform' }
    | { kind: 'person'; subject: { name: string; idType: string; id: string; mobile?: string } };
  templateIds: string[] | null;
  validFrom: number;
  validTo: number;
  status: 'active' | 'revoked';
  revokeReason: string | null;
  letter: { sha256: string } | null;
  createdAt: number;
}

interface FormValues {
  name: string;
  idType: string;
  id: string;
  delegateKind: 'platform' | 'person';
  delegateName?: string;
  delegateIdType?: string;
  delegateId?: string;
  delegateMobile?: string;
  templateIds?: string[];
  period: [Dayjs, Dayjs];
}

export function Authorizations() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const appId = useAppId();
  const role = useRole();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Authorization | null>(null);
  const [form] = Form.useForm<FormValues>();
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const list = useQuery({
    queryKey: ['authorizations', appId],
    queryFn: () => get<{ items: Authorization[] }>(linePath(appId, '/authorizations')),
  });
  const templates = useQuery({
    queryKey: ['templates', appId, 'active-options'],
    queryFn: () =>
      get<Page<{ id: string; name: string }>>(
        linePath(appId, `/templates${query({ status: 'active', limit: 200 })}`),
      ),
    enabled: creating,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['authorizations', appId] });
  const create = useMutation({
    mutationFn: (v: FormValues) =>
      post<Authorization>(linePath(appId, '/authorizations'), {
        subject: { kind: 'organization', name: v.name, idType: v.idType, id: v.id },
        delegate:
          v.delegateKind === 'person'
            ? {
                kind: 'person',
                subject: {
                  kind: 'person',
                  name: v.delegateName,
                  idType: v.delegateIdType,
                  id: v.delegateId,
                  mobile: v.delegateMobile,
                },
              }
            : { kind: 'platform' },
        templateIds: v.templateIds?.length ? v.templateIds : null,
        validFrom: v.period[0].startOf('day').valueOf(),
        validTo: v.period[1].endOf('day').valueOf(),
      }),
    onSuccess: () => {
      setCreating(false);
      void refresh();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  const revoke = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      post<Authorization>(linePath(appId, `/authorizations/${id}/revoke`), { reason }),
    onSuccess: () => {
      setRevoking(null);
      void refresh();
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const templateName = new Map((templates.data?.items ?? []).map((x) => [x.id, x.name]));
  const delegateKind = Form.useWatch('delegateKind', form);

  return (
    <>
      <PageHeader
        title={t('authorizations.title')}
        extra={
          <>
            {can.change(role) && (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('common.create')}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={list.error} />
      <Table<Authorization>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('authorizations.organization'),
            render: (_, a) => (
              <Space orientation="vertical" size={0}>
                <span>{a.subject.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.subject.idType}: {a.subject.id}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('authorizations.delegate'),
            render: (_, a) =>
              a.delegate.kind === 'person' ? (
                <Space orientation="vertical" size={0}>
                  <span>{a.delegate.subject.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {a.delegate.subject.mobile ?? `${a.delegate.subject.idType}: ${a.delegate.subject.id}`}
                  </Typography.Text>
                </Space>
              ) : (
                <Tag color="blue">{t('authorizations.platform')}</Tag>
              ),
          },
          {
            title: t('authorizations.scope'),
            dataIndex: 'templateIds',
            render: (ids: string[] | null) =>
              ids
                ? t('authorizations.someTemplates', { count: ids.length })
                : t('authorizations.allTemplates'),
          },
          {
            title: t('authorizations.period'),
            render: (_, a) => `${formatTime(a.validFrom)} — ${formatTime(a.validTo)}`,
          },
          {
            title: t('common.status'),
            render: (_, a) =>
              a.status === 'revoked' ? (
                <Tag>{t('authorizations.revoked')}</Tag>
              ) : a.validTo < Date.now() ? (
                <Tag color="orange">{t('authorizations.lapsed')}</Tag>
              ) : (
                <Tag color="green">{t('authorizations.active')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            render: (_, a) => (
              <Space>
                {a.letter && (
                  <Typography.Link
                    href={linePath(appId, `/authorizations/${encodeURIComponent(a.id)}/letter.pdf`)}
                    target="_blank"
                    rel="noopener"
                  >
                    {t('authorizations.letter')}
                  </Typography.Link>
                )}
                {can.change(role) && a.status === 'active' ? (
                  <Button size="small" danger onClick={() => setRevoking(a)}>
                    {t('authorizations.revoke')}
                  </Button>
                ) : (
                  <Typography.Text type="secondary">{a.revokeReason ?? ''}</Typography.Text>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('authorizations.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ idType: 'USCC', delegateKind: 'platform', delegateIdType: 'ID_CARD' }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="name" label={t('authorizations.orgName')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Space.Compact block>
            <Form.Item
              name="idType"
              label={t('authorizations.idType')}
              rules={[{ required: true }]}
              style={{ width: 140 }}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="id"
              label={t('authorizations.orgId')}
              rules={[{ required: true, max: 128 }]}
              style={{ flex: 1 }}
            >
              <Input />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="delegateKind" label={t('authorizations.delegate')}>
            <Radio.Group
              options={[
                { value: 'platform', label: t('authorizations.platform') },
                { value: 'person', label: t('authorizations.person') },
              ]}
            />
          </Form.Item>
          {delegateKind === 'person' && (
            <>
              <Form.Item
                name="delegateName"
                label={t('authorizations.personName')}
                rules={[{ required: true, max: 200 }]}
              >
                <Input />
              </Form.Item>
              <Space.Compact block>
                <Form.Item
                  name="delegateIdType"
                  label={t('authorizations.personIdType')}
                  rules={[{ required: true }]}
                  style={{ width: 140 }}
                >
                  <Input />
                </Form.Item>
                <Form.Item
                  name="delegateId"
                  label={t('authorizations.personId')}
                  rules={[{ required: true, max: 128 }]}
                  style={{ flex: 1 }}
                >
                  <Input />
                </Form.Item>
              </Space.Compact>
              <Form.Item
                name="delegateMobile"
                label={t('authorizations.personMobile')}
                extra={t('authorizations.personMobileHelp')}
                rules={[{ required: true, max: 32 }]}
              >
                <Input />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="templateIds"
            label={t('authorizations.templates')}
            extra={t('authorizations.templatesHelp')}
          >
            <Select
              mode="multiple"
              loading={templates.isPending}
              options={(templates.data?.items ?? []).map((x) => ({
                value: x.id,
                label: templateName.get(x.id),
              }))}
            />
          </Form.Item>
          <Form.Item name="period" label={t('authorizations.period')} rules={[{ required: true }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={revoking !== null}
        title={t('authorizations.revokeOf', { name: revoking?.subject.name ?? '' })}
        onCancel={() => setRevoking(null)}
        onOk={() => reasonForm.submit()}
        confirmLoading={revoke.isPending}
        okButtonProps={{ danger: true }}
        destroyOnHidden
      >
        <Form
          form={reasonForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) => revoking && revoke.mutate({ id: revoking.id, reason: v.reason })}
        >
          <Form.Item name="reason" label={t('authorizations.reason')} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
