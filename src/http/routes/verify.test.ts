import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as cliSign } from '../../app/commands/sign.js';
import { run as cliVerify } from '../../app/commands/verify.js';
import type { HetongClient } from '../../client/index.js';
import { MasterKey, MemoryPkiStore, openBuiltinCa, toPem, type BuiltinCa } from '../../pki/index.js';
import { addLongTermValidation, signPdf } from '../../signing/index.js';
import { PdfFile } from '../../pdf/file.js';
import { IncrementalUpdate } from '../../pdf/incremental.js';
import { PdfDict, PdfStream } from '../../pdf/objects.js';
import { makePdf, makeSealPng } from '../../signing/testing/fixtures.js';
import { SYSTEM_ACTOR } from '../../tenancy/context.js';
import { buildMultipart } from '../multipart.js';
import { createTestApp, type TestApp } from '../testing.js';
import type { VerificationReportWire } from '../wire/verify.js';
import { findPdftoppm } from '../../render/pdf-pages/index.js';

type Report = VerificationReportWire;

const subject = {
  kind: 'organisation' as const,
  name: '示例贸易有限公司',
  idType: 'USCC',
  idNumber: '91310000MA1FL0000X',
};

async function signWith(ca: BuiltinCa, pdf: Uint8Array): Promise<Uint8Array> {
  const key = await ca.issueEventKey(subject, 'ECDSA-P256');
  try {
    return await signPdf(pdf, {
      key,
      tsa: ca.tsa,
      field: { page: 1, x: 300, y: 100, width: 100, height: 100, origin: 'bottom-left' },
      name: subject.name,
      appearance: { png: makeSealPng() },
    });
  } finally {
    await key.destroy?.();
  }
}

