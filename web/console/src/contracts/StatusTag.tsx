/** Contract and signer states as coloured tags, in the operator's language. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContractStatus, SignerStatus } from './types';

const CONTRACT_COLORS: Record<ContractStatus, string> = {
  pending_signing: 'processing',
  completed: 'success',
  rejected: 'error',
  revoked: 'default',
  expired: 'warning',
};

const SIGNER_COLORS: Record<SignerStatus, string> = {
  waiting: 'default',
  ready: 'processing',
  read: 'cyan',
  signed: 'success',
  rejected: 'error',
};

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={CONTRACT_COLORS[status]} data-testid="contract-status">
      {t(`contracts.status.${status}`)}
    </Tag>
  );
}

export function SignerStatusTag({ status }: { status: SignerStatus }) {
  const { t } = useTranslation();
  return <Tag color={SIGNER_COLORS[status]}>{t(`contracts.signerStatus.${status}`)}</Tag>;
}
