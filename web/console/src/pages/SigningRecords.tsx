/**
 * Signing records (签约明细): every signature and click-wrap of the line with signer, method,
 * intent check, time, address and device; filtered by time, method and signer; exported as CSV
 * with the same filters (the browser downloads GET …/signing-records.csv with the session cookie).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, linePath, query, type Page } from '../api';
import { CursorTable } from '../components/CursorTable';
import { FilterBar } from '../components/FilterBar';
import { PageHeader } from '../components/PageHeader';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';

interface SigningRecord {
  signerId: string;
  contractId: string;
  contractTitle: string;
  role: string;
  subject: { kind: string; idType: string; id: string; name: string; mobile?: string; email?: string };
  method: 'esign' | 'clickwrap';
  signedAt: number;
  via: string | null;
  intent: string | null;
  ip: string | null;
  userAgent: string | null;
  authorizationId: string | null;
}

interface FormValues {
  range?: [Dayjs, Dayjs] | null;
  method?: 'esign' | 'clickwrap';
  signerId?: string;
}

type Filter = Record<string, string | number | undefined>;

function filterOf(v: Partial<FormValues>): Filter {
  return {
    signedFrom: v.range?.[0]?.startOf('day').valueOf(),
    signedTo: v.range?.[1]?.endOf('day').valueOf(),
    method: v.method,
    signerId: v.signerId?.trim() || undefined,
  };
}

export function SigningRecords() {
  const { t } = useTranslation();
  const appId = useAppId();
  const [filter, setFilter] = useState<Filter>({});
  const [form] = Form.useForm<FormValues>();

  return (
    <>
      <PageHeader
        title={t('records.title')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            href={linePath(appId, `/signing-records.csv${query(filter)}`)}
            data-testid="export-csv"
          >
            {t('records.export')}
          </Button>
        }
      />
      <FilterBar form={form} onSearch={(v) => setFilter(filterOf(v))}>
        <Form.Item name="range">
          <DatePicker.RangePicker placeholder={[t('records.from'), t('records.to')]} />
        </Form.Item>
        <Form.Item name="method">
          <Select
            allowClear
            placeholder={t('records.method')}
            style={{ width: 160 }}
            options={[
              { value: 'esign', label: t('records.esign') },
              { value: 'clickwrap', label: t('records.clickwrap') },
            ]}
          />
        </Form.Item>
        <Form.Item name="signerId">
          <Input placeholder={t('records.signerId')} allowClear />
        </Form.Item>
      </FilterBar>
      <CursorTable<SigningRecord>
        queryKey={['signing-records', appId, filter]}
        rowKey="signerId"
        fetchPage={(cursor) =>
          get<Page<SigningRecord>>(
            linePath(appId, `/signing-records${query({ ...filter, cursor, limit: 50 })}`),
          )
        }
        columns={[
          {
            title: t('records.signedAt'),
            dataIndex: 'signedAt',
            width: 170,
            render: (v: number) => formatTime(v),
          },
          {
            title: t('records.contract'),
            render: (_, r) => <Link to={`/contracts/${r.contractId}`}>{r.contractTitle}</Link>,
          },
          {
            title: t('records.signer'),
            width: 280,
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {r.subject.name} <Typography.Text type="secondary">({r.role})</Typography.Text>
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.subject.idType}: {r.subject.id}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('records.method'),
            dataIndex: 'method',
            render: (m: SigningRecord['method']) => (
              <Tag color={m === 'esign' ? 'blue' : 'purple'}>{t(`records.${m}`)}</Tag>
            ),
          },
          {
            title: t('records.intent'),
            render: (_, r) =>
              r.via === 'auto-sign' ? (
                <Tooltip title={r.authorizationId}>
                  <Tag>{t('records.autoSign')}</Tag>
                </Tooltip>
              ) : r.intent ? (
                <Tag color="green">{t(`records.intentBy.${r.intent}`, { defaultValue: r.intent })}</Tag>
              ) : (
                <Typography.Text type="secondary">{t('records.noIntent')}</Typography.Text>
              ),
          },
          { title: 'IP', dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
          {
            title: t('records.device'),
            dataIndex: 'userAgent',
            ellipsis: true,
            render: (v: string | null) => (v ? <Tooltip title={v}>{v}</Tooltip> : '—'),
          },
        ]}
      />
    </>
  );
}
