/**
 * The columns of a table of authorizations: the organisation (left out where the table is one
 * organisation's), the delegate, scope, period, state, and the letter (a PDF link) and revoke.
 */
import { Button, Space, Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { linePath } from '../api';
import { formatTime } from '../lib/format';
import type { Authorization } from './types';

export function authorizationColumns(o: {
  t: TFunction;
  appId: string;
  canChange: boolean;
  onRevoke: (a: Authorization) => void;
  withOrganization: boolean;
}): TableColumnsType<Authorization> {
  const { t, appId } = o;
  return [
    ...(o.withOrganization
      ? [
          {
            title: t('authorizations.organization'),
            render: (_: unknown, a: Authorization) => (
              <Space orientation="vertical" size={0}>
                <span>{a.subject.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.subject.idType}: {a.subject.id}
                </Typography.Text>
              </Space>
            ),
          },
        ]
      : []),
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
        ids ? t('authorizations.someTemplates', { count: ids.length }) : t('authorizations.allTemplates'),
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
          {o.canChange && a.status === 'active' ? (
            <Button size="small" danger onClick={() => o.onRevoke(a)}>
              {t('authorizations.revoke')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{a.revokeReason ?? ''}</Typography.Text>
          )}
        </Space>
      ),
    },
  ];
}
