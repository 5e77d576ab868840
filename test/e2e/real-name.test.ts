/**
 * Real-name verification over HTTP on SQLite and PostgreSQL (issue 12): a person through the
 * `manual` provider (pending until an operator approves in the console; legal may only read), an
 * organisation through the `http` provider against a local server that checks the HMAC, invalid
 * numbers refused with the failed check named, a provider that times out or answers garbage giving
 * `failed`, ID numbers never stored or shown in the clear, and a scene that refuses signing with
 * REAL_NAME_REQUIRED until the signer's subject is verified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HetongApiError, type HetongClient } from '../../src/client/index.js';
import { startFakeProvider, type FakeProvider } from '../../src/identity/real-name/testing.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { makePdf } from '../../src/signing/testing/fixtures.js';
import { testDialects } from '../../src/store/testing.js';
import { adminSession, type AdminSession } from './helpers.js';
import { SignerBrowser } from './signing.js';

const dialects = await testDialects();

const ID_NUMBER = '11010519491231002X';
const MOBILE = '13812345678';
const CREDIT_CODE = '91350100M000100Y43';
const PERSON = { kind: 'person' as const, idType: 'user_id', id: 'U-77', name: '张三' };
const ORG = {
  kind: 'organization' as const,
  idType: 'merchant_no',
  id: 'M-77',
  name: '福州闽江科技有限公司',
};

async function refusal(p: Promise<unknown>): Promise<HetongApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HetongApiError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe.each(dialects)('real-name verification over HTTP on %s', (dialect) => {
  let manual: TestApp;
  let http: TestApp;
  let provider: FakeProvider;
  let line: { appId: string; client: HetongClient };
  let httpLine: { appId: string; client: HetongClient };
  let operator: AdminSession;
  let legal: AdminSession;

  beforeAll(async () => {
    provider = await startFakeProvider();
    // Webhooks to loopback: the event rows are checked, nothing is delivered (no job runner).
    manual = await createTestApp(dialect, { env: { HETONG_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    http = await createTestApp(dialect, {
      env: {
        HETONG_REALNAME_PROVIDER: 'http',
        HETONG_REALNAME_URL: provider.url,
        HETONG_REALNAME_APP_KEY: provider.appKey,
        HETONG_REALNAME_SECRET: provider.secret,
        HETONG_REALNAME_TIMEOUT_MS: '500',
      },
    });
    line = await manual.newLine('实名业务线');
    httpLine = await http.newLine('实名业务线 http');
    operator = await adminSession(manual, 'operator');
    await line.client.request('POST', '/api/v1/webhooks', {
      body: { url: 'http://127.0.0.1:9/hooks', events: ['real_name.verified', 'real_name.rejected'] },
    });
    legal = await adminSession(manual, 'legal');
  }, 60_000);
  afterAll(async () => {
    await manual?.dispose();
    await http?.dispose();
    await provider?.close();
  });

  const console = (t: TestApp, s: AdminSession, appId: string, path: string, payload: object = {}) =>
    t.app.server.inject({
      method: 'POST',
      url: `/admin/api/lines/${appId}/real-name${path}`,
      headers: s.headers,
      payload,
    });

  it('manual: a person stays pending until an operator approves; legal may read but not decide', async () => {
    const created = await line.client.verifyPerson({
      subject: { idType: PERSON.idType, id: PERSON.id },
      name: PERSON.name,
      idNumber: ID_NUMBER.toLowerCase(),
      mobile: MOBILE,
    });
    expect(created).toMatchObject({
      kind: 'person',
      status: 'pending',
      provider: 'manual',
      idNumber: '110***********002X',
      mobile: '138****5678',
      expiresAt: null,
    });
    expect(await line.client.realName(created.id)).toMatchObject({ status: 'pending' });
    const pending = await manual.app.server.inject({
      method: 'GET',
      url: `/admin/api/lines/${line.appId}/real-name?status=pending`,
      headers: legal.headers,
    });
    expect(pending.json().items.map((r: { id: string }) => r.id)).toContain(created.id);

    const byLegal = await console(manual, legal, line.appId, `/${created.id}/approve`);
    expect([byLegal.statusCode, byLegal.json().error.code]).toEqual([403, 'FORBIDDEN']);
    // The line's own API has no approve route: it cannot vouch for its own customers.
    const self = await refusal(
      line.client.request('POST', `/api/v1/real-name/${created.id}/approve`, { body: {} }),
    );
    expect(self.status).toBe(404);

    const approved = await console(manual, operator, line.appId, `/${created.id}/approve`, {
      note: '核对身份证原件',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'verified',
      decidedBy: expect.stringMatching(/^admin:adm_/),
      expired: false,
    });
    expect(approved.json().expiresAt).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    const again = await console(manual, operator, line.appId, `/${created.id}/reject`, { reason: 'x' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'REAL_NAME_STATE_CONFLICT']);

    const list = await line.client.realNames({ idType: PERSON.idType, id: PERSON.id });
    expect(list.items.map((r) => [r.id, r.status])).toEqual([[created.id, 'verified']]);
    const found = await line.client.request<{ items: { id: string }[] }>('POST', '/api/v1/real-name/lookup', {
      body: { idNumber: ID_NUMBER },
    });
    expect(found.items.map((r) => r.id)).toEqual([created.id]);

    const events = await line.client.auditEvents(created.id);
    expect(events.map((e) => e.action)).toEqual(['real_name.requested', 'real_name.approved']);
    // The line hears of the operator's decision by webhook, written with the decision.
    const hooks = await manual.app.services.store.db
      .selectFrom('webhook_events')
      .select(['type', 'data_json'])
      .where('type', 'in', ['real_name.verified', 'real_name.rejected'])
      .execute();
    const hook = hooks.find((h) => (JSON.parse(h.data_json) as { id: string }).id === created.id);
    expect(hook?.type).toBe('real_name.verified');
    expect(JSON.parse(hook!.data_json)).toMatchObject({ status: 'verified', idNumber: '110***********002X' });
    expect(events[0]!.details).toMatchObject({ idNumber: '110***********002X', mobile: '138****5678' });
  });

  it('an operator rejects with a reason', async () => {
    const created = await line.client.verifyPerson({
      subject: { idType: 'user_id', id: 'U-78' },
      name: '李四',
      idNumber: '110105199003071239',
      mobile: '13900001111',
    });
    const noReason = await console(manual, operator, line.appId, `/${created.id}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    const rejected = await console(manual, operator, line.appId, `/${created.id}/reject`, {
      reason: '证件照片不清晰',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: '证件照片不清晰', expiresAt: null });
  });

  it('refuses an invalid ID number or credit code with 422 naming the check', async () => {
    const person = (idNumber: string) =>
      refusal(
        line.client.verifyPerson({
          subject: { idType: 'user_id', id: 'U-9' },
          name: '王五',
          idNumber,
          mobile: MOBILE,
        }),
      );
    for (const [idNumber, check] of [
      ['11010519491231002', 'length'],
      ['110105194912310021', 'checkDigit'],
      ['11010519491331002X', 'birthDate'],
      ['99010519491231002X', 'region'],
      ['1101051949123100XX', 'format'],
    ] as const) {
      const e = await person(idNumber);
      expect([e.status, e.code, e.details], idNumber).toEqual([422, 'ID_NUMBER_INVALID', { check }]);
      // The refusal never echoes the number.
      expect(e.message).not.toContain(idNumber);
    }
    const org = await refusal(
      line.client.verifyOrganization({
        subject: { idType: ORG.idType, id: ORG.id },
        name: ORG.name,
        creditCode: '91350100M000100Y44',
        legalRepresentative: { name: '陈六' },
      }),
    );
    expect([org.status, org.code, org.details]).toEqual([
      422,
      'CREDIT_CODE_INVALID',
      { check: 'checkDigit' },
    ]);
    const phone = await refusal(
      line.client.verifyPerson({
        subject: { idType: 'u', id: '1' },
        name: '王五',
        idNumber: ID_NUMBER,
        mobile: '123',
      }),
    );
    expect(phone.status).toBe(400);
  });

  it('http: an organisation is verified by a signed request; timeouts and garbage are failed', async () => {
    provider.behave({ kind: 'verdict', result: 'match' });
    const org = {
      subject: { idType: ORG.idType, id: ORG.id },
      name: ORG.name,
      creditCode: CREDIT_CODE,
      legalRepresentative: { name: '陈六' },
    };
    const verified = await httpLine.client.verifyOrganization(org);
    expect(verified).toMatchObject({
      status: 'verified',
      provider: 'http',
      creditCode: CREDIT_CODE,
      legalRepresentative: { name: '陈六' },
      decidedBy: 'provider:http',
      providerReference: expect.stringMatching(/^ref-/),
    });
    const request = provider.requests.at(-1)!;
    expect(request.signatureValid).toBe(true);
    expect(request.body).toEqual({ type: 'organization', ...org, subject: undefined });

    provider.behave({ kind: 'hang' });
    const timedOut = await httpLine.client.verifyPerson({
      subject: { idType: 'user_id', id: 'U-80' },
      name: '赵六',
      idNumber: ID_NUMBER,
      mobile: MOBILE,
    });
    expect(timedOut).toMatchObject({ status: 'failed', reason: 'the provider did not answer within 500 ms' });
    provider.behave({ kind: 'raw', body: '{"result":"ok?"}' });
    const garbage = await httpLine.client.verifyPerson({
      subject: { idType: 'user_id', id: 'U-80' },
      name: '赵六',
      idNumber: ID_NUMBER,
      mobile: MOBILE,
    });
    expect(garbage).toMatchObject({ status: 'failed', expiresAt: null });
    expect(garbage.reason).toMatch(/without a result/);
    provider.behave({ kind: 'verdict', result: 'mismatch', reason: '姓名与证件号不一致' });
    const mismatch = await httpLine.client.verifyPerson({
      subject: { idType: 'user_id', id: 'U-80' },
      name: '赵六',
      idNumber: ID_NUMBER,
      mobile: MOBILE,
    });
    expect(mismatch).toMatchObject({
      status: 'failed',
      reason: 'the factors do not match: 姓名与证件号不一致',
    });
    // A provider-decided record is not an operator's to change.
    const op = await adminSession(http, 'operator');
    const late = await console(http, op, httpLine.appId, `/${mismatch.id}/approve`);
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'REAL_NAME_STATE_CONFLICT']);
    const events = await httpLine.client.auditEvents(timedOut.id);
    expect(events.map((e) => [e.action, e.details.reason ?? null])).toEqual([
      ['real_name.requested', null],
      ['real_name.failed', 'the provider did not answer within 500 ms'],
    ]);
  }, 30_000);

  it('answers a repeated request (same Idempotency-Key) without asking the provider again', async () => {
    provider.behave({ kind: 'verdict', result: 'match' });
    const input = {
      subject: { idType: 'user_id', id: 'U-81' },
      name: '钱九',
      idNumber: '110105199003071239',
      mobile: '13700002222',
    };
    const before = provider.requests.length;
    const first = await httpLine.client.verifyPerson(input, 'rn-key-1');
    const again = await httpLine.client.verifyPerson(input, 'rn-key-1');
    expect(again).toEqual(first);
    expect(provider.requests.length - before).toBe(1);
  });

  it('documents the API in OpenAPI (the console-only decisions are not in it)', async () => {
    const doc = (await manual.app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/api/v1/real-name/persons',
      '/api/v1/real-name/organizations',
      '/api/v1/real-name/{id}',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(Object.keys(doc.paths).some((p) => p.endsWith('/approve') && p.includes('real-name'))).toBe(false);
  });

  it('keeps ID numbers and phones out of the database in the clear', async () => {
    for (const t of [manual, http]) {
      const db = t.app.services.store.db;
      const rows = await db.selectFrom('real_name_verifications').selectAll().execute();
      expect(rows.length).toBeGreaterThan(0);
      const audit = await db.selectFrom('audit_events').select('details_json').execute();
      const idem = await db.selectFrom('idempotency_keys').select('response_json').execute();
      const text = JSON.stringify([rows, audit, idem]);
      for (const secret of [ID_NUMBER, ID_NUMBER.toLowerCase(), MOBILE, '110105199003071239'])
        expect(text).not.toContain(secret);
      for (const r of rows) expect(r.factors_sealed).toMatch(/^v1\./);
    }
  });

  it('a scene requiring real-name refuses signing until the signer is verified', async () => {
    const t = manual;
    const client = line.client;
    const scene = await client.createScene({ name: '实名签署', settings: { requireRealName: true } });
    const signer = { kind: 'person' as const, idType: 'user_id', id: 'U-90', name: '孙七' };
    const created = await client.createContract(
      { title: '服务协议', signers: [{ role: '乙方', subject: signer, method: 'clickwrap' }] } as never,
      { pdfs: [{ filename: 'a.pdf', data: await makePdf(1) }] },
    );
    const contract = await client.contract((created as { id: string }).id);
    const link = await client.signUrl(contract.id, contract.signers![0]!.id, { sceneId: scene.id });
    const b = new SignerBrowser(t);
    expect((await b.open(link.url)).statusCode).toBe(201);
    const view = (await b.get('/session')).json();
    expect(view.realName).toEqual({ required: true, verified: false, missing: 'none', expiresAt: null });
    expect(view.contracts[0].todo[0]).toBe('realName');
    const refused = await b.post('/sign', { agree: true });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'REAL_NAME_REQUIRED']);
    expect(refused.json().error.details).toEqual({ kind: 'person', missing: 'none' });

    const pending = await client.verifyPerson({
      subject: { idType: signer.idType, id: signer.id },
      name: signer.name,
      idNumber: '110105199003071239',
      mobile: '13700001111',
    });
    const stillPending = await b.post('/sign', { agree: true });
    expect(stillPending.json().error).toMatchObject({
      code: 'REAL_NAME_REQUIRED',
      details: { missing: 'pending' },
    });
    expect((await console(t, operator, line.appId, `/${pending.id}/approve`)).statusCode).toBe(200);
    const after = (await b.get('/session')).json();
    expect(after.realName).toMatchObject({ required: true, verified: true, missing: null });
    expect(after.contracts[0].todo).not.toContain('realName');
    const signed = await b.post('/sign', { agree: true });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().results[0]).toMatchObject({ status: 'signed' });
    // The signature's evidence names the verification it stood on.
    const audit = await client.contractAudit(contract.id);
    expect(audit.find((e) => e.action === 'contract.signer.signed')?.details).toMatchObject({
      realNameVerificationId: pending.id,
    });
  }, 120_000);

  it('a verification under another name or of another kind does not count; an expired one neither', async () => {
    const t = manual;
    const service = t.app.services.realName;
    const lineId = (await t.app.services.businessLines.get(line.appId)).id;
    // PERSON (U-77, 张三) was approved above.
    expect(await service.standing(lineId, PERSON)).toMatchObject({ verified: true, gap: null });
    expect(await service.standing(lineId, { ...PERSON, name: '张叁' })).toMatchObject({
      verified: false,
      gap: 'nameMismatch',
    });
    expect(await service.standing(lineId, { ...PERSON, kind: 'organization' })).toMatchObject({
      gap: 'none',
    });
    const realNow = Date.now;
    Date.now = () => realNow() + 400 * 86_400_000;
    try {
      expect(await service.standing(lineId, PERSON)).toMatchObject({ verified: false, gap: 'expired' });
      // (The signed API's clock check would refuse a client 400 days ahead: read the service.)
      const [newest] = (await service.list(lineId, { subject: PERSON }, { limit: 1 })).items;
      expect(newest).toMatchObject({ status: 'verified', expired: true });
    } finally {
      Date.now = realNow;
    }
  });
});
