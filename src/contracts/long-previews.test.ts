/**
 * Pictures of long template-made documents (issue 14: a ~730-page contract's Typst preview peaked
 * at 1.5 GB): above the policy's page count they come from the stored PDF as created, drawn by
 * pdftoppm; without pdftoppm Typst draws them up to a page limit and PREVIEW_TOO_LARGE refuses
 * longer ones. One contract of ~50 pages (a template with a dynamic table of 1,300 rows), with the
 * policy's threshold set to 40 pages (the default, 100, would need a document twice as long).
 */
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testing.js';
import { buildDocx, p, table } from '../render/docx/testing/build-docx.js';
import { RenderEngine } from '../render/index.js';
import { PopplerRasterizer, findPdftoppm, type PdfPageRasterizer } from '../render/pdf-pages/index.js';
import { SignFlowRepository } from '../store/repositories/sign-flows.js';
import { CLI_ACTOR } from '../tenancy/context.js';
import { DEFAULT_PREVIEW_POLICY } from './page-source.js';
import { ContractService, type ContractServiceDeps } from './service.js';

const ROWS = 1_300;
const PDF_ABOVE = 40;
const CLAUSE = '甲乙双方经友好协商一致，同意按照本条约定履行各自的权利与义务，任何一方不得擅自变更。';

/** pdftoppm, recording what it was asked to draw. */
class RecordingRasterizer implements PdfPageRasterizer {
  readonly calls: { sha256: string; page: number }[] = [];
  constructor(readonly inner: PdfPageRasterizer) {}
  get available(): boolean {
    return this.inner.available;
  }
  pagePng(pdf: Uint8Array, options: { page: number; width: number }): Promise<Uint8Array> {
    this.calls.push({ sha256: createHash('sha256').update(pdf).digest('hex'), page: options.page });
    return this.inner.pagePng(pdf, options);
  }
}

/** The render engine, counting Typst page pictures. */
function countingEngine(engine: RenderEngine): { render: () => RenderEngine; typstPictures: () => number } {
  let n = 0;
  const counted = Object.create(engine) as RenderEngine;
  counted.renderPng = (...args) => {
    n++;
    return engine.renderPng(...args);
  };
  return { render: () => counted, typstPictures: () => n };
}

/**
 * Where a picture's horizontal rules are (the table's borders: rows of pixels mostly dark, runs of
 * them merged to their middle) — what two rasterisers of one page agree on, anti-aliasing aside.
 */
