/**
 * The signers of a contract in signing order, with their states and times; an operator reminds
 * one whose turn it is (催签: a message with a fresh link) or opens a signing link for them.
 */
import { useMutation } from '@tanstack/react-query';
import { App, Button, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linePath, post } from '../api';
import { errorText } from '../components/errors';
import { formatTime } from '../lib/format';
import { SignLinkModal } from './SignLinkModal';
import { SignerStatusTag } from './StatusTag';
import type { RemindResults } from '../wire';
import type { Contract, ContractSigner } from './types';

export function Signers(props: { appId: string; contract: Contract; canChange: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [linkFor, setLinkFor] = useState<ContractSigner | null>(null);
  const { contract } = props;
  const remind = useMutation({
    mutationFn: (signerId: string) =>
      post<RemindResults>(linePath(props.appId, `/contracts/${encodeURIComponent(contract.id)}/remind`), {
        signerIds: [signerId],
      }),
    onSuccess: ({ results }) => {
      const r = results[0];
      if (r?.status === 'sent')
        void message.success(t('contracts.remind.sent', { channel: r.channel ?? '' }));
      else void message.warning(t(`contracts.remind.${r?.status ?? 'not_active'}`));
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const open = contract.status === 'pending_signing';
  const active = (s: ContractSigner) => s.status === 'ready' || s.status === 'read';

  return (
    <>
      <Table<ContractSigner>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={[...contract.signers].sort(
          (a, b) => a.signOrder - b.signOrder || a.position - b.position,
        )}
        columns={[
          { title: t('contracts.order'), dataIndex: 'signOrder', width: 70 },
          { title: t('contracts.role'), dataIndex: 'role', width: 90 },
          {
            title: t('contracts.subject'),
            dataIndex: 'subject',
            render: (s: ContractSigner['subject']) => (
              <Space orientation="vertical" size={0}>
                <span>{s.name}</span>
                <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
                  {t(`contracts.kind.${s.kind}`)} · {s.idType} {s.id}
                </span>
              </Space>
            ),
          },
          {
            title: t('contracts.method'),
            dataIndex: 'method',
            width: 110,
            render: (m: ContractSigner['method']) => <Tag>{t(`contracts.methods.${m}`)}</Tag>,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: ContractSigner['status']) => <SignerStatusTag status={s} />,
          },
          {
            title: t('contracts.signedAt'),
            width: 170,
            render: (_, s) =>
              s.signedAt
                ? formatTime(s.signedAt)
                : s.readAt
                  ? `${t('contracts.readAt')} ${formatTime(s.readAt)}`
                  : '—',
          },
          ...(props.canChange && open
            ? [
                {
                  title: t('common.actions'),
                  width: 200,
                  render: (_: unknown, s: ContractSigner) =>
                    active(s) || s.status === 'waiting' ? (
                      <Space>
                        <Button size="small" onClick={() => setLinkFor(s)}>
                          {t('contracts.link.button')}
                        </Button>
                        <Button
                          size="small"
                          disabled={!active(s)}
                          loading={remind.isPending && remind.variables === s.id}
                          onClick={() => remind.mutate(s.id)}
                        >
                          {t('contracts.remind.button')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {linkFor && (
        <SignLinkModal
          appId={props.appId}
          contractId={contract.id}
          signer={linkFor}
          onClose={() => setLinkFor(null)}
        />
      )}
    </>
  );
}
