/**
 * A signing link for one signer (POST /contracts/:id/sign-url): the URL to copy, and the same URL
 * as a QR code to open on a phone (drawn in the browser as a data: image, which the CSP allows).
 * The token is in the URL's fragment, so the link itself is the secret: it is shown, never stored.
 */
import { useMutation } from '@tanstack/react-query';
import { Alert, Modal, Space, Spin, Typography } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linePath, post } from '../api';
import { ErrorAlert } from '../components/errors';
import { formatTime } from '../lib/format';
import type { ContractSigner, SignLink } from './types';

export function SignLinkModal(props: {
  appId: string;
  contractId: string;
  signer: ContractSigner;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  const {
    mutate,
    data: link,
    error,
  } = useMutation({
    mutationFn: () =>
      post<SignLink>(linePath(props.appId, `/contracts/${encodeURIComponent(props.contractId)}/sign-url`), {
        signerId: props.signer.id,
        client: 'all',
      }),
  });
  const signerId = props.signer.id;
  useEffect(() => mutate(), [mutate, signerId]);
  useEffect(() => {
    if (!link) return;
    let live = true;
    void toDataURL(link.url, { width: 220, margin: 1, errorCorrectionLevel: 'M' }).then(
      (d) => live && setQr(d),
    );
    return () => {
      live = false;
    };
  }, [link]);

  return (
    <Modal
      open
      title={t('contracts.link.title', { name: props.signer.subject.name })}
      onCancel={props.onClose}
      footer={null}
      width={480}
    >
      <ErrorAlert error={error} />
      {!link && !error && <Spin style={{ display: 'block', margin: '40px auto' }} />}
      {link && (
        <Space orientation="vertical" size={12} style={{ width: '100%', alignItems: 'center' }}>
          {qr ? (
            <img src={qr} width={220} height={220} alt={t('contracts.link.qr')} data-testid="sign-qr" />
          ) : (
            <Spin />
          )}
          <Typography.Text type="secondary">{t('contracts.link.scan')}</Typography.Text>
          <Typography.Paragraph
            copyable={{ text: link.url, tooltips: [t('common.copy'), t('common.copied')] }}
            data-testid="sign-url"
            style={{ wordBreak: 'break-all', width: '100%', margin: 0 }}
            code
          >
            {link.url}
          </Typography.Paragraph>
          <Alert
            type="info"
            showIcon
            style={{ width: '100%' }}
            title={t('contracts.link.expires', { time: formatTime(link.expiresAt) })}
          />
        </Space>
      )}
    </Modal>
  );
}
