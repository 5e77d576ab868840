/**
 * docxtemplater's data rules end to end (.docx -> Typst -> PDF, read back with pdftotext):
 * sections over missing/falsy/object/scalar values, parent-scope lookup, and the missing policy.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HetongError } from '../shared/errors.js';
import { buildDocx, p, r, table } from './docx/testing/build-docx.js';
import { compileTemplate, RenderEngine, type CompiledTemplate } from './index.js';
import { pdfText } from './typst/testing/pdf-tools.js';

let engine: RenderEngine;
beforeAll(async () => {
  engine = new RenderEngine({ workers: 1 });
  await engine.ready();
}, 60_000);
afterAll(() => engine.close());

const squash = (s: string) => s.replace(/\s+/g, '');
const textOf = async (compiled: CompiledTemplate, data: unknown, missing?: 'error' | 'empty') =>
  squash(pdfText((await engine.renderPdf(compiled, data, missing ? { missing } : {})).pdf, true));

describe('sections (docxtemplater tag-types "Sections")', () => {
  let compiled: CompiledTemplate;
  beforeAll(async () => {
    compiled = await compileTemplate(
      buildDocx({
        body: [
          p('开始'),
          p('{#items}'),
          p('项目{name}'),
          p('{/items}'),
          p([r('甲方{#party}：{name}（{city}）{/party}')]),
          p('{#vip}贵宾{level}{/vip}{^vip}普通客户{/vip}'),
          table([
            ['序号', '名称'],
            ['{#rows}{idx}', '{name}{/rows}'],
          ]),
          p('结束{city}'),
        ].join(''),
      }),
    );
  }, 60_000);

  it('a missing, null, false or empty-list section renders nothing, without an error', async () => {
    for (const v of [undefined, null, false, [], 0, '']) {
      const text = await textOf(compiled, { items: v, party: v, vip: v, rows: v, city: '沪' });
      expect(text, JSON.stringify(v)).toBe('开始甲方普通客户序号名称结束沪');
    }
  });

  it('an object is the scope (names not in it come from the parent); a scalar shows it once', async () => {
    const text = await textOf(compiled, {
      items: 'yes',
      name: '根名称',
      party: { name: '上海浦江' },
      city: '沪',
      vip: 'gold',
      level: 'A',
      rows: { idx: 1, name: '唯一行' },
    });
    expect(text).toBe('开始项目根名称甲方：上海浦江（沪）贵宾A序号名称1唯一行结束沪');
  });

  it('a null in the inner scope is looked up in the enclosing scopes, as docxtemplater does', async () => {
    const text = await textOf(compiled, {
      items: [{ name: null }, { name: '二' }],
      name: '外层',
      party: { name: '乙', city: null },
      city: '京',
      vip: false,
      rows: [],
    });
    expect(text).toBe('开始项目外层项目二甲方：乙（京）普通客户序号名称结束京');
  });
});

describe('the missing policy', () => {
  let compiled: CompiledTemplate;
  beforeAll(async () => {
    compiled = await compileTemplate(
      buildDocx({ body: [p('甲方：{partyA}；乙方：{partyB}；'), p('{#items}{name}、{/items}')].join('') }),
    );
  }, 60_000);

  it('refuses a missing plain value by default (a contract has no blanks)', async () => {
    const err = await engine.renderPdf(compiled, { partyA: '甲' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HetongError);
    expect((err as HetongError).code).toBe('CONTRACT_DATA_INVALID');
  });

  it("'empty' renders it empty and reports VALUE_MISSING warnings", async () => {
    const out = await engine.renderPdf(
      compiled,
      { partyA: '甲', items: [{ name: 'x' }, {}] },
      { missing: 'empty' },
    );
    expect(squash(pdfText(out.pdf))).toBe('甲方：甲；乙方：；x、、');
    expect(out.warnings.map((w) => `${w.code} ${w.message.split(' ')[0]!}`)).toEqual([
      'VALUE_MISSING partyB',
      'VALUE_MISSING items[1].name',
    ]);
  });
});

describe('a tag across paragraphs (.docx -> PDF)', () => {
  it('is joined: its paragraphs become one, line breaks inside the tag are dropped', async () => {
    const compiled = await compileTemplate(
      buildDocx({
        body: [
          p('甲方：{part'),
          p([r('y'), '<w:r><w:br/></w:r>', r('A}，乙方：{partyB}')]),
          p('{#ite'),
          p('ms}【{.}】{/items}'),
          p('完'),
        ].join(''),
      }),
    );
    expect(compiled.fields.map((f) => f.name)).toEqual(['partyA', 'partyB', 'items']);
    const text = pdfText(
      (await engine.renderPdf(compiled, { partyA: '浦江', partyB: '云契', items: ['一', '二'] })).pdf,
    );
    expect(text.split('\n').filter((l) => l.trim() !== '')).toEqual([
      '甲方：浦江，乙方：云契',
      '【一】【二】',
      '完',
    ]);
  });
});

/** pdfinfo's Title, Author, Subject and Keywords. */
function pdfMeta(pdf: Uint8Array): Record<string, string> {
  const path = join(mkdtempSync(join(tmpdir(), 'hetong-meta-')), 'out.pdf');
  writeFileSync(path, pdf);
  const out = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .map((l) => /^(Title|Author|Subject|Keywords):\s*(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

const CORE_STORE = '{6C3C8BC8-F283-45AE-878A-BAB7291924A1}';
const COVER_STORE = '{55AF091B-3C7A-41E3-B477-F2FDAA23CFDA}';

describe('document properties and content controls (.docx -> PDF)', () => {
  let compiled: CompiledTemplate;
  beforeAll(async () => {
    // A Word cover page: the title control is bound to the core title, the date control's
    // neighbour to the cover-page properties (customXml); their cached texts are stale.
    const bound = (xpath: string, store: string, cached: string, block: boolean) => {
      const pr =
        `<w:sdtPr><w:dataBinding w:prefixMappings="xmlns:ns0='http://purl.org/dc/elements/1.1/'" ` +
        `w:xpath="${xpath}" w:storeItemID="${store}"/><w:text/></w:sdtPr>`;
      const run = r(cached, { bold: true });
      return block
        ? `<w:sdt>${pr}<w:sdtContent>${p([run])}</w:sdtContent></w:sdt>`
        : `<w:sdt>${pr}<w:sdtContent>${run}</w:sdtContent></w:sdt>`;
    };
    compiled = await compileTemplate(
      buildDocx({
        coreProperties:
          '<dc:title>合同 {contractNo}</dc:title><dc:creator>{partyA}</dc:creator>' +
          '<dc:subject>{#vip}贵宾{/vip}服务协议</dc:subject><cp:keywords>合同;{city}</cp:keywords>',
        customXml: [
          {
            itemId: COVER_STORE,
            xml:
              '<CoverPageProperties xmlns="http://schemas.microsoft.com/office/2006/coverPageProps">' +
              '<PublishDate/><Abstract>摘要：{summary}</Abstract><CompanyAddress/></CoverPageProperties>',
          },
        ],
        body: [
          bound('/ns1:coreProperties[1]/ns0:title[1]', CORE_STORE, '旧标题', true),
          p([
            r('封面摘要：'),
            bound('/ns0:CoverPageProperties[1]/ns0:Abstract[1]', COVER_STORE, '旧摘要', false),
          ]),
          p([r('运行级：'), `<w:sdt><w:sdtPr/><w:sdtContent>${r('{partyA}')}</w:sdtContent></w:sdt>`]),
          `<w:sdt><w:sdtPr/><w:sdtContent>${p('块级：{city}')}</w:sdtContent></w:sdt>`,
          '<w:tbl><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>' +
            `<w:sdt><w:sdtPr/><w:sdtContent><w:tr><w:tc>${p('行级：{contractNo}')}</w:tc>` +
            `<w:sdt><w:sdtPr/><w:sdtContent><w:tc>${p('格级：{summary}')}</w:tc></w:sdtContent></w:sdt>` +
            '</w:tr></w:sdtContent></w:sdt></w:tbl>',
        ].join(''),
      }),
    );
  }, 60_000);

  const data = { contractNo: 'HT-7', partyA: '上海浦江', vip: true, city: '上海', summary: '三方协议' };

  it('fills tags in the core properties into the PDF document information', async () => {
    const { pdf } = await engine.renderPdf(compiled, data);
    expect(pdfMeta(pdf)).toEqual({
      Title: '合同 HT-7',
      Author: '上海浦江',
      Subject: '贵宾服务协议',
      Keywords: '合同;上海',
    });
    // The properties' tags are fields of the template: a contract must give them.
    expect(compiled.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['contractNo', 'partyA', 'vip', 'city', 'summary']),
    );
  });

  it('shows data-bound controls with the filled bound text, not the stale cached one', async () => {
    const { pdf } = await engine.renderPdf(compiled, data);
    if (process.env.HETONG_KEEP_PDF) writeFileSync(process.env.HETONG_KEEP_PDF, pdf);
    const text = squash(pdfText(pdf, true));
    expect(text).toContain('合同HT-7');
    expect(text).toContain('封面摘要：摘要：三方协议');
    expect(text).not.toMatch(/旧标题|旧摘要/);
  });

  it('fills tags in run-, block-, row- and cell-level content controls', async () => {
    const text = squash(pdfText((await engine.renderPdf(compiled, data)).pdf, true));
    for (const want of ['运行级：上海浦江', '块级：上海', '行级：HT-7', '格级：三方协议'])
      expect(text).toContain(want);
  });
});
