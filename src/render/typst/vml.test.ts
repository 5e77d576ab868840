/**
 * VML carried into the PDF (issue 13): the 15-vml fixture rendered end to end — text boxes in
 * the body, header and footer with their tags filled, rules and shapes drawn in their colours,
 * and no word printed over another.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vml, VML_NAMESPACES } from '../../../test/fixtures/docx/fixtures-vml.js';
import { buildDocx, p, r } from '../docx/testing/build-docx.js';
import { compileTemplate, RenderEngine } from '../index.js';
import { pdfInfo, pdfText, pdfWords, type PdfWord } from './testing/pdf-tools.js';

let engine: RenderEngine;
let pdf: Uint8Array;
let page: PNG;
const DPI = 72; // one pixel a point

beforeAll(async () => {
  engine = new RenderEngine({ workers: 1 });
  await engine.ready();
  const compiled = await compileTemplate(buildDocx(vml.parts));
  pdf = (await engine.renderPdf(compiled, vml.data, {})).pdf;
  const dir = mkdtempSync(join(tmpdir(), 'hetong-vml-'));
  writeFileSync(join(dir, 'p.pdf'), pdf);
  execFileSync('pdftoppm', ['-png', '-r', String(DPI), '-singlefile', join(dir, 'p.pdf'), join(dir, 'p')]);
  page = PNG.sync.read(readFileSync(join(dir, 'p.png')));
}, 120_000);
afterAll(() => engine.close());

function rgb(x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * page.width + Math.round(x)) * 4;
  return [page.data[i]!, page.data[i + 1]!, page.data[i + 2]!];
}
const near = (a: readonly number[], b: readonly number[], tol = 40) =>
  a.every((v, i) => Math.abs(v - b[i]!) <= tol);
const hexRgb = (h: string) => [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));

/** Whether a pixel of colour `hex` lies in the rectangle (points). */
function hasColor(hex: string, x0: number, y0: number, x1: number, y1: number): boolean {
  const want = hexRgb(hex);
  for (let y = Math.max(0, y0); y < Math.min(page.height, y1); y++)
    for (let x = Math.max(0, x0); x < Math.min(page.width, x1); x++) if (near(rgb(x, y), want)) return true;
  return false;
}

function word(words: PdfWord[], text: string): PdfWord {
  const w = words.find((x) => x.text.includes(text));
  if (!w) throw new Error(`"${text}" is not on the page`);
  return w;
}

