/**
 * Sign flows over HTTP on SQLite and PostgreSQL (issue 9 "Tests"): an organisation signs
 * automatically under its authorization, then a person signs through the session API with the
 * SMS code read from a real local gateway; the completed PDF passes pdfsig, qpdf --check, and
 * openssl cms/ts -verify with only the root as trust anchor. Plus forced reading, intent
 * failures, used links, parallel signers, click-wrap, combined signing, rejection, expiry, and two
 * concurrent sign calls for one signer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueContracts } from '../../src/contracts/expiry.js';
import { verifySignature } from '../../src/notify/signature.js';
import type { HetongClient, SignLinkOptions } from '../../src/client/index.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { judge } from '../../src/signing/testing/judges.js';
import { testDialects } from '../../src/store/testing.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import { BENCH_DATA, pdfText, STANDARD_DOCX } from './helpers.js';
import { SignerBrowser, startSmsGateway, type SmsGateway } from './signing.js';

const dialects = await testDialects();

const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FL0001X',
  name: '上海浦江数字科技有限公司',
};
const person = (i: number, extra: { mobile?: string; email?: string } = {}) => ({
  kind: 'person' as const,
  idType: 'user_id',
  id: `U-${i}`,
  name: ['张三', '李四', '王五', '赵六'][i % 4]!,
  ...extra,
});

describe.each(dialects)('sign flows over HTTP on %s', (dialect) => {
  let t: TestApp;
  let gateway: SmsGateway;
  let client: HetongClient;
  let templateId: string;

  beforeAll(async () => {
    gateway = await startSmsGateway();
    t = await createTestApp(dialect, {
      env: {
        HETONG_SMS_GATEWAY_URL: gateway.url,
        HETONG_SMS_GATEWAY_SECRET: gateway.secret,
        HETONG_WEBHOOK_ALLOW_PRIVATE: 'true',
      },
    });
    const issued = await t.app.services.businessLines.create(
      { name: '签署业务线', autoApprove: true },
      CLI_ACTOR,
    );
    client = t.clientFor(issued.appId, issued.appSecret);
    const template = await client.createTemplate({
      docx: STANDARD_DOCX,
      name: '技术服务合同',
      signerRoles: ['甲方', '乙方'],
      signFields: [
        { role: '甲方', keyword: '甲方（盖章）', width: 120, height: 120 },
        { role: '乙方', page: 3, x: 350, y: 150, width: 120, height: 120 },
      ],
    });
    templateId = template.id;
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
    await gateway?.close();
  });

  const create = (signers: object[], extra: object = {}) =>
    client.request<{ id: string; documents: { id: string }[] }>('POST', '/api/v1/contracts', {
      body: { templateId, title: '技术服务合同 HT-1', data: BENCH_DATA[0], signers, ...extra },
    });
  const contract = async (id: string) => {
    const c = await client.contract(id);
    return { ...c, signers: c.signers!, documents: c.documents! };
  };
  const signUrl = (id: string, signerId: string, extra: SignLinkOptions = {}) =>
    client.signUrl(id, signerId, { client: 'h5', ...extra });
  const root = async () => (await t.app.services.ca()).rootCertificate();

  it('two parties in order: the organisation signs automatically, the person with an SMS code; B-LTA passes every judge', async () => {
    const created = await create([
      { role: '甲方', subject: ORG, signOrder: 1 },
      {
        role: '乙方',
        subject: person(0, { mobile: '13800138000' }),
        signOrder: 2,
        forcedReading: { toLastPage: true },
      },
    ]);
    let c = await contract(created.id);
    const [org, ppl] = c.signers;
    expect(org!.status).toBe('ready');
    expect(ppl!.status).toBe('waiting');

    // Out of turn: the person's link opens, but signing is refused.
    const early = new SignerBrowser(t);
    expect((await early.open((await signUrl(created.id, ppl!.id)).url)).statusCode).toBe(201);
    const notYet = await early.post('/sign', {});
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.code).toBe('NOT_YOUR_TURN');

    // Automatic signing needs an authorization.
    await expect(client.autoSign(created.id, org!.id)).rejects.toMatchObject({
      status: 403,
      code: 'AUTHORIZATION_REQUIRED',
    });
    await client.createAuthorization({
      subject: ORG,
      templateIds: [templateId],
      validTo: Date.now() + 86_400_000,
    });
    const auto = await client.autoSign(created.id, org!.id);
    expect(auto.contractStatus).toBe('pending_signing');
    expect(auto.authorizationId).toMatch(/^auth_/);
    c = await contract(created.id);
    expect(c.signers.map((s) => s.status)).toEqual(['signed', 'ready']);

    const browser = new SignerBrowser(t);
    const link = await signUrl(created.id, ppl!.id);
    const opened = await browser.open(link.url);
    expect(opened.statusCode).toBe(201);
    expect(opened.headers['set-cookie']).toMatch(/HttpOnly/i);
    expect(opened.headers['set-cookie']).toMatch(/SameSite=Strict/i);
    const view = opened.json().session;
    expect(view.signer.mobile).toBe('138****8000');
    expect(view.contracts[0].todo).toEqual(['read', 'intent', 'sign']);
    // The person's field from the template (page 3 at 350,150, 120×120) for the page to highlight.
    expect(view.contracts[0].documents[0].fields).toEqual([
      {
        page: 3,
        rect: [350, 150, 470, 270],
        pageSize: [expect.any(Number), expect.any(Number)],
        crossPage: false,
      },
    ]);
    // The link opens one session only.
    const again = await new SignerBrowser(t).open(link.url);
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('LINK_USED');

    // Without the CSRF token nothing changes.
    expect((await browser.post('/sign', {}, 'wrong')).statusCode).toBe(403);
    // Forced reading: every page must be seen.
    const reading = await browser.post('/sign', {});
    expect(reading.statusCode).toBe(409);
    expect(reading.json().error.code).toBe('READING_REQUIRED');
    const pages = view.contracts[0].documents[0].pages as number;
    const progress = await browser.post('/reading', { contractId: created.id, page: pages });
    expect(progress.json()).toMatchObject({ done: true, pagesLeft: 0 });

    // Intent: a code by SMS through the gateway; a wrong one counts down the tries.
    const noIntent = await browser.post('/sign', {});
    expect(noIntent.json().error.code).toBe('INTENT_REQUIRED');
    const sent = await browser.post('/intent/code', { method: 'sms' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().sentTo).toBe('138****8000');
    expect(sent.json().resendInSeconds).toBe(60);
    const tooSoon = await browser.post('/intent/code', { method: 'sms' });
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json().error.code).toBe('INTENT_RESEND_TOO_SOON');
    const code = gateway.lastCode('13800138000');
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await browser.post('/intent/verify', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'INTENT_CODE_INVALID', details: { triesLeft: 4 } });
    expect((await browser.post('/intent/verify', { code })).json()).toEqual({
      verified: true,
      method: 'sms',
    });

    // The person's square name seal is generated on first use.
    const seals = (await browser.get('/seals')).json().items as { id: string; kind: string; image: string }[];
    expect(seals.map((s) => s.kind)).toEqual(['square']);
    const image = await browser.get(seals[0]!.image.replace('/sign/api', ''));
    expect(image.headers['content-type']).toBe('image/png');

    const signed = await browser.post('/sign', { sealId: seals[0]!.id });
    expect(signed.statusCode).toBe(200);
    expect(signed.json().results).toEqual([
      expect.objectContaining({
        contractId: created.id,
        status: 'signed',
        contractStatus: 'completed',
        signatures: 1,
      }),
    ]);
    c = await contract(created.id);
    expect(c.status).toBe('completed');
    expect(c.signers.map((s) => s.status)).toEqual(['signed', 'signed']);
    // Two signatures, then the DSS and the document timestamp: four incremental updates.
    expect(c.documents[0]!.revision).toBe(4);
    expect(c.documents[0]!.sha256).not.toBe(c.documents[0]!.originalSha256);

    const bytes = await client.downloadDocument(created.id, c.documents[0]!.id);
    const verdict = judge(bytes, await root());
    expect(verdict.qpdf.ok, verdict.qpdf.output).toBe(true);
    // poppler validates the two CAdES signatures (it cannot validate an RFC 3161 document
    // timestamp: "Unimplemented Feature"); openssl ts -verify judges that one below.
    expect(verdict.pdfsigValid, verdict.pdfsig).toBe(2);
    expect(verdict.pdfsigTrusted, verdict.pdfsig).toBe(2);
    expect(verdict.signatures.map((s) => s.subFilter)).toEqual([
      'ETSI.CAdES.detached',
      'ETSI.CAdES.detached',
      'ETSI.RFC3161',
    ]);
    for (const s of verdict.signatures) {
      expect(s.cmsVerified, s.output).toBe(true);
      expect(s.timestampVerified, s.output).toBe(true);
    }
    expect(pdfText(bytes)).toContain('技术服务合同');

    // The signed document is downloadable from the session too, and the audit trail tells the story.
    const fromSession = await browser.get(
      `/contracts/${created.id}/documents/${c.documents[0]!.id}/download`,
    );
    expect(fromSession.statusCode).toBe(200);
    const audit = await client.contractAudit(created.id);
    const actions = audit.map((e) => e.action);
    for (const a of [
      'contract.created',
      'contract.signer.read',
      'contract.signer.signed',
      'contract.signer.ready',
      'contract.sign_link.opened',
      'contract.completed',
    ])
      expect(actions).toContain(a);
  }, 120_000);
  /** Opens a link in a new browser and gets past reading (the flows below ask for none). */
  async function openSession(url: string): Promise<SignerBrowser> {
    const b = new SignerBrowser(t);
    const r = await b.open(url);
    expect(r.statusCode, r.body).toBe(201);
    return b;
  }

  it('three parties in parallel sign at the same moment: each signature lands on the revision before it', async () => {
    // Parallel signers: the same signOrder (1, the default); 乙方 is two people.
    const created = await create([
      { role: '甲方', subject: person(10), signFields: [{ page: 1, x: 60, y: 80, width: 90, height: 90 }] },
      { role: '乙方', subject: person(11), signFields: [{ page: 1, x: 210, y: 80, width: 90, height: 90 }] },
      { role: '乙方', subject: person(12), signFields: [{ page: 1, x: 360, y: 80, width: 90, height: 90 }] },
    ]);
    const c = await contract(created.id);
    expect(c.signers.map((s) => s.status)).toEqual(['ready', 'ready', 'ready']);
    const browsers = await Promise.all(
      c.signers.map(async (s) => openSession((await signUrl(created.id, s.id)).url)),
    );
    const results = await Promise.all(browsers.map((b) => b.post('/sign', {})));
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    const done = await contract(created.id);
    expect(done.status).toBe('completed');
    expect(done.documents[0]!.revision).toBe(5);
    const verdict = judge(await client.downloadDocument(created.id, done.documents[0]!.id), await root());
    expect(verdict.qpdf.ok, verdict.qpdf.output).toBe(true);
    expect(verdict.pdfsigValid, verdict.pdfsig).toBe(3);
    expect(verdict.signatures.every((s) => s.cmsVerified && s.timestampVerified)).toBe(true);
  }, 120_000);

  it('two concurrent sign calls for one signer give exactly one signature', async () => {
    const created = await create([
      { role: '甲方', subject: person(20) },
      { role: '乙方', subject: person(21) },
    ]);
    const c = await contract(created.id);
    const b = await openSession((await signUrl(created.id, c.signers[0]!.id)).url);
    const [r1, r2] = await Promise.all([b.post('/sign', {}), b.post('/sign', {})]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    const after = await contract(created.id);
    expect(after.documents[0]!.revision).toBe(1);
    expect(after.signers.map((s) => s.status)).toEqual(['signed', 'ready']);
  }, 60_000);

  it('click-wrap: ticking the agreement records it and adds a platform signature', async () => {
    const scene = await client.createScene({
      name: '勾选协议',
      settings: { clickwrapText: '我已阅读并同意《用户服务协议》', themeColor: '#1677ff' },
    });
    const created = await create([
      { role: '甲方', subject: ORG, method: 'esign' },
      { role: '乙方', subject: person(30), method: 'clickwrap' },
    ]);
    const c = await contract(created.id);
    await client.createAuthorization({ subject: ORG, validTo: Date.now() + 86_400_000 });
    await client.autoSign(created.id, c.signers[0]!.id);
    const b = await openSession((await signUrl(created.id, c.signers[1]!.id, { sceneId: scene.id })).url);
    const view = (await b.get('/session')).json();
    expect(view.scene).toMatchObject({
      clickwrapText: '我已阅读并同意《用户服务协议》',
      themeColor: '#1677ff',
    });
    expect(view.contracts[0].todo).toEqual(['agree']);
    const noTick = await b.post('/sign', {});
    expect(noTick.json().error.code).toBe('AGREEMENT_REQUIRED');
    const ok = await b.post('/sign', { agree: true });
    expect(ok.json().results[0]).toMatchObject({ status: 'signed', contractStatus: 'completed' });
    const audit = await client.contractAudit(created.id);
    const signedEvent = audit.find(
      (e) => e.action === 'contract.signer.signed' && e.details.method === 'clickwrap',
    );
    expect(signedEvent?.ip).toBe('203.0.113.7');
    expect(signedEvent?.details.agreementSha256).toMatch(/^[0-9a-f]{64}$/);
    const verdict = judge(await client.downloadDocument(created.id, c.documents[0]!.id), await root());
    expect(verdict.pdfsig).toContain('Hetong 电子合同平台');
    expect(verdict.signatures.every((s) => s.cmsVerified && s.timestampVerified)).toBe(true);
  }, 60_000);

  it('combined signing: one link and one SMS code sign three contracts', async () => {
    const me = person(40, { mobile: '13900139000' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await create([
            { role: '甲方', subject: me },
            { role: '乙方', subject: person(41 + i) },
          ])
        ).id,
      );
    const link = await client.combinedSignUrl({ idType: me.idType, id: me.id }, ids);
    expect(link.signerIds).toHaveLength(3);
    const b = await openSession(link.url);
    const view = (await b.get('/session')).json();
    expect(view.contracts.map((x: { id: string }) => x.id)).toEqual(ids);
    expect((await b.post('/intent/code', { method: 'sms' })).statusCode).toBe(200);
    expect(gateway.messages.filter((m) => m.to === me.mobile)).toHaveLength(1);
    expect((await b.post('/intent/verify', { code: gateway.lastCode(me.mobile!) })).statusCode).toBe(200);
    const signed = await b.post('/sign', {});
    expect(signed.json().results.map((r: { status: string }) => r.status)).toEqual([
      'signed',
      'signed',
      'signed',
    ]);
    for (const id of ids) expect((await contract(id)).signers[0]!.status).toBe('signed');
  }, 120_000);

  it('five wrong codes lock the signer (429) even with a fresh code', async () => {
    const me = person(50, { mobile: '13700137000' });
    const created = await create([
      { role: '甲方', subject: me },
      { role: '乙方', subject: person(51) },
    ]);
    const c = await contract(created.id);
    const b = await openSession((await signUrl(created.id, c.signers[0]!.id)).url);
    const sentRes = await b.post('/intent/code', { method: 'sms' });
    expect(sentRes.statusCode, sentRes.body).toBe(200);
    const right = gateway.lastCode(me.mobile!);
    const wrong = right === '000000' ? '999999' : '000000';
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await b.post('/intent/verify', { code: wrong })).statusCode);
    expect(answers).toEqual([400, 400, 400, 400, 429]);
    const locked = await b.post('/intent/verify', { code: right });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('INTENT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
  }, 60_000);

  it('a rejection ends the contract and every open link; revoked and expired links answer 410', async () => {
    const created = await create([
      { role: '甲方', subject: person(60) },
      { role: '乙方', subject: person(61) },
    ]);
    const c = await contract(created.id);
    const otherLink = await signUrl(created.id, c.signers[1]!.id);
    const b = await openSession((await signUrl(created.id, c.signers[0]!.id)).url);
    expect((await b.post('/reject', { reason: '金额有误' })).statusCode).toBe(204);
    const after = await contract(created.id);
    expect(after.status).toBe('rejected');
    expect(after.rejectReason).toBe('金额有误');
    expect(after.signers.map((s) => s.status)).toEqual(['rejected', 'ready']);
    const dead = await new SignerBrowser(t).open(otherLink.url);
    expect(dead.statusCode).toBe(410);
    expect(dead.json().error.code).toBe('LINK_REVOKED');

    const live = await create([
      { role: '甲方', subject: person(62) },
      { role: '乙方', subject: person(63) },
    ]);
    const lc = await contract(live.id);
    const revoked = await signUrl(live.id, lc.signers[0]!.id);
    await client.revokeSignLink(revoked.id);
    expect((await new SignerBrowser(t).open(revoked.url)).json().error.code).toBe('LINK_REVOKED');
    const short = await signUrl(live.id, lc.signers[0]!.id, { expiresIn: 60 });
    const realNow = Date.now;
    Date.now = () => realNow() + 61_000;
    try {
      const expired = await new SignerBrowser(t).open(short.url);
      expect(expired.statusCode).toBe(410);
      expect(expired.json().error.code).toBe('LINK_EXPIRED');
    } finally {
      Date.now = realNow;
    }
  }, 60_000);

  it('reminders: by API with a fresh link (not twice within 10 minutes), and the scheduled one a day later', async () => {
    const me = person(70, { mobile: '13600136000' });
    const created = await create([
      { role: '甲方', subject: me },
      { role: '乙方', subject: person(71), signOrder: 2 },
    ]);
    const first = await client.remind(created.id);
    expect(first.results).toEqual([
      { signerId: expect.any(String), status: 'sent', channel: 'sms' },
      { signerId: expect.any(String), status: 'not_active' },
    ]);
    const message = gateway.messages
      .filter((m) => m.to === me.mobile && m.template === 'sign_reminder')
      .at(-1)!;
    expect(message.params.contractTitle).toBe('技术服务合同 HT-1');
    expect((await new SignerBrowser(t).open(message.params.url!)).statusCode).toBe(201);
    expect((await client.remind(created.id)).results[0]!.status).toBe('too_soon');

    const before = gateway.messages.length;
    const realNow = Date.now;
    Date.now = () => realNow() + 25 * 3600_000;
    try {
      expect(await t.app.services.signFlows.reminders.remindDue()).toBeGreaterThanOrEqual(1);
      expect(
        gateway.messages.slice(before).some((m) => m.to === me.mobile && m.template === 'sign_reminder'),
      ).toBe(true);
      // Reminded just now: the next run leaves the signer alone.
      const again = gateway.messages.length;
      await t.app.services.signFlows.reminders.remindDue();
      expect(gateway.messages.slice(again).some((m) => m.to === me.mobile)).toBe(false);
    } finally {
      Date.now = realNow;
    }
  }, 60_000);

  it('invitations when a signer’s turn comes and word of completion, through the queued jobs, once each', async () => {
    const me = person(75, { mobile: '13600136075' });
    await client.request('PUT', '/api/v1/notification-texts/contract_completed/sms', {
      body: { text: '【采购中心】《{contractTitle}》已完成，{signerName}' },
    });
    const created = await create([
      { role: '甲方', subject: person(74) },
      { role: '乙方', subject: me, signOrder: 2 },
    ]);
    const toMe = (template: string) =>
      gateway.messages.filter((m) => m.to === me.mobile && m.template === template);
    // Not my turn yet, and the first signer has no contact: nothing to send.
    while ((await t.app.runner.tick()) > 0);
    expect(toMe('sign_invitation')).toHaveLength(0);

    const c = await contract(created.id);
    const first = await openSession((await signUrl(created.id, c.signers[0]!.id)).url);
    expect((await first.post('/sign', {})).statusCode).toBe(200);
    while ((await t.app.runner.tick()) > 0);
    const [invitation] = toMe('sign_invitation');
    expect(toMe('sign_invitation')).toHaveLength(1);
    expect(invitation!.params).toMatchObject({ signerName: me.name, contractTitle: '技术服务合同 HT-1' });
    // Counted as a reminder: the API's remind right after it is too soon.
    expect((await client.remind(created.id)).results[1]!.status).toBe('too_soon');

    const b = await openSession(invitation!.params.url!);
    expect((await b.post('/intent/code', { method: 'sms' })).statusCode).toBe(200);
    expect((await b.post('/intent/verify', { code: gateway.lastCode(me.mobile!) })).statusCode).toBe(200);
    expect((await b.post('/sign', {})).json().results[0]).toMatchObject({ contractStatus: 'completed' });
    while ((await t.app.runner.tick()) > 0);
    expect(toMe('contract_completed')).toHaveLength(1);
    expect(toMe('contract_completed')[0]).toMatchObject({
      params: { contractTitle: '技术服务合同 HT-1', completedAt: expect.any(String) },
      text: `【采购中心】《技术服务合同 HT-1》已完成，${me.name}`,
    });
    // Each message once: nothing is left to send.
    while ((await t.app.runner.tick()) > 0);
    expect(toMe('sign_invitation')).toHaveLength(1);
    expect(toMe('contract_completed')).toHaveLength(1);
    await client.request('DELETE', '/api/v1/notification-texts/contract_completed/sms');
  }, 60_000);

  it('webhooks: every step of a flow reaches the receiver, signed; an expired contract ends its links', async () => {
    const received: { type: string; data: Record<string, unknown>; verified: boolean }[] = [];
    let secret = '';
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const event = JSON.parse(body.toString()) as { type: string; data: Record<string, unknown> };
        received.push({
          ...event,
          verified: verifySignature(secret, req.headers['x-hetong-signature'] as string, body),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const { port } = receiver.address() as AddressInfo;
      const hook = await client.request<{ secret: string }>('POST', '/api/v1/webhooks', {
        body: { url: `http://127.0.0.1:${port}/hook`, events: ['*'] },
      });
      secret = hook.secret;
      const created = await create([
        { role: '甲方', subject: person(80) },
        { role: '乙方', subject: person(81), signOrder: 2 },
      ]);
      const c = await contract(created.id);
      for (const s of c.signers) {
        const b = await openSession((await signUrl(created.id, s.id)).url);
        expect((await b.post('/sign', {})).statusCode).toBe(200);
      }
      while ((await t.app.runner.tick()) > 0);
      const mine = received.filter((e) => e.data.contractId === created.id);
      expect(mine.every((e) => e.verified)).toBe(true);
      expect(mine.map((e) => e.type)).toEqual(
        expect.arrayContaining([
          'contract.created',
          'contract.signer.ready',
          'contract.signer.read',
          'contract.signer.signed',
          'contract.completed',
        ]),
      );
      expect(mine.filter((e) => e.type === 'contract.signer.signed')).toHaveLength(2);

      // Expiry: the job stores it, a webhook says so, and the open link is dead.
      const expiring = await create(
        [
          { role: '甲方', subject: person(82) },
          { role: '乙方', subject: person(83) },
        ],
        { expiresAt: Date.now() + 60_000 },
      );
      const ec = await contract(expiring.id);
      const link = await signUrl(expiring.id, ec.signers[0]!.id, { expiresIn: 3600 });
      const realNow = Date.now;
      Date.now = () => realNow() + 120_000;
      try {
        const dead = await new SignerBrowser(t).open(link.url);
        expect(dead.statusCode).toBe(410);
        expect(dead.json().error.code).toBe('LINK_REVOKED');
        await expireDueContracts(
          {
            db: t.app.services.store.db,
            audit: t.app.services.audit,
            events: t.app.services.webhooks.outbox,
          },
          Date.now(),
        );
      } finally {
        Date.now = realNow;
      }
      expect((await contract(expiring.id)).status).toBe('expired');
      while ((await t.app.runner.tick()) > 0);
      expect(received.some((e) => e.type === 'contract.expired' && e.data.contractId === expiring.id)).toBe(
        true,
      );
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  }, 60_000);

  it('a scene narrows the intent checks offered to those it names', async () => {
    const scene = await client.createScene({ name: '邮件验证', settings: { intentMethods: ['email'] } });
    const listed = await client.request<{ items: { id: string; settings: { intentMethods?: string[] } }[] }>(
      'GET',
      '/api/v1/scenes',
    );
    expect(listed.items.find((x) => x.id === scene.id)?.settings.intentMethods).toEqual(['email']);
    const me = person(90, { mobile: '13500135000', email: 'wangwu@example.com' });
    const created = await create([
      { role: '甲方', subject: me, intent: ['sms', 'email'] },
      { role: '乙方', subject: person(91) },
    ]);
    const c = await contract(created.id);
    const b = await openSession((await signUrl(created.id, c.signers[0]!.id, { sceneId: scene.id })).url);
    const view = (await b.get('/session')).json();
    expect(view.intent.methods).toEqual(['email']);
    expect(view.signer.email).toBe('w***u@example.com');
    const sms = await b.post('/intent/code', { method: 'sms' });
    expect(sms.statusCode).toBe(400);
    expect(sms.json().error.code).toBe('INTENT_METHOD_NOT_ALLOWED');
  }, 60_000);

  it('a phone link opened with its first page width has that page drawn before the page asks for it', async () => {
    const created = await create([
      { role: '甲方', subject: person(92) },
      { role: '乙方', subject: person(93) },
    ]);
    const c = await contract(created.id);
    const url = (await signUrl(created.id, c.signers[0]!.id, { client: 'h5' })).url;
    const b = new SignerBrowser(t);
    // Only the steps the page asks in (200 px); a refused body leaves the link unused.
    const odd = await b.open(url, { firstPageWidth: 750 });
    expect(odd.statusCode).toBe(400);
    expect(odd.json().error.code).toBe('VALIDATION_FAILED');
    const before = t.app.services.contracts.pageImagesCached;
    const opened = await b.open(url, { firstPageWidth: 800 });
    expect(opened.statusCode).toBe(201);
    await expect.poll(() => t.app.services.contracts.pageImagesCached, { timeout: 30_000 }).toBe(before + 1);
    const doc = opened.json().session.contracts[0].documents[0];
    const png = await b.get(`/contracts/${created.id}/documents/${doc.id}/pages/1.png?width=800`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    // The page's ask was answered from memory: no second image.
    expect(t.app.services.contracts.pageImagesCached).toBe(before + 1);
  }, 60_000);

  it('the OpenAPI document lists the signing API and the session API with plain path parameters', async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    for (const p of [
      '/api/v1/contracts/{id}/sign-url',
      '/api/v1/sign-urls',
      '/api/v1/contracts/{id}/signers/{signerId}/auto-sign',
      '/api/v1/contracts/{id}/remind',
      '/api/v1/scenes',
      '/api/v1/authorizations/{id}/revoke',
      '/sign/api/session',
      '/sign/api/sign',
      '/sign/api/contracts/{cid}/documents/{did}/pages/{page}.png',
    ])
      expect(paths).toContain(p);
  });

  it("headless links: framed only by the scene's origins, the session carried by a bearer token", async () => {
    const scene = await client.createScene({
      name: '嵌入',
      settings: { embedOrigins: ['https://shop.example.com', 'http://127.0.0.1:3000'] },
    });
    const created = await create([
      { role: '甲方', subject: person(100) },
      { role: '乙方', subject: person(101) },
    ]);
    const c = await contract(created.id);
    const link = await signUrl(created.id, c.signers[0]!.id, { mode: 'headless', sceneId: scene.id });
    expect(link.url).toMatch(new RegExp(`/sign/\\?l=${link.id}#token=`));
    const page = await t.app.server.inject({ method: 'GET', url: `/sign/?l=${link.id}` });
    expect(page.headers['content-security-policy']).toContain(
      'frame-ancestors https://shop.example.com http://127.0.0.1:3000',
    );
    const plain = await t.app.server.inject({ method: 'GET', url: '/sign/' });
    expect(plain.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // The embedded page asks for the same origins (its postMessage targets), before any session.
    const origins = await t.app.server.inject({
      method: 'GET',
      url: `/sign/api/embed-origins?link=${link.id}`,
    });
    expect(origins.json()).toEqual({ origins: ['https://shop.example.com', 'http://127.0.0.1:3000'] });
    const bad = await t.app.server.inject({ method: 'GET', url: '/sign/api/embed-origins?link=../x' });
    expect(bad.statusCode).toBe(400);

    const opened = await new SignerBrowser(t).open(link.url);
    const token = opened.json().sessionToken as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const auth = { authorization: `Bearer ${token}` };
    const view = await t.app.server.inject({ method: 'GET', url: '/sign/api/session', headers: auth });
    expect(view.json().mode).toBe('headless');
    const read = await t.app.server.inject({
      method: 'POST',
      url: '/sign/api/reading',
      headers: auth,
      payload: { contractId: created.id, page: 1 },
    });
    expect(read.statusCode).toBe(200);

    // A normal link's session answers no bearer token, and refuses one.
    const normal = new SignerBrowser(t);
    const res = await normal.open((await signUrl(created.id, c.signers[1]!.id)).url);
    expect(res.json().sessionToken).toBeUndefined();
    const cookieToken = normal.cookie.replace('hetong_sign=', '');
    const refused = await t.app.server.inject({
      method: 'GET',
      url: '/sign/api/session',
      headers: { authorization: `Bearer ${cookieToken}` },
    });
    expect(refused.statusCode).toBe(401);
  }, 60_000);
});
