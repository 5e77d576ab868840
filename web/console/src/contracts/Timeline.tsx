/**
 * The contract's story from its audit trail (GET /contracts/:id/audit): each event with a readable
 * name, who did it (an app, a signer, an admin account), when and from where.
 */
import { useQuery } from '@tanstack/react-query';
import { Timeline as AntTimeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, linePath } from '../api';
import { ErrorAlert } from '../components/errors';
import { formatTime } from '../lib/format';
import type { AuditEvent } from '../types';

const COLORS: Record<string, string> = {
  'contract.completed': 'green',
  'contract.signer.signed': 'green',
  'contract.revoked': 'gray',
  'contract.rejected': 'red',
  'contract.signer.rejected': 'red',
  'contract.expired': 'orange',
};

/** Details worth a line of their own under the event. */
const SHOWN_DETAILS = ['reason', 'method', 'role', 'signerId', 'groupId'];

export function ContractTimeline({ appId, contractId }: { appId: string; contractId: string }) {
  const { t } = useTranslation();
  const audit = useQuery({
    queryKey: ['contract-audit', appId, contractId],
    queryFn: () =>
      get<{ items: AuditEvent[] }>(linePath(appId, `/contracts/${encodeURIComponent(contractId)}/audit`)),
  });
  const actionName = (a: string) => t(`contracts.actions.${a.replace(/\./g, '_')}`, { defaultValue: a });
  return (
    <>
      <ErrorAlert error={audit.error} />
      <AntTimeline
        data-testid="timeline"
        items={(audit.data?.items ?? []).map((e) => ({
          key: e.id,
          color: COLORS[e.action] ?? 'blue',
          content: (
            <>
              <Typography.Text strong>{actionName(e.action)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {e.action}
              </Typography.Text>
              <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 13 }}>
                {formatTime(e.at)} · {e.actor}
                {e.ip ? ` · IP ${e.ip}` : ''}
              </div>
              {SHOWN_DETAILS.filter((k) => e.details[k] !== undefined).map((k) => (
                <div key={k} style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                  {t(`contracts.detailKeys.${k}`)}: {String(e.details[k])}
                </div>
              ))}
            </>
          ),
        }))}
      />
    </>
  );
}
