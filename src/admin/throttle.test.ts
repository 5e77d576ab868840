import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_THROTTLE } from './throttle.js';
import { hashPassword, randomPassword, verifyPassword } from './passwords.js';

describe('login throttling policy', () => {
  it('allows 4 free failures, then locks out with doubling periods', () => {
    let s = { failures: 0, lockedUntil: 0 };
    const locks: number[] = [];
    for (let i = 0; i < 7; i++) {
      s = afterFailure(s, 1000, DEFAULT_THROTTLE);
      locks.push(s.lockedUntil === 0 ? 0 : s.lockedUntil - 1000);
    }
    expect(locks).toEqual([0, 0, 0, 0, 30_000, 60_000, 120_000]);
  });

  it('never locks longer than the maximum', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(10 ** 12), (failures, now) => {
        const s = afterFailure({ failures, lockedUntil: 0 }, now, DEFAULT_THROTTLE);
        expect(s.lockedUntil - now).toBeLessThanOrEqual(DEFAULT_THROTTLE.maxLockMs);
        expect(s.failures).toBe(failures + 1);
      }),
    );
  });
});

describe('scrypt passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const pw = randomPassword();
    const [a, b] = await Promise.all([hashPassword(pw), hashPassword(pw)]);
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword(pw, a)).toBe(true);
    expect(await verifyPassword(pw + 'x', a)).toBe(false);
    expect(await verifyPassword(pw, 'garbage')).toBe(false);
  });
});
