/**
 * Delegators (委托方) over HTTP on both databases: organisations grouped from their
 * authorizations, newest authorization first, with active and all authorizations, active seals,
 * real-name status and last use; paged by cursor; the same list for a console session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import { makePdf } from '../../signing/testing/fixtures.js';
import { testDialects } from '../../store/testing.js';
import { adminSession } from '../../../test/e2e/helpers.js';
import { createTestApp, type TestApp } from '../testing.js';

const dialects = await testDialects();

const org = (n: number) => ({
  kind: 'organization' as const,
  idType: 'USCC',
  id: `91310000MA1FL000${n}X`,
  name: `委托方 ${n}`,
});
const PERSON = { kind: 'person' as const, idType: 'user_id', id: 'U-1', name: '张三' };
const AGENT = {
  kind: 'person' as const,
  idType: 'ID_CARD',
  id: '110105199003071239',
  name: '李四',
  mobile: '13800138000',
};

interface Delegator {
  subject: { name: string; id: string };
  authorizations: { active: number; total: number };
  lastUsedAt: number | null;
  activeSeals: number;
  realName: { status: string } | null;
}

describe.each(dialects)('delegators on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;
  let appId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const line = await t.newLine('Delegators');
    client = line.client;
    appId = line.appId;
    const day = 86_400_000;
    // Oldest first: org 1 signs automatically; org 2 has a person and a revoked one; org 3 last.
    await client.createAuthorization({ subject: org(1), validTo: Date.now() + day });
    await client.createAuthorization({
      subject: org(2),
      delegate: { kind: 'person', subject: AGENT },
      validTo: Date.now() + day,
    });
    const revoked = await client.createAuthorization({ subject: org(2), validTo: Date.now() + day });
    await client.revokeAuthorization(revoked.id, '不再合作');
    await client.createAuthorization({
      subject: { ...org(3), name: '委托方 3（新名）' },
      validTo: Date.now() + day,
    });
    await client.request('POST', '/api/v1/real-name/organizations', {
      body: {
        subject: { idType: 'USCC', id: org(2).id },
        name: org(2).name,
        creditCode: '91350100M000100Y43',
        legalRepresentative: { name: '王五' },
      },
    });
    const c = await client.createContract(
      {
        title: '合同',
        signers: [
          { role: '甲方', subject: org(1), signOrder: 1 },
          { role: '乙方', subject: PERSON, signOrder: 2 },
        ],
      },
      { pdfs: [{ filename: 'a.pdf', data: await makePdf(1) }] },
    );
    await client.autoSign(c.id, (await client.contract(c.id)).signers![0]!.id);
  }, 120_000);
  afterAll(async () => t?.dispose());

  it('groups authorizations by organisation, newest first, and pages by cursor', async () => {
    const first = await client.request<{ items: Delegator[]; nextCursor: string | null }>(
      'GET',
      '/api/v1/delegators?limit=2',
    );
    expect(first.items.map((d) => d.subject.id)).toEqual([org(3).id, org(2).id]);
    expect(first.items[0]!.subject.name).toBe('委托方 3（新名）');
    expect(first.items[1]).toMatchObject({
      authorizations: { active: 1, total: 2 },
      realName: { status: expect.stringMatching(/^(pending|verified)$/) },
      lastUsedAt: null,
    });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await client.request<{ items: Delegator[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/delegators?limit=2&cursor=${first.nextCursor}`,
    );
    expect(second.items.map((d) => d.subject.id)).toEqual([org(1).id]);
    expect(second.nextCursor).toBeNull();
    const used = second.items[0]!;
    expect(used.authorizations).toEqual({ active: 1, total: 1 });
    expect(used.lastUsedAt).toEqual(expect.any(Number));
    expect(used.activeSeals).toBeGreaterThanOrEqual(1);
    expect(used.realName).toBeNull();
  });

  it('refuses a cursor it did not give', async () => {
    const res = await client
      .request('GET', '/api/v1/delegators?cursor=bm9wZQ')
      .catch((e: { code?: string }) => e.code);
    expect(res).toBe('CURSOR_INVALID');
  });

  it('answers a console session of any role, and not another line', async () => {
    const s = await adminSession(t, 'legal');
    const res = await t.app.server.inject({
      method: 'GET',
      url: `/admin/api/lines/${appId}/delegators`,
      headers: s.headers,
    });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { items: unknown[] }).items).toHaveLength(3);
    const other = await t.newLine('Other');
    expect((await other.client.request<{ items: unknown[] }>('GET', '/api/v1/delegators')).items).toEqual([]);
  });
});
