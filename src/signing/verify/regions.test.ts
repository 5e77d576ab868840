/**
 * The boxes of what changed after a signature, from real signed PDFs changed by incremental
 * updates: an annotation, appended text, a rewritten line, an image-only change, a later
 * signature (allowed) — and the page-picture coordinates under /CropBox and /Rotate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfFile, type PageInfo } from '../../pdf/file.js';
import { IncrementalUpdate } from '../../pdf/incremental.js';
import { PdfDict, PdfRef, PdfStream, PdfString, dict, name } from '../../pdf/objects.js';
import { signPdf } from '../sign.js';
import { makePdf, makeSealPng, rawPdf, stream } from '../testing/fixtures.js';
import { createOpensslPki, type OpensslPki } from '../testing/openssl-pki.js';
import { changedRegions, difference, displayedPage, runs, toDisplayed } from './regions.js';
import { verifyPdf } from './verify.js';

let pki: OpensslPki;
let key: ReturnType<OpensslPki['newKey']>;

beforeAll(() => {
  pki = createOpensslPki();
  key = pki.newKey('Party A', 'ECDSA-P256');
});

const sign = (pdf: Uint8Array, y = 100): Promise<Uint8Array> =>
  signPdf(pdf, {
    key,
    tsa: pki.tsa,
    field: { page: 1, x: 60, y, width: 80, height: 80 },
    appearance: { png: makeSealPng() },
  });

/** The signed revision (what the first signature covers) and the newest one, parsed. */
function revisions(signed: Uint8Array, changed: Uint8Array): [PdfFile, PdfFile] {
  return [PdfFile.open(signed), PdfFile.open(changed)];
}

/** A stamp annotation over the contract's text, added in an update as a reader's tool would. */
function addStamp(signed: Uint8Array): Uint8Array {
  const file = PdfFile.open(signed);
  const page = file.pages()[0]!;
  const up = new IncrementalUpdate(file);
  const annot = up.add(
    dict({
      Type: name('Annot'),
      Subtype: name('FreeText'),
      Rect: [300, 500, 500, 540],
      Contents: PdfString.text('VOID'),
      DA: PdfString.text('/Helv 20 Tf 1 0 0 rg'),
    }),
  );
  const old = file.resolve(page.dict.get('Annots'));
  const p = page.dict.clone();
  p.set('Annots', [...(Array.isArray(old) ? old : []), annot]);
  up.set(page.ref, p);
  return up.build().bytes;
}

/** A content stream appended to page 1 drawing `text` at (x, y) in Helvetica 20. */
function appendText(signed: Uint8Array, text: string, x: number, y: number): Uint8Array {
  const file = PdfFile.open(signed);
  const page = file.pages()[0]!;
  const up = new IncrementalUpdate(file);
  const extra = up.add(
    new PdfStream(new PdfDict(), Buffer.from(`BT /F9 20 Tf ${x} ${y} Td (${text}) Tj ET`)),
  );
  const res = file.resolveDict(page.resources)!.clone();
  const fonts = file.resolveDict(res.get('Font'))?.clone() ?? new PdfDict();
  fonts.set('F9', dict({ Type: name('Font'), Subtype: name('Type1'), BaseFont: name('Helvetica') }));
  res.set('Font', fonts);
  const contents = page.dict.get('Contents');
  const p = page.dict.clone();
  p.set('Contents', [...(Array.isArray(contents) ? contents : [contents!]), extra]);
  p.set('Resources', res);
  up.set(page.ref, p);
  return up.build().bytes;
}

