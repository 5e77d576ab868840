import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNode } from '../pki/asn1/der.js';
import { OID } from '../pki/asn1/oids.js';
import { parseSignedData } from './cms/parse.js';
import { PdfFile } from '../pdf/file.js';
import { IncrementalUpdate } from '../pdf/incremental.js';
import { PdfDict, PdfName, PdfStream, PdfString } from '../pdf/objects.js';
import { addDocumentTimestamp, addDss } from './ltv.js';
import { signPdf, type SignRequest } from './sign.js';
import { applyNoChangesPermission } from './verify/changes.js';
import { makePdf, makeSealPng } from './testing/fixtures.js';
import { createOpensslPki, type OpensslPki } from './testing/openssl-pki.js';
import { mutoolVerify, nssDatabase, pdfsig, qpdfCheck, tempFile } from './testing/validators.js';
import { verifyPdf } from './verify/verify.js';

let pki: OpensslPki;
let nss: string;
/** One certificate per party, as in real use: poppler's NSS check reports "Unknown issue with
 * Certificate" when the same certificate signs twice in one document (a poppler quirk). */
let parties: OpensslPki['rsa'][];
const seal = makeSealPng();

beforeAll(() => {
  pki = createOpensslPki();
  nss = nssDatabase(pki.rootPem);
  parties = [0, 1, 2, 3, 4].map((i) => pki.newKey(`Party ${i + 1}`, i % 2 === 0 ? 'RSA-2048' : 'ECDSA-P256'));
}, 60_000);

function request(i: number, extra: Partial<SignRequest> = {}): SignRequest {
  return {
    key: parties[i]!,
    tsa: pki.tsa,
    field: { page: (i % 3) + 1, x: 60 + 90 * i, y: 100, width: 80, height: 80 },
    appearance: { png: seal },
    reason: `party ${i + 1} agrees`,
    ...extra,
  };
}

async function signParties(pdf: Uint8Array, n: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  let cur = pdf;
  for (let i = 0; i < n; i++) {
    cur = await signPdf(cur, request(i));
    out.push(cur);
  }
  return out;
}

function expectAllValidators(pdf: Uint8Array, signatures: number): void {
  const sig = pdfsig(nss, pdf);
  expect(sig.match(/Signature is Valid\./g)?.length).toBe(signatures);
  expect(sig.match(/Certificate is Trusted\./g)?.length).toBe(signatures);
  expect(sig.match(/Total document signed/g)?.length).toBe(1); // the last one
  expect(qpdfCheck(pdf).ok).toBe(true);
  const mu = mutoolVerify(pdf);
  expect(mu).not.toMatch(/Digest error|invalidated/);
  expect(mu.match(/Verifying signature/g)?.length).toBe(signatures);
  const report = verifyPdf(pdf, { trustAnchors: [pki.rootDer] });
  expect(report.valid).toBe(true);
  expect(report.signatures).toHaveLength(signatures);
  expect(report.signatures.at(-1)?.coversWholeDocument).toBe(true);
}

/** Extracts (CMS DER, signed bytes) of signature `index` for openssl. */
function extract(pdf: Uint8Array, index: number): { cms: Uint8Array; signed: Buffer } {
  const report = verifyPdf(pdf, { trustAnchors: [pki.rootDer] });
  const [, b, c, d] = report.signatures[index]!.integrity.byteRange!;
  const hex = Buffer.from(pdf.subarray(b + 1, c - 1)).toString('latin1');
  const raw = Buffer.from(hex, 'hex');
  return {
    cms: raw.subarray(0, readNode(raw).end),
    signed: Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]),
  };
}

