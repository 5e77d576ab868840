/**
 * What the sign flow tells the outside world besides the audit trail: webhook events, written in
 * the transaction of the change they report (the transactional outbox in src/notify/webhooks).
 */
import type { Db } from '../../store/database.js';
import type { ContractRow, ContractSignerRow } from '../../store/repositories/contracts.js';

export type ContractEventType =
  | 'contract.created'
  | 'contract.signer.ready'
  | 'contract.signer.read'
  | 'contract.signer.signed'
  | 'contract.signer.rejected'
  | 'contract.completed'
  | 'contract.rejected'
  | 'contract.revoked'
  | 'contract.expired';

export interface ContractEventSink {
  emit(db: Db, businessLineId: string, type: ContractEventType, data: Record<string, unknown>): Promise<void>;
}

export const NO_EVENTS: ContractEventSink = { emit: async () => undefined };

/** The `data` of a signer event: enough for a business system to act without a second call. */
export function signerEventData(
  c: Pick<ContractRow, 'id' | 'title'>,
  s: ContractSignerRow,
  extra: Record<string, unknown> = {},
) {
  const subject = s.subject as { kind?: string; idType?: string; id: string; name?: string };
  return {
    contractId: c.id,
    title: c.title,
    signerId: s.id,
    role: s.role,
    subject: { kind: subject.kind, idType: subject.idType, id: subject.id, name: subject.name },
    ...extra,
  };
}
