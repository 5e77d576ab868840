import { describe, expect, it } from 'vitest';
import type { HetongError } from '../shared/errors.js';
import type { ContractStatus } from '../store/repositories/contracts.js';
import { effectiveStatus, isFinal, nextStatus, type ContractEvent } from './state.js';

const STATUSES: ContractStatus[] = ['pending_signing', 'completed', 'revoked', 'expired'];
const EVENTS: ContractEvent[] = ['revoke', 'expire', 'complete'];

describe('contract state machine', () => {
  it('moves a pending contract to revoked, expired or completed', () => {
    expect(nextStatus('pending_signing', 'revoke')).toBe('revoked');
    expect(nextStatus('pending_signing', 'expire')).toBe('expired');
    expect(nextStatus('pending_signing', 'complete')).toBe('completed');
  });

  it('refuses every event in a final state with CONTRACT_STATE_CONFLICT 409', () => {
    for (const s of STATUSES.filter((x) => x !== 'pending_signing')) {
      expect(isFinal(s)).toBe(true);
      for (const e of EVENTS) {
        let err: HetongError | undefined;
        try {
          nextStatus(s, e);
        } catch (x) {
          err = x as HetongError;
        }
        expect(err?.code).toBe('CONTRACT_STATE_CONFLICT');
        expect(err?.status).toBe(409);
        expect(err?.details).toEqual({ status: s, event: e });
      }
    }
    expect(isFinal('pending_signing')).toBe(false);
  });

  it('reads a pending contract past its expiry as expired', () => {
    expect(effectiveStatus({ status: 'pending_signing', expiresAt: 1000 }, 999)).toBe('pending_signing');
    expect(effectiveStatus({ status: 'pending_signing', expiresAt: 1000 }, 1000)).toBe('expired');
    expect(effectiveStatus({ status: 'pending_signing', expiresAt: null }, 1e15)).toBe('pending_signing');
    expect(effectiveStatus({ status: 'revoked', expiresAt: 1 }, 1e15)).toBe('revoked');
  });
});