function horizontalRules(picture: Uint8Array): number[] {
  const png = PNG.sync.read(Buffer.from(picture));
  const rules: number[] = [];
  let run: number[] = [];
  for (let y = 0; y <= png.height; y++) {
    let dark = 0;
    for (let x = 0; y < png.height && x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if ((png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3 < 200) dark++;
    }
    if (dark > png.width / 2) run.push(y);
    else if (run.length) {
      rules.push((run[0]! + run.at(-1)!) / 2);
      run = [];
    }
  }
  return rules;
}

describe.skipIf(!findPdftoppm())('previews of long template-made documents', () => {
  let t: TestApp;
  let engine: RenderEngine;
  let lineId: string;
  let contractId: string;
  let doc: { id: string; pages: number; sha256: string };
  const service = (extra: Partial<ContractServiceDeps>) =>
    new ContractService({
      db: t.app.services.store.db,
      blobs: t.app.services.blobs,
      audit: t.app.services.audit,
      templates: t.app.services.templates,
      render: () => engine,
      ...extra,
      previews: { pdfAbovePages: PDF_ABOVE, ...extra.previews },
    });

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    engine = new RenderEngine();
    const issued = await t.app.services.businessLines.create({ name: 'long', autoApprove: true }, CLI_ACTOR);
    const client = t.clientFor(issued.appId, issued.appSecret);
    const docx = buildDocx({
      body: [
        p('长期合作框架协议', { jc: 'center', bold: true }),
        table([
          ['条', '内容'],
          ['{#clauses}第{no}条', '{text}{/clauses}'],
        ]),
      ].join(''),
    });
    const template = await client.createTemplate({ docx, name: 'long', signerRoles: ['甲方'] });
    const created = await client.createContract({
      templateId: template.id,
      title: 'long',
      data: { clauses: Array.from({ length: ROWS }, (_, i) => ({ no: i + 1, text: CLAUSE })) },
      signers: [
        {
          role: '甲方',
          subject: { kind: 'organization', idType: 'merchant_no', id: 'M-1', name: '甲方公司' },
        },
      ],
    });
    contractId = created.id;
    doc = created.documents[0]!;
    lineId = (await t.app.services.businessLines.get(issued.appId)).id;
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await t?.dispose();
  });

  it('is long enough to be drawn from its PDF, short enough for Typst without pdftoppm', () => {
    expect(doc.pages).toBeGreaterThan(PDF_ABOVE);
    expect(doc.pages).toBeLessThan(DEFAULT_PREVIEW_POLICY.typstPageLimit);
  });

  it('draws page N from the stored PDF as created, also once a signature added a revision', async () => {
    const pdftoppm = new RecordingRasterizer(new PopplerRasterizer());
    const counted = countingEngine(engine);
    const s = service({ pdfPages: pdftoppm, render: counted.render });
    const page = doc.pages - 1;
    const png = await s.previewPng(lineId, contractId, doc.id, { page, width: 300 });
    expect(pdftoppm.calls).toEqual([{ sha256: doc.sha256, page }]);
    expect(counted.typstPictures()).toBe(0);
    // The picture is pdftoppm's of that page of the document's PDF, byte for byte.
    const pdf = (await s.download(lineId, contractId, doc.id)).bytes;
    expect(
      Buffer.from(png).equals(Buffer.from(await new PopplerRasterizer().pagePng(pdf, { page, width: 300 }))),
    ).toBe(true);

    // A signature stores a new revision (an incremental update: the old bytes plus more).
    const signed = Buffer.concat([pdf, Buffer.from('\n% a later revision\n')]);
    const key = await t.app.services.blobs.put(signed);
    expect(
      await new SignFlowRepository(t.app.services.store.db).advanceDocument(doc.id, 0, {
        blobKey: key,
        sha256: key,
        revision: 1,
      }),
    ).toBe(true);
    await s.previewPng(lineId, contractId, doc.id, { page: 2, width: 300 });
    expect(pdftoppm.calls.at(-1)).toEqual({ sha256: doc.sha256, page: 2 });
  });

  it('shows what a Typst picture of the page shows', async () => {
    const counted = countingEngine(engine);
    const typst = service({ render: counted.render });
    const fromPdf = service({ pdfPages: new PopplerRasterizer() });
    // Page 1 (the title above the table) beside page 2 (the table from the top).
    const a = await typst.previewPng(lineId, contractId, doc.id, { page: 1, width: 800 });
    expect(counted.typstPictures()).toBe(1);
    const b = await fromPdf.previewPng(lineId, contractId, doc.id, { page: 1, width: 800 });
    const [x, y] = [PNG.sync.read(Buffer.from(a)), PNG.sync.read(Buffer.from(b))];
    expect(y.width).toBe(x.width);
    // Typst's page height (from its SVG) and pdftoppm's differ by ~0.2 %: a few pixels.
    expect(Math.abs(y.height / x.height - 1)).toBeLessThan(0.003);
    // The table's rules at the same heights (page 2's are elsewhere: no title above the table).
    const rules = horizontalRules(a);
    expect(rules.length).toBeGreaterThan(20);
    const drawn = horizontalRules(b);
    expect(drawn.length).toBe(rules.length);
    drawn.forEach((at, i) => expect(Math.abs(at - (rules[i]! * y.height) / x.height)).toBeLessThanOrEqual(2));
    const other = horizontalRules(
      await fromPdf.previewPng(lineId, contractId, doc.id, { page: 2, width: 800 }),
    );
    expect(Math.abs(other[0]! - rules[0]!)).toBeGreaterThan(5);
  });

  it('without pdftoppm: Typst up to the page limit, PREVIEW_TOO_LARGE (413) above it', async () => {
    for (const pdfPages of [undefined, new PopplerRasterizer(null)]) {
      const s = service({ ...(pdfPages ? { pdfPages } : {}), previews: { typstPageLimit: doc.pages - 1 } });
      await expect(s.previewPng(lineId, contractId, doc.id, { page: 1, width: 300 })).rejects.toMatchObject({
        code: 'PREVIEW_TOO_LARGE',
        status: 413,
        details: { pages: doc.pages, limit: doc.pages - 1 },
      });
    }
    const counted = countingEngine(engine);
    const s = service({ render: counted.render, previews: { typstPageLimit: doc.pages } });
    const png = PNG.sync.read(
      Buffer.from(await s.previewPng(lineId, contractId, doc.id, { page: 1, width: 300 })),
    );
    expect([png.width, counted.typstPictures()]).toEqual([300, 1]);
  });

  it('refuses a page past the end before drawing anything', async () => {
    const pdftoppm = new RecordingRasterizer(new PopplerRasterizer());
    const s = service({ pdfPages: pdftoppm });
    await expect(
      s.previewPng(lineId, contractId, doc.id, { page: doc.pages + 1, width: 300 }),
    ).rejects.toMatchObject({
      code: 'RENDER_OPTIONS_INVALID',
      status: 400,
    });
    expect(pdftoppm.calls).toEqual([]);
  });
});
