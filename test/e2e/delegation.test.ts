/**
 * Delegated signing (委托签约, issue 12) over HTTP on SQLite and PostgreSQL: an authorization comes
 * with a letter (授权委托书) rendered by our engine and signed by the organisation — pdfsig, qpdf
 * --check and openssl accept it and pdftotext reads the organisation and the period; automatic
 * signing under it names the authorization and the letter's SHA-256 in the evidence; after
 * revocation the letter stays and automatic signing is refused with AUTHORIZATION_REQUIRED; a
 * letter that no longer verifies authorises nothing.
 */
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidencePackage } from '../../src/evidence/package/verify.js';
import type { HetongClient } from '../../src/client/index.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { judge } from '../../src/signing/testing/judges.js';
import { testDialects } from '../../src/store/testing.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import { adminSession, BENCH_DATA, pdfText, STANDARD_DOCX } from './helpers.js';
import { SignerBrowser, startSmsGateway, type SmsGateway } from './signing.js';

const dialects = await testDialects();

const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FL0001X',
  name: '上海浦江数字科技有限公司',
};
const PERSON = { kind: 'person' as const, idType: 'user_id', id: 'U-7', name: '李四' };
/** An organisation with a contact of its own, and the person (经办人) it authorises. */
const ORG_WITH_PHONE = {
  ...ORG,
  id: '91310000MA1FL0002Y',
  name: '上海浦江贸易有限公司',
  mobile: '13900000001',
};
const AGENT = {
  kind: 'person' as const,
  idType: 'ID_CARD',
  id: '110101199003071234',
  name: '王五',
  mobile: '13700000007',
};
const DAY = 86_400_000;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** pdftotext lays CJK text out with spaces; compare without them. */
const squash = (s: string) => s.replace(/\s+/g, '');
const cst = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe.each(dialects)('delegated signing over HTTP on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;
  let templateId: string;
  let gateway: SmsGateway;
  let appId: string;

  beforeAll(async () => {
    gateway = await startSmsGateway();
    t = await createTestApp(dialect, {
      env: { HETONG_SMS_GATEWAY_URL: gateway.url, HETONG_SMS_GATEWAY_SECRET: gateway.secret },
    });
    const issued = await t.app.services.businessLines.create(
      { name: '委托签约业务线', autoApprove: true },
      CLI_ACTOR,
    );
    client = t.clientFor(issued.appId, issued.appSecret);
    appId = issued.appId;
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

  const newContract = async (org: object = ORG) => {
    const created = await client.request<{ id: string }>('POST', '/api/v1/contracts', {
      body: {
        templateId,
        title: '技术服务合同 HT-9',
        data: BENCH_DATA[0],
        signers: [
          { role: '甲方', subject: org, signOrder: 1 },
          { role: '乙方', subject: PERSON, signOrder: 2 },
        ],
      },
    });
    const c = await client.contract(created.id);
    return { id: created.id, orgSigner: c.signers![0]!.id };
  };
  const auditOf = async (action: string, target: string) =>
    (
      await t.app.services.store.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', action)
        .where('target', '=', target)
        .execute()
    ).map((e) => JSON.parse(e.details_json) as Record<string, unknown>);

  it('issues a signed letter, signs under it, revokes it and then refuses', async () => {
    const validFrom = Date.now() - 60_000;
    const validTo = Date.now() + 30 * DAY;
    const auth = await client.createAuthorization({
      subject: ORG,
      templateIds: [templateId],
      validFrom,
      validTo,
    });
    expect(auth).toMatchObject({
      status: 'active',
      delegate: { kind: 'platform' },
      templateIds: [templateId],
      revokedAt: null,
      letter: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });

    // The letter: the bytes recorded, accepted by poppler, qpdf and openssl with only our root.
    const letter = await client.authorizationLetter(auth.id);
    expect(sha256(letter)).toBe(auth.letter!.sha256);
    const root = (await t.app.services.ca()).rootCertificate();
    const verdict = judge(letter, root);
    expect(verdict.qpdf.ok, verdict.qpdf.output).toBe(true);
    expect(verdict.pdfsigValid, verdict.pdfsig).toBe(1);
    expect(verdict.pdfsigTrusted, verdict.pdfsig).toBe(1);
    expect(verdict.pdfsig).toContain(ORG.name);
    // The organisation's signature (B-T), then the document timestamp over the DSS (B-LTA).
    expect(verdict.signatures.map((s) => s.subFilter)).toEqual(['ETSI.CAdES.detached', 'ETSI.RFC3161']);
    for (const s of verdict.signatures) {
      expect(s.cmsVerified, s.output).toBe(true);
      expect(s.timestampVerified, s.output).toBe(true);
    }
    const text = squash(pdfText(letter));
    for (const want of [
      '授权委托书',
      ORG.name,
      ORG.id,
      auth.id,
      '技术服务合同',
      templateId,
      squash(`${cst(validFrom)} 至 ${cst(validTo)}`),
      '授权方（盖章）',
    ])
      expect(text).toContain(squash(want));
    // Our own verifier agrees: valid, signed by the organisation's certificate, nothing changed after.
    const report = await client.verifyPdf(letter);
    expect(report.valid).toBe(true);
    expect(report.signatures[0]).toMatchObject({
      kind: 'signature',
      valid: true,
      signer: { serialNumber: expect.stringMatching(new RegExp(auth.letter!.certificateSerial, 'i')) },
    });

    // Automatic signing under it: the record and the evidence name the authorization and the letter.
    const first = await newContract();
    const outcome = await client.autoSign(first.id, first.orgSigner);
    expect(outcome.authorizationId).toBe(auth.id);
    const used = await auditOf('authorization.used', auth.id);
    expect(used).toEqual([
      expect.objectContaining({
        authorizationId: auth.id,
        letterSha256: auth.letter!.sha256,
        delegateKind: 'platform',
        contractId: first.id,
        signerId: first.orgSigner,
      }),
    ]);
    // The contract's evidence package holds the letter and the authorization's history (its
    // creation and this contract's use), and verifies offline.
    const zip = await client.evidencePackage(first.id);
    const files = unzipSync(zip);
    expect(sha256(files[`documents/letter-${auth.id}.pdf`]!)).toBe(auth.letter!.sha256);
    const packaged = JSON.parse(strFromU8(files['events.json']!)) as {
      event: { action: string; target: string };
    }[];
    expect(packaged.filter((e) => e.event.target === auth.id).map((e) => e.event.action)).toEqual([
      'authorization.created',
      'authorization.used',
    ]);
    const checked = verifyEvidencePackage(zip);
    expect(checked.problems).toEqual([]);
    expect(checked.documents.map((d) => d.file)).toContain(`letter-${auth.id}.pdf`);
    const signedEvent = (await client.contractAudit(first.id)).find(
      (e) => e.action === 'contract.signer.signed',
    );
    expect(signedEvent?.details).toMatchObject({
      authorizationId: auth.id,
      authorizationLetterSha256: auth.letter!.sha256,
    });
    const signer = await t.app.services.store.db
      .selectFrom('contract_signers')
      .select('signature_json')
      .where('id', '=', first.orgSigner)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(signer.signature_json!)).toMatchObject({
      via: 'auto-sign',
      authorizationId: auth.id,
      authorizationLetterSha256: auth.letter!.sha256,
    });

    // Revocation keeps the letter and ends the authorization.
    const revoked = await client.revokeAuthorization(auth.id, '经办人离职');
    expect(revoked).toMatchObject({ status: 'revoked', revokeReason: '经办人离职', letter: auth.letter });
    expect(revoked.revokedAt).toEqual(expect.any(Number));
    expect(await auditOf('authorization.revoked', auth.id)).toEqual([
      { reason: '经办人离职', letterSha256: auth.letter!.sha256 },
    ]);
    expect(sha256(await client.authorizationLetter(auth.id))).toBe(auth.letter!.sha256);
    const second = await newContract();
    await expect(client.autoSign(second.id, second.orgSigner)).rejects.toMatchObject({
      status: 403,
      code: 'AUTHORIZATION_REQUIRED',
      details: { authorizations: [{ id: auth.id, reason: 'revoked' }] },
    });
    await expect(client.revokeAuthorization(auth.id, 'again')).rejects.toMatchObject({
      status: 409,
      code: 'AUTHORIZATION_STATE_CONFLICT',
    });
  }, 180_000);

  it('a letter that no longer verifies authorises nothing', async () => {
    const auth = await client.createAuthorization({ subject: ORG, validTo: Date.now() + DAY });
    // The stored letter is swapped for another signed PDF (another authorization's letter).
    const other = await client.createAuthorization({ subject: ORG, validTo: Date.now() + 2 * DAY });
    await client.revokeAuthorization(other.id, 'only its letter is needed');
    await t.app.services.store.db
      .updateTable('authorizations')
      .set({ letter_sha256: other.letter!.sha256 })
      .where('id', '=', auth.id)
      .execute();
    const c = await newContract();
    await expect(client.autoSign(c.id, c.orgSigner)).rejects.toMatchObject({
      status: 403,
      code: 'AUTHORIZATION_REQUIRED',
      details: {
        authorizations: expect.arrayContaining([
          expect.objectContaining({ id: auth.id, reason: 'letter_invalid' }),
        ]),
      },
    });
    await client.revokeAuthorization(auth.id, 'tampered');
    // One recorded before letters existed (no letter columns) is not usable either.
    const legacy = await client.createAuthorization({ subject: ORG, validTo: Date.now() + DAY });
    await t.app.services.store.db
      .updateTable('authorizations')
      .set({ letter_blob_key: null, letter_sha256: null, letter_certificate_serial: null })
      .where('id', '=', legacy.id)
      .execute();
    await expect(client.autoSign(c.id, c.orgSigner)).rejects.toMatchObject({
      code: 'AUTHORIZATION_REQUIRED',
      details: { authorizations: expect.arrayContaining([{ id: legacy.id, reason: 'letter_missing' }]) },
    });
    await expect(client.authorizationLetter(legacy.id)).rejects.toMatchObject({
      status: 404,
      code: 'AUTHORIZATION_LETTER_MISSING',
    });
    await client.revokeAuthorization(legacy.id, 'no letter');
    // A letter verified once (when it was signed) but gone from the blob store since.
    const gone = await client.createAuthorization({ subject: ORG, validTo: Date.now() + DAY });
    const { letter_blob_key } = await t.app.services.store.db
      .selectFrom('authorizations')
      .select('letter_blob_key')
      .where('id', '=', gone.id)
      .executeTakeFirstOrThrow();
    await t.app.services.blobs.delete(letter_blob_key!);
    await expect(client.autoSign(c.id, c.orgSigner)).rejects.toMatchObject({
      code: 'AUTHORIZATION_REQUIRED',
      details: {
        authorizations: expect.arrayContaining([
          { id: gone.id, reason: 'letter_invalid', problem: 'the letter is missing from the blob store' },
        ]),
      },
    });
  }, 180_000);

  it('refuses bad requests with stable codes', async () => {
    await expect(
      client.createAuthorization({ subject: ORG, templateIds: ['tpl_nope'], validTo: Date.now() + DAY }),
    ).rejects.toMatchObject({
      status: 422,
      code: 'AUTHORIZATION_INPUT_INVALID',
      details: { problems: [{ path: 'templateIds[0]', message: 'no such template in this business line' }] },
    });
    await expect(
      client.createAuthorization({
        subject: ORG,
        delegate: { kind: 'person', subject: PERSON },
        validTo: Date.now() + DAY,
      }),
    ).rejects.toMatchObject({ status: 422, details: { problems: [{ path: 'delegate.subject' }] } });
    await expect(
      client.request('POST', '/api/v1/authorizations', {
        body: { subject: ORG, delegate: { kind: 'robot' }, validTo: Date.now() + DAY },
      }),
    ).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    await expect(client.authorizationLetter('auth_unknown')).rejects.toMatchObject({
      status: 404,
      code: 'AUTHORIZATION_NOT_FOUND',
    });
  });

  it('a person delegate (经办人) signs for the organisation: the code goes to them, the record names the letter', async () => {
    const auth = await client.createAuthorization({
      subject: ORG_WITH_PHONE,
      delegate: { kind: 'person', subject: AGENT },
      templateIds: [templateId],
      validTo: Date.now() + 7 * DAY,
    });
    // The delegate's ID number and phone come back masked; the letter shows them masked too.
    expect(auth.delegate).toEqual({
      kind: 'person',
      subject: { ...AGENT, id: '110***********1234', mobile: '137****0007' },
    });
    // The list answers by the same schema as the authorization on its own: the same bytes for it
    // (without a response schema the list went out with its keys in another order).
    const alone = (await client.raw('GET', `/api/v1/authorizations/${auth.id}`)).body.toString();
    const listed = await client.raw('GET', '/api/v1/authorizations', {
      query: { subjectIdType: ORG_WITH_PHONE.idType, subjectId: ORG_WITH_PHONE.id },
    });
    expect(listed.body.toString()).toBe(`{"items":[${alone}]}`);
    const letter = await client.authorizationLetter(auth.id);
    const verdict = judge(letter, (await t.app.services.ca()).rootCertificate());
    expect(verdict.pdfsigValid, verdict.pdfsig).toBe(1);
    const text = squash(pdfText(letter));
    for (const want of [ORG_WITH_PHONE.name, '王五', '110***********1234', '137****0007'])
      expect(text).toContain(want);
    expect(text).not.toContain(AGENT.id);
    expect(text).not.toContain(AGENT.mobile);

    const sign = async (contractId: string, signerId: string) => {
      const browser = new SignerBrowser(t);
      const link = await client.signUrl(contractId, signerId, { client: 'h5' });
      expect((await browser.open(link.url)).statusCode).toBe(201);
      return browser;
    };
    const first = await newContract(ORG_WITH_PHONE);
    const browser = await sign(first.id, first.orgSigner);
    const view = (await browser.get('/session')).json();
    expect(view.delegate).toEqual({
      authorizationId: auth.id,
      name: '王五',
      mobile: '137****0007',
      email: null,
    });
    expect(view.intent.methods).toEqual(['sms']);
    expect(view.contracts[0].todo).toEqual(['intent', 'sign']);
    const before = await browser.post('/sign', {});
    expect(before.statusCode).toBe(403);
    expect(before.json().error).toMatchObject({
      code: 'DELEGATE_INTENT_REQUIRED',
      details: { authorizationId: auth.id, methods: ['sms'] },
    });
    const sent = await browser.post('/intent/code', { method: 'sms' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().sentTo).toBe('137****0007');
    expect(gateway.messages.some((m) => m.to === ORG_WITH_PHONE.mobile)).toBe(false);
    expect((await browser.post('/intent/verify', { code: gateway.lastCode(AGENT.mobile) })).statusCode).toBe(
      200,
    );
    const signed = await browser.post('/sign', {});
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().results[0]).toMatchObject({ status: 'signed' });

    const record = await t.app.services.store.db
      .selectFrom('contract_signers')
      .select('signature_json')
      .where('id', '=', first.orgSigner)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(record.signature_json!)).toMatchObject({
      via: 'session',
      authorizationId: auth.id,
      authorizationLetterSha256: auth.letter!.sha256,
      delegate: { name: '王五', idType: 'ID_CARD', id: '110***********1234', contact: '137****0007' },
      intent: { method: 'sms' },
    });
    expect(await auditOf('authorization.used', auth.id)).toEqual([
      expect.objectContaining({
        authorizationId: auth.id,
        letterSha256: auth.letter!.sha256,
        delegateKind: 'person',
        delegate: { name: '王五', idType: 'ID_CARD', id: '110***********1234' },
        contractId: first.id,
      }),
    ]);
    // The organisation's own signature (its certificate), not the delegate's.
    const signedPdf = await client.downloadDocument(
      first.id,
      (await client.contract(first.id)).documents![0]!.id,
    );
    expect(judge(signedPdf, (await t.app.services.ca()).rootCertificate()).pdfsig).toContain(
      `Signer Certificate Common Name: ${ORG_WITH_PHONE.name}`,
    );

    // The delegate verifies, then the organisation revokes: that verification no longer signs.
    const second = await newContract(ORG_WITH_PHONE);
    const late = await sign(second.id, second.orgSigner);
    expect((await late.post('/intent/code', { method: 'sms' })).json().sentTo).toBe('137****0007');
    expect((await late.post('/intent/verify', { code: gateway.lastCode(AGENT.mobile) })).statusCode).toBe(
      200,
    );
    await client.revokeAuthorization(auth.id, '经办人离职');
    const refused = await late.post('/sign', {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('INTENT_REQUIRED');

    // Without a usable person authorization the organisation signs as before, by its own contact.
    const own = await sign(second.id, second.orgSigner);
    expect((await own.post('/intent/code', { method: 'sms' })).json().sentTo).toBe('139****0001');
    expect(
      (await own.post('/intent/verify', { code: gateway.lastCode(ORG_WITH_PHONE.mobile) })).statusCode,
    ).toBe(200);
    const plain = await own.post('/sign', {});
    expect(plain.statusCode, plain.body).toBe(200);
    const plainRecord = await t.app.services.store.db
      .selectFrom('contract_signers')
      .select('signature_json')
      .where('id', '=', second.orgSigner)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(plainRecord.signature_json!).authorizationId).toBeUndefined();
  }, 180_000);

  it('a scene requiring real names needs the delegate verified too (e签宝: a verified 经办人)', async () => {
    const org = { ...ORG, id: '91350100M000100Y43', name: '福州闽江物流有限公司' };
    const agent = {
      kind: 'person' as const,
      idType: 'user_id',
      id: 'U-88',
      name: '赵六',
      mobile: '13700000008',
    };
    const operator = await adminSession(t, 'operator');
    const approve = async (id: string) => {
      const r = await t.app.server.inject({
        method: 'POST',
        url: `/admin/api/lines/${appId}/real-name/${id}/approve`,
        headers: operator.headers,
        payload: {},
      });
      expect(r.statusCode, r.body).toBe(200);
    };
    const scene = await client.createScene({ name: '实名委托签署', settings: { requireRealName: true } });
    const auth = await client.createAuthorization({
      subject: org,
      delegate: { kind: 'person', subject: agent },
      validTo: Date.now() + DAY,
    });
    await approve(
      (
        await client.verifyOrganization({
          subject: { idType: org.idType, id: org.id },
          name: org.name,
          creditCode: org.id,
          legalRepresentative: { name: '陈六' },
        })
      ).id,
    );
    const c = await newContract(org);
    const browser = new SignerBrowser(t);
    const link = await client.signUrl(c.id, c.orgSigner, { sceneId: scene.id });
    expect((await browser.open(link.url)).statusCode).toBe(201);
    const refused = await browser.post('/sign', {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'REAL_NAME_REQUIRED',
      details: { kind: 'person', missing: 'none', delegate: true },
    });
    const agentVerification = await client.verifyPerson({
      subject: { idType: agent.idType, id: agent.id },
      name: agent.name,
      idNumber: '11010519491231002X',
      mobile: agent.mobile,
    });
    await approve(agentVerification.id);
    expect((await browser.post('/sign', {})).json().error.code).toBe('DELEGATE_INTENT_REQUIRED');
    expect((await browser.post('/intent/code', { method: 'sms' })).statusCode).toBe(200);
    expect((await browser.post('/intent/verify', { code: gateway.lastCode(agent.mobile) })).statusCode).toBe(
      200,
    );
    const signed = await browser.post('/sign', {});
    expect(signed.statusCode, signed.body).toBe(200);
    const record = await t.app.services.store.db
      .selectFrom('contract_signers')
      .select('signature_json')
      .where('id', '=', c.orgSigner)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(record.signature_json!)).toMatchObject({
      authorizationId: auth.id,
      delegate: { name: '赵六', realNameVerificationId: agentVerification.id },
      realName: { verificationId: expect.any(String) },
    });
  }, 180_000);
});
