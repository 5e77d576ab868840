/**
 * Delegators (委托方): the organisations that let the platform or a person sign for them, one row
 * each, grouped by the server from their authorizations (GET /delegators, paged by cursor), with
 * their active authorizations, seals, real-name status and last use. A row opens a drawer with
 * that organisation's seals and authorizations (letters, revoke) and the form for a new one.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Empty, Image, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, linePath, query, type Page } from '../api';
import { authorizationColumns } from '../authorizations/columns';
import { CreateAuthorizationModal } from '../authorizations/CreateAuthorizationModal';
import { RevokeAuthorizationModal } from '../authorizations/RevokeAuthorizationModal';
import type { Authorization, Organization } from '../authorizations/types';
import { CursorTable } from '../components/CursorTable';
import { ErrorAlert } from '../components/errors';
import { PageHeader } from '../components/PageHeader';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import type { Seal } from '../seals/types';
import { can, useRole } from '../session';
import type { Delegator, RealNameStatus } from '../wire';

const REAL_NAME_COLOR: Record<RealNameStatus, string> = {
  pending: 'gold',
  verified: 'green',
  failed: 'red',
  rejected: 'default',
};

const keyOf = (d: Delegator) => `${d.subject.idType}:${d.subject.id}`;

function RealNameTag({ d }: { d: Delegator }) {
  const { t } = useTranslation();
  return d.realName ? (
    <Tag color={REAL_NAME_COLOR[d.realName.status]}>{t(`realName.status.${d.realName.status}`)}</Tag>
  ) : (
    <Typography.Text type="secondary">{t('delegators.noRealName')}</Typography.Text>
  );
}

export function Delegators() {
  const { t } = useTranslation();
  const appId = useAppId();
  const role = useRole();
  const [open, setOpen] = useState<Delegator | null>(null);
  const [creatingFor, setCreatingFor] = useState<Organization | null | undefined>(undefined);

  return (
    <>
      <PageHeader
        title={t('delegators.title')}
        extra={
          can.change(role) && (
            <Button type="primary" onClick={() => setCreatingFor(null)}>
              {t('authorizations.create')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('delegators.intro')}</Typography.Paragraph>
      <CursorTable<Delegator & { key: string }>
        queryKey={['delegators', appId]}
        rowKey="key"
        fetchPage={async (cursor) => {
          const page = await get<Page<Delegator>>(
            linePath(appId, `/delegators${query({ cursor, limit: 50 })}`),
          );
          return { ...page, items: page.items.map((d) => ({ ...d, key: keyOf(d) })) };
        }}
        onRow={(d) => ({ onClick: () => setOpen(d), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('delegators.organization'),
            render: (_, d) => (
              <Space orientation="vertical" size={0}>
                {/* A button, so the keyboard reaches it too; the whole row opens the same drawer. */}
                <Button type="link" style={{ padding: 0, height: 'auto' }} data-testid="delegator-name">
                  {d.subject.name}
                </Button>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.subject.idType}: {d.subject.id}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('delegators.activeAuthorizations'),
            width: 140,
            render: (_, d) => (
              <span>
                {d.authorizations.active}
                <Typography.Text type="secondary"> / {d.authorizations.total}</Typography.Text>
              </span>
            ),
          },
          { title: t('delegators.seals'), width: 120, dataIndex: 'activeSeals' },
          { title: t('delegators.realName'), width: 120, render: (_, d) => <RealNameTag d={d} /> },
          {
            title: t('delegators.lastUsed'),
            dataIndex: 'lastUsedAt',
            width: 180,
            render: (v: number | null) => (v ? formatTime(v) : t('delegators.neverUsed')),
          },
          {
            title: t('delegators.lastAuthorized'),
            dataIndex: 'lastAuthorizedAt',
            width: 180,
            render: (v: number) => formatTime(v),
          },
        ]}
      />
      <DelegatorDrawer
        appId={appId}
        delegator={open}
        onClose={() => setOpen(null)}
        onCreate={(o) => setCreatingFor(o)}
      />
      <CreateAuthorizationModal
        appId={appId}
        open={creatingFor !== undefined}
        onClose={() => setCreatingFor(undefined)}
        {...(creatingFor ? { organization: creatingFor } : {})}
      />
    </>
  );
}

function DelegatorDrawer(props: {
  appId: string;
  delegator: Delegator | null;
  onClose: () => void;
  onCreate: (o: Organization) => void;
}) {
  const { appId, delegator: d, onClose, onCreate } = props;
  const { t } = useTranslation();
  const role = useRole();
  const [revoking, setRevoking] = useState<Authorization | null>(null);
  const subject = d ? { subjectIdType: d.subject.idType, subjectId: d.subject.id } : {};
  const authorizations = useQuery({
    queryKey: ['authorizations', appId, subject],
    queryFn: () => get<{ items: Authorization[] }>(linePath(appId, `/authorizations${query(subject)}`)),
    enabled: d !== null,
  });
  const seals = useQuery({
    queryKey: ['seals', appId, subject, 'active'],
    queryFn: () =>
      get<{ items: Seal[] }>(linePath(appId, `/seals${query({ ...subject, status: 'active' })}`)),
    enabled: d !== null,
  });

  return (
    <Drawer
      open={d !== null}
      width={960}
      title={d?.subject.name}
      onClose={onClose}
      extra={
        d &&
        can.change(role) && (
          <Button
            type="primary"
            data-testid="delegator-new-authorization"
            onClick={() => onCreate({ name: d.subject.name, idType: d.subject.idType, id: d.subject.id })}
          >
            {t('delegators.newAuthorization')}
          </Button>
        )
      }
    >
      {d && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="delegator-drawer">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('authorizations.idType')}>{d.subject.idType}</Descriptions.Item>
            <Descriptions.Item label={t('authorizations.orgId')}>{d.subject.id}</Descriptions.Item>
            <Descriptions.Item label={t('delegators.realName')}>
              <RealNameTag d={d} />
            </Descriptions.Item>
            <Descriptions.Item label={t('delegators.lastUsed')}>
              {d.lastUsedAt ? formatTime(d.lastUsedAt) : t('delegators.neverUsed')}
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('delegators.seals')}</Typography.Title>
            <ErrorAlert error={seals.error} />
            {seals.data?.items.length ? (
              <Image.PreviewGroup>
                <Space wrap>
                  {seals.data.items.map((s) => (
                    <Image
                      key={s.id}
                      width={96}
                      src={linePath(appId, `/seals/${s.id}/image`)}
                      alt={s.subject.name}
                      data-testid="delegator-seal"
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
            ) : (
              !seals.isPending && (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('delegators.noSeals')} />
              )
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('delegators.authorizations')}</Typography.Title>
            <ErrorAlert error={authorizations.error} />
            <Table<Authorization>
              rowKey="id"
              size="small"
              data-testid="delegator-authorizations"
              loading={authorizations.isPending}
              dataSource={authorizations.data?.items ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={authorizationColumns({
                t,
                appId,
                canChange: can.change(role),
                onRevoke: setRevoking,
                withOrganization: false,
              })}
            />
          </div>
        </Space>
      )}
      <RevokeAuthorizationModal appId={appId} authorization={revoking} onClose={() => setRevoking(null)} />
    </Drawer>
  );
}
