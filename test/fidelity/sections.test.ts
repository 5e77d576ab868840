/**
 * Sections page by page (ECMA-376 Part 1 §17.6, §17.10), on the section fixtures rendered by our
 * engine: the header and footer of every page (pdftotext per page), the page numbers in each
 * section's format, the page sizes (pdfinfo), and where the columns put the text (pdftotext -bbox).
 * The fidelity suite compares the same fixtures with LibreOffice.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate, RenderEngine } from '../../src/render/index.js';
import { pdfPageSizes, pdfPageWords, pdfText } from './pdf-tools.js';

const dir = fileURLToPath(new URL('../fixtures/docx/', import.meta.url));
const engine = new RenderEngine({ workers: 1 });
beforeAll(() => engine.ready(), 120_000);
afterAll(() => engine.close());

async function render(name: string, data?: unknown): Promise<Uint8Array> {
  const compiled = await compileTemplate(new Uint8Array(readFileSync(`${dir}${name}.docx`)));
  const json = JSON.parse(readFileSync(`${dir}${name}.data.json`, 'utf8')) as unknown;
  return (await engine.renderPdf(compiled, data ?? json)).pdf;
}

/** First and last line of every page (its header and footer when it has them), spaces removed. */
async function edges(pdf: Uint8Array): Promise<[string, string][]> {
  const pages = (await pdfText(pdf, { layout: true })).split('\f').slice(0, -1);
  return pages.map((p) => {
    const lines = p
      .split('\n')
      .map((l) => l.replace(/\s+/g, ''))
      .filter(Boolean);
    return [lines[0] ?? '', lines[lines.length - 1] ?? ''];
  });
}

const A4 = { width: 595, height: 842 };
const A4_LANDSCAPE = { width: 842, height: 595 };

describe('sections, page by page', () => {
  it('12: headers and footers per section, first and even pages, inheritance, page number formats and restarts, odd/even starts', async () => {
    const pdf = await render('12-section-headers');
    expect(await edges(pdf)).toEqual([
      ['S1封面页眉', '合同编号：HT-2025-000112'], // titlePg: the first header, no first footer
      ['S1偶数页页眉', 'S1偶数页页脚II'], // upperRoman
      ['S2奇数页页眉', 'S2第1页共9页'], // restarts at 1; NUMPAGES counts every page
      ['S1偶数页页眉', 'S1偶数页页脚2'], // section 2 has no even header: section 1's
      ['S2奇数页页眉', 'S2第3页共9页'],
      ['S1偶数页页眉', 'S1偶数页页脚四'], // blank: section 3 starts on an odd number
      ['S3首页页眉', '（第三节结束）'], // chineseCounting 五, its first page
      ['S1偶数页页眉', 'S1偶数页页脚f'], // evenPage: 六 is even, no blank page; lowerLetter
      ['S4奇数页页眉', 'S4页码g'],
    ]);
    expect(await pdfPageSizes(pdf)).toEqual(Array(9).fill(A4));
  });

  it('05: a landscape section between portrait ones, numbers restarting in the last', async () => {
    const pdf = await render('05-sections-landscape');
    expect(await pdfPageSizes(pdf)).toEqual([A4, A4_LANDSCAPE, A4]);
    expect((await edges(pdf)).map(([, footer]) => footer)).toEqual(['-1-', '-2-', '-1-']);
  });

  it('13: two columns on the page of a one-column section, a column break, a landscape page in three columns', async () => {
    const pdf = await render('13-section-columns');
    expect(await pdfPageSizes(pdf)).toEqual([A4, A4_LANDSCAPE, A4]);
    expect(await edges(pdf)).toEqual([
      ['分栏与横向页面HT-2025-000113', '第1页'],
      ['横向附表页眉', '第2页'],
      ['分栏与横向页面HT-2025-000113', '第3页'], // the last section keeps the first header
    ]);
    const words = await pdfPageWords(pdf);
    const at = (t: string) => words.find((w) => w.text.startsWith(t))!;
    // The column break at the start of its heading puts 乙方义务 at the top of the second column,
    // level with 甲方义务, all on page 1 with the one-column text before and after.
    expect(at('乙方义务').page).toBe(1);
    expect(at('乙方义务').xMin - at('甲方义务').xMin).toBeGreaterThan(200);
    expect(Math.abs(at('乙方义务').yMin - at('甲方义务').yMin)).toBeLessThan(2);
    expect(at('两栏之后回到一栏').page).toBe(1);
    expect(at('两栏之后回到一栏').yMin).toBeGreaterThan(at('（乙方义务完）').yMin);
    // Three columns on the landscape page, their headings level.
    const heads = ['附表', '第二阶段', '第三阶段'].map((t) =>
      words.find((w) => w.page === 2 && w.text.startsWith(t))!,
    );
    expect(heads.every(Boolean)).toBe(true);
    expect(heads[1]!.xMin - heads[0]!.xMin).toBeGreaterThan(200);
    expect(heads[2]!.xMin - heads[1]!.xMin).toBeGreaterThan(200);
    expect(Math.abs(heads[2]!.yMin - heads[0]!.yMin)).toBeLessThan(2);
  });

  it('14: a loop over paragraphs holding section breaks repeats the sections with their headers', async () => {
    const pdf = await render('14-section-loop');
    expect(await edges(pdf)).toEqual([
      ['签约方授权文件汇总', '第1页'],
      ['授权委托书HT-2025-000114', '第1页'],
      ['授权委托书HT-2025-000114', '第1页'], // each item restarts at 1
      ['授权委托书HT-2025-000114', '第2页'],
      ['授权委托书HT-2025-000114', '第1页'],
      ['合同附件', '第2页'], // the closing tag's paragraph holds the break: repeated too
      ['合同附件', '第3页'],
      ['合同正文', '第4页'],
    ]);
    // No items: the sections of the loop are gone, as docxtemplater leaves them.
    const none = await render('14-section-loop', { contractNo: 'HT-0', parties: [], annexes: [] });
    expect((await edges(none)).map(([h]) => h)).toEqual(['签约方授权文件汇总', '合同附件', '合同正文']);
  });
});