describe('VML rendered', () => {
  it('shows the text of every text box, with its tags filled: body, header, footer page number', () => {
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(pdfInfo(pdf).pages).toBe(1);
    expect(text).toContain('编号：HT-2025-VML-0012');
    expect(text).toContain('重要提示：本合同金额为人民币128,000.00元，付款期限为验收合格后三十日内。');
    expect(text).toContain('第1页');
    expect(text).toContain('签订日期：2025年6月18日');
  });

  it('prints no word over another', () => {
    const words = pdfWords(pdf).filter((w) => w.text.trim() !== '');
    const clashes: string[] = [];
    for (const [i, a] of words.entries())
      for (const b of words.slice(i + 1)) {
        const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
        if (dx > 0.5 && dy > 0.4 * Math.min(a.yMax - a.yMin, b.yMax - b.yMin))
          clashes.push(`${a.text} / ${b.text}`);
      }
    expect(clashes).toEqual([]);
  });

  it('draws the rules, the text box paint and the shapes in their colours', () => {
    const words = pdfWords(pdf);
    const title = words.filter((w) => w.text.includes('技术服务合同')).sort((a, b) => b.yMin - a.yMin)[0]!;
    const partyLine = word(words, '甲方');
    // Word's grey standard rule across the text between the title and the first line.
    expect(hasColor('A0A0A0', 100, title.yMax, 110, partyLine.yMin)).toBe(true);
    expect(hasColor('A0A0A0', 480, title.yMax, 490, partyLine.yMin)).toBe(true);
    // The notice box: its fill and its red outline around its text.
    const notice = word(words, '重要提示');
    expect(hasColor('FFF2CC', notice.xMax, notice.yMin, notice.xMax + 40, notice.yMax)).toBe(true);
    expect(hasColor('C00000', notice.xMin - 12, notice.yMin - 8, notice.xMin, notice.yMax)).toBe(true);
    // The red half-width rule is centred: red in the middle of the page, none near the margins.
    const shapes = word(words, '图形');
    expect(hasColor('C00000', 290, shapes.yMin - 14, 300, shapes.yMin)).toBe(true);
    expect(hasColor('C00000', 95, shapes.yMin - 14, 170, shapes.yMin)).toBe(false);
    // The rectangle, rounded rectangle, ellipse outline and line below the caption.
    const below = [shapes.yMax, shapes.yMax + 40] as const;
    for (const c of ['D9E2F3', 'E2EFD9', 'FF0000', '7030A0'])
      expect(hasColor(c, 90, below[0], 510, below[1]), c).toBe(true);
  });

  it('draws the positioned seal picture and the dashed signature line', () => {
    const words = pdfWords(pdf);
    const shapes = word(words, '图形');
    const sign = word(words, '乙方代表签字');
    // The seal (red ring) centred between the shapes and the signature label.
    expect(hasColor('DC141E', 270, shapes.yMax + 30, 330, sign.yMin)).toBe(true);
    // The signature line starts 84 pt into the column, at the label's foot.
    expect(hasColor('000000', 90 + 84 + 4, sign.yMin, 90 + 260, sign.yMax + 8)).toBe(true);
  });

  it('sets a text box that is not positioned in the line, between the words around it', async () => {
    const box =
      '<w:r><w:pict><v:shape type="#_x0000_t202" style="width:60pt;height:22pt" strokecolor="#2f5496">' +
      `<v:textbox inset="2pt,2pt,2pt,2pt"><w:txbxContent>${p('框内{x}')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`;
    const docx = buildDocx({ body: p([r('前文'), box, r('后文')]), rootAttributes: VML_NAMESPACES });
    const out = await engine.renderPdf(await compileTemplate(docx), { x: '甲' }, {});
    const words = pdfWords(out.pdf);
    const [before, inside, after] = ['前文', '框内甲', '后文'].map((t) => word(words, t));
    expect(before!.xMax).toBeLessThan(inside!.xMin);
    expect(inside!.xMax).toBeLessThan(after!.xMin);
    // One line: the box sits on the baseline of the words around it.
    expect(Math.abs(before!.yMax - after!.yMax)).toBeLessThan(1);
  });

  it('sets the words of its paragraph beside a square-wrapped text box, never under it', async () => {
    const box =
      '<w:r><w:pict><v:shape type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:120pt;height:60pt;z-index:3;mso-position-horizontal:right;mso-position-horizontal-relative:margin;mso-position-vertical-relative:text" strokecolor="#2f5496">' +
      `<w10:wrap type="square"/><v:textbox><w:txbxContent>${p('备注框')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`;
    const prose =
      '双方应当遵循诚实信用原则，全面履行本合同约定的各项义务，任何一方不得擅自变更或者解除本合同。'.repeat(
        4,
      );
    const docx = buildDocx({ body: p([box, r(prose)]), rootAttributes: VML_NAMESPACES });
    const out = await engine.renderPdf(await compileTemplate(docx), {}, {});
    const words = pdfWords(out.pdf).filter((w) => w.text.trim() !== '');
    const inBox = word(words, '备注框');
    const beside = words.filter((w) => w !== inBox && w.yMin < inBox.yMax && w.yMax > inBox.yMin);
    expect(beside.length).toBeGreaterThan(0);
    for (const w of beside) expect(w.xMax).toBeLessThan(inBox.xMin - 7);
  });
});
