/**
 * The document grid (ECMA-376 Part 1 §17.6.5 w:docGrid type "lines", pitch 15.6 pt) on the
 * 17-doc-grid fixture: our baselines follow Word's rule (whole pitches per line, a multiple of
 * them for "1.5 lines", off the grid with w:snapToGrid 0), and LibreOffice, which implements the
 * grid, puts the same lines within 1 pt of ours once its own centring of the grid in the page
 * body is taken off (sw/source/core/layout/pagechg.cxx SwBodyFrame::Format: the body is cut to
 * whole pitches and the rest split above and below; Word starts the first line at the margin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocx } from '../../src/render/docx/testing/build-docx.js';
import { compileTemplate, RenderEngine } from '../../src/render/index.js';
import { isLibreOfficeAvailable, renderManyWithLibreOffice } from '../../src/render/libreoffice/index.js';
import { docGrid } from '../fixtures/docx/fixtures-grid.js';
import { pdfLines, type PdfLine } from './pdf-tools.js';

const PITCH = 15.6;
const runLibreOffice = (await isLibreOfficeAvailable()) || process.env.CI === 'true';
const docx = buildDocx(docGrid.parts);

/** The first line of each paragraph, found by how the paragraph starts. */
const STARTS = [
  '技术服务合同',
  '合同编号',
  '双方应当遵循',
  '第一条',
  '乙方应当按照',
  '甲方应当按照',
  '因不可抗力导致',
  '本合同履行过程',
];

function lineStarting(lines: PdfLine[], start: string): PdfLine {
  const line = lines.find((l) => l.text.replace(/\s/g, '').startsWith(start));
  if (!line)
    throw new Error(`no line starts with ${start}: ${lines.map((l) => l.text.slice(0, 8)).join(' | ')}`);
  return line;
}

/** Baselines from the first line of paragraph `start` to the next paragraph's, in order. */
function paragraphLines(lines: PdfLine[], start: string, next: string): number[] {
  const from = lines.indexOf(lineStarting(lines, start));
  const to = lines.indexOf(lineStarting(lines, next));
  return lines.slice(from, to + 1).map((l) => l.baseline);
}

const steps = (ys: number[]) => ys.slice(1).map((y, i) => Math.round((y - ys[i]!) * 100) / 100);

describe('document grid: lines of w:docGrid type "lines"', () => {
  const engine = new RenderEngine({ workers: 1 });
  let ours: PdfLine[];

  beforeAll(async () => {
    await engine.ready();
    const out = await engine.renderPdf(await compileTemplate(docx), docGrid.data, {});
    ours = await pdfLines(out.pdf);
  }, 120_000);
  afterAll(() => engine.close());

  it('10.5 pt lines one pitch apart; a 14 pt heading two pitches', () => {
    // Six lines of 10.5 pt text, then the heading's two pitches, then the next paragraph.
    for (const step of steps(paragraphLines(ours, '双方应当遵循', '第一条').slice(0, -1)))
      expect(step).toBeCloseTo(PITCH, 1);
    const before = paragraphLines(ours, '双方应当遵循', '第一条').at(-2)!;
    const after = lineStarting(ours, '乙方应当按照').baseline;
    expect(after - before).toBeCloseTo(3 * PITCH, 1);
  });

  it('"1.5 lines" is 1.5 pitches, spacing before and after adds, snapToGrid 0 leaves the grid', () => {
    const oneAndHalf = paragraphLines(ours, '甲方应当按照', '因不可抗力导致');
    for (const step of steps(oneAndHalf).slice(1, -1)) expect(step).toBeCloseTo(1.5 * PITCH, 1);
    const spaced = paragraphLines(ours, '因不可抗力导致', '本合同履行过程');
    for (const step of steps(spaced).slice(0, -1)) expect(step).toBeCloseTo(PITCH, 1);
    // 7.8 pt after the paragraph and 7.8 pt before the last: the step grows by w:after.
    const offGrid = paragraphLines(ours, '本合同履行过程', '第二条');
    for (const step of steps(offGrid).slice(0, -1)) {
      expect(step).toBeLessThan(PITCH - 1);
      expect(step).toBeCloseTo(1.3 * 10.5, 1);
    }
  });

  it.runIf(runLibreOffice)(
    'LibreOffice puts every paragraph within 1 pt of ours, after its centring of the grid',
    async () => {
      const [pdf] = await renderManyWithLibreOffice([{ docx, data: docGrid.data }]);
      const lo = await pdfLines(pdf!);
      const body = 841.9 - 72 - 72;
      const centring = (body - Math.floor(body / PITCH) * PITCH) / 2;
      for (const start of STARTS) {
        if (start === '甲方应当按照') continue; // LibreOffice moves a 1.5-line paragraph's first extra after it
        const diff = lineStarting(lo, start).baseline - centring - lineStarting(ours, start).baseline;
        expect(Math.abs(diff), `${start}: LibreOffice − ours = ${diff.toFixed(2)} pt`).toBeLessThan(1);
      }
    },
    120_000,
  );

  it('a character grid (linesAndChars, charSpace 4096) widens each character of the body by 1 pt, not off-grid paragraphs or runs', async () => {
    const rPr = '<w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="21"/></w:rPr>';
    const para = (t: string, pPr = '') =>
      `<w:p><w:pPr>${pPr}${rPr}</w:pPr><w:r>${rPr}<w:t>${t}</w:t></w:r></w:p>`;
    const doc = buildDocx({
      body:
        para('正文一二三四五六七八') +
        para('不对齐网格四五六七八', '<w:snapToGrid w:val="0"/>') +
        `<w:p><w:r><w:rPr><w:snapToGrid w:val="0"/><w:sz w:val="21"/></w:rPr><w:t>字不对齐四五六七八</w:t></w:r></w:p>`,
      headers: { default: para('页眉一二三四五六七八') },
      sectPr:
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHdrDefault"/><w:pgSz w:w="11906" w:h="16838"/>' +
        '<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/>' +
        '<w:docGrid w:type="linesAndChars" w:linePitch="312" w:charSpace="4096"/></w:sectPr>',
    });
    const lines = await pdfLines((await engine.renderPdf(await compileTemplate(doc), {}, {})).pdf);
    const step = (start: string) => {
      const xs = lineStarting(lines, start).xs;
      return (xs.at(-1)! - xs[0]!) / (xs.length - 1);
    };
    expect(step('正文')).toBeCloseTo(10.5 + 1, 1);
    expect(step('不对齐')).toBeCloseTo(10.5, 1);
    expect(step('字不对齐')).toBeCloseTo(10.5, 1); // w:snapToGrid 0 on the run (§17.3.2.34)
    expect(step('页眉')).toBeCloseTo(10.5, 1);
  });
});
