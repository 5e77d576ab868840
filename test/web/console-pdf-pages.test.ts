/**
 * Pictures of PDFs that were not made from templates, in Chromium (issue 11): a contract created
 * from an uploaded PDF shows its pages in its detail (seal included once signed), and the verify
 * page boxes on the page picture what a later incremental update changed — a visible stamp
 * annotation and a line of text added after the signature. Screenshots:
 * test/web/screenshots/console-pdf-*.png.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfFile } from '../../src/pdf/file.js';
import { IncrementalUpdate } from '../../src/pdf/incremental.js';
import { PdfDict, PdfStream, PdfString, dict, name } from '../../src/pdf/objects.js';
import { findPdftoppm } from '../../src/render/pdf-pages/index.js';
import { makePdf } from '../../src/signing/testing/fixtures.js';
import { browserTestsRun, shot } from './browser.js';
import { eventually, openPage, startConsole, type ConsoleHarness } from './console-harness.js';

const naturalWidth = (img: Locator) =>
  img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth);

const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FL0002X',
  name: '杭州西溪数据服务有限公司',
};

/**
 * What a forger does to a signed contract with an ordinary PDF editor: an incremental update that
 * stamps a red "VOID" box over page 1 and writes a new price line under the title.
 */
function tamper(signed: Uint8Array): Uint8Array {
  const file = PdfFile.open(signed);
  const page = file.pages()[0]!;
  const up = new IncrementalUpdate(file);
  const appearance = up.add(
    new PdfStream(
      dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, 200, 60] }),
      Buffer.from('1 0 0 RG 4 w 2 2 196 56 re S 1 0 0 rg 0.2 0 0 rg'),
    ),
  );
  const stamp = up.add(
    dict({
      Type: name('Annot'),
      Subtype: name('Square'),
      Rect: [330, 600, 530, 660],
      C: [1, 0, 0],
      Contents: PdfString.text('VOID'),
      AP: dict({ N: appearance }),
      F: 4,
      P: page.ref,
    }),
  );
  const text = up.add(
    new PdfStream(new PdfDict(), Buffer.from('BT /FX 18 Tf 72 700 Td (Total price: 9,000,000 CNY) Tj ET')),
  );
  const res = file.resolveDict(page.resources)!.clone();
  const fonts = file.resolveDict(res.get('Font'))?.clone() ?? new PdfDict();
  fonts.set('FX', dict({ Type: name('Font'), Subtype: name('Type1'), BaseFont: name('Helvetica') }));
  res.set('Font', fonts);
  const contents = file.resolve(page.dict.get('Contents'));
  const annots = file.resolve(page.dict.get('Annots'));
  const p = page.dict.clone();
  p.set('Contents', [...(Array.isArray(contents) ? contents : [page.dict.get('Contents')!]), text]);
  p.set('Resources', res);
  p.set('Annots', [...(Array.isArray(annots) ? annots : []), stamp]);
  up.set(page.ref, p);
  return up.build().bytes;
}

describe.skipIf(!browserTestsRun || !findPdftoppm())('console in Chromium: pictures of uploaded PDFs', () => {
  let h: ConsoleHarness;
  let signed: Buffer;
  let contractId: string;
  beforeAll(async () => {
    h = await startConsole({ autoApprove: true });
    await h.line.client.createAuthorization({ subject: ORG, validTo: Date.now() + 86_400_000 });
    const c = await h.line.client.createContract(
      {
        title: '上传的租赁合同',
        signers: [
          { role: '甲方', subject: ORG, signFields: [{ page: 1, x: 400, y: 90, width: 110, height: 110 }] },
        ],
      },
      { pdfs: [{ filename: '租赁合同.pdf', data: await makePdf(2) }] },
    );
    contractId = c.id;
    const full = await h.line.client.contract(c.id);
    await h.line.client.autoSign(c.id, full.signers![0]!.id);
    signed = await h.line.client.downloadDocument(c.id, full.documents![0]!.id);
  }, 120_000);
  afterAll(async () => h?.close());

  it("shows an uploaded PDF's pages, as signed, in the contract's detail", async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await page.goto(`${h.base}/console/contracts/${contractId}`);
    const doc = page.getByTestId('document');
    await doc.waitFor();
    const images = doc.locator('img');
    await eventually(() => images.count()).toBe(2);
    for (const img of await images.all()) await eventually(() => naturalWidth(img)).toBe(300);
    await shot(page, 'console-pdf-contract-detail');
    // Opened large, the page is the 1200-pixel picture.
    await images.first().click();
    const large = page.locator('.ant-image-preview img');
    await eventually(() => naturalWidth(large)).toBe(1200);
    await shot(page, 'console-pdf-contract-page-large');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('boxes on the page picture what changed after the signature', async () => {
    const { context, page, problems } = await h.loggedIn('legal');
    await openPage(page, '验签');
    await page.locator('input[type=file]').setInputFiles({
      name: '被改过的合同.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(tamper(signed)),
    });
    await page.getByTestId('verdict').waitFor();
    expect(await page.getByTestId('verdict').textContent()).toContain('存在无效签名');
    // The signature's card (a document timestamp after it, if any, has its own card and pictures).
    const pictures = page.getByTestId('signature').first().getByTestId('changed-page');
    await eventually(() => pictures.count()).toBe(1);
    expect(await pictures.first().getAttribute('data-page')).toBe('1');
    const img = pictures.first().getByTestId('changed-page-image');
    await eventually(() => naturalWidth(img)).toBe(840);

    const boxes = pictures.first().getByTestId('change-box');
    await eventually(() => boxes.count()).toBe(2);
    const what = await boxes.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-what')}:${e.getAttribute('data-allowed')}`).sort(),
    );
    expect(what).toEqual(['annotation:false', 'text:false']);
    // The stamp's box sits where its /Rect is: x 330–530, y 600–660 on a 595×842 page, 420 px wide.
    const scale = 420 / 595;
    const picture = (await pictures.first().locator('img').boundingBox())!;
    const stampBox = (await pictures.first().locator('[data-what=annotation]').boundingBox())!;
    expect(stampBox.x - picture.x).toBeCloseTo(330 * scale - 2, -0.5);
    expect(stampBox.y - picture.y).toBeCloseTo((842 - 660) * scale - 2, -0.5);
    expect(stampBox.width).toBeCloseTo(200 * scale + 4, -0.5);
    // The added line is named in the box's title.
    expect(await pictures.first().locator('[data-what=text]').getAttribute('title')).toContain(
      'Total price: 9,000,000 CNY',
    );
    await pictures.first().scrollIntoViewIfNeeded();
    await shot(page, 'console-pdf-verify-changes');
    expect(problems).toEqual([]);
    await context.close();
  });
});
