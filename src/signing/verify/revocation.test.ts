import { randomBytes, X509Certificate } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterKey, MemoryPkiStore, openBuiltinCa, type BuiltinCa } from '../../pki/index.js';
import { PdfFile } from '../../pdf/file.js';
import { IncrementalUpdate } from '../../pdf/incremental.js';
import { PdfStream, dict, name } from '../../pdf/objects.js';
import { signPdf } from '../sign.js';
import { makePdf, makeSealPng } from '../testing/fixtures.js';
import { verifyPdf } from './verify.js';

let ca: BuiltinCa;
let other: BuiltinCa;

const open = (): Promise<BuiltinCa> =>
  openBuiltinCa({
    store: new MemoryPkiStore(),
    masterKey: MasterKey.fromBytes(randomBytes(32)),
    publicUrl: 'http://localhost:8080',
    rsaPoolSize: 0,
  });

beforeAll(async () => {
  ca = await open();
  other = await open();
}, 60_000);
afterAll(async () => {
  await ca.close();
  await other.close();
});

const subject = { kind: 'person', name: 'Li Si', idType: 'ID_CARD', idNumber: '110101199001011234' } as const;

async function signed(revokeFirst: boolean): Promise<Uint8Array> {
  const key = await ca.issueEventKey(subject, 'ECDSA-P256');
  if (revokeFirst) {
    await ca.revoke(new X509Certificate(key.certificate).serialNumber, 'keyCompromise');
    await new Promise((r) => setTimeout(r, 1100)); // genTime has one-second resolution
  }
  return signPdf(await makePdf(1), {
    key,
    tsa: ca.tsa,
    field: { page: 1, x: 60, y: 100, width: 80, height: 80 },
    appearance: { png: makeSealPng() },
  });
}

describe('revocation from CRLs', () => {
  it('no CRL: unknown, which is not a failure by itself', async () => {
    const r = verifyPdf(await signed(false), { trustAnchors: await ca.trustAnchors() });
    expect(r.signatures[0]!.revocation).toBe('unknown');
    expect(r.valid).toBe(true);
  });

  it('CRLs of the chain without the signer: good', async () => {
    const pdf = await signed(false);
    const crls = [await ca.crl('issuing'), await ca.crl('root')];
    const r = verifyPdf(pdf, { trustAnchors: await ca.trustAnchors(), crls });
    expect(r.signatures[0]!.revocation).toBe('good');
    expect(r.valid).toBe(true);
  });

  it('a signer revoked before the timestamp: revoked, not trusted', async () => {
    const pdf = await signed(true);
    const crls = [await ca.crl('issuing'), await ca.crl('root')];
    const r = verifyPdf(pdf, { trustAnchors: await ca.trustAnchors(), crls });
    const s = r.signatures[0]!;
    expect(s.revocation).toBe('revoked');
    expect(s.trusted).toBe(false);
    expect(s.trustProblem).toMatch(/revoked on \d{4}-\d{2}-\d{2}T/);
    expect(r.valid).toBe(false);
  });

  it("another CA's CRLs do not count", async () => {
    const pdf = await signed(false);
    const crls = [await other.crl('issuing'), await other.crl('root')];
    const r = verifyPdf(pdf, { trustAnchors: await ca.trustAnchors(), crls });
    expect(r.signatures[0]!.revocation).toBe('unknown');
    expect(r.valid).toBe(true);
  });

  it('CRLs from a DSS whose streams are FlateDecode-compressed (as other producers write them) count', async () => {
    const pdf = await signed(true);
    const crls = [await ca.crl('issuing'), await ca.crl('root')];
    // ETSI EN 319 142-1 §5.4.2 in an incremental update, each CRL stream compressed.
    const file = PdfFile.open(pdf);
    const update = new IncrementalUpdate(file);
    const catalog = file.catalog().clone();
    const streams = crls.map((c) =>
      update.add(new PdfStream(dict({ Filter: name('FlateDecode') }), deflateSync(c))),
    );
    catalog.set('DSS', update.add(dict({ Type: name('DSS'), CRLs: streams })));
    update.set(file.catalogRef(), catalog);
    const r = verifyPdf(update.build().bytes, { trustAnchors: await ca.trustAnchors() });
    expect(r.dss?.crls).toBe(2);
    expect(r.signatures[0]!.revocation).toBe('revoked');
    expect(r.valid).toBe(false);
  });
});
