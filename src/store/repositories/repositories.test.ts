import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import { createTestStore, testDialects, type TestStore } from '../testing.js';
import { AdminAccountRepository } from './admin-accounts.js';
import { ApiNonceRepository } from './api-nonces.js';
import { BusinessLineRepository } from './business-lines.js';
import { IdempotencyKeyRepository } from './idempotency-keys.js';
import { LoginThrottleRepository } from './login-throttle.js';
import { TemplateGroupRepository } from './template-groups.js';

const dialects = await testDialects();

describe.each(dialects)('repositories on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
  });
  afterAll(async () => t?.dispose());

  async function line(name = 'Line') {
    const repo = new BusinessLineRepository(t.store.db);
    const now = Date.now();
    const bl = {
      id: newId('bl'),
      appId: newId('app'),
      secretSealed: 'v1.x.y.z',
      name,
      status: 'active' as const,
      autoApprove: true,
      settings: { theme: '红' },
      createdAt: now,
      updatedAt: now,
    };
    await repo.insert(bl);
    return bl;
  }

  it('migrations are current', async () => {
    expect(await t.store.pendingMigrations()).toEqual([]);
    expect(await t.store.migrate()).toEqual([]);
  });

  it('business lines: insert, read back with exact types, update', async () => {
    const repo = new BusinessLineRepository(t.store.db);
    const bl = await line('销售');
    const back = await repo.byAppId(bl.appId);
    expect(back).toEqual(bl);
    expect(typeof back!.createdAt).toBe('number');
    expect(await repo.update(bl.appId, { status: 'disabled', autoApprove: false }, bl.createdAt + 1)).toBe(
      true,
    );
    const changed = await repo.byId(bl.id);
    expect(changed?.status).toBe('disabled');
    expect(changed?.autoApprove).toBe(false);
    expect(await repo.update('app_missing', { status: 'active' }, 1)).toBe(false);
    expect((await repo.list()).some((l) => l.appId === bl.appId && !('secretSealed' in l))).toBe(true);
  });

  it('nonces: one claim per (app, nonce) until expiry', async () => {
    const repo = new ApiNonceRepository(t.store.db);
    const now = 1_700_000_000_000;
    expect(await repo.claim('app_a', 'n1', now + 1000, now)).toBe(true);
    expect(await repo.claim('app_a', 'n1', now + 1000, now)).toBe(false);
    expect(await repo.claim('app_b', 'n1', now + 1000, now)).toBe(true);
    // After expiry the same nonce may be taken over (its timestamp window has long passed).
    expect(await repo.claim('app_a', 'n1', now + 5000, now + 2000)).toBe(true);
    expect(await repo.sweep(now + 10_000)).toBeGreaterThanOrEqual(2);
  });

  it('idempotency keys: first response wins', async () => {
    const bl = await line();
    const repo = new IdempotencyKeyRepository(t.store.db);
    const first = { requestHash: 'h1', statusCode: 201, body: { id: 'x' }, createdAt: 1, leaseUntil: 0 };
    expect(await repo.save(bl.id, 'k', first)).toBe(true);
    expect(await repo.save(bl.id, 'k', { ...first, requestHash: 'h2' })).toBe(false);
    expect(await repo.find(bl.id, 'k')).toEqual(first);
    expect(await repo.find(bl.id, 'other')).toBeUndefined();
  });

  it('admin accounts and sessions', async () => {
    const repo = new AdminAccountRepository(t.store.db);
    const a = {
      id: newId('adm'),
      username: `u${Math.random()}`,
      role: 'legal' as const,
      status: 'active' as const,
      passwordHash: 'scrypt$…',
      createdAt: 5,
      updatedAt: 5,
    };
    await repo.insert(a);
    expect(await repo.byUsername(a.username)).toEqual(a);
    await repo.insertSession({ id: 's1', accountId: a.id, csrfToken: 'c', createdAt: 5, expiresAt: 100 });
    expect((await repo.session('s1', 50))?.accountId).toBe(a.id);
    expect(await repo.session('s1', 100)).toBeUndefined();
    expect(await repo.sweepSessions(101)).toBe(1);
  });

  it('login throttle state upserts', async () => {
    const repo = new LoginThrottleRepository(t.store.db);
    expect(await repo.get('ip:1')).toEqual({ failures: 0, lockedUntil: 0 });
    await repo.put('ip:1', { failures: 2, lockedUntil: 0 }, 1);
    await repo.put('ip:1', { failures: 3, lockedUntil: 99 }, 2);
    expect(await repo.get('ip:1')).toEqual({ failures: 3, lockedUntil: 99 });
    await repo.clear('ip:1');
    expect((await repo.get('ip:1')).failures).toBe(0);
  });

  it('template groups are only visible to their business line', async () => {
    const a = await line('A');
    const b = await line('B');
    const repo = new TemplateGroupRepository(t.store.db);
    const g = { id: newId('tg'), name: '劳动合同', parentId: null, createdAt: 1, updatedAt: 1 };
    await repo.insert(a.id, g);
    expect(await repo.get(a.id, g.id)).toEqual(g);
    expect(await repo.get(b.id, g.id)).toBeUndefined();
    expect(await repo.list(b.id)).toEqual([]);
    expect(await repo.rename(b.id, g.id, 'x', 2)).toBe(false);
    expect(await repo.rename(a.id, g.id, '租赁合同', 2)).toBe(true);
  });

  it('enforces foreign keys', async () => {
    const repo = new TemplateGroupRepository(t.store.db);
    await expect(
      repo.insert('bl_missing', { id: newId('tg'), name: 'x', parentId: null, createdAt: 1, updatedAt: 1 }),
    ).rejects.toThrow();
  });
});
