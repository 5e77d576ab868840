import { describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import {
  isRealNameExpired,
  isRealNameValid,
  nextRealNameStatus,
  realNameGap,
  type RealNameEvent,
  type RealNameStatus,
} from './state.js';

const EVENTS: RealNameEvent[] = ['verify', 'fail', 'approve', 'reject'];

describe('real-name state machine', () => {
  it('moves a pending verification to exactly one end state', () => {
    expect(nextRealNameStatus('pending', 'verify')).toBe('verified');
    expect(nextRealNameStatus('pending', 'approve')).toBe('verified');
    expect(nextRealNameStatus('pending', 'fail')).toBe('failed');
    expect(nextRealNameStatus('pending', 'reject')).toBe('rejected');
  });

  it('never leaves an end state', () => {
    for (const status of ['verified', 'failed', 'rejected'] as RealNameStatus[])
      for (const event of EVENTS) {
        let error: unknown;
        try {
          nextRealNameStatus(status, event);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(HetongError);
        expect(error).toMatchObject({ code: 'REAL_NAME_STATE_CONFLICT', status: 409 });
      }
  });

  it('holds a verified record until, not at, its expiry', () => {
    const r = { status: 'verified' as const, expiresAt: 1000 };
    expect(isRealNameValid(r, 999)).toBe(true);
    expect(isRealNameValid(r, 1000)).toBe(false);
    expect(isRealNameExpired(r, 1000)).toBe(true);
    expect(isRealNameValid({ status: 'pending', expiresAt: null }, 0)).toBe(false);
    expect(isRealNameExpired({ status: 'failed', expiresAt: null }, 0)).toBe(false);
  });

  it('says what a subject lacks', () => {
    const at = (status: RealNameStatus, createdAt: number, expiresAt: number | null = null) => ({
      status,
      createdAt,
      expiresAt,
    });
    expect(realNameGap([], 10)).toBe('none');
    expect(realNameGap([at('pending', 1)], 10)).toBe('pending');
    expect(realNameGap([at('verified', 1, 5), at('failed', 2)], 10)).toBe('failed');
    expect(realNameGap([at('rejected', 1), at('verified', 2, 5)], 10)).toBe('expired');
    // Any valid record is enough, even when a newer attempt failed.
    expect(realNameGap([at('verified', 1, 50), at('failed', 2)], 10)).toBeNull();
  });
});
