import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SignerStatus } from '../../store/repositories/contracts.js';
import { nextSignerStatus } from './signer-state.js';
import { everyoneSigned, initialStatuses, signersDue, type TurnSigner } from './turns.js';

const S = (id: string, signOrder: number, status: SignerStatus): TurnSigner => ({ id, signOrder, status });

/**
 * The reference model of 顺序签 / 并行签, written as the rule reads: walk the order groups upwards;
 * the first group not wholly signed is the one whose turn it is; its waiting members are due.
 * Nothing is due once anybody rejected.
 */
function modelDue(signers: readonly TurnSigner[]): string[] {
  if (signers.some((s) => s.status === 'rejected')) return [];
  const orders = [...new Set(signers.map((s) => s.signOrder))].sort((a, b) => a - b);
  for (const order of orders) {
    const group = signers.filter((s) => s.signOrder === order);
    if (group.every((s) => s.status === 'signed')) continue;
    return group.filter((s) => s.status === 'waiting').map((s) => s.id);
  }
  return [];
}

const STATUS = fc.constantFrom<SignerStatus>('waiting', 'ready', 'read', 'signed', 'rejected');
const orders = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 });

describe('signersDue', () => {
  it('gives the next order group its turn once the lower one has signed', () => {
    const signers = [S('a', 1, 'signed'), S('b', 2, 'waiting'), S('c', 2, 'waiting'), S('d', 3, 'waiting')];
    expect(signersDue(signers)).toEqual(['b', 'c']);
  });

  it('gives nobody a turn while a lower order is unsigned', () => {
    expect(signersDue([S('a', 1, 'read'), S('b', 2, 'waiting')])).toEqual([]);
    expect(signersDue([S('a', 1, 'signed'), S('b', 1, 'ready'), S('c', 2, 'waiting')])).toEqual([]);
  });

  it('skips gaps in the numbering', () => {
    expect(signersDue([S('a', 1, 'signed'), S('b', 7, 'waiting'), S('c', 9, 'waiting')])).toEqual(['b']);
  });

  it('returns only the waiting members of the current group (the others already have their turn)', () => {
    expect(signersDue([S('a', 1, 'ready'), S('b', 1, 'waiting')])).toEqual(['b']);
  });

  it('is empty once someone rejected, once everyone signed, and for no signers', () => {
    expect(signersDue([S('a', 1, 'signed'), S('b', 2, 'rejected'), S('c', 3, 'waiting')])).toEqual([]);
    expect(signersDue([S('a', 1, 'rejected'), S('b', 2, 'waiting')])).toEqual([]);
    expect(signersDue([S('a', 1, 'signed'), S('b', 2, 'signed')])).toEqual([]);
    expect(signersDue([])).toEqual([]);
  });

  it('agrees with the reference model for any signers and statuses', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), STATUS), { maxLength: 8 }), (rows) => {
        const signers = rows.map(([o, st], i) => S(`s${i}`, o, st));
        expect(signersDue(signers)).toEqual(modelDue(signers));
      }),
    );
  });
});

describe('initialStatuses', () => {
  it('makes the lowest order ready and everyone else wait', () => {
    expect(initialStatuses([{ signOrder: 2 }, { signOrder: 1 }, { signOrder: 1 }, { signOrder: 3 }])).toEqual(
      ['waiting', 'ready', 'ready', 'waiting'],
    );
  });

  it('makes everyone ready when all sign in parallel', () => {
    expect(initialStatuses([{ signOrder: 1 }, { signOrder: 1 }])).toEqual(['ready', 'ready']);
    expect(initialStatuses([{ signOrder: 5 }])).toEqual(['ready']);
  });

  it('is empty for no signers', () => {
    expect(initialStatuses([])).toEqual([]);
  });
});

describe('everyoneSigned', () => {
  it('is true only when there are signers and all signed', () => {
    expect(everyoneSigned([{ status: 'signed' }, { status: 'signed' }])).toBe(true);
    expect(everyoneSigned([{ status: 'signed' }, { status: 'read' }])).toBe(false);
    expect(everyoneSigned([{ status: 'signed' }, { status: 'rejected' }])).toBe(false);
    expect(everyoneSigned([])).toBe(false);
  });
});

