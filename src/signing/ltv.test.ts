import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterKey, MemoryPkiStore, openBuiltinCa, toPem, type BuiltinCa } from '../pki/index.js';
import { readNode } from '../pki/asn1/der.js';
import { addLongTermValidation } from './ltv.js';
import { PdfFile } from '../pdf/file.js';
import { signPdf } from './sign.js';
import { makePdf, makeSealPng } from './testing/fixtures.js';
import { mutoolVerify, nssDatabase, pdfsig, qpdfCheck } from './testing/validators.js';
import { verifyPdf } from './verify/verify.js';

let ca: BuiltinCa;
let nss: string;

beforeAll(async () => {
  ca = await openBuiltinCa({
    store: new MemoryPkiStore(),
    masterKey: MasterKey.fromBytes(randomBytes(32)),
    publicUrl: 'http://localhost:8080',
    rsaPoolSize: 0,
  });
  nss = nssDatabase(toPem(ca.rootCertificate(), 'CERTIFICATE'));
}, 60_000);
afterAll(() => ca.close());

describe('built-in CA and TSA, then B-LT and B-LTA', () => {
  it('two parties with event certificates, DSS and a document timestamp: all validators accept', async () => {
    let pdf = await makePdf(3);
    const seal = makeSealPng();
    const subjects = [
      {
        kind: 'organisation',
        name: 'Example Trading Co Ltd',
        idType: 'USCC',
        idNumber: '91310000MA1FL0000X',
      },
      { kind: 'person', name: 'Zhang San', idType: 'ID_CARD', idNumber: '110101199001011234' },
    ] as const;
    for (const [i, s] of subjects.entries()) {
      const key = await ca.issueEventKey(s, i === 0 ? 'ECDSA-P256' : 'RSA-2048');
      pdf = await signPdf(pdf, {
        key,
        tsa: ca.tsa,
        field: { page: 3, x: 80 + 250 * i, y: 120, width: 100, height: 100 },
        appearance: { png: seal },
      });
      await key.destroy?.();
    }
    const beforeLtv = pdf;
    pdf = await addLongTermValidation(pdf, { revocation: ca.revocation, tsa: ca.tsa });
    expect(Buffer.from(pdf.subarray(0, beforeLtv.length)).equals(beforeLtv)).toBe(true);

    const file = PdfFile.open(pdf);
    const dss = file.resolveDict(file.catalog().get('DSS'))!;
    expect((file.resolve(dss.get('Certs')) as unknown[]).length).toBeGreaterThanOrEqual(4);
    expect((file.resolve(dss.get('CRLs')) as unknown[]).length).toBeGreaterThanOrEqual(1);

    const report = verifyPdf(pdf, { trustAnchors: await ca.trustAnchors() });
    expect(report.valid).toBe(true);
    expect(report.dss?.crls).toBeGreaterThanOrEqual(1);
    expect(report.signatures.map((s) => s.kind)).toEqual(['signature', 'signature', 'document-timestamp']);
    expect(report.signatures[0]!.changesAfter.allowed.join('\n')).toMatch(/catalog \/DSS added/);
    expect(report.signatures[2]!.coversWholeDocument).toBe(true);

    const sig = pdfsig(nss, pdf);
    // poppler cannot check ETSI.RFC3161 document timestamps ("Unable to validate this type of
    // signature"); the two CAdES signatures must pass, the timestamp is checked by openssl below.
    expect(sig.match(/Signature is Valid\./g)?.length).toBe(2);
    expect(sig.match(/Certificate is Trusted\./g)?.length).toBe(2);
    expect(sig).toMatch(/DocumentTimestamp1[\s\S]*Total document signed/);
    expect(qpdfCheck(pdf).ok).toBe(true);

    // The document timestamp token, checked by openssl against the ByteRange bytes.
    const [, b, c, d] = report.signatures[2]!.integrity.byteRange!;
    const raw = Buffer.from(Buffer.from(pdf.subarray(b + 1, c - 1)).toString('latin1'), 'hex');
    const dir = mkdtempSync(join(tmpdir(), 'hetong-ts-'));
    writeFileSync(join(dir, 'token.der'), raw.subarray(0, readNode(raw).end));
    writeFileSync(join(dir, 'data.bin'), Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]));
    writeFileSync(join(dir, 'root.pem'), toPem(ca.rootCertificate(), 'CERTIFICATE'));
    writeFileSync(
      join(dir, 'chain.pem'),
      toPem(ca.tsaCertificate(), 'CERTIFICATE') + toPem(ca.issuingCertificate(), 'CERTIFICATE'),
    );
    const ts = spawnSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-in',
        'token.der',
        '-token_in',
        '-data',
        'data.bin',
        '-CAfile',
        'root.pem',
        '-untrusted',
        'chain.pem',
      ],
      { cwd: dir },
    );
    expect(ts.stdout.toString() + ts.stderr.toString()).toMatch(/Verification: OK/);
    expect(mutoolVerify(pdf)).not.toMatch(/Digest error|invalidated/);
  }, 60_000);
});
