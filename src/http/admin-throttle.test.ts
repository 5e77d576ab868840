/**
 * Login throttling under concurrency: each attempt is counted atomically before the password is
 * checked, so parallel guesses cannot all slip past the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottleRepository } from '../store/repositories/login-throttle.js';
import { testDialects } from '../store/testing.js';
import { SYSTEM_ACTOR } from '../tenancy/context.js';
import { createTestApp, type TestApp } from './testing.js';

const dialects = await testDialects();

describe.each(dialects)('admin login throttling under concurrency on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.dispose());

  const login = (username: string, password: string, ip: string) =>
    t.app.server.inject({
      method: 'POST',
      url: '/admin/api/login',
      payload: { username, password },
      remoteAddress: ip,
    });

  it('20 parallel wrong passwords: 5 reach the password check, the rest get AUTH_THROTTLED', async () => {
    const username = 'parallel-admin';
    const password = 'pw-parallel-0123456789';
    const account = await t.app.services.admin.createAccount(
      { username, password, role: 'admin' },
      SYSTEM_ACTOR,
    );
    // One client address: the account-and-address limit (5 free failures) applies.
    const results = await Promise.all(
      Array.from({ length: 20 }, () => login(username, 'wrong-password', '10.9.0.1')),
    );
    const codes = results.map((r) => `${r.statusCode} ${r.json().error.code}`);
    expect(codes.filter((c) => c === '401 AUTH_LOGIN_FAILED')).toHaveLength(5);
    expect(codes.filter((c) => c === '429 AUTH_THROTTLED')).toHaveLength(15);
    // Only the attempts that reached the password check are audited as failed logins.
    const failed = await t.app.services.store.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'admin.login_failed')
      .where('target', '=', account.id)
      .execute();
    expect(failed).toHaveLength(5);
    // Still locked for the right password from that address; the owner elsewhere gets in.
    const locked = await login(username, password, '10.9.0.1');
    expect([locked.statusCode, locked.json().error.code]).toEqual([429, 'AUTH_THROTTLED']);
    expect(locked.json().error.details.retryAfterMs).toBeGreaterThan(0);
    expect((await login(username, password, '10.9.1.1')).statusCode).toBe(200);
    expect(Number(locked.headers['retry-after'])).toBe(
      Math.ceil(locked.json().error.details.retryAfterMs / 1000),
    );
  });

  it('a successful login clears the counters', async () => {
    const username = 'clears-admin';
    const password = 'pw-clears-0123456789';
    await t.app.services.admin.createAccount({ username, password, role: 'admin' }, SYSTEM_ACTOR);
    for (let i = 0; i < 4; i++) expect((await login(username, 'wrong', `10.8.0.${i}`)).statusCode).toBe(401);
    expect((await login(username, password, '10.8.1.1')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(username, 'wrong', `10.8.2.${i}`)).statusCode).toBe(401);
    expect((await login(username, password, '10.8.3.1')).statusCode).toBe(200);
  });

  it('the repository counts atomically and refuses while locked, leaving the row untouched', async () => {
    const repo = new LoginThrottleRepository(t.app.services.store.db);
    const now = Date.now();
    const counts = await Promise.all(
      Array.from({ length: 20 }, () => repo.attempt('test:key', now, 5, now + 60_000)),
    );
    expect(counts.filter((c) => c !== undefined).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5]);
    expect(await repo.get('test:key')).toEqual({ failures: 5, lockedUntil: now + 60_000 });
    // Once the lock has passed, the next attempt is counted again (and holds the key again).
    expect(await repo.attempt('test:key', now + 60_000, 5, now + 120_000)).toBe(6);
    expect(await repo.get('test:key')).toEqual({ failures: 6, lockedUntil: now + 120_000 });
  });
});
