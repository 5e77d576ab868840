/**
 * The whole slice over HTTP on SQLite and PostgreSQL (issue 3 "How we will know"): a business line
 * uploads the standard contract template (signed multipart), legal approves it, the line creates a
 * contract with the bench data and downloads it; pdftotext shows the data. Plus auto-approve,
 * the approval rules, data errors, idempotency, tenant isolation, revoke, list filters and
 * pagination, ETag/304, previews, uploaded PDFs, groups, audit, and restart persistence.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HetongApiError,
  signedHeaders,
  type HetongClient,
  type TemplateInfo,
} from '../../src/client/index.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { findPdftoppm } from '../../src/render/pdf-pages/index.js';
import { COMPILED_FORMAT } from '../../src/render/typst/compiled.js';
import { testDialects } from '../../src/store/testing.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import {
  adminSession,
  BENCH_DATA,
  pdfText,
  review,
  SIGNERS,
  STANDARD_DOCX,
  type AdminSession,
} from './helpers.js';

const dialects = await testDialects();

async function apiError(p: Promise<unknown>): Promise<HetongApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HetongApiError) return e;
    throw e;
  }
  throw new Error('expected an API error');
}

describe.each(dialects)('templates and contracts end to end on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;
  let other: HetongClient;
  let creds: { appId: string; appSecret: string };
  let legal: AdminSession;
  let template: TemplateInfo;
  let contractId: string;
  let documentId: string;
  let pdfBytes: Buffer;
  const data = BENCH_DATA[0]!;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const line = await t.newLine('业务线 A');
    client = line.client;
    creds = { appId: line.appId, appSecret: line.appSecret };
    other = (await t.newLine('业务线 B')).client;
    legal = await adminSession(t, 'legal');
  });
  afterAll(async () => t?.dispose());

  /** Closes the app and opens a new one on the same database and data directory. */
  async function restart(): Promise<HetongClient> {
    const testStore = t.testStore;
    await t.app.close();
    t = await createTestApp(dialect, { testStore: { ...testStore, store: testStore.reopen() } });
    return t.clientFor(creds.appId, creds.appSecret);
  }

  it('uploads the template (signed multipart): version 1 pending approval, fields analysed', async () => {
    const upload = {
      docx: STANDARD_DOCX,
      name: '技术服务合同',
      signerRoles: ['甲方', '乙方'],
      signFields: [
        { role: '甲方', keyword: '甲方（盖章）', width: 120, height: 120 },
        { role: '乙方', page: 3, x: 350, y: 150, width: 120, height: 120 },
      ],
    };
    template = await client.createTemplate(upload, 'upload-1');
    expect(template.id).toMatch(/^tpl_/);
    expect(template.activeVersionId).toBeNull();
    expect(template.versions).toHaveLength(1);
    expect(template.versions[0]).toMatchObject({
      version: 1,
      status: 'pending_approval',
      signerRoles: ['甲方', '乙方'],
    });
    expect(template.signFields).toHaveLength(2);
    // A retry of the same upload with the same key returns the same template, not a second one.
    const retry = await client.createTemplate(upload, 'upload-1');
    expect(retry.id).toBe(template.id);
    const fields = await client.templateFields(template.id);
    const names = fields.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['partyA', 'partyB', 'items', 'amount']));
    expect(fields.fields.find((f) => f.name === 'items')).toMatchObject({ kind: 'loop' });
  });

  it('refuses a bad template at upload with the render engine error', async () => {
    const e = await apiError(
      client.createTemplate({ docx: Buffer.from('not a zip at all'), name: 'broken' }),
    );
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.status).toBeLessThan(500);
    expect(e.code).toMatch(/^TEMPLATE_/);
    const bad = await apiError(
      client.createTemplate({
        docx: STANDARD_DOCX,
        name: 'x',
        signerRoles: ['甲方'],
        // @ts-expect-error: a sign field without a place or size (its type refuses it too)
        signFields: [{ role: '丙方' }],
      }),
    );
    expect(bad.code).toBe('TEMPLATE_INPUT_INVALID');
  });

  it('refuses a contract on a template without an approved version (409 TEMPLATE_NOT_APPROVED)', async () => {
    const e = await apiError(
      client.createContract({ templateId: template.id, title: 'x', data, signers: SIGNERS }),
    );
    expect(e.status).toBe(409);
    expect(e.code).toBe('TEMPLATE_NOT_APPROVED');
  });

  it('lets only legal approve; approval makes the version active', async () => {
    const versionId = template.versions[0]!.id;
    const pending = await t.app.server.inject({
      method: 'GET',
      url: '/admin/api/template-versions/pending',
      headers: legal.headers,
    });
    expect(pending.statusCode).toBe(200);
    expect(
      (pending.json() as { items: { version: { id: string } }[] }).items.map((i) => i.version.id),
    ).toContain(versionId);

    const operator = await adminSession(t, 'operator');
    expect((await review(t, operator, versionId, 'approve')).statusCode).toBe(403);
    const noCsrf = await t.app.server.inject({
      method: 'POST',
      url: `/admin/api/template-versions/${versionId}/approve`,
      headers: { cookie: legal.headers.cookie },
      payload: {},
    });
    expect(noCsrf.statusCode).toBe(403);

    const res = await review(t, legal, versionId, 'approve');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: versionId, status: 'approved' });
    expect((await review(t, legal, versionId, 'approve')).json()).toMatchObject({
      error: { code: 'TEMPLATE_VERSION_NOT_PENDING' },
    });
    template = await client.template(template.id);
    expect(template.activeVersionId).toBe(versionId);
  });

  it('creates a contract with the bench data, stored before the answer; the PDF shows the data', async () => {
    const created = await client.createContract(
      { templateId: template.id, title: '技术服务合同 HT-2025-100000', data, signers: SIGNERS },
      { idempotencyKey: 'contract-1' },
    );
    expect(created.id).toMatch(/^ct_/);
    expect(created.status).toBe('pending_signing');
    expect(created.documents).toHaveLength(1);
    expect(created.documents[0]!.pages).toBe(3);
    contractId = created.id;
    documentId = created.documents[0]!.id;

    const dl = await client.downloadDocumentFile(contractId, documentId);
    expect(dl.status).toBe(200);
    pdfBytes = dl.bytes;
    expect(dl.etag).toBe(`"${created.documents[0]!.sha256}"`);
    expect(dl.fileName).toBe('技术服务合同 HT-2025-100000.pdf');
    expect(dl.contentType).toBe('application/pdf');
    expect(Buffer.compare(await client.downloadDocument(contractId, documentId), pdfBytes)).toBe(0);
    const text = pdfText(pdfBytes).replace(/\s+/g, '');
    expect(text).toContain('上海浦江数字科技有限公司'); // partyA
    for (const item of data.items as { name: string; total: string }[]) {
      expect(text).toContain(item.name);
      expect(text).toContain(item.total);
    }
    expect(text).toContain('4,065,000'); // the total
    expect(text).toContain('肆佰零陆万伍仟元整');

    const c = await client.contract(contractId);
    expect(c).toMatchObject({
      status: 'pending_signing',
      templateId: template.id,
      templateVersionId: template.activeVersionId,
    });
    expect(c.signers!.map((s) => [s.role, s.subject.id])).toEqual([
      ['甲方', 'M-1001'],
      ['乙方', 'U-2002'],
    ]);
    expect(c.documents![0]).toMatchObject({ id: documentId, kind: 'template', pages: 3 });
  });

  it('answers 304 to If-None-Match with the ETag', async () => {
    const first = await client.downloadDocumentFile(contractId, documentId);
    // Straight through inject: a fetch Response cannot carry a 304 built from a payload.
    const url = `/api/v1/contracts/${contractId}/documents/${documentId}/download`;
    const get = (ifNoneMatch: string) =>
      t.app.server.inject({
        method: 'GET',
        url,
        headers: { ...signedHeaders(creds, 'GET', url, Buffer.alloc(0)), 'if-none-match': ifNoneMatch },
      });
    const again = await get(first.etag!);
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(first.etag);
    const stale = await get('"0000"');
    expect(stale.statusCode).toBe(200);
    expect(Buffer.compare(stale.rawPayload, pdfBytes)).toBe(0);
  });

  it('is idempotent: the same key gives the same contract and one row', async () => {
    const again = await client.createContract(
      { templateId: template.id, title: '技术服务合同 HT-2025-100000', data, signers: SIGNERS },
      { idempotencyKey: 'contract-1' },
    );
    expect(again.id).toBe(contractId);
    const rows = await t.app.services.store.db
      .selectFrom('contracts')
      .select('id')
      .where('title', '=', '技术服务合同 HT-2025-100000')
      .execute();
    expect(rows).toHaveLength(1);
    const reused = await apiError(
      client.createContract(
        { templateId: template.id, title: 'other', data, signers: SIGNERS },
        { idempotencyKey: 'contract-1' },
      ),
    );
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('lists every data problem at once (422 CONTRACT_DATA_INVALID)', async () => {
    const { partyA: _a, partyB: _b, amount: _m, ...partial } = data;
    const e = await apiError(
      client.createContract({
        templateId: template.id,
        title: 'bad',
        data: { ...partial, items: [{ idx: 1, name: { nested: true } }] },
        signers: SIGNERS,
      }),
    );
    expect(e.status).toBe(422);
    expect(e.code).toBe('CONTRACT_DATA_INVALID');
    const paths = (e.details as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['data.partyA', 'data.partyB', 'data.amount']));
    expect(paths.some((p) => p.startsWith('data.items'))).toBe(true);
  });

  it('checks signers against the template roles, and unknown fields against the schema', async () => {
    const e = await apiError(
      client.createContract({
        templateId: template.id,
        title: 'x',
        data,
        signers: [SIGNERS[0]!, { ...SIGNERS[1]!, role: '丙方' }],
      }),
    );
    expect(e.code).toBe('CONTRACT_INPUT_INVALID');
    expect((e.details as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual([
      'signers[1].role',
      'signers',
    ]);
    const res = await client.raw('POST', '/api/v1/contracts', {
      body: { templateId: template.id, title: 'x', data, signers: SIGNERS, colour: 'red' },
    });
    expect(res.status).toBe(400);
  });

  it('keeps business lines apart: another line gets 404 for everything', async () => {
    for (const call of [
      () => other.contract(contractId),
      () => other.downloadDocument(contractId, documentId),
      () => other.contractAudit(contractId),
      () => other.revokeContract(contractId, 'not mine'),
      () => other.contractPreviewPng(contractId, documentId),
      () => other.template(template.id),
      () => other.templateAudit(template.id),
      () => other.templateFields(template.id),
      () => other.templatePreviewHtml(template.id),
      () => other.createContract({ templateId: template.id, title: 'x', data, signers: SIGNERS }),
    ]) {
      const e = await apiError(call());
      expect(e.status).toBe(404);
    }
    expect((await other.contracts()).items).toEqual([]);
    expect((await other.templates()).items).toEqual([]);
  });

  it('previews the template and the contract as PNG and HTML', async () => {
    const png = await client.templatePreviewPng(template.id, { page: 1, width: 400, mode: 'tags' });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(400); // IHDR width
    const html = await client.templatePreviewHtml(template.id, { mode: 'sample' });
    expect(html).toContain('【partyA】');
    const cpng = await client.contractPreviewPng(contractId, documentId, { page: 2, width: 300 });
    expect(cpng.readUInt32BE(16)).toBe(300);
    const chtml = await client.contractPreviewHtml(contractId, documentId);
    expect(chtml).toContain('上海浦江数字科技有限公司');
    const e = await apiError(client.contractPreviewPng(contractId, documentId, { page: 9 }));
    expect(e.status).toBe(400);
    expect(e.code).toBe('RENDER_OPTIONS_INVALID');
  });

  it('adds an uploaded PDF as a second document (multipart) and refuses a non-PDF', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const attachment = await doc.save();
    const created = await client.createContract(
      { templateId: template.id, title: '带附件的合同', data, signers: SIGNERS },
      { pdfs: [{ filename: '附件.pdf', data: attachment }] },
    );
    expect(created.documents.map((d) => d.pages)).toEqual([3, 1]);
    const dl = await client.downloadDocument(created.id, created.documents[1]!.id);
    expect(Buffer.compare(dl, Buffer.from(attachment))).toBe(0);
    const preview = await apiError(client.contractPreviewHtml(created.id, created.documents[1]!.id));
    expect(preview.code).toBe('CONTRACT_PREVIEW_UNAVAILABLE');
    // Its pages are drawn from the stored PDF (poppler, where installed: CI installs it).
    if (findPdftoppm()) {
      const png = await client.contractPreviewPng(created.id, created.documents[1]!.id, {
        page: 1,
        width: 200,
      });
      expect(png.readUInt32BE(16)).toBe(200); // IHDR width
      expect(png.readUInt32BE(20)).toBeCloseTo((200 * 842) / 595, -0.5); // the page's proportions
      const past = await apiError(
        client.contractPreviewPng(created.id, created.documents[1]!.id, { page: 2 }),
      );
      expect(past.code).toBe('PAGE_NOT_FOUND');
    }
    const bad = await apiError(
      client.createContract(
        { templateId: template.id, title: 'x', data, signers: SIGNERS },
        { pdfs: [{ filename: 'fake.pdf', data: Buffer.from('%PDF-1.7 but nothing else') }] },
      ),
    );
    expect(bad.code).toBe('CONTRACT_PDF_INVALID');
  });

  it('revokes only a pending contract, and records it', async () => {
    const c = await client.createContract({
      templateId: template.id,
      title: '待撤销',
      data,
      signers: SIGNERS,
    });
    const revoked = await client.revokeContract(c.id, '客户取消');
    expect(revoked).toMatchObject({ status: 'revoked', revokeReason: '客户取消' });
    const again = await apiError(client.revokeContract(c.id, 'twice'));
    expect(again.status).toBe(409);
    expect(again.code).toBe('CONTRACT_STATE_CONFLICT');
    const audit = await client.contractAudit(c.id);
    expect(audit.map((a) => a.action)).toEqual(['contract.created', 'contract.revoked']);
    expect(audit[1]).toMatchObject({ actor: `app:${creds.appId}`, details: { reason: '客户取消' } });
    expect(audit[1]!.requestId).toBeTruthy();
    expect(audit[1]!.ip).toBeTruthy();
  });

  it('filters and pages the contract list', async () => {
    const group = await client.createContractGroup('一组');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const signers = [SIGNERS[0]!, { role: '乙方', subject: { ...SIGNERS[1]!.subject, id: `U-list-${i}` } }];
      ids.push(
        (await client.createContract({ templateId: template.id, title: `列表 ${i}`, data, signers })).id,
      );
    }
    await client.addContractsToGroup(group.id, ids.slice(0, 2));
    expect((await client.contracts({ signerId: 'U-list-1' })).items.map((c) => c.id)).toEqual([ids[1]]);
    expect((await client.contracts({ groupId: group.id })).items.map((c) => c.id).sort()).toEqual(
      ids.slice(0, 2).sort(),
    );
    expect((await client.contracts({ status: 'revoked' })).items.map((c) => c.title)).toEqual(['待撤销']);
    const all = (await client.contracts({ templateId: template.id, limit: 200 })).items;
    expect(all.length).toBeGreaterThanOrEqual(6);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.contracts({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 50);
    expect(seen).toEqual(all.map((c) => c.id));
    expect(new Set(seen).size).toBe(seen.length);

    const created = all.find((c) => c.id === ids[0])!.createdAt;
    const window = await client.contracts({ createdFrom: created, createdTo: created + 1, limit: 200 });
    expect(window.items.every((c) => c.createdAt === created)).toBe(true);
    expect(window.items.map((c) => c.id)).toContain(ids[0]);
    expect((await apiError(client.contracts({ cursor: 'garbage' }))).code).toBe('CURSOR_INVALID');
    expect((await apiError(client.addContractsToGroup(group.id, ['ct_missing']))).code).toBe(
      'CONTRACT_NOT_FOUND',
    );
  });

  it('rejects a new version with a reason; the active version stays', async () => {
    const v2 = await client.addTemplateVersion(template.id, { docx: STANDARD_DOCX });
    expect(v2).toMatchObject({ version: 2, status: 'pending_approval', signerRoles: ['甲方', '乙方'] });
    expect((await review(t, legal, v2.id, 'reject')).statusCode).toBe(400);
    const res = await review(t, legal, v2.id, 'reject', '第五条违约责任需修改');
    expect(res.json()).toMatchObject({ status: 'rejected', reviewReason: '第五条违约责任需修改' });
    const after = await client.template(template.id);
    expect(after.activeVersionId).toBe(template.activeVersionId);
    const audit = await client.templateAudit(template.id);
    expect(audit.map((a) => a.action)).toEqual([
      'template.created',
      'template_version.approved',
      'template_version.added',
      'template_version.rejected',
    ]);
    expect(audit[1]!.actor).toMatch(/^admin:/);
  });

  it('approving an older pending version after a newer one never rolls the template back', async () => {
    const tpl = await client.createTemplate({
      docx: STANDARD_DOCX,
      name: '顺序',
      signerRoles: ['甲方', '乙方'],
    });
    const v2 = await client.addTemplateVersion(tpl.id, { docx: STANDARD_DOCX });
    expect((await review(t, legal, v2.id, 'approve')).statusCode).toBe(200);
    const older = await review(t, legal, tpl.versions[0]!.id, 'approve');
    expect(older.json()).toMatchObject({ status: 'superseded' });
    const after = await client.template(tpl.id);
    expect(after.activeVersionId).toBe(v2.id);
    expect(after.versions.map((v) => v.status)).toEqual(['superseded', 'approved']);
  });

  it('auto-approves for a business line set so; a new version supersedes the active one', async () => {
    const issued = await t.app.services.businessLines.create(
      { name: '自动审核线', autoApprove: true },
      CLI_ACTOR,
    );
    const auto = t.clientFor(issued.appId, issued.appSecret);
    const tpl = await auto.createTemplate({
      docx: STANDARD_DOCX,
      name: '自动',
      signerRoles: ['甲方', '乙方'],
    });
    expect(tpl.versions[0]!.status).toBe('approved');
    expect(tpl.activeVersionId).toBe(tpl.versions[0]!.id);
    const v2 = await auto.addTemplateVersion(tpl.id, { docx: STANDARD_DOCX });
    const after = await auto.template(tpl.id);
    expect(after.activeVersionId).toBe(v2.id);
    expect(after.versions.map((v) => v.status)).toEqual(['superseded', 'approved']);
    const c = await auto.createContract({ templateId: tpl.id, title: '自动', data, signers: SIGNERS });
    expect((await auto.contract(c.id)).templateVersionId).toBe(v2.id);
  });

  it('renames and moves template groups, and moves templates between them', async () => {
    const a = await client.createTemplateGroup({ name: 'A' });
    const b = await client.createTemplateGroup({ name: 'B', parentId: a.id });
    expect(await client.updateTemplateGroup(a.id, { name: 'A2' })).toMatchObject({ name: 'A2' });
    expect((await apiError(client.updateTemplateGroup(a.id, { parentId: b.id }))).code).toBe(
      'TEMPLATE_GROUP_CYCLE',
    );
    expect(await client.updateTemplateGroup(b.id, { parentId: null })).toMatchObject({ parentId: null });
    const moved = await client.moveTemplate(template.id, b.id);
    expect(moved.groupId).toBe(b.id);
    expect((await client.templates({ groupId: b.id })).items.map((x) => x.id)).toEqual([template.id]);
    expect((await client.templates({ name: '技术服务' })).items.map((x) => x.id)).toEqual([template.id]);
    expect((await client.templates({ name: '100%' })).items).toEqual([]);
    expect((await client.templates({ status: 'active' })).items.map((x) => x.id)).toContain(template.id);
    expect((await apiError(other.updateTemplateGroup(a.id, { name: 'x' }))).status).toBe(404);
  });

  it('publishes the routes in the OpenAPI document', async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    for (const p of [
      '/api/v1/templates',
      '/api/v1/templates/{id}/versions',
      '/api/v1/templates/{id}/preview.png',
      '/api/v1/contracts',
      '/api/v1/contracts/{id}/documents/{docId}/download',
      '/api/v1/contracts/{id}/revoke',
      '/admin/api/template-versions/{id}/approve',
    ])
      expect(paths).toContain(p);
  });

  it('keeps everything across a restart on the same data directory', async () => {
    const again = await restart();
    const dl = await again.downloadDocument(contractId, documentId);
    expect(Buffer.compare(dl, pdfBytes)).toBe(0);
    expect((await again.contract(contractId)).status).toBe('pending_signing');
    // The compiled template is read back from its blob (the cache was per process).
    const c = await again.createContract({
      templateId: template.id,
      title: '重启后',
      data,
      signers: SIGNERS,
    });
    expect(c.documents[0]!.pages).toBe(3);
  });

  it('generates the program again, once, for a compiled template written by an earlier engine', async () => {
    // Turn the active version's compiled blob into what engine format 1 wrote (one program file,
    // no static module), as a database from before the upgrade holds it.
    const { templates, blobs } = t.app.services;
    const versionId = (await t.clientFor(creds.appId, creds.appSecret).template(template.id)).activeVersion!
      .id;
    const version = (await templates.repository.version(versionId))!;
    const current = JSON.parse((await blobs.get(version.compiledBlobKeys.compiled!)).toString('utf8')) as {
      modules?: unknown;
    };
    delete current.modules;
    const legacyKey = await blobs.put(
      Buffer.from(JSON.stringify({ ...current, format: 'hetong-compiled-template/1' })),
    );
    await templates.repository.setCompiledBlobKeys(versionId, { compiled: legacyKey });
    const client2 = await restart();
    const c = await client2.createContract({
      templateId: template.id,
      title: '升级后',
      data,
      signers: SIGNERS,
    });
    expect(c.documents[0]!.pages).toBe(3);
    const text = pdfText(await client2.downloadDocument(c.id, c.documents[0]!.id));
    expect(text.replace(/\s+/g, '')).toContain(String(data.partyA));
    // Stored back: the version now points at a compiled template of the current format.
    const upgraded = (await t.app.services.templates.repository.version(versionId))!;
    expect(upgraded.compiledBlobKeys.compiled).not.toBe(legacyKey);
    const json = (await t.app.services.blobs.get(upgraded.compiledBlobKeys.compiled!)).toString('utf8');
    expect(JSON.parse(json).format).toBe(COMPILED_FORMAT);
  });
});
