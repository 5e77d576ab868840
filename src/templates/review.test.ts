import { describe, expect, it } from 'vitest';
import type { HetongError } from '../shared/errors.js';
import { initialStatus, reviewedStatus, usableVersionId } from './review.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as HetongError).code;
  }
  return undefined;
}

describe('template review rules', () => {
  it('starts pending unless the business line auto-approves', () => {
    expect(initialStatus(false)).toBe('pending_approval');
    expect(initialStatus(true)).toBe('approved');
  });

  it('approves or rejects only a pending version', () => {
    expect(reviewedStatus('pending_approval', 'approve')).toBe('approved');
    expect(reviewedStatus('pending_approval', 'reject', 'clause 5 is wrong')).toBe('rejected');
    for (const s of ['approved', 'rejected', 'superseded'] as const) {
      expect(codeOf(() => reviewedStatus(s, 'approve'))).toBe('TEMPLATE_VERSION_NOT_PENDING');
      expect(codeOf(() => reviewedStatus(s, 'reject', 'x'))).toBe('TEMPLATE_VERSION_NOT_PENDING');
    }
  });

  it('needs a reason to reject', () => {
    expect(codeOf(() => reviewedStatus('pending_approval', 'reject'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => reviewedStatus('pending_approval', 'reject', '   '))).toBe('VALIDATION_FAILED');
  });

  it('contracts use the active version or are refused with 409', () => {
    expect(usableVersionId({ id: 'tpl_a', activeVersionId: 'tplv_b' })).toBe('tplv_b');
    let err: HetongError | undefined;
    try {
      usableVersionId({ id: 'tpl_a', activeVersionId: null });
    } catch (e) {
      err = e as HetongError;
    }
    expect(err?.code).toBe('TEMPLATE_NOT_APPROVED');
    expect(err?.status).toBe(409);
  });
});
