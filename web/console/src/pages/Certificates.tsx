/**
 * Certificates (证书管理): what the built-in CA issued — one event certificate per signature, and
 * long-lived ones — searched by serial or subject name, server-paginated; download one, or the root,
 * issuing CA and CRL; admins revoke with an RFC 5280 reason (it is in the next CRL).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, query, type Page } from '../api';
import { CursorTable } from '../components/CursorTable';
import { errorText } from '../components/errors';
import { FilterBar } from '../components/FilterBar';
import { PageHeader } from '../components/PageHeader';
import { formatTime } from '../lib/format';
import { can, useRole } from '../session';
import type { Certificate } from '../wire';

interface Filter {
  q?: string;
  kind?: Certificate['kind'];
}

const REASONS = [
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
  'unspecified',
] as const;

/** An ISO time as the operator's local date and time. */
const shown = (iso: string | null) => formatTime(iso ? Date.parse(iso) : null);

export function Certificates() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const role = useRole();
  const client = useQueryClient();
  const [filter, setFilter] = useState<Filter>({});
  const [form] = Form.useForm<Filter>();
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [reasonForm] = Form.useForm<{ reason: string; note?: string }>();
  const revoke = useMutation({
    mutationFn: (v: { serial: string; reason: string; note?: string }) =>
      post<Certificate>(`/admin/api/certificates/${v.serial}/revoke`, {
        reason: v.reason,
        ...(v.note ? { note: v.note } : {}),
      }),
    onSuccess: (c) => {
      setRevoking(null);
      void message.success(t('certificates.revokedOk', { serial: c.serial }));
      void client.invalidateQueries({ queryKey: ['certificates'] });
    },
    onError: (e) => void message.error(errorText(e)),
  });

  return (
    <>
      <PageHeader
        title={t('certificates.title')}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} href="/pki/ca/root.cer">
              {t('certificates.root')}
            </Button>
            <Button icon={<DownloadOutlined />} href="/pki/ca/issuing.cer">
              {t('certificates.issuing')}
            </Button>
            <Button icon={<DownloadOutlined />} href="/pki/crl/issuing.crl">
              {t('certificates.crl')}
            </Button>
          </Space>
        }
      />
      <FilterBar form={form} onSearch={(v) => setFilter(v)}>
        <Form.Item name="q">
          <Input placeholder={t('certificates.search')} allowClear style={{ width: 280 }} />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            allowClear
            placeholder={t('certificates.allKinds')}
            style={{ width: 160 }}
            options={[
              { value: 'event', label: t('certificates.kinds.event') },
              { value: 'long-lived', label: t('certificates.kinds.long-lived') },
            ]}
          />
        </Form.Item>
      </FilterBar>
      <CursorTable<Certificate>
        queryKey={['certificates', filter]}
        rowKey="serial"
        fetchPage={(cursor) =>
          get<Page<Certificate>>(`/admin/api/certificates${query({ ...filter, cursor, limit: 50 })}`)
        }
        columns={[
          {
            title: t('certificates.subject'),
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {c.subject.name}
                  {c.subject.organization ? `（${c.subject.organization}）` : ''}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.subject.idType}: {c.subject.id}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('certificates.serial'),
            dataIndex: 'serial',
            width: 230,
            render: (v: string) => (
              <Typography.Text code copyable={{ text: v }} ellipsis style={{ maxWidth: 200 }}>
                {v}
              </Typography.Text>
            ),
          },
          {
            title: t('certificates.kind'),
            dataIndex: 'kind',
            width: 110,
            render: (v: Certificate['kind'], c) => (
              <Space orientation="vertical" size={0}>
                <span>{t(`certificates.kinds.${v}`)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.algorithm}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('certificates.validity'),
            width: 200,
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <span>{shown(c.notBefore)}</span>
                <Typography.Text type="secondary">{shown(c.notAfter)}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('common.status'),
            width: 170,
            render: (_, c) =>
              c.status === 'revoked' ? (
                <Space orientation="vertical" size={0}>
                  <Tag color="red">{t('certificates.status.revoked')}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`certificates.reasons.${c.revocationReason ?? 'unspecified'}`)} · {shown(c.revokedAt)}
                  </Typography.Text>
                </Space>
              ) : (
                <Tag color={c.status === 'valid' ? 'green' : 'orange'}>
                  {t(`certificates.status.${c.status}`)}
                </Tag>
              ),
          },
          {
            title: t('common.actions'),
            width: 170,
            render: (_, c) => (
              <Space>
                <Button size="small" href={`/admin/api/certificates/${c.serial}/certificate.cer`}>
                  {t('certificates.download')}
                </Button>
                {can.administer(role) && c.status !== 'revoked' && (
                  <Button size="small" danger onClick={() => setRevoking(c)}>
                    {t('certificates.revoke')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={revoking !== null}
        title={t('certificates.revokeTitle', { name: revoking?.subject.name ?? '' })}
        okText={t('certificates.revoke')}
        okButtonProps={{ danger: true }}
        onCancel={() => setRevoking(null)}
        onOk={() => reasonForm.submit()}
        confirmLoading={revoke.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('certificates.revokeHelp')}</Typography.Paragraph>
        <Form
          form={reasonForm}
          layout="vertical"
          preserve={false}
          initialValues={{ reason: 'keyCompromise' }}
          onFinish={(v) => revoking && revoke.mutate({ serial: revoking.serial, ...v })}
        >
          <Form.Item name="reason" label={t('certificates.reason')} rules={[{ required: true }]}>
            <Select options={REASONS.map((r) => ({ value: r, label: t(`certificates.reasons.${r}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('certificates.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
