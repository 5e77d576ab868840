import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FairQueue } from './fair-queue.js';

function takeAll<T>(q: FairQueue<T>): T[] {
  const out: T[] = [];
  for (let item = q.shift(); item !== undefined; item = q.shift()) out.push(item);
  return out;
}

describe('FairQueue', () => {
  it("serves a lone tenant's item after one item of each busy tenant, not after all of them", () => {
    const q = new FairQueue<string>();
    for (let i = 0; i < 100; i++) q.push('attacker', `a${i}`);
    q.push('victim', 'v0');
    expect(q.sizeOf('attacker')).toBe(100);
    expect(q.size).toBe(101);
    expect([q.shift(), q.shift(), q.shift()]).toEqual(['a0', 'v0', 'a1']);
    expect(q.sizeOf('victim')).toBe(0);
    expect(q.size).toBe(98);
  });

  it('takes turns between tenants and keeps each tenant in its own order', () => {
    const q = new FairQueue<string>();
    q.push('a', 'a1');
    q.push('a', 'a2');
    q.push('b', 'b1');
    q.push('a', 'a3');
    q.push('c', 'c1');
    q.push('b', 'b2');
    expect(takeAll(q)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(q.shift()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('drains everything that waits', () => {
    const q = new FairQueue<number>();
    q.push('a', 1);
    q.push('b', 2);
    q.push('a', 3);
    expect(q.drain().sort()).toEqual([1, 2, 3]);
    expect([q.size, q.sizeOf('a'), q.shift()]).toEqual([0, 0, undefined]);
  });

  it('loses nothing, keeps per-tenant order, and never lets a tenant wait more than one turn per other tenant', () => {
    const op = fc.oneof(
      fc.record({ push: fc.constantFrom('a', 'b', 'c', 'd') }),
      fc.constant({ shift: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new FairQueue<{ tenant: string; n: number }>();
        const pushed = new Map<string, number>();
        const served = new Map<string, number>();
        // Since a tenant last had its turn (or started waiting), how many items others were served.
        const passedOver = new Map<string, Set<string>>();
        let total = 0;
        for (const o of ops) {
          if ('push' in o) {
            const n = pushed.get(o.push) ?? 0;
            pushed.set(o.push, n + 1);
            if (q.sizeOf(o.push) === 0) passedOver.set(o.push, new Set());
            q.push(o.push, { tenant: o.push, n });
            total++;
          } else {
            const item = q.shift();
            if (item === undefined) {
              expect(q.size).toBe(0);
              continue;
            }
            total--;
            expect(item.n).toBe(served.get(item.tenant) ?? 0);
            served.set(item.tenant, item.n + 1);
            passedOver.set(item.tenant, new Set());
            for (const [tenant, others] of passedOver) {
              if (tenant === item.tenant || q.sizeOf(tenant) === 0) continue;
              // A waiting tenant is passed over by each other tenant at most once before its turn.
              expect(others.has(item.tenant)).toBe(false);
              others.add(item.tenant);
            }
          }
          expect(q.size).toBe(total);
        }
        const rest = takeAll(q);
        expect(rest.length).toBe(total);
      }),
    );
  });
});
