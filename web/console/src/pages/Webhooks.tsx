/**
 * Webhook endpoints of the chosen line: register one (its signing secret shown once), disable
 * one (kept with its log), and the delivery log of the chosen endpoint with a redeliver button.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, linePath, query, type Page } from '../api';
import { ErrorAlert, errorText } from '../components/errors';
import { SecretOnce } from '../components/SecretOnce';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { can, useRole } from '../session';
import { CreateEndpointModal } from '../webhooks/CreateEndpoint';
import { DeliveryTable } from '../webhooks/DeliveryTable';
import type { WebhookDelivery, WebhookEndpoint } from '../webhooks/types';

export function Webhooks() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const appId = useAppId();
  const changes = can.change(useRole());
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<(WebhookEndpoint & { secret: string }) | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const endpoints = useQuery({
    queryKey: ['webhooks', appId],
    queryFn: () => get<{ items: WebhookEndpoint[] }>(linePath(appId, '/webhooks')),
  });
  const items = endpoints.data?.items ?? [];
  const shown = items.find((e) => e.id === chosen) ?? items[0];
  const disable = useMutation({
    mutationFn: (id: string) => api<WebhookEndpoint>('DELETE', linePath(appId, `/webhooks/${id}`)),
    onSuccess: () => {
      void message.success(t('common.done'));
      void client.invalidateQueries({ queryKey: ['webhooks', appId] });
    },
    onError: (e) => void message.error(errorText(e)),
  });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('webhooks.title')}
        </Typography.Title>
        {changes && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('webhooks.create')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={endpoints.error} />
      <Table<WebhookEndpoint>
        rowKey="id"
        size="middle"
        loading={endpoints.isPending}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('webhooks.noEndpoints') }}
        rowClassName={(e) => (e.id === shown?.id ? 'ant-table-row-selected' : '')}
        onRow={(e) => ({ onClick: () => setChosen(e.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('webhooks.url'),
            dataIndex: 'url',
            render: (url: string) => <Typography.Text copyable>{url}</Typography.Text>,
          },
          {
            title: t('webhooks.events'),
            dataIndex: 'events',
            render: (events: string[]) => (
              <Space size={4} wrap>
                {events.map((e) => (
                  <Tag key={e}>{e === '*' ? t('webhooks.allEvents') : e}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: WebhookEndpoint['status']) => (
              <Tag color={s === 'active' ? 'green' : undefined}>{t(`webhooks.${s}`)}</Tag>
            ),
          },
          {
            title: t('common.createdAt'),
            dataIndex: 'createdAt',
            width: 180,
            render: (v: number) => formatTime(v),
          },
          {
            title: t('common.actions'),
            width: 190,
            render: (_, e) => (
              <Space onClick={(ev) => ev.stopPropagation()}>
                <Button size="small" onClick={() => setChosen(e.id)}>
                  {t('webhooks.showDeliveries')}
                </Button>
                {changes && e.status === 'active' && (
                  <Popconfirm title={t('webhooks.disableConfirm')} onConfirm={() => disable.mutate(e.id)}>
                    <Button size="small" danger>
                      {t('webhooks.disable')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {shown && (
        <Card size="small" title={`${t('webhooks.deliveries')} · ${shown.url}`}>
          <DeliveryTable
            appId={appId}
            queryKey={['webhook-deliveries', appId, shown.id]}
            fetchPage={(cursor) =>
              get<Page<WebhookDelivery>>(
                linePath(appId, `/webhooks/${shown.id}/deliveries${query({ cursor, limit: 20 })}`),
              )
            }
            canRedeliver={changes && shown.status === 'active'}
          />
        </Card>
      )}
      {creating && (
        <CreateEndpointModal
          appId={appId}
          onClose={() => setCreating(false)}
          onCreated={(e) => {
            setCreating(false);
            setSecret(e);
            setChosen(e.id);
            void client.invalidateQueries({ queryKey: ['webhooks', appId] });
          }}
        />
      )}
      {secret && (
        <SecretOnce
          title={t('webhooks.secretTitle')}
          entries={[
            { label: t('webhooks.url'), value: secret.url },
            { label: t('webhooks.secret'), value: secret.secret, testId: 'webhook-secret' },
          ]}
          onDone={() => setSecret(null)}
        />
      )}
    </Space>
  );
}
