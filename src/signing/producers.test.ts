import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHetongError } from '../shared/errors.js';
import { PdfFile } from '../pdf/file.js';
import type { PdfValue } from '../pdf/objects.js';
import { signPdf } from './sign.js';
import { makePdf, makeSealPng } from './testing/fixtures.js';
import { createOpensslPki, type OpensslPki } from './testing/openssl-pki.js';
import { mutoolVerify, nssDatabase, pdfsig, qpdfCheck } from './testing/validators.js';
import { verifyPdf } from './verify/verify.js';
import { STANDARD_DOCX, STANDARD_DATA } from '../../test/shared-bench.js';

let pki: OpensslPki;
let nss: string;
let libreOfficePdf: Uint8Array;
const seal = makeSealPng();

beforeAll(() => {
  pki = createOpensslPki();
  nss = nssDatabase(pki.rootPem);
  const dir = mkdtempSync(join(tmpdir(), 'hetong-lo-'));
  writeFileSync(
    join(dir, 'contract.html'),
    '<html><head><meta charset="utf-8"></head><body><h1>买卖合同</h1><p>甲方：示例贸易有限公司</p><p>乙方：张三</p><p style="margin-top:300pt">甲方（盖章）：</p><p>乙方（签字）：</p></body></html>',
  );
  // A private profile so parallel soffice runs of other suites do not collide.
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--convert-to',
      'pdf:writer_pdf_Export',
      '--outdir',
      dir,
      join(dir, 'contract.html'),
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  libreOfficePdf = new Uint8Array(readFileSync(join(dir, 'contract.pdf')));
}, 180_000);

describe('PDFs from other producers, fields placed by keyword', () => {
  it('LibreOffice: two parties placed by keyword pass pdfsig, qpdf, mutool and our verifier', async () => {
    const a = pki.newKey('Example Trading', 'ECDSA-P256');
    const b = pki.newKey('Zhang San', 'RSA-2048');
    let pdf = await signPdf(libreOfficePdf, {
      key: a,
      tsa: pki.tsa,
      field: { keyword: '甲方（盖章）', offsetX: 40, width: 90, height: 90 },
      appearance: { png: seal },
    });
    pdf = await signPdf(pdf, {
      key: b,
      tsa: pki.tsa,
      field: { keyword: '乙方(签字)', offsetX: 30, width: 60, height: 30 },
      appearance: { png: seal },
    });
    const sig = pdfsig(nss, pdf);
    expect(sig.match(/Signature is Valid\./g)?.length).toBe(2);
    expect(sig.match(/Certificate is Trusted\./g)?.length).toBe(2);
    expect(qpdfCheck(pdf).ok).toBe(true);
    expect(mutoolVerify(pdf)).not.toMatch(/Digest error|invalidated/);
    expect(verifyPdf(pdf, { trustAnchors: [pki.rootDer] }).valid).toBe(true);
    // The seal sits at the end of the keyword line, not at a default position.
    const text = execFileSync('pdftotext', ['-bbox', '-', '-'], { input: libreOfficePdf }).toString();
    const word = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">甲方（盖章）/.exec(
      text,
    );
    expect(word).not.toBeNull();
    const [xMin, yMin, xMax, yMax] = word!.slice(1).map(Number) as [number, number, number, number];
    const keywordEnd = xMin + ((xMax - xMin) * 6) / 7; // pdftotext's word includes the trailing colon
    const file = PdfFile.open(pdf);
    const page = file.pages().find((p) => Array.isArray(file.resolve(p.dict.get('Annots'))))!;
    const rect = file
      .resolveDict((file.resolve(page.dict.get('Annots')) as PdfValue[])[0])!
      .get('Rect') as number[];
    const height = page.mediaBox[3];
    expect((rect[0]! + rect[2]!) / 2).toBeCloseTo(keywordEnd + 40, 0);
    expect(Math.abs((rect[1]! + rect[3]!) / 2 - (height - (yMin + yMax) / 2))).toBeLessThan(3);
  }, 60_000);

  it('Typst (our render engine, CID fonts with Identity-H): the standard contract signed by both parties by keyword', async () => {
    const { compileTemplate, RenderEngine } = await import('../render/index.js');
    const compiled = await compileTemplate(readFileSync(STANDARD_DOCX));
    const engine = new RenderEngine({ workers: 1 });
    let rendered: Uint8Array;
    try {
      const data = JSON.parse(readFileSync(STANDARD_DATA, 'utf8')) as unknown[];
      rendered = (await engine.renderPdf(compiled, data[0])).pdf;
    } finally {
      await engine.close();
    }
    let pdf = await signPdf(rendered, {
      key: pki.newKey('Shanghai Pujiang', 'ECDSA-P256'),
      tsa: pki.tsa,
      field: { keyword: '甲方（盖章）', offsetX: 60, width: 110, height: 110 },
      appearance: { png: seal },
      crossPageSeal: { png: seal, widthPt: 90, heightPt: 90 },
    });
    pdf = await signPdf(pdf, {
      key: pki.newKey('Beijing Yunqi', 'RSA-2048'),
      tsa: pki.tsa,
      field: { keyword: '乙方（盖章）', offsetX: 60, width: 110, height: 110 },
      appearance: { png: seal },
    });
    const report = verifyPdf(pdf, { trustAnchors: [pki.rootDer] });
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => s.fieldNames.length)).toEqual([4, 1]); // 3 cross-page strips
    expect(qpdfCheck(pdf).ok).toBe(true);
    expect(pdfsig(nss, pdf).match(/Signature is Valid\./g)?.length).toBe(5); // strips share the signature
    expect(mutoolVerify(pdf)).not.toMatch(/Digest error|invalidated/);
    const file = PdfFile.open(pdf);
    const lastPage = file.pages()[2]!;
    const rects = (file.resolve(lastPage.dict.get('Annots')) as PdfValue[]).map(
      (a) => file.resolveDict(a)!.get('Rect') as number[],
    );
    // Both seals on page 3, at the same height (the two keywords share a line).
    const seals = rects.filter((r) => r[2]! - r[0]! === 110);
    expect(seals).toHaveLength(2);
    expect(seals[0]![1]).toBeCloseTo(seals[1]![1]!, 1);
  }, 120_000);

  it('a keyword that is absent is SIGN_FIELD_KEYWORD_NOT_FOUND (422)', async () => {
    const err = await signPdf(await makePdf(1), {
      key: pki.rsa,
      tsa: pki.tsa,
      field: { keyword: '丙方（盖章）', width: 50, height: 50 },
    }).catch((e: unknown) => e);
    expect(isHetongError(err) && err.code === 'SIGN_FIELD_KEYWORD_NOT_FOUND' && err.status === 422).toBe(
      true,
    );
  });

  it('not a PDF is SIGN_INVALID_PDF; verifying a PDF without signatures is VERIFY_INVALID_PDF', async () => {
    const err = await signPdf(Buffer.from('hello'), {
      key: pki.rsa,
      tsa: pki.tsa,
      field: { page: 1, x: 0, y: 0, width: 1, height: 1 },
    }).catch((e: unknown) => e);
    expect(isHetongError(err) && err.code === 'SIGN_INVALID_PDF').toBe(true);
    expect(() => verifyPdf(libreOfficePdf, { trustAnchors: [] })).toThrow(/no signatures/);
  });
});
