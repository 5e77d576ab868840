import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocx, field, p, r, table } from './docx/testing/build-docx.js';
import { pngImage } from './docx/testing/images.js';
import {
  compileTemplate,
  deserializeCompiledTemplate,
  RenderEngine,
  serializeCompiledTemplate,
  type CompiledTemplate,
} from './index.js';
import { pdfFonts, pdfInfo, pdfPixel, pdfText, pdfWords } from './typst/testing/pdf-tools.js';
import { STANDARD_DOCX, STANDARD_DATA } from '../../test/shared-bench.js';

const STANDARD = STANDARD_DOCX;

let engine: RenderEngine;
beforeAll(async () => {
  engine = new RenderEngine({ workers: 1 });
  await engine.ready();
}, 60_000);
afterAll(() => engine.close());

const squash = (s: string) => s.replace(/\s+/g, '');

describe('RenderEngine end to end (.docx -> PDF)', () => {
  let contract: CompiledTemplate;
  beforeAll(async () => {
    const docx = buildDocx({
      body: [
        p('技术服务合同', { jc: 'center', bold: true, size: 36, eastAsiaFont: '黑体' }),
        p([r('甲方：'), r('{partyA}')]),
        p([r('{#items}'), r('项目：{name}，单价 {price} 元'), r('{/items}')]),
        p('{%seal}'),
        p('{~~clause}'),
        table([
          ['序号', '名称'],
          ['{#items}{idx}', '{name}{/items}'],
        ]),
      ].join(''),
      footers: {
        default: p([r('第 '), field('PAGE'), r(' 页 共 '), field('NUMPAGES'), r(' 页')], { jc: 'center' }),
      },
    });
    contract = await compileTemplate(docx);
  }, 60_000);

  const data = {
    partyA: '上海浦江数字科技有限公司',
    items: [
      { idx: 1, name: '需求调研', price: '10,000' },
      { idx: 2, name: '系统设计', price: '99,000' },
    ],
    seal: Buffer.from(pngImage(40, 40)).toString('base64'),
    clause: '<p>第一款 <b>加粗</b> 内容</p><ul><li>条目一</li><li>条目二</li></ul>',
  };

  it('analyses the fields of the template', () => {
    const kinds = Object.fromEntries(contract.fields.map((f) => [f.name, f.kind]));
    expect(kinds).toMatchObject({ partyA: 'text', items: 'loop', seal: 'image', clause: 'html' });
    expect(contract.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders text, loops, images, HTML fragments and page X of Y', async () => {
    const out = await engine.renderPdf(contract, data);
    expect(out.pageCount).toBe(1);
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pdfInfo(out.pdf)).toMatchObject({ pages: 1, width: 595.3 });
    const text = squash(pdfText(out.pdf, true));
    for (const want of [
      '技术服务合同',
      '甲方：上海浦江数字科技有限公司',
      '项目：需求调研，单价10,000元',
      '项目：系统设计，单价99,000元',
      '第一款加粗内容',
      '条目一',
      '条目二',
      '1需求调研',
      '2系统设计',
      '第1页共1页',
    ]) {
      expect(text).toContain(want);
    }
    expect(text.indexOf('需求调研')).toBeLessThan(text.indexOf('系统设计'));
    for (const f of pdfFonts(out.pdf)) expect(f).toMatchObject({ embedded: true, subset: true });
    // The seal image (red) is drawn.
    const pdfInfoPixels = await engine.renderPng(contract, data, { width: 300 });
    const png = PNG.sync.read(Buffer.from(pdfInfoPixels[0]!));
    let red = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! > 150 && png.data[i + 1]! < 80) red++;
    expect(red).toBeGreaterThan(20);
    expect(png.width).toBe(300);
    expect(png.height).toBe(Math.round((300 * 841.9) / 595.3));
  }, 60_000);

  it('renders the HTML preview of the same data', async () => {
    const html = await engine.renderHtml(contract, data, { theme: 'dark' });
    expect(html).toContain('上海浦江数字科技有限公司');
    expect(html).toContain('条目二');
    expect(html).toMatch(/<html/i);
  });

  it('validates data first: CONTRACT_DATA_INVALID lists the problems', async () => {
    await expect(
      engine.renderPdf(contract, { ...data, items: 'nope', seal: 'not-an-image' }),
    ).rejects.toMatchObject({
      code: 'CONTRACT_DATA_INVALID',
      status: 422,
    });
  });

  it('dark theme paints the page dark', async () => {
    const out = await engine.renderPdf(contract, data, { theme: 'dark' });
    const [r0, g0, b0] = pdfPixel(out.pdf, 0.5, 0.95);
    expect(Math.max(r0, g0, b0)).toBeLessThan(40);
    await expect(engine.renderPdf(contract, data, { colors: { text: 'red' } })).rejects.toMatchObject({
      code: 'RENDER_OPTIONS_INVALID',
    });
  }, 60_000);

  it('template previews: sample data and tag names', async () => {
    const tags = squash(pdfText((await engine.templatePreview(contract, { mode: 'tags' })).pdf));
    expect(tags).toContain('甲方：{partyA}');
    const sample = squash(pdfText((await engine.templatePreview(contract, { mode: 'sample' })).pdf));
    expect(sample).toContain('甲方：【partyA】');
    expect(sample).toContain('【name】2');
  }, 60_000);

  it('survives serialisation of the compiled template (and refuses a tampered one)', async () => {
    const json = serializeCompiledTemplate(contract);
    const back = deserializeCompiledTemplate(json);
    expect(back.id).toBe(contract.id);
    const a = await engine.renderPdf(contract, data);
    const b = await engine.renderPdf(back, data);
    expect(squash(pdfText(b.pdf))).toBe(squash(pdfText(a.pdf)));
    expect(() => deserializeCompiledTemplate(json.replace('甲方', '乙方'))).toThrow(/does not match/);
  }, 60_000);
});