describe('signPdf + validators', () => {
  it('one, two and five parties: pdfsig, qpdf, mutool and our verifier accept every signature', async () => {
    const original = await makePdf(3);
    const versions = await signParties(original, 5);
    for (const n of [1, 2, 5]) expectAllValidators(versions[n - 1]!, n);
    // Append-only: every version is a byte prefix of the next.
    let prev = original;
    for (const v of versions) {
      expect(Buffer.from(v.subarray(0, prev.length)).equals(prev)).toBe(true);
      prev = v;
    }
    const report = verifyPdf(versions[4]!, { trustAnchors: [pki.rootDer] });
    expect(report.signatures[0]!.certification).toEqual({ permissions: 2 });
    expect(report.signatures[1]!.certification).toBeUndefined();
    expect(report.signatures.map((s) => s.timestamp?.valid)).toEqual([true, true, true, true, true]);
  }, 60_000);

  it('the CMS passes openssl cms -verify and the token passes openssl ts -verify', async () => {
    const [signed] = await signParties(await makePdf(1), 1);
    const { cms, signed: content } = extract(signed!, 0);
    const dir = tempFile('x', new Uint8Array()).replace(/x$/, '');
    writeFileSync(join(dir, 'sig.der'), cms);
    writeFileSync(join(dir, 'content.bin'), content);
    writeFileSync(join(dir, 'root.pem'), pki.rootPem);
    const v = spawnSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'sig.der',
        '-content',
        'content.bin',
        '-CAfile',
        'root.pem',
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ],
      { cwd: dir },
    );
    expect(v.stderr.toString()).toMatch(/Verification successful/);
    const sd = parseSignedData(cms);
    expect(sd.signer.attrs.has(OID.signingTime)).toBe(false);
    expect([...sd.signer.attrs.keys()].sort()).toEqual(
      [OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort(),
    );
    const token = sd.signer.unsignedAttrs.get(OID.signatureTimeStampToken)![0]!.raw;
    writeFileSync(join(dir, 'token.der'), token);
    const digest = createHash('sha256').update(sd.signer.signature).digest('hex');
    const ts = spawnSync(
      'openssl',
      ['ts', '-verify', '-in', 'token.der', '-token_in', '-digest', digest, '-CAfile', 'root.pem'],
      { cwd: dir },
    );
    expect(ts.stdout.toString()).toMatch(/Verification: OK/);
  }, 30_000);

  it('signs PDFs with xref streams (qpdf --object-streams=generate) with an xref stream update', async () => {
    const src = tempFile('in.pdf', await makePdf(2));
    const out = src.replace(/in\.pdf$/, 'objstm.pdf');
    execFileSync('qpdf', ['--object-streams=generate', src, out]);
    const input = new Uint8Array(execFileSync('cat', [out]));
    expect(PdfFile.open(input).lastXrefKind).toBe('stream');
    const [one, two] = await signParties(input, 2);
    expect(PdfFile.open(two!).lastXrefKind).toBe('stream');
    expectAllValidators(one!, 1);
    expectAllValidators(two!, 2);
  }, 30_000);

  it('merges with an existing AcroForm and keeps its fields', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const form = doc.getForm();
    form.createTextField('buyer.name').setText('Li Si');
    const input = await doc.save({ useObjectStreams: false });
    const [signed] = await signParties(input, 1);
    expectAllValidators(signed!, 1);
    const file = PdfFile.open(signed!);
    const acro = file.resolveDict(file.catalog().get('AcroForm'))!;
    expect((file.resolve(acro.get('Fields')) as unknown[]).length).toBe(2);
    expect(acro.get('SigFlags')).toBe(3);
  }, 30_000);

  it('places an invisible signature when no appearance is given', async () => {
    const signed = await signPdf(await makePdf(1), { ...request(0), appearance: undefined });
    expectAllValidators(signed, 1);
  }, 30_000);

  it('draws a cross-page seal as strips on the right edge of every page, verified as one signature', async () => {
    const pdf = await makePdf(3);
    const signed = await signPdf(
      pdf,
      request(0, { crossPageSeal: { png: seal, widthPt: 90, heightPt: 90 } }),
    );
    const report = verifyPdf(signed, { trustAnchors: [pki.rootDer] });
    expect(report.valid).toBe(true);
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]!.fieldNames).toHaveLength(4);
    const file = PdfFile.open(signed);
    for (const page of file.pages()) {
      const rects = (file.resolve(page.dict.get('Annots')) as unknown[]).map(
        (a) => file.resolveDict(a as never)!.get('Rect') as number[],
      );
      expect(rects.some((r) => r[2] === 595 && Math.abs(r[2] - r[0]! - 30) < 1e-6)).toBe(true);
    }
    expect(qpdfCheck(signed).ok).toBe(true);
  }, 30_000);
});

