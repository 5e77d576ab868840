/**
 * The console's business-line API (/admin/api/lines/:appId/…): the /api/v1 routes behind an admin
 * session, with roles, CSRF, a disabled line read-only, and the audit actor being the account.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../../signing/testing/fixtures.js';
import { testDialects } from '../../store/testing.js';
import { adminSession, SIGNERS, type AdminSession } from '../../../test/e2e/helpers.js';
import { createTestApp, type TestApp } from '../testing.js';

const dialects = await testDialects();

describe.each(dialects)('console line routes on %s', (dialect) => {
  let t: TestApp;
  let appId: string;
  let operator: AdminSession;
  let legal: AdminSession;
  let admin: AdminSession;
  const inject = (o: InjectOptions) => t.app.server.inject(o);
  const base = () => `/admin/api/lines/${appId}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const line = await t.newLine('Console line');
    appId = line.appId;
    const pdf = await makePdf(1);
    for (let i = 0; i < 3; i++)
      await line.client.createContract(
        { title: `合同 ${i}`, signers: SIGNERS },
        { pdfs: [{ filename: 'a.pdf', data: pdf }] },
      );
    [operator, legal, admin] = await Promise.all([
      adminSession(t, 'operator'),
      adminSession(t, 'legal'),
      adminSession(t, 'admin'),
    ]);
  });
  afterAll(async () => t?.dispose());

  it('lists a line’s contracts and counts them for each role', async () => {
    for (const s of [operator, legal, admin]) {
      const list = await inject({ method: 'GET', url: `${base()}/contracts?limit=2`, headers: s.headers });
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toHaveLength(2);
      expect(list.json().nextCursor).toEqual(expect.any(String));
    }
    const stats = await inject({
      method: 'GET',
      url: `${base()}/contract-stats?since=0`,
      headers: operator.headers,
    });
    expect(stats.json()).toEqual({
      byStatus: { pending_signing: 3, completed: 0, rejected: 0, revoked: 0, expired: 0 },
      createdSince: 3,
      completedSince: 0,
    });
    const future = await inject({
      method: 'GET',
      url: `${base()}/contract-stats?since=${Date.now() + 60_000}`,
      headers: operator.headers,
    });
    expect(future.json()).toMatchObject({ createdSince: 0 });
  });

  it('refuses anonymous requests before reading their body', async () => {
    const res = await inject({
      method: 'POST',
      url: `${base()}/template-groups`,
      headers: { 'content-type': 'application/json' },
      payload: Buffer.alloc(3_000_000, 0x20),
    });
    // 401, not 413: the session is checked in onRequest, before the 1 MB body limit applies.
    expect([res.statusCode, res.json().error.code]).toEqual([401, 'AUTH_SESSION_REQUIRED']);
  });

  it('changes need CSRF and the operator or admin role; the actor is the account', async () => {
    const noCsrf = await inject({
      method: 'POST',
      url: `${base()}/template-groups`,
      headers: { cookie: operator.headers.cookie },
      payload: { name: '采购' },
    });
    expect([noCsrf.statusCode, noCsrf.json().error.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const byLegal = await inject({
      method: 'POST',
      url: `${base()}/template-groups`,
      headers: legal.headers,
      payload: { name: '采购' },
    });
    expect([byLegal.statusCode, byLegal.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const created = await inject({
      method: 'POST',
      url: `${base()}/template-groups`,
      headers: operator.headers,
      payload: { name: '采购' },
    });
    expect(created.statusCode).toBe(201);
    const log = await inject({
      method: 'GET',
      url: `${base()}/audit-log?action=template_group.`,
      headers: operator.headers,
    });
    expect(log.json().items).toEqual([
      expect.objectContaining({
        action: 'template_group.created',
        target: created.json().id,
        actor: expect.stringMatching(/^admin:/),
      }),
    ]);
  });

  it('an unknown line is 404; a disabled one is read-only', async () => {
    const unknown = await inject({
      method: 'GET',
      url: '/admin/api/lines/app_nope/contracts',
      headers: operator.headers,
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'BUSINESS_LINE_NOT_FOUND']);
    const other = await t.newLine('Soon disabled');
    const off = await inject({
      method: 'POST',
      url: `/admin/api/business-lines/${other.appId}/disable`,
      headers: admin.headers,
    });
    expect(off.statusCode).toBe(200);
    const read = await inject({
      method: 'GET',
      url: `/admin/api/lines/${other.appId}/contracts`,
      headers: operator.headers,
    });
    expect(read.statusCode).toBe(200);
    const write = await inject({
      method: 'POST',
      url: `/admin/api/lines/${other.appId}/template-groups`,
      headers: operator.headers,
      payload: { name: 'x' },
    });
    expect([write.statusCode, write.json().error.code]).toEqual([403, 'BUSINESS_LINE_DISABLED']);
  });

  it('the OpenAPI document lists each route once, without the console mirror', async () => {
    const doc = (await inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/api/v1/contracts');
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/admin/api/lines'))).toEqual([]);
  });

  it('admins and legal search the whole audit log; every role reads route latencies', async () => {
    const platform = await inject({
      method: 'GET',
      url: '/admin/api/audit-log?businessLineId=platform&action=admin.login&limit=200',
      headers: legal.headers,
    });
    expect(platform.statusCode).toBe(200);
    const items = platform.json().items as { action: string; businessLineId: string | null; id: number }[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.every((e) => e.action.startsWith('admin.login') && e.businessLineId === null)).toBe(true);
    expect(items.map((e) => e.id)).toEqual([...items.map((e) => e.id)].sort((a, b) => b - a));
    const refused = await inject({ method: 'GET', url: '/admin/api/audit-log', headers: operator.headers });
    expect(refused.statusCode).toBe(403);
    const bad = await inject({
      method: 'GET',
      url: '/admin/api/audit-log?cursor=zz',
      headers: admin.headers,
    });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);

    const latencies = await inject({
      method: 'GET',
      url: '/admin/api/metrics-summary',
      headers: operator.headers,
    });
    const rows = latencies.json().items as { method: string; route: string; count: number; p99: number }[];
    const list = rows.find((r) => r.method === 'GET' && r.route === '/admin/api/lines/:appId/contracts');
    expect(list?.count).toBeGreaterThanOrEqual(3);
    expect(list!.p99).toBeGreaterThan(0);
  });
});