describe('a whole signing, against the reference model', () => {
  /**
   * One step: an active signer (picked by `pick`) reads and signs, or rejects; then the due
   * signers get their turn — what SignFlowService does in one transaction.
   */
  function step(signers: TurnSigner[], pick: number, reject: boolean): TurnSigner[] {
    const active = signers.filter((s) => s.status === 'ready' || s.status === 'read');
    const who = active[pick % active.length]!;
    const acted = signers.map((s) => {
      if (s.id !== who.id) return s;
      if (reject) return { ...s, status: nextSignerStatus(s.status, 'reject') };
      const read = s.status === 'ready' ? nextSignerStatus('ready', 'read') : s.status;
      return { ...s, status: nextSignerStatus(read, 'sign') };
    });
    const due = new Set(signersDue(acted));
    return acted.map((s) => (due.has(s.id) ? { ...s, status: nextSignerStatus(s.status, 'turn') } : s));
  }

  function checkInvariants(signers: readonly TurnSigner[]): void {
    for (const s of signers) {
      if (s.status === 'waiting') continue;
      // Nobody has its turn while a signer of a lower order has not signed.
      for (const lower of signers.filter((x) => x.signOrder < s.signOrder))
        expect(lower.status, `${s.id} (${s.status}) before ${lower.id}`).toBe('signed');
    }
    // Equal orders get their turn together.
    for (const order of new Set(signers.map((s) => s.signOrder))) {
      const group = signers.filter((s) => s.signOrder === order);
      const waiting = group.filter((s) => s.status === 'waiting').length;
      expect(waiting === 0 || waiting === group.length, `order ${order}`).toBe(true);
    }
  }

  it('never gives a turn early, gives equal orders theirs together, and ends with everyone signed unless someone rejected', () => {
    fc.assert(
      fc.property(
        orders,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 19 })), { minLength: 40, maxLength: 40 }),
        (signOrders, choices) => {
          const initial = initialStatuses(signOrders.map((signOrder) => ({ signOrder })));
          let signers = signOrders.map((o, i) => S(`s${i}`, o, initial[i]!));
          checkInvariants(signers);
          let rejected = false;
          for (const [pick, roll] of choices) {
            if (!signers.some((s) => s.status === 'ready' || s.status === 'read')) break;
            const reject = roll === 0; // one step in twenty is a rejection
            signers = step(signers, pick, reject);
            checkInvariants(signers);
            expect(signersDue(signers)).toEqual([]); // every due signer got its turn
            // A rejection ends the contract: nobody acts after it.
            if (reject) {
              rejected = true;
              break;
            }
          }
          if (rejected) {
            expect(everyoneSigned(signers)).toBe(false);
            expect(signers.filter((s) => s.status === 'rejected')).toHaveLength(1);
          } else {
            // At most 8 signers, 40 steps: the signing is over, and everyone has signed.
            expect(signers.map((s) => s.status)).toEqual(signers.map(() => 'signed'));
            expect(everyoneSigned(signers)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('starting from any statuses, the signers due are exactly what the model says', () => {
    fc.assert(
      fc.property(
        orders.chain((o) =>
          fc.tuple(fc.constant(o), fc.array(STATUS, { minLength: o.length, maxLength: o.length })),
        ),
        ([o, st]) => {
          const signers = o.map((order, i) => S(`s${i}`, order, st[i]!));
          const due = signersDue(signers);
          expect(due).toEqual(modelDue(signers));
          // A due signer is waiting, and every lower order has signed.
          for (const id of due) {
            const s = signers.find((x) => x.id === id)!;
            expect(s.status).toBe('waiting');
            for (const lower of signers.filter((x) => x.signOrder < s.signOrder))
              expect(lower.status).toBe('signed');
          }
        },
      ),
    );
  });
});
