/**
 * The contract state machine, without I/O. A created contract waits for its signers
 * (`pending_signing`); the last signature completes it, one signer's rejection ends it
 * (`rejected`); the business line may revoke it while it is still pending; once `expiresAt` passes
 * unsigned it is `expired`. `completed`, `rejected`, `revoked` and `expired` are final.
 */
import { HetongError } from '../shared/errors.js';
import type { ContractStatus } from '../store/repositories/contracts.js';

export type ContractEvent = 'revoke' | 'expire' | 'complete' | 'reject';

const TRANSITIONS: Record<ContractStatus, Partial<Record<ContractEvent, ContractStatus>>> = {
  pending_signing: { revoke: 'revoked', expire: 'expired', complete: 'completed', reject: 'rejected' },
  completed: {},
  rejected: {},
  revoked: {},
  expired: {},
};

/** The next status, or CONTRACT_STATE_CONFLICT (409) when the event is not allowed now. */
export function nextStatus(current: ContractStatus, event: ContractEvent): ContractStatus {
  const to = TRANSITIONS[current][event];
  if (!to)
    throw new HetongError('CONTRACT_STATE_CONFLICT', 409, `a ${current} contract cannot ${event}`, {
      status: current,
      event,
    });
  return to;
}

export function isFinal(status: ContractStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length === 0;
}

/**
 * The status as of `now`: a pending contract past its expiry reads as `expired` even before a
 * job has written that down, so no caller ever sees a stale "pending".
 */
export function effectiveStatus(
  c: { status: ContractStatus; expiresAt: number | null },
  now: number,
): ContractStatus {
  return c.status === 'pending_signing' && c.expiresAt !== null && c.expiresAt <= now ? 'expired' : c.status;
}
