/**
 * docxtemplater's data rules end to end (.docx -> Typst -> PDF, read back with pdftotext):
 * sections over missing/falsy/object/scalar values, parent-scope lookup, and the missing policy.
 */
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
