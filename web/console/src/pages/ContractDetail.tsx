/**
 * One contract (/contracts/:id): its state and facts, the documents with page previews and
 * downloads, the signers (remind, signing link with a QR code), the timeline from the audit trail
 * and the webhook deliveries of its events; operators revoke it while it waits for signatures.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Result, Row, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, get, linePath, query, type Page } from '../api';
import { ErrorAlert } from '../components/errors';
import { Documents } from '../contracts/Documents';
import { RevokeModal } from '../contracts/RevokeModal';
import { Signers } from '../contracts/Signers';
import { ContractStatusTag } from '../contracts/StatusTag';
import { ContractTimeline } from '../contracts/Timeline';
import type { Contract } from '../contracts/types';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { can, useRole } from '../session';
import { DeliveryTable } from '../webhooks/DeliveryTable';
import type { WebhookDelivery, WebhookEndpoint } from '../webhooks/types';

export function ContractDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const appId = useAppId();
  const role = useRole();
  const navigate = useNavigate();
  const [revoking, setRevoking] = useState(false);
  const contract = useQuery({
    queryKey: ['contract', appId, id],
    queryFn: () => get<Contract>(linePath(appId, `/contracts/${encodeURIComponent(id)}`)),
  });
  const endpoints = useQuery({
    queryKey: ['webhooks', appId],
    queryFn: () => get<{ items: WebhookEndpoint[] }>(linePath(appId, '/webhooks')),
  });

  if (contract.error instanceof ApiError && contract.error.status === 404)
    return <Result status="404" title="404" subTitle={t('contracts.notFound')} />;
  if (!contract.data)
    return contract.error ? (
      <ErrorAlert error={contract.error} />
    ) : (
      <Spin style={{ display: 'block', margin: '80px auto' }} />
    );
  const c = contract.data;
  const changes = can.change(role);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/contracts')}
            aria-label={t('common.back')}
          />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {c.title}
          </Typography.Title>
          <ContractStatusTag status={c.status} />
        </Space>
        {changes && c.status === 'pending_signing' && (
          <Button danger onClick={() => setRevoking(true)}>
            {t('contracts.revoke.button')}
          </Button>
        )}
      </Space>
      <Card size="small">
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('contracts.id')}>
            <Typography.Text copyable>{c.id}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>{formatTime(c.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.expiresAt')}>{formatTime(c.expiresAt)}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.completedAt')}>
            {formatTime(c.completedAt)}
          </Descriptions.Item>
          {c.revokeReason && (
            <Descriptions.Item label={t('contracts.revokeReason')}>
              <span data-testid="revoke-reason">{c.revokeReason}</span>
            </Descriptions.Item>
          )}
          {c.rejectReason && (
            <Descriptions.Item label={t('contracts.rejectReason')}>{c.rejectReason}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title={t('contracts.signers')} size="small">
        <Signers appId={appId} contract={c} canChange={changes} />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('contracts.documents')} size="small">
              <Documents appId={appId} contract={c} />
            </Card>
            <Card title={t('contracts.deliveries')} size="small">
              <DeliveryTable
                appId={appId}
                queryKey={['contract-deliveries', appId, c.id]}
                fetchPage={(cursor) =>
                  get<Page<WebhookDelivery>>(
                    linePath(appId, `/webhook-deliveries${query({ contractId: c.id, cursor, limit: 20 })}`),
                  )
                }
                canRedeliver={changes}
                endpoints={new Map((endpoints.data?.items ?? []).map((e) => [e.id, e.url]))}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('contracts.timeline')} size="small">
            <ContractTimeline appId={appId} contractId={c.id} />
          </Card>
        </Col>
      </Row>
      {revoking && <RevokeModal appId={appId} contract={c} onClose={() => setRevoking(false)} />}
    </Space>
  );
}