describe('changedRegions', () => {
  it('boxes an annotation added after signing where its /Rect is, not allowed', async () => {
    const signed = await sign(await makePdf(1));
    const changed = addStamp(signed);
    const regions = changedRegions(...revisions(signed, changed));
    expect(regions).toEqual([
      {
        page: 1,
        left: 300,
        top: 842 - 540,
        width: 200,
        height: 40,
        change: 'added',
        what: 'annotation',
        allowed: false,
        detail: 'FreeText',
      },
    ]);
  });

  it('boxes text appended in a new content stream around the new words only', async () => {
    const signed = await sign(await makePdf(1));
    const changed = appendText(signed, 'Price: 1,000,000 CNY', 72, 400);
    const regions = changedRegions(...revisions(signed, changed));
    expect(regions).toHaveLength(1);
    const r = regions[0]!;
    expect(r).toMatchObject({ page: 1, change: 'added', what: 'text', allowed: false });
    expect(r.detail).toBe('Price: 1,000,000 CNY');
    expect(r.left).toBeCloseTo(72, 0);
    // Baseline 400 at size 20: from 0.8 em above it to 0.2 em below, measured from the top.
    expect(r.top).toBeCloseTo(842 - 416, 0);
    expect(r.height).toBeCloseTo(20, 0);
    expect(r.width).toBeGreaterThan(150);
    expect(r.width).toBeLessThan(250);
  });

  it('boxes a rewritten line twice: what was removed and what replaced it', async () => {
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      stream('', 'BT /F1 14 Tf 72 760 Td (Title) Tj ET BT /F1 14 Tf 72 700 Td (Price: 100 CNY) Tj ET'),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ]);
    const signed = await sign(pdf);
    const file = PdfFile.open(signed);
    const up = new IncrementalUpdate(file);
    up.set(
      new PdfRef(4, 0),
      new PdfStream(
        new PdfDict(),
        Buffer.from('BT /F1 14 Tf 72 760 Td (Title) Tj ET BT /F1 14 Tf 72 650 Td (Price: 900 CNY) Tj ET'),
      ),
    );
    const regions = changedRegions(...revisions(signed, up.build().bytes));
    const text = regions.filter((r) => r.what === 'text');
    expect(text.map((r) => [r.change, r.detail])).toEqual([
      ['added', 'Price: 900 CNY'],
      ['removed', 'Price: 100 CNY'],
    ]);
    expect(text[0]!.top).toBeGreaterThan(text[1]!.top);
    // The unchanged title is not boxed.
    expect(regions.some((r) => r.detail === 'Title')).toBe(false);
  });

  it('marks the whole page when content changed without a text difference', async () => {
    const signed = await sign(await makePdf(1));
    const file = PdfFile.open(signed);
    const page = file.pages()[0]!;
    const up = new IncrementalUpdate(file);
    const box = up.add(new PdfStream(new PdfDict(), Buffer.from('1 1 1 rg 60 740 300 40 re f')));
    const contents = page.dict.get('Contents');
    const p = page.dict.clone();
    p.set('Contents', [...(Array.isArray(contents) ? contents : [contents!]), box]);
    up.set(page.ref, p);
    const regions = changedRegions(...revisions(signed, up.build().bytes));
    expect(regions).toEqual([
      {
        page: 1,
        left: 0,
        top: 0,
        width: 595,
        height: 842,
        change: 'changed',
        what: 'content',
        allowed: false,
      },
    ]);
  });

  it("boxes a later signature's widget as allowed, and nothing else", async () => {
    const signed = await sign(await makePdf(1));
    const twice = await sign(signed, 300);
    const regions = changedRegions(...revisions(signed, twice));
    expect(regions).toEqual([
      expect.objectContaining({
        page: 1,
        left: 60,
        top: 842 - 380,
        width: 80,
        height: 80,
        change: 'added',
        what: 'signature',
        allowed: true,
      }),
    ]);
  });

  it('is what verifyPdf reports for each signature, with the page sizes of the pictures', async () => {
    const signed = await sign(await makePdf(2));
    const changed = addStamp(await sign(signed, 300));
    const report = verifyPdf(changed, { trustAnchors: [pki.rootDer] });
    expect(report.pages).toEqual([
      { width: 595, height: 842 },
      { width: 595, height: 842 },
    ]);
    const [first, second] = report.signatures;
    expect(first!.regionsAfter.map((r) => [r.what, r.allowed])).toEqual([
      ['signature', true],
      ['annotation', false],
    ]);
    expect(second!.regionsAfter.map((r) => [r.what, r.allowed])).toEqual([['annotation', false]]);
  });

  it('reports no regions for a signature nothing came after', async () => {
    const report = verifyPdf(await sign(await makePdf(1)), { trustAnchors: [pki.rootDer] });
    expect(report.valid).toBe(true);
    expect(report.signatures[0]!.regionsAfter).toEqual([]);
  });
});

describe('page picture coordinates', () => {
  const page = (rotate: number, cropBox: [number, number, number, number] = [0, 0, 600, 800]): PageInfo => ({
    ref: new PdfRef(1, 0),
    dict: new PdfDict(),
    mediaBox: cropBox,
    cropBox,
    rotate,
    resources: undefined,
  });

  it('measures from the crop box and the top edge', () => {
    const p = page(0, [100, 50, 700, 850]);
    expect(displayedPage(p)).toEqual({ width: 600, height: 800 });
    expect(toDisplayed(p, [110, 800, 210, 840])).toEqual({ left: 10, top: 10, width: 100, height: 40 });
    // Clipped to the page.
    expect(toDisplayed(p, [0, 0, 200, 100])).toEqual({ left: 0, top: 750, width: 100, height: 50 });
  });

  it('turns boxes with /Rotate, clockwise, as viewers show the page', () => {
    const r: [number, number, number, number] = [0, 0, 100, 50]; // bottom-left corner of the page
    expect(displayedPage(page(90))).toEqual({ width: 800, height: 600 });
    // 90°: the page's bottom edge becomes its left edge; its bottom-left corner goes to the top-left.
    expect(toDisplayed(page(90), r)).toEqual({ left: 0, top: 0, width: 50, height: 100 });
    // 180°: to the top-right.
    expect(toDisplayed(page(180), r)).toEqual({ left: 500, top: 0, width: 100, height: 50 });
    // 270°: to the bottom-right.
    expect(toDisplayed(page(270), r)).toEqual({ left: 750, top: 500, width: 50, height: 100 });
    expect(toDisplayed(page(-90), r)).toEqual(toDisplayed(page(270), r));
  });
});

describe('glyph difference and runs', () => {
  const g = (text: string, x: number, y = 100, size = 10) => ({ text, x, y, xEnd: x + 6, size });

  it('counts repeated glyphs: one more "0" is one added glyph', () => {
    const before = [g('1', 10), g('0', 16), g('0', 22)];
    const after = [g('1', 10), g('0', 16), g('0', 22), g('0', 28)];
    expect(difference(after, before)).toEqual([g('0', 28)]);
    expect(difference(before, after)).toEqual([]);
  });

  it('joins glyphs on one baseline and splits at a new line or a wide gap', () => {
    const out = runs([g('a', 10), g('b', 16), g('c', 200), g('d', 10, 80)], 'added');
    expect(out.map((r) => r.text)).toEqual(['ab', 'c', 'd']);
    expect(out[0]!.rect).toEqual([10, 98, 22, 108]);
  });
});
