/**
 * Business lines (admin): create one (its app secret shown once), rotate the secret, disable and
 * enable. A disabled line's API calls are refused; the console can still read its data.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, errorText, showFieldErrors } from '../components/errors';
import { SecretOnce } from '../components/SecretOnce';
import { formatTime } from '../lib/format';
import type { BusinessLine } from '../types';

interface Credentials {
  appId: string;
  appSecret: string;
  businessLine: BusinessLine;
}

export function BusinessLines() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<Credentials | null>(null);
  const [form] = Form.useForm<{ name: string; autoApprove?: boolean }>();
  const lines = useQuery({
    queryKey: ['business-lines'],
    queryFn: () => get<{ items: BusinessLine[] }>('/admin/api/business-lines'),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['business-lines'] });

  const create = useMutation({
    mutationFn: (v: { name: string; autoApprove?: boolean }) =>
      post<Credentials>('/admin/api/business-lines', { name: v.name, autoApprove: v.autoApprove ?? false }),
    onSuccess: (c) => {
      setCreating(false);
      form.resetFields();
      setShown(c);
      void refresh();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  const act = useMutation({
    mutationFn: ({ appId, action }: { appId: string; action: 'disable' | 'enable' | 'rotate-secret' }) =>
      post<BusinessLine | Credentials>(`/admin/api/business-lines/${encodeURIComponent(appId)}/${action}`),
    onSuccess: (r, v) => {
      if (v.action === 'rotate-secret') setShown(r as Credentials);
      else void message.success(t('common.done'));
      void refresh();
    },
    onError: (e) => void message.error(errorText(e)),
  });

  return (
    <>
      <PageHeader
        title={t('lines.title')}
        extra={
          <>
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('common.create')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={lines.error} />
      <Table<BusinessLine>
        rowKey="appId"
        loading={lines.isPending}
        dataSource={lines.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          {
            title: 'App ID',
            dataIndex: 'appId',
            render: (v: string) => (
              <Typography.Text code copyable>
                {v}
              </Typography.Text>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: BusinessLine['status']) =>
              s === 'active' ? (
                <Tag color="green">{t('lines.active')}</Tag>
              ) : (
                <Tag>{t('lines.disabled')}</Tag>
              ),
          },
          {
            title: t('lines.autoApprove'),
            dataIndex: 'autoApprove',
            render: (v: boolean) => (v ? t('lines.yes') : t('lines.no')),
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: number) => formatTime(v) },
          {
            title: t('common.actions'),
            render: (_, l) => (
              <Space>
                <Popconfirm
                  title={t('lines.rotateConfirm')}
                  onConfirm={() => act.mutate({ appId: l.appId, action: 'rotate-secret' })}
                >
                  <Button size="small">{t('lines.rotate')}</Button>
                </Popconfirm>
                {l.status === 'active' ? (
                  <Popconfirm
                    title={t('lines.disableConfirm')}
                    onConfirm={() => act.mutate({ appId: l.appId, action: 'disable' })}
                  >
                    <Button size="small" danger>
                      {t('lines.disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" onClick={() => act.mutate({ appId: l.appId, action: 'enable' })}>
                    {t('lines.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('lines.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} preserve={false}>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="autoApprove" valuePropName="checked" extra={t('lines.autoApproveHelp')}>
            <Checkbox>{t('lines.autoApprove')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
      {shown && (
        <SecretOnce
          title={t('lines.credentials', { name: shown.businessLine.name })}
          entries={[
            { label: 'App ID', value: shown.appId },
            { label: 'App Secret', value: shown.appSecret, testId: 'app-secret' },
          ]}
          onDone={() => setShown(null)}
        />
      )}
    </>
  );
}
