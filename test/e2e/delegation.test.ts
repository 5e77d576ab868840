/**
 * Delegated signing (委托签约, issue 12) over HTTP on SQLite and PostgreSQL: an authorization comes
 * with a letter (授权委托书) rendered by our engine and signed by the organisation — pdfsig, qpdf
 * --check and openssl accept it and pdftotext reads the organisation and the period; automatic
 * signing under it names the authorization and the letter's SHA-256 in the evidence; after
 * revocation the letter stays and automatic signing is refused with AUTHORIZATION_REQUIRED; a
 * letter that no longer verifies authorises nothing.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../src/client/index.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { judge } from '../../src/signing/testing/judges.js';
import { testDialects } from '../../src/store/testing.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import { BENCH_DATA, pdfText, STANDARD_DOCX } from './helpers.js';

const dialects = await testDialects();

const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FL0001X',
  name: '上海浦江数字科技有限公司',
};
const PERSON = { kind: 'person' as const, idType: 'user_id', id: 'U-7', name: '李四' };
const DAY = 86_400_000;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** pdftotext lays CJK text out with spaces; compare without them. */
const squash = (s: string) => s.replace(/\s+/g, '');
const cst = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe.each(dialects)('delegated signing over HTTP on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;
  let templateId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const issued = await t.app.services.businessLines.create(
      { name: '委托签约业务线', autoApprove: true },
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
  afterAll(async () => t?.dispose());

  const newContract = async () => {
    const created = await client.request<{ id: string }>('POST', '/api/v1/contracts', {
      body: {
        templateId,
        title: '技术服务合同 HT-9',
        data: BENCH_DATA[0],
        signers: [
          { role: '甲方', subject: ORG, signOrder: 1 },
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
        delegate: 'platform',
        contractId: first.id,
        signerId: first.orgSigner,
      }),
    ]);
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
});
