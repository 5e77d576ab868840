import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../store/testing.js';
import { SYSTEM_ACTOR } from '../tenancy/context.js';
import { createTestApp, type TestApp } from './testing.js';

const dialects = await testDialects();

interface Session {
  cookie: string;
  csrf: string;
}

describe.each(dialects)('admin API on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  const inject = (opts: InjectOptions) => t.app.server.inject(opts);

  async function account(role: 'admin' | 'operator' | 'legal') {
    const username = `${role}${++n}`;
    const password = `pw-${role}-0123456789`;
    await t.app.services.admin.createAccount({ username, password, role }, SYSTEM_ACTOR);
    return { username, password };
  }

  async function login(username: string, password: string, ip = '10.0.0.1') {
    return inject({
      method: 'POST',
      url: '/admin/api/login',
      payload: { username, password },
      remoteAddress: ip,
    });
  }

  async function session(role: 'admin' | 'operator' | 'legal'): Promise<Session> {
    const a = await account(role);
    const res = await login(a.username, a.password, `10.1.0.${n}`);
    expect(res.statusCode).toBe(200);
    const cookies = res.cookies as unknown as { name: string; value: string }[];
    return {
      cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      csrf: res.json().csrfToken as string,
    };
  }

  const as = (s: Session, withCsrf = true) => ({
    cookie: s.cookie,
    ...(withCsrf ? { 'x-csrf-token': s.csrf } : {}),
  });

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.dispose());

  it('login sets an HttpOnly SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const a = await account('operator');
    const res = await login(a.username, a.password);
    expect(res.statusCode).toBe(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string | string[]);
    const sessionCookie = setCookie.find((c) => c.startsWith('hetong_session='))!;
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Strict/);
    expect(sessionCookie).toMatch(/Path=\/admin/);
    const csrfCookie = setCookie.find((c) => c.startsWith('hetong_csrf='))!;
    expect(csrfCookie).not.toMatch(/HttpOnly/);
    expect(res.json().account).toMatchObject({ username: a.username, role: 'operator' });
    expect(JSON.stringify(res.json())).not.toMatch(/password|scrypt/);
  });

  it('wrong passwords and unknown users get AUTH_LOGIN_FAILED', async () => {
    const a = await account('legal');
    const wrong = await login(a.username, 'not-the-password', '10.2.0.1');
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'AUTH_LOGIN_FAILED']);
    const unknown = await login('nobody-here', 'whatever-password', '10.2.0.2');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([401, 'AUTH_LOGIN_FAILED']);
  });

  it('me needs a session; logout ends it', async () => {
    expect((await inject({ method: 'GET', url: '/admin/api/me' })).json().error.code).toBe(
      'AUTH_SESSION_REQUIRED',
    );
    const s = await session('legal');
    const me = await inject({ method: 'GET', url: '/admin/api/me', headers: as(s, false) });
    expect(me.json().account.role).toBe('legal');
    expect((await inject({ method: 'POST', url: '/admin/api/logout', headers: as(s) })).statusCode).toBe(204);
    const after = await inject({ method: 'GET', url: '/admin/api/me', headers: as(s, false) });
    expect([after.statusCode, after.json().error.code]).toEqual([401, 'AUTH_SESSION_REQUIRED']);
  });

  it('state changes need the X-CSRF-Token header matching the session', async () => {
    const s = await session('admin');
    const body = { name: 'CSRF 线' };
    const none = await inject({
      method: 'POST',
      url: '/admin/api/business-lines',
      headers: as(s, false),
      payload: body,
    });
    expect([none.statusCode, none.json().error.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const wrong = await inject({
      method: 'POST',
      url: '/admin/api/business-lines',
      headers: { ...as(s, false), 'x-csrf-token': 'forged' },
      payload: body,
    });
    expect(wrong.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const ok = await inject({
      method: 'POST',
      url: '/admin/api/business-lines',
      headers: as(s),
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
  });

  it('roles: only admin manages accounts and business lines; legal reads the audit trail', async () => {
    const operator = await session('operator');
    const legal = await session('legal');
    const admin = await session('admin');
    const forbidden = await inject({
      method: 'GET',
      url: '/admin/api/accounts',
      headers: as(operator, false),
    });
    expect([forbidden.statusCode, forbidden.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const create = await inject({
      method: 'POST',
      url: '/admin/api/business-lines',
      headers: as(legal),
      payload: { name: 'x' },
    });
    expect(create.json().error.code).toBe('FORBIDDEN');
    expect(
      (await inject({ method: 'GET', url: '/admin/api/business-lines', headers: as(operator, false) }))
        .statusCode,
    ).toBe(200);

    const made = await inject({
      method: 'POST',
      url: '/admin/api/accounts',
      headers: as(admin),
      payload: { username: `new${++n}`, password: 'a-long-password', role: 'legal' },
    });
    expect(made.statusCode).toBe(201);
    const audit = await inject({
      method: 'GET',
      url: `/admin/api/audit-events?target=${made.json().id}`,
      headers: as(legal, false),
    });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['admin_account.created']);
    expect(audit.json().items[0].actor).toMatch(/^admin:adm_/);
    expect(
      (await inject({ method: 'GET', url: `/admin/api/audit-events?target=x`, headers: as(operator, false) }))
        .statusCode,
    ).toBe(403);

    const disabled = await inject({
      method: 'PATCH',
      url: `/admin/api/accounts/${made.json().id}`,
      headers: as(admin),
      payload: { status: 'disabled' },
    });
    expect(disabled.json().status).toBe('disabled');
    const unknownField = await inject({
      method: 'PATCH',
      url: `/admin/api/accounts/${made.json().id}`,
      headers: as(admin),
      payload: { passwordHash: 'x' },
    });
    expect(unknownField.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('business lines through the admin API: create (secret once), disable, rotate', async () => {
    const admin = await session('admin');
    const created = await inject({
      method: 'POST',
      url: '/admin/api/business-lines',
      headers: as(admin),
      payload: { name: '采购', autoApprove: true },
    });
    const { appId, appSecret, businessLine } = created.json();
    expect(businessLine.autoApprove).toBe(true);
    const client = t.clientFor(appId, appSecret);
    expect((await client.businessLine()).name).toBe('采购');
    const list = await inject({ method: 'GET', url: '/admin/api/business-lines', headers: as(admin, false) });
    expect(JSON.stringify(list.json())).not.toContain(appSecret);

    const rotated = await inject({
      method: 'POST',
      url: `/admin/api/business-lines/${appId}/rotate-secret`,
      headers: as(admin),
    });
    expect(rotated.json().appSecret).not.toBe(appSecret);
    expect((await client.raw('GET', '/api/v1/business-line')).status).toBe(401);

    await inject({ method: 'POST', url: `/admin/api/business-lines/${appId}/disable`, headers: as(admin) });
    const res = await t.clientFor(appId, rotated.json().appSecret).raw('GET', '/api/v1/business-line');
    expect(JSON.parse(res.body.toString()).error.code).toBe('AUTH_APP_DISABLED');
    const missing = await inject({
      method: 'POST',
      url: '/admin/api/business-lines/app_nope/disable',
      headers: as(admin),
    });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'BUSINESS_LINE_NOT_FOUND']);
  });

  it('throttles logins per account and address: 5 failures lock that address out, not the owner elsewhere', async () => {
    const a = await account('operator');
    for (let i = 0; i < 5; i++)
      expect((await login(a.username, 'wrong-password', '10.3.0.1')).statusCode).toBe(401);
    const locked = await login(a.username, a.password, '10.3.0.1');
    expect([locked.statusCode, locked.json().error.code]).toEqual([429, 'AUTH_THROTTLED']);
    expect(locked.json().error.details.retryAfterMs).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The owner, from their own address, is not locked out by someone else's guesses.
    expect((await login(a.username, a.password, '10.3.9.9')).statusCode).toBe(200);
  });

  it('an account takes at most 50 failures from all addresses together (the ceiling)', async () => {
    const a = await account('operator');
    for (let i = 0; i < 50; i++)
      expect(
        (await login(a.username, 'wrong-password', `10.5.${Math.floor(i / 4)}.${i % 4}`)).statusCode,
      ).toBe(401);
    const locked = await login(a.username, a.password, '10.5.200.1');
    expect([locked.statusCode, locked.json().error.code]).toEqual([429, 'AUTH_THROTTLED']);
  });

  it('throttles logins per client address across usernames', async () => {
    const a = await account('operator');
    for (let i = 0; i < 5; i++)
      expect((await login(`guess${i}`, 'wrong-password', '10.4.0.1')).statusCode).toBe(401);
    expect((await login(a.username, a.password, '10.4.0.1')).json().error.code).toBe('AUTH_THROTTLED');
    expect((await login(a.username, a.password, '10.4.0.2')).statusCode).toBe(200);
  });
});