describe('certification rules', () => {
  it('only the first signature certifies: certify on a signed document is SIGN_CERTIFY_NOT_FIRST (409)', async () => {
    const [signed] = await signParties(await makePdf(1), 1);
    const err = await signPdf(signed!, request(3, { certify: true })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SIGN_CERTIFY_NOT_FIRST', status: 409 });
    const approval = await signPdf(await makePdf(1), request(0, { certify: false }));
    expect(verifyPdf(approval, { trustAnchors: [pki.rootDer] }).signatures[0]!.certification).toBeUndefined();
  }, 30_000);
});

describe('DocMDP P=1', () => {
  it('refuses a further signature, but a DSS and a document timestamp keep it valid', async () => {
    const signed = await signPdf(await makePdf(1), request(0, { certifyPermissions: 1 }));
    const err = await signPdf(signed, request(3)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SIGN_DOCUMENT_LOCKED', status: 409 });
    const withTimestamp = await addDocumentTimestamp(
      await addDss(signed, { crlsFor: async () => [] }),
      pki.tsa,
    );
    const report = verifyPdf(withTimestamp, { trustAnchors: [pki.rootDer] });
    expect(report.signatures[0]!.certification).toEqual({ permissions: 1 });
    expect(report.valid).toBe(true);
  }, 30_000);

  it('turns any other allowed change into a disallowed one', () => {
    const m = applyNoChangesPermission({
      allowed: [
        'catalog /DSS added',
        'page 1 /Annots: signature field added',
        'AcroForm /Fields: document timestamp added',
      ],
      disallowed: [],
    });
    expect(m.allowed).toEqual(['catalog /DSS added', 'AcroForm /Fields: document timestamp added']);
    expect(m.disallowed).toEqual([
      'page 1 /Annots: signature field added (the certification allows no changes, DocMDP P=1)',
    ]);
  });
});

describe('tampering is caught', () => {
  it('a flipped byte inside a signed range', async () => {
    const [signed] = await signParties(await makePdf(1), 1);
    const bad = new Uint8Array(signed!);
    const at = 200; // inside the original page content / header area
    bad[at] = bad[at]! ^ 0x01;
    const report = verifyPdf(bad, { trustAnchors: [pki.rootDer] });
    expect(report.valid).toBe(false);
    expect(report.signatures[0]!.integrity.valid).toBe(false);
    expect(pdfsig(nss, bad)).not.toMatch(/Signature is Valid/);
  }, 30_000);

  it('an appended update that changes page content (pdfsig still says valid; we do not)', async () => {
    const [signed] = await signParties(await makePdf(1), 1);
    const file = PdfFile.open(signed!);
    const page = file.pages()[0]!;
    const update = new IncrementalUpdate(file);
    const evil = update.add(
      new PdfStream(new PdfDict(), Buffer.from('BT /F1 40 Tf 100 400 Td (PAY 1,000,000) Tj ET')),
    );
    const contents = page.dict.get('Contents');
    update.set(page.ref, page.dict.clone().set('Contents', [contents!, evil]));
    const tampered = update.build().bytes;
    expect(pdfsig(nss, tampered)).toMatch(/Signature is Valid/);
    const report = verifyPdf(tampered, { trustAnchors: [pki.rootDer] });
    expect(report.valid).toBe(false);
    expect(report.signatures[0]!.modifiedAfterSigning).toBe(true);
    expect(report.signatures[0]!.changesAfter.disallowed.join('\n')).toMatch(/page 1 \/Contents changed/);
  }, 30_000);

  it('an appended update that adds a non-signature annotation', async () => {
    const [signed] = await signParties(await makePdf(1), 1);
    const file = PdfFile.open(signed!);
    const page = file.pages()[0]!;
    const update = new IncrementalUpdate(file);
    const note = update.add(
      new PdfDict([
        ['Type', PdfName.of('Annot')],
        ['Subtype', PdfName.of('FreeText')],
        ['Rect', [10, 10, 200, 50]],
        ['Contents', PdfString.text('void')],
      ]),
    );
    const annots = file.resolve(page.dict.get('Annots')) as unknown[];
    update.set(page.ref, page.dict.clone().set('Annots', [...(annots as never[]), note]));
    const report = verifyPdf(update.build().bytes, { trustAnchors: [pki.rootDer] });
    expect(report.valid).toBe(false);
    expect(report.signatures[0]!.changesAfter.disallowed.join('\n')).toMatch(
      /not a signature field \(Annot FreeText\)/,
    );
  }, 30_000);

  it('a full rewrite with pdf-lib save()', async () => {
    const [signed] = await signParties(await makePdf(1), 1);
    const doc = await PDFDocument.load(signed!);
    const rewritten = await doc.save({ useObjectStreams: false });
    const report = verifyPdf(rewritten, { trustAnchors: [pki.rootDer] });
    expect(report.valid).toBe(false);
    expect(report.signatures[0]!.integrity.valid).toBe(false);
  }, 30_000);

  it('an untrusted signer is reported as not trusted', async () => {
    const signed = await signPdf(await makePdf(1), { ...request(0), key: pki.stranger });
    const report = verifyPdf(signed, { trustAnchors: [pki.rootDer] });
    expect(report.signatures[0]!.integrity.valid).toBe(true);
    expect(report.signatures[0]!.trusted).toBe(false);
    expect(report.valid).toBe(false);
  }, 30_000);
});