describe('footnotes', () => {
  it('fills a footnote from the top-level data and sets it at the foot of the page, numbered', async () => {
    const docx = buildDocx({
      body:
        p([r('{#items}'), r('第{n}项'), r('{/items}')]) +
        '<w:p><w:r><w:t>工作日的定义见脚注</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>',
      footnotes:
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>' +
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>工作日指{city}法定工作日</w:t></w:r></w:p></w:footnote>',
    });
    const compiled = await compileTemplate(docx);
    expect(compiled.fields.map((f) => f.name).sort()).toEqual(['city', 'items']);
    const out = await engine.renderPdf(compiled, { city: '上海市', items: [{ n: 1 }] });
    const words = pdfWords(out.pdf);
    const at = (t: string) => words.find((w) => w.text.includes(t))!;
    expect(at('工作日指上海市法定工作日')).toBeDefined();
    // At the foot of the A4 page (841.9pt tall, 1-inch margins), far below the body text.
    expect(at('工作日指上海市法定工作日').yMin).toBeGreaterThan(700);
    expect(at('工作日的定义见脚注').yMin).toBeLessThan(150);
    // The reference mark in the text and the number before the footnote's text.
    expect(pdfText(out.pdf).match(/1/g)?.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

describe('endnotes', () => {
  it('numbers endnote references i, ii and sets their texts, filled, after the last paragraph', async () => {
    const docx = buildDocx({
      body:
        '<w:p><w:r><w:t>甲方</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r></w:p>' +
        '<w:p><w:r><w:t>乙方</w:t></w:r><w:r><w:endnoteReference w:id="2"/></w:r></w:p>' +
        p('正文结束'),
      endnotes:
        '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>' +
        '<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>甲方注：{partyA}</w:t></w:r></w:p></w:endnote>' +
        '<w:endnote w:id="2"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>乙方注</w:t></w:r></w:p></w:endnote>',
    });
    const compiled = await compileTemplate(docx);
    expect(compiled.fields.map((f) => f.name)).toEqual(['partyA']);
    const out = await engine.renderPdf(compiled, { partyA: '上海浦江' });
    const lines = pdfText(out.pdf)
      .split('\n')
      .map((l) => l.replace(/\s+/g, ''))
      .filter(Boolean);
    expect(lines.slice(0, 3)).toEqual(['甲方i', '乙方ii', '正文结束']);
    // The texts in order with their numbers (pdftotext reads raised numbers apart from their line).
    const rest = lines.slice(3).join('');
    expect(rest.replace(/i/g, '')).toBe('甲方注：上海浦江乙方注');
    expect(rest.match(/i/g)).toHaveLength(3); // i and ii
  }, 60_000);
});

describe('the standard contract', () => {
  it('renders in 3 pages with the fee table loop and "第 X 页 共 3 页"', async () => {
    const compiled = await compileTemplate(readFileSync(STANDARD));
    const data = (JSON.parse(readFileSync(STANDARD_DATA, 'utf8')) as unknown[])[0] as Record<string, unknown>;
    const out = await engine.renderPdf(compiled, data);
    expect(out.pageCount).toBe(3);
    const pages = pdfText(out.pdf, true).split('\f');
    expect(squash(pages[0]!)).toContain('第1页共3页');
    expect(squash(pages[2]!)).toContain('第3页共3页');
    const items = data.items as { name: string }[];
    const all = squash(pages.join(''));
    for (const it of items) expect(all).toContain(squash(it.name));
    expect(all).toContain(String(data.contractNo));
    expect(out.pdf.byteLength).toBeLessThan(250_000);
  }, 60_000);

  it('shows each contract its own number in the header of every page (no stale cached layout)', async () => {
    // The header reads the data through a state so cached layout survives between contracts;
    // this proves the cache never serves one contract's header to the next one.
    const compiled = await compileTemplate(readFileSync(STANDARD));
    const data = (JSON.parse(readFileSync(STANDARD_DATA, 'utf8')) as unknown[])[0] as Record<string, unknown>;
    for (const no of ['HT-HEADER-A', 'HT-HEADER-B', 'HT-HEADER-A']) {
      const out = await engine.renderPdf(compiled, { ...data, contractNo: no });
      const pages = pdfText(out.pdf, true)
        .split('\f')
        .filter((t) => t.trim() !== '');
      expect(pages).toHaveLength(3);
      const other = no.endsWith('A') ? 'HT-HEADER-B' : 'HT-HEADER-A';
      for (const page of pages) {
        expect(squash(page)).toContain(`合同编号：${no}`);
        expect(squash(page)).not.toContain(other);
      }
    }
  }, 60_000);
});
