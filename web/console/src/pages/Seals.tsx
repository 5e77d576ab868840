/**
 * Seals of the chosen line: filtered by subject and state, each with its picture (GET
 * /seals/:id/image); operators generate round and square seals with a live preview, upload an
 * image, disable a seal, or replace it (a new seal; the old one stays, disabled, for the
 * documents already signed with it).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, linePath, post, query } from '../api';
import { ErrorAlert, errorText } from '../components/errors';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { GenerateModal } from '../seals/GenerateModal';
import type { Seal } from '../seals/types';
import { UploadModal } from '../seals/UploadModal';
import { can, useRole } from '../session';

interface Filter {
  subjectIdType?: string;
  subjectId?: string;
  status?: 'active' | 'disabled';
}

type Dialog = { kind: 'generate' | 'upload'; replacing?: Seal } | null;

export function Seals() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const appId = useAppId();
  const changes = can.change(useRole());
  const client = useQueryClient();
  const [filter, setFilter] = useState<Filter>({});
  const [dialog, setDialog] = useState<Dialog>(null);
  const seals = useQuery({
    queryKey: ['seals', appId, filter],
    queryFn: () => get<{ items: Seal[] }>(linePath(appId, `/seals${query({ ...filter })}`)),
  });
  const disable = useMutation({
    mutationFn: (id: string) => post<Seal>(linePath(appId, `/seals/${id}/disable`)),
    onSuccess: () => {
      void message.success(t('common.done'));
      void client.invalidateQueries({ queryKey: ['seals', appId] });
    },
    onError: (e) => void message.error(errorText(e)),
  });

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('seals.title')}
        </Typography.Title>
        {changes && (
          <Space>
            <Button onClick={() => setDialog({ kind: 'upload' })}>{t('seals.upload')}</Button>
            <Button type="primary" onClick={() => setDialog({ kind: 'generate' })}>
              {t('seals.generate')}
            </Button>
          </Space>
        )}
      </Space>
      <Form<Filter & { idType?: string }>
        layout="inline"
        style={{ rowGap: 12, marginBottom: 16 }}
        onFinish={(v) =>
          setFilter({
            // The API filters by subject only with both its id type and its id.
            ...(v.subjectIdType?.trim() && v.subjectId?.trim()
              ? { subjectIdType: v.subjectIdType.trim(), subjectId: v.subjectId.trim() }
              : {}),
            ...(v.status ? { status: v.status } : {}),
          })
        }
      >
        <Form.Item name="subjectIdType" label={t('seals.idType')}>
          <Input allowClear style={{ width: 120 }} placeholder="USCC" />
        </Form.Item>
        <Form.Item name="subjectId" label={t('seals.idNumber')}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="status" label={t('common.status')}>
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('seals.all')}
            options={[
              { value: 'active', label: t('seals.active') },
              { value: 'disabled', label: t('seals.disabled') },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={seals.error} />
      <Table<Seal>
        rowKey="id"
        size="middle"
        loading={seals.isPending}
        dataSource={seals.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('seals.image'),
            width: 110,
            render: (_, s) => (
              <img
                src={linePath(appId, `/seals/${s.id}/image`)}
                alt={s.subject.name}
                data-testid="seal-image"
                style={{
                  height: 64,
                  maxWidth: 96,
                  objectFit: 'contain',
                  opacity: s.status === 'active' ? 1 : 0.4,
                }}
              />
            ),
          },
          {
            title: t('seals.subject'),
            render: (_, s) => (
              <Space orientation="vertical" size={0}>
                <span>{s.subject.name}</span>
                <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
                  {s.subject.idType} {s.subject.id}
                </span>
              </Space>
            ),
          },
          {
            title: t('seals.kind'),
            dataIndex: 'kind',
            width: 110,
            render: (k: Seal['kind']) => <Tag>{t(`seals.kinds.${k}`)}</Tag>,
          },
          {
            title: t('seals.size'),
            width: 110,
            render: (_, s) => `${s.widthMm} × ${s.heightMm} mm`,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 100,
            render: (st: Seal['status'], s) => (
              <Space orientation="vertical" size={0}>
                <Tag color={st === 'active' ? 'green' : undefined}>{t(`seals.${st}`)}</Tag>
                {s.replacedBy && (
                  <span style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{t('seals.replaced')}</span>
                )}
              </Space>
            ),
          },
          {
            title: t('common.createdAt'),
            dataIndex: 'createdAt',
            width: 180,
            render: (v: number) => formatTime(v),
          },
          ...(changes
            ? [
                {
                  title: t('common.actions'),
                  width: 170,
                  render: (_: unknown, s: Seal) =>
                    s.status === 'active' ? (
                      <Space>
                        <Button
                          size="small"
                          onClick={() =>
                            setDialog({
                              kind: s.kind === 'round' || s.kind === 'square' ? 'generate' : 'upload',
                              replacing: s,
                            })
                          }
                        >
                          {t('seals.replace')}
                        </Button>
                        <Popconfirm title={t('seals.disableConfirm')} onConfirm={() => disable.mutate(s.id)}>
                          <Button size="small" danger>
                            {t('seals.disable')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {dialog?.kind === 'generate' && (
        <GenerateModal appId={appId} replacing={dialog.replacing} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'upload' && (
        <UploadModal appId={appId} replacing={dialog.replacing} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