describe('verification API and trust anchors (SQLite)', () => {
  let t: TestApp;
  let client: HetongClient;
  let signed: Uint8Array;
  const verify = async (pdf: Uint8Array, c = client) =>
    c.request<Report>('POST', '/api/v1/verify', { body: pdf, contentType: 'application/pdf' });

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    client = (await t.newLine()).client;
    signed = await signWith(await t.app.services.ca(), await makePdf(1));
  });
  afterAll(() => t.dispose());

  /** Runs a CLI command in-process against the test app's data directory (its SQLite database). */
  async function withDataDir<T>(fn: () => Promise<T>): Promise<T> {
    const saved = process.env.HETONG_DATA_DIR;
    process.env.HETONG_DATA_DIR = t.testStore.dataDir;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      return await fn();
    } finally {
      log.mockRestore();
      if (saved === undefined) delete process.env.HETONG_DATA_DIR;
      else process.env.HETONG_DATA_DIR = saved;
    }
  }

  it('reports a document signed by the service CA as valid (application/pdf and multipart)', async () => {
    const report = await verify(signed);
    expect(report.verdict).toBe('valid');
    const [sig] = report.signatures;
    expect(sig).toMatchObject({ trusted: true, integrity: { valid: true }, coversWholeDocument: true });
    expect(sig!.signer!.subject).toContain('示例贸易有限公司');
    expect(sig!.chain.length).toBeGreaterThanOrEqual(2);
    expect(sig!.timestamp?.valid).toBe(true);
    expect(Math.abs(Date.parse(sig!.timestamp!.time) - Date.now())).toBeLessThan(600_000);

    const boundary = 'pdfboundary';
    const body = buildMultipart(boundary, {}, [
      { field: 'file', filename: 'c.pdf', contentType: 'application/pdf', data: signed },
    ]);
    const viaForm = await client.request<Report>('POST', '/api/v1/verify', {
      body: new Uint8Array(body),
      contentType: `multipart/form-data; boundary=${boundary}`,
    });
    expect(viaForm.verdict).toBe('valid');
  });

  it('reports an appended page-content change and a flipped byte as invalid, saying what changed', async () => {
    const file = PdfFile.open(signed);
    const page = file.pages()[0]!;
    const update = new IncrementalUpdate(file);
    const evil = update.add(
      new PdfStream(new PdfDict(), Buffer.from('BT /F1 40 Tf 100 400 Td (PAY 1,000,000) Tj ET')),
    );
    update.set(page.ref, page.dict.clone().set('Contents', [page.dict.get('Contents')!, evil]));
    const report = await verify(update.build().bytes);
    expect(report.verdict).toBe('invalid');
    expect(report.signatures[0]!.modifiedAfterSigning).toBe(true);
    expect(report.signatures[0]!.changesAfter.disallowed.join('\n')).toMatch(/page 1 \/Contents changed/);
    // Where, for the page pictures (regions.test.ts checks the boxes themselves).
    expect(report.pages).toEqual([{ width: 595, height: 842 }]);
    const regions = report.signatures[0]!.regionsAfter;
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.every((r) => r.page === 1 && !r.allowed)).toBe(true);
    if (findPdftoppm()) {
      const png = await client.raw('POST', '/api/v1/verify/preview.png?page=1&width=300', {
        body: update.build().bytes,
        contentType: 'application/pdf',
      });
      expect([png.status, png.headers.get('content-type')]).toEqual([200, 'image/png']);
      expect(png.body.readUInt32BE(16)).toBe(300);
      const past = await client.raw('POST', '/api/v1/verify/preview.png?page=2', {
        body: update.build().bytes,
        contentType: 'application/pdf',
      });
      expect([past.status, JSON.parse(past.body.toString()).error.code]).toEqual([422, 'RENDER_FAILED']);
    }

    const flipped = Buffer.from(signed);
    flipped[200] = flipped[200]! ^ 1;
    const broken = await verify(flipped);
    expect(broken.verdict).toBe('invalid');
    expect(broken.signatures[0]!.integrity.valid).toBe(false);

    const notPdf = await client.raw('POST', '/api/v1/verify', {
      body: Buffer.from('hello'),
      contentType: 'application/pdf',
    });
    expect([notPdf.status, JSON.parse(notPdf.body.toString()).error.code]).toEqual([
      400,
      'VERIFY_INVALID_PDF',
    ]);
  });

  it('trusts a foreign root only while it is imported through the admin API (admin role)', async () => {
    const foreign = await openBuiltinCa({
      store: new MemoryPkiStore(),
      masterKey: MasterKey.fromBytes(new Uint8Array(32).fill(3)),
      publicUrl: 'https://other-ca.example',
      rsaPoolSize: 0,
    });
    // B-LTA: the DSS carries the foreign issuing CA, so the imported root alone anchors both the
    // signature and its timestamp.
    const pdf = await addLongTermValidation(await signWith(foreign, await makePdf(1)), {
      revocation: foreign.revocation,
      tsa: foreign.tsa,
    });
    const before = await verify(pdf);
    expect(before.verdict).toBe('invalid');
    expect(before.signatures[0]!.trusted).toBe(false);

    const inject = (o: InjectOptions) => t.app.server.inject(o);
    const login = async (role: 'admin' | 'operator') => {
      const username = `${role}-ta`;
      const password = `pw-${role}-0123456789`;
      await t.app.services.admin.createAccount({ username, password, role }, SYSTEM_ACTOR);
      const res = await inject({ method: 'POST', url: '/admin/api/login', payload: { username, password } });
      const cookies = res.cookies as unknown as { name: string; value: string }[];
      return {
        cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        'x-csrf-token': res.json().csrfToken as string,
      };
    };
    const admin = await login('admin');
    const operator = await login('operator');
    const pem = toPem(foreign.rootCertificate(), 'CERTIFICATE');
    const url = '/admin/api/trust-anchors';
    expect((await inject({ method: 'POST', url, headers: operator, payload: { pem } })).statusCode).toBe(403);
    const bad = await inject({ method: 'POST', url, headers: admin, payload: { pem: 'nonsense' } });
    expect(bad.json().error.code).toBe('TRUST_ANCHOR_INVALID');
    const extra = await inject({ method: 'POST', url, headers: admin, payload: { pem, note: 'x' } });
    expect([extra.statusCode, extra.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const added = await inject({ method: 'POST', url, headers: admin, payload: { pem } });
    expect(added.statusCode).toBe(201);
    // The same certificate as DER is the same anchor.
    const again = await inject({
      method: 'POST',
      url,
      headers: { ...admin, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(foreign.rootCertificate()),
    });
    expect([again.statusCode, again.json().id]).toEqual([200, added.json().id]);
    expect((await inject({ method: 'GET', url, headers: operator })).json().items).toHaveLength(1);

    expect((await verify(pdf)).verdict).toBe('valid');
    // `hetong verify` reads the same anchors from the database.
    const file = join(t.testStore.dataDir, 'foreign.pdf');
    writeFileSync(file, pdf);
    expect(await withDataDir(() => cliVerify([file]))).toBe(0);
    expect(
      (await inject({ method: 'DELETE', url: `${url}/${added.json().id}`, headers: admin })).statusCode,
    ).toBe(204);
    expect((await verify(pdf)).verdict).toBe('invalid');
    expect(await withDataDir(() => cliVerify([file]))).toBe(1);
    const audit = await t.app.services.audit.forTarget(added.json().id);
    expect(audit.map((e) => e.action)).toEqual(['trust_anchor.added', 'trust_anchor.deleted']);
    foreign.close();
  });

  it('shares one CA with the CLI: a document signed by `hetong sign` verifies as trusted in the service', async () => {
    const saved = process.env.HETONG_DATA_DIR;
    process.env.HETONG_DATA_DIR = t.testStore.dataDir;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const dir = t.testStore.dataDir;
      writeFileSync(join(dir, 'in.pdf'), await makePdf(1));
      const code = await cliSign([
        join(dir, 'in.pdf'),
        '-o',
        join(dir, 'out.pdf'),
        '--subject',
        'name=Zhang San,kind=person,id=110101199001011234',
        '--page',
        '1',
        '--x',
        '100',
        '--y',
        '100',
        '--algorithm',
        'ec',
      ]);
      expect(code).toBe(0);
      const report = await verify(readFileSync(join(dir, 'out.pdf')));
      expect(report.verdict).toBe('valid');
      // The CLI's certificate chains up to the very root the service's CA holds.
      const root = new X509Certificate(Buffer.from((await t.app.services.ca()).rootCertificate()));
      expect(report.signatures[0]!.trusted).toBe(true);
      expect(report.signatures[0]!.chain.at(-1)!.issuer).toBe(root.subject.replace(/\n/g, ', '));
    } finally {
      log.mockRestore();
      if (saved === undefined) delete process.env.HETONG_DATA_DIR;
      else process.env.HETONG_DATA_DIR = saved;
    }
  }, 60_000);
});
