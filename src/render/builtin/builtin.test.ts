import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderEngine } from '../engine.js';
import { parseDocx } from '../docx/index.js';
import { pdfFonts, pdfInfo, pdfText } from '../typst/testing/pdf-tools.js';
import {
  builtinTemplate,
  compiledBuiltin,
  facts,
  heading,
  paragraph,
  renderBuiltin,
  run,
  table,
  title,
} from './index.js';

let engine: RenderEngine;
beforeAll(async () => {
  engine = new RenderEngine({ workers: 1 });
  await engine.ready();
}, 60_000);
afterAll(() => engine.close());

const squash = (s: string) => s.replace(/\s+/g, '');

const BODY = [
  title('测试报告 {reportNo}'),
  heading('一、基本信息'),
  facts([
    ['合同编号', '{contractId}'],
    ['生成时间', '{generatedAt}'],
  ]),
  heading('二、事件'),
  table(
    [
      { header: '序号', width: 8 },
      { header: '时间', width: 30 },
      { header: '事件', width: 62 },
    ],
    [['{n}', '{at}', '{action}']],
    'events',
  ),
  paragraph([run('说明：', { bold: true }), run('{note}')], { indentChars: 2 }),
].join('');

const events = Array.from({ length: 70 }, (_, i) => ({
  n: i + 1,
  at: `2025-01-01 08:${String(i % 60).padStart(2, '0')}:00`,
  action: `事件第 ${i + 1} 条 <&> "quoted"`,
}));
const data = {
  reportNo: 'R-1',
  contractId: 'ct_123',
  generatedAt: '2025-01-02 10:00:00',
  events,
  note: '本报告由系统生成。',
};

describe('built-in templates', () => {
  it('is a Word package our own parser reads: A4, styles, footer', () => {
    const doc = parseDocx(builtinTemplate('test-report', BODY));
    const s = doc.finalSection;
    expect([s.pageWidth, s.pageHeight].map((v) => Math.round(v))).toEqual([595, 842]);
    expect(() => builtinTemplate('Bad Name', BODY)).toThrow(/name/);
  });

  it('renders with data through the engine: a looped table over pages, header row repeated, page X of Y', async () => {
    const out = await renderBuiltin(engine, 'test-report', BODY, data);
    const info = pdfInfo(out.pdf);
    expect(info.width).toBeCloseTo(595.3, 0);
    expect(info.height).toBeCloseTo(841.9, 0);
    expect(info.pages).toBeGreaterThan(1);
    expect(out.pageCount).toBe(info.pages);
    const text = squash(pdfText(out.pdf, true));
    for (const want of ['测试报告R-1', '合同编号ct_123', '一、基本信息', '说明：本报告由系统生成。'])
      expect(text).toContain(want);
    // Every row once, in order; values are text (markup characters are not interpreted).
    let at = 0;
    for (const e of events) {
      const i = text.indexOf(squash(`${e.n}${e.at}${e.action}`), at);
      expect(i, `row ${e.n}`).toBeGreaterThan(at - 1);
      at = i;
    }
    // The header row is repeated on each page; the footer counts the pages.
    const pages = pdfText(out.pdf)
      .split('\f')
      .filter((p) => p.trim() !== '');
    expect(pages).toHaveLength(info.pages);
    pages.forEach((p, i) => {
      expect(squash(p)).toContain('序号时间事件');
      expect(squash(p)).toContain(`第${i + 1}页共${info.pages}页`);
    });
    // Noto fonts embedded as subsets, serif for the body and sans for headings.
    const fonts = pdfFonts(out.pdf);
    expect(fonts.every((f) => f.embedded && f.subset)).toBe(true);
    expect(fonts.map((f) => f.name).join(' ')).toMatch(/NotoSerifSC/);
    expect(fonts.map((f) => f.name).join(' ')).toMatch(/NotoSansSC/);
    writeFileSync(join(tmpdir(), 'hetong-builtin-report.pdf'), out.pdf);
  });

  it('compiles once per name and body; data is validated like contract data', async () => {
    const a = compiledBuiltin(engine, 'test-report', BODY);
    expect(compiledBuiltin(engine, 'test-report', BODY)).toBe(a);
    const other = compiledBuiltin(engine, 'test-report', BODY + paragraph('附言'));
    expect(other).not.toBe(a);
    expect((await other).id).not.toBe((await a).id);
    await expect(
      renderBuiltin(engine, 'test-report', BODY, { ...data, events: 'not a list' }),
    ).rejects.toMatchObject({
      code: 'CONTRACT_DATA_INVALID',
    });
  });
});
