/**
 * A page of webhook deliveries (of an endpoint, or of a contract's events): the event, the state,
 * the last answer, and each delivery's attempts (time, status code, duration, error, the head of
 * the answer) when the row is opened; operators redeliver one now.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { linePath, post, type Page } from '../api';
import { CursorTable } from '../components/CursorTable';
import { errorText } from '../components/errors';
import { formatTime } from '../lib/format';
import type { WebhookAttempt, WebhookDelivery } from './types';

const STATUS_COLORS = { pending: 'processing', delivered: 'success', failed: 'error' } as const;

function Attempts({ log }: { log: WebhookAttempt[] }) {
  const { t } = useTranslation();
  if (log.length === 0) return <Typography.Text type="secondary">{t('webhooks.noAttempts')}</Typography.Text>;
  return (
    <Table<WebhookAttempt>
      rowKey={(a) => `${a.attempt}-${a.at}`}
      size="small"
      pagination={false}
      dataSource={log}
      data-testid="attempts"
      columns={[
        { title: t('webhooks.attempt'), dataIndex: 'attempt', width: 70 },
        { title: t('common.time'), dataIndex: 'at', width: 170, render: (v: number) => formatTime(v) },
        {
          title: t('webhooks.statusCode'),
          dataIndex: 'statusCode',
          width: 90,
          render: (c: number | null) =>
            c === null ? '—' : <Tag color={c >= 200 && c < 300 ? 'green' : 'red'}>{c}</Tag>,
        },
        {
          title: t('webhooks.duration'),
          dataIndex: 'durationMs',
          width: 90,
          render: (v: number) => `${v} ms`,
        },
        {
          title: t('webhooks.result'),
          render: (_, a) => (
            <Typography.Text
              type={a.error ? 'danger' : undefined}
              ellipsis={{ tooltip: a.error ?? a.responseHead }}
            >
              {a.error ?? a.responseHead ?? '—'}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

export function DeliveryTable(props: {
  appId: string;
  queryKey: unknown[];
  fetchPage: (cursor: string | undefined) => Promise<Page<WebhookDelivery>>;
  canRedeliver: boolean;
  /** Endpoint URLs by id, when the table mixes endpoints (a contract's deliveries). */
  endpoints?: Map<string, string>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const redeliver = useMutation({
    mutationFn: (id: string) =>
      post<WebhookDelivery>(linePath(props.appId, `/webhook-deliveries/${id}/redeliver`)),
    onSuccess: () => {
      void message.success(t('webhooks.redelivered'));
      void client.invalidateQueries({ queryKey: props.queryKey });
    },
    onError: (e) => void message.error(errorText(e)),
  });
  return (
    <CursorTable<WebhookDelivery>
      queryKey={props.queryKey}
      fetchPage={props.fetchPage}
      rowKey="id"
      data-testid="deliveries"
      // Short cells only: as wide as they are, scrolling in the contract detail's narrow column.
      scroll={{ x: 'max-content' }}
      expandable={{ expandedRowRender: (d) => <Attempts log={d.attemptLog} /> }}
      columns={[
        {
          title: t('webhooks.event'),
          render: (_, d) => (
            <>
              <Typography.Text code>{d.event.type}</Typography.Text>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{d.event.id}</div>
            </>
          ),
        },
        ...(props.endpoints
          ? [
              {
                title: t('webhooks.endpoint'),
                render: (_: unknown, d: WebhookDelivery) => (
                  <Typography.Text ellipsis style={{ maxWidth: 220 }}>
                    {props.endpoints?.get(d.endpointId) ?? d.endpointId}
                  </Typography.Text>
                ),
              },
            ]
          : []),
        {
          title: t('common.status'),
          dataIndex: 'status',
          width: 100,
          render: (s: WebhookDelivery['status']) => (
            <Tag color={STATUS_COLORS[s]} data-testid="delivery-status">
              {t(`webhooks.deliveryStatus.${s}`)}
            </Tag>
          ),
        },
        { title: t('webhooks.attempts'), dataIndex: 'attempts', width: 80 },
        {
          title: t('webhooks.lastAnswer'),
          render: (_, d) =>
            d.lastError ? (
              <Typography.Text type="danger" ellipsis={{ tooltip: d.lastError }} style={{ maxWidth: 240 }}>
                {d.lastError}
              </Typography.Text>
            ) : (
              (d.lastStatusCode ?? '—')
            ),
        },
        {
          title: t('webhooks.times'),
          width: 200,
          render: (_, d) => (
            <div style={{ fontSize: 12 }}>
              <div>
                {t('webhooks.created')} {formatTime(d.createdAt)}
              </div>
              {d.deliveredAt ? (
                <div>
                  {t('webhooks.delivered')} {formatTime(d.deliveredAt)}
                </div>
              ) : d.nextAttemptAt ? (
                <div>
                  {t('webhooks.nextAttempt')} {formatTime(d.nextAttemptAt)}
                </div>
              ) : null}
            </div>
          ),
        },
        ...(props.canRedeliver
          ? [
              {
                title: t('common.actions'),
                width: 100,
                render: (_: unknown, d: WebhookDelivery) => (
                  <Button
                    size="small"
                    loading={redeliver.isPending && redeliver.variables === d.id}
                    onClick={() => redeliver.mutate(d.id)}
                  >
                    {t('webhooks.redeliver')}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
