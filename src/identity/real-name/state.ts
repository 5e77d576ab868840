/**
 * The life of a real-name verification (实名认证), pure: it starts `pending` and ends once —
 * `verified` (the provider found the factors matching, or an operator approved), `failed` (the
 * provider found them not matching, or could not answer: timeout, error, garbage) or `rejected`
 * (an operator refused). A verified record holds until its expiry; after it the subject must be
 * verified again. Nothing ever returns to `pending` or leaves an end state.
 */
import { HetongError } from '../../shared/errors.js';

export type RealNameStatus = 'pending' | 'verified' | 'failed' | 'rejected';
export type RealNameEvent = 'verify' | 'fail' | 'approve' | 'reject';

const NEXT: Record<RealNameEvent, RealNameStatus> = {
  verify: 'verified',
  fail: 'failed',
  approve: 'verified',
  reject: 'rejected',
};

/** The status after `event`; REAL_NAME_STATE_CONFLICT (409) unless the record is pending. */
export function nextRealNameStatus(status: RealNameStatus, event: RealNameEvent): RealNameStatus {
  if (status !== 'pending')
    throw new HetongError('REAL_NAME_STATE_CONFLICT', 409, `the verification is ${status} already`, {
      status,
      event,
    });
  return NEXT[event];
}

export interface RealNameStanding {
  status: RealNameStatus;
  expiresAt: number | null;
}

/** A verified record counts until (not at) its expiry. */
export function isRealNameValid(r: RealNameStanding, now: number): boolean {
  return r.status === 'verified' && r.expiresAt !== null && now < r.expiresAt;
}

/** Whether a verified record has run out (false for every other status). */
export function isRealNameExpired(r: RealNameStanding, now: number): boolean {
  return r.status === 'verified' && (r.expiresAt === null || now >= r.expiresAt);
}

/**
 * What a signer's subject lacks for a scene that requires real-name: `none` (never verified),
 * `pending`, `failed`/`rejected` (the newest attempt), `expired`, or null when a valid record
 * exists. `records` may come in any order; any valid one is enough.
 */
export function realNameGap(
  records: readonly (RealNameStanding & { createdAt: number })[],
  now: number,
): null | 'none' | 'pending' | 'failed' | 'rejected' | 'expired' {
  if (records.some((r) => isRealNameValid(r, now))) return null;
  const newest = [...records].sort((a, b) => b.createdAt - a.createdAt)[0];
  if (!newest) return 'none';
  if (newest.status === 'verified') return 'expired';
  return newest.status;
}
