/**
 * Console accounts (admin): create one with a role and an initial password, change its role,
 * disable or enable it, set a new password. The server's password rule (≥ 10 characters) is the
 * one shown: its VALIDATION_FAILED answer lands on the field.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, post } from '../api';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, errorText, showFieldErrors } from '../components/errors';
import { formatTime } from '../lib/format';
import { useSession } from '../session';
import type { Account, Role } from '../types';

const ROLES: Role[] = ['operator', 'legal', 'admin'];

export function Accounts() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { account: me } = useSession();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [form] = Form.useForm<{ username: string; password: string; role: Role }>();
  const [pwForm] = Form.useForm<{ password: string }>();
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: () => get<{ items: Account[] }>('/admin/api/accounts'),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['accounts'] });
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`common.roles.${r}`) }));

  const create = useMutation({
    mutationFn: (v: { username: string; password: string; role: Role }) =>
      post<Account>('/admin/api/accounts', v),
    onSuccess: () => {
      setCreating(false);
      void refresh();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  const update = useMutation({
    mutationFn: ({
      id,
      change,
    }: {
      id: string;
      change: Partial<Pick<Account, 'role' | 'status'>> & { password?: string };
    }) => api<Account>('PATCH', `/admin/api/accounts/${encodeURIComponent(id)}`, change),
    onSuccess: () => {
      void message.success(t('common.done'));
      setResetting(null);
      void refresh();
    },
    onError: (e) => {
      if (!showFieldErrors(pwForm, e)) void message.error(errorText(e));
    },
  });

  return (
    <>
      <PageHeader
        title={t('accounts.title')}
        extra={
          <>
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('common.create')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={accounts.error} />
      <Table<Account>
        rowKey="id"
        loading={accounts.isPending}
        dataSource={accounts.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('accounts.username'), dataIndex: 'username' },
          {
            title: t('accounts.role'),
            dataIndex: 'role',
            render: (role: Role, a) =>
              a.id === me?.id ? (
                <Tag>{t(`common.roles.${role}`)}</Tag>
              ) : (
                <Select
                  size="small"
                  style={{ width: 120 }}
                  value={role}
                  options={roleOptions}
                  onChange={(r) => update.mutate({ id: a.id, change: { role: r } })}
                />
              ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: Account['status']) =>
              s === 'active' ? (
                <Tag color="green">{t('accounts.active')}</Tag>
              ) : (
                <Tag>{t('accounts.disabled')}</Tag>
              ),
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: number) => formatTime(v) },
          {
            title: t('common.actions'),
            render: (_, a) =>
              a.id === me?.id ? null : (
                <Space>
                  <Button size="small" onClick={() => setResetting(a)}>
                    {t('accounts.setPassword')}
                  </Button>
                  {a.status === 'active' ? (
                    <Popconfirm
                      title={t('accounts.disableConfirm')}
                      onConfirm={() => update.mutate({ id: a.id, change: { status: 'disabled' } })}
                    >
                      <Button size="small" danger>
                        {t('accounts.disable')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      size="small"
                      onClick={() => update.mutate({ id: a.id, change: { status: 'active' } })}
                    >
                      {t('accounts.enable')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('accounts.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ role: 'operator' }}
          onFinish={(v) => create.mutate(v)}
          preserve={false}
        >
          <Form.Item name="username" label={t('accounts.username')} rules={[{ required: true, max: 64 }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label={t('accounts.initialPassword')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true }]}>
            <Select options={roleOptions} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={resetting !== null}
        title={t('accounts.setPasswordOf', { name: resetting?.username ?? '' })}
        onCancel={() => setResetting(null)}
        onOk={() => pwForm.submit()}
        confirmLoading={update.isPending}
        destroyOnHidden
      >
        <Form
          form={pwForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) => resetting && update.mutate({ id: resetting.id, change: { password: v.password } })}
        >
          <Form.Item name="password" label={t('accounts.newPassword')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
