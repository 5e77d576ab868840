import { describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import type { SignerStatus } from '../../store/repositories/contracts.js';
import { isSignerActive, isSignerFinal, nextSignerStatus, type SignerEvent } from './signer-state.js';

const STATUSES: SignerStatus[] = ['waiting', 'ready', 'read', 'signed', 'rejected'];
const EVENTS: SignerEvent[] = ['turn', 'read', 'sign', 'reject'];

/** The machine of issue 9 "States", written out as a table to compare against. */
const ALLOWED: Record<string, SignerStatus> = {
  'waiting turn': 'ready',
  'ready read': 'read',
  'ready reject': 'rejected',
  'read sign': 'signed',
  'read reject': 'rejected',
};

/** The code a refused event must carry. */
function refusalCode(from: SignerStatus, event: SignerEvent): string {
  if (from === 'waiting') return 'NOT_YOUR_TURN';
  if (from === 'ready' && event === 'sign') return 'READING_REQUIRED';
  return 'SIGNER_STATE_CONFLICT';
}

function refusal(from: SignerStatus, event: SignerEvent): HetongError {
  try {
    nextSignerStatus(from, event);
  } catch (e) {
    if (e instanceof HetongError) return e;
    throw e;
  }
  throw new Error(`${from} + ${event} was allowed`);
}

describe('nextSignerStatus', () => {
  const pairs = STATUSES.flatMap((from) => EVENTS.map((event) => [from, event] as const));

  it.each(pairs.filter(([f, e]) => ALLOWED[`${f} ${e}`]))('%s + %s is allowed', (from, event) => {
    expect(nextSignerStatus(from, event)).toBe(ALLOWED[`${from} ${event}`]);
  });

  it.each(pairs.filter(([f, e]) => !ALLOWED[`${f} ${e}`]))(
    '%s + %s is refused with a 409 naming why',
    (from, event) => {
      const e = refusal(from, event);
      expect(e.status).toBe(409);
      expect(e.code).toBe(refusalCode(from, event));
      if (e.code === 'SIGNER_STATE_CONFLICT') expect(e.details).toEqual({ status: from, event });
    },
  );

  it('a waiting signer is told it is not its turn whatever it tries', () => {
    for (const event of ['read', 'sign', 'reject'] as const)
      expect(refusal('waiting', event).code).toBe('NOT_YOUR_TURN');
  });

  it('signing before reading is READING_REQUIRED, not a state conflict', () => {
    expect(refusal('ready', 'sign')).toMatchObject({ code: 'READING_REQUIRED', status: 409 });
  });

  it('signed and rejected signers cannot sign, reject or read again', () => {
    for (const from of ['signed', 'rejected'] as const)
      for (const event of EVENTS) expect(refusal(from, event).code).toBe('SIGNER_STATE_CONFLICT');
  });
});

describe('isSignerFinal / isSignerActive', () => {
  it.each([
    ['waiting', false, false],
    ['ready', false, true],
    ['read', false, true],
    ['signed', true, false],
    ['rejected', true, false],
  ] as const)('%s: final %s, active %s', (status, final, active) => {
    expect(isSignerFinal(status)).toBe(final);
    expect(isSignerActive(status)).toBe(active);
  });

  it('a final status allows no event; an active one allows reject', () => {
    for (const s of STATUSES) {
      const allowed = EVENTS.filter((e) => ALLOWED[`${s} ${e}`]);
      expect(isSignerFinal(s)).toBe(allowed.length === 0);
      if (isSignerActive(s)) expect(allowed).toContain('reject');
    }
  });
});
