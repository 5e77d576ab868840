/**
 * The overview of the chosen business line: contracts by status, today's created and completed,
 * the latest events of the line, and this node's request latencies (from the /metrics histograms).
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, linePath, query, type Page } from '../api';
import { ErrorAlert } from '../components/errors';
import { formatTime, startOfToday } from '../lib/format';
import { useAppId } from '../line';
import type { AuditEvent } from '../types';

interface Stats {
  byStatus: Record<string, number>;
  createdSince: number;
  completedSince: number;
}

interface Latency {
  method: string;
  route: string;
  count: number;
  p50: number;
  p99: number;
}

const STATUSES = ['pending_signing', 'completed', 'rejected', 'revoked', 'expired'] as const;

export function Dashboard() {
  const { t } = useTranslation();
  const appId = useAppId();
  const since = startOfToday();
  const stats = useQuery({
    queryKey: ['contract-stats', appId, since],
    queryFn: () => get<Stats>(linePath(appId, `/contract-stats${query({ since })}`)),
    refetchInterval: 30_000,
  });
  const events = useQuery({
    queryKey: ['audit-log', appId, 'recent'],
    queryFn: () => get<Page<AuditEvent>>(linePath(appId, `/audit-log${query({ limit: 10 })}`)),
    refetchInterval: 30_000,
  });
  const latency = useQuery({
    queryKey: ['metrics-summary'],
    queryFn: () => get<{ items: Latency[] }>('/admin/api/metrics-summary'),
    refetchInterval: 30_000,
  });

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('dashboard.title')}
      </Typography.Title>
      <ErrorAlert error={stats.error} />
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('dashboard.createdToday')} value={stats.data?.createdSince ?? '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('dashboard.completedToday')} value={stats.data?.completedSince ?? '—'} />
          </Card>
        </Col>
        {STATUSES.slice(0, 2).map((s) => (
          <Col xs={12} md={6} key={s}>
            <Card data-testid={`stat-${s}`}>
              <Statistic title={t(`dashboard.status.${s}`)} value={stats.data?.byStatus[s] ?? '—'} />
            </Card>
          </Col>
        ))}
        {STATUSES.slice(2).map((s) => (
          <Col xs={8} md={8} key={s}>
            <Card size="small" data-testid={`stat-${s}`}>
              <Statistic title={t(`dashboard.status.${s}`)} value={stats.data?.byStatus[s] ?? '—'} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.recent')}>
            <ErrorAlert error={events.error} />
            <Table<AuditEvent>
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ x: 520 }}
              loading={events.isPending}
              dataSource={events.data?.items ?? []}
              columns={[
                {
                  title: t('common.time'),
                  dataIndex: 'at',
                  width: 170,
                  render: (v: number) => formatTime(v),
                },
                { title: t('dashboard.action'), dataIndex: 'action', render: (v: string) => <Tag>{v}</Tag> },
                { title: t('dashboard.target'), dataIndex: 'target', ellipsis: true },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={t('dashboard.latency')}
            extra={<Typography.Text type="secondary">{t('dashboard.thisNode')}</Typography.Text>}
          >
            <ErrorAlert error={latency.error} />
            <Table<Latency>
              size="small"
              rowKey={(r) => `${r.method} ${r.route}`}
              pagination={false}
              scroll={{ x: 520 }}
              loading={latency.isPending}
              dataSource={(latency.data?.items ?? [])
                .filter((r) => !r.route.startsWith('/console'))
                .slice(0, 8)}
              columns={[
                {
                  title: t('dashboard.route'),
                  render: (_, r) => (
                    <Typography.Text code ellipsis style={{ maxWidth: 320 }}>
                      {r.method} {r.route}
                    </Typography.Text>
                  ),
                },
                { title: t('dashboard.count'), dataIndex: 'count', align: 'right', width: 90 },
                { title: 'p50 ms', dataIndex: 'p50', align: 'right', width: 90 },
                { title: 'p99 ms', dataIndex: 'p99', align: 'right', width: 90 },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
