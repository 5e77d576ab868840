/**
 * Fidelity against LibreOffice (issue 2, item 10). Every document of cases.ts is
 * rendered by LibreOffice (docxtemplater fill + soffice, the reference) and by our engine
 * (compileTemplate + RenderEngine); the texts must hold the same words in the same order
 * (token similarity ≥ MIN_RATIO, see compare.ts) and the page counts must be equal.
 *
 * LibreOffice is skipped only where soffice is missing and CI is not 'true' (CI must run it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate, RenderEngine } from '../../src/render/index.js';
import { isLibreOfficeAvailable, renderManyWithLibreOffice } from '../../src/render/libreoffice/index.js';
import { CASES } from './cases.js';
import { compareText } from './compare.js';
import { pdfPageCount, pdfText } from './pdf-tools.js';

const MIN_RATIO = 0.98;
const runLibreOffice = (await isLibreOfficeAvailable()) || process.env.CI === 'true';

interface Rendered {
  /** pdftotext in reading order, for finding data values. */
  text: string;
  /** pdftotext -layout, for the comparison (see pdf-tools.ts). */
  layout: string;
  pages: number;
}

let referenceRun: Promise<Map<string, Rendered>> | undefined;
/** All documents in one soffice run: one start-up instead of one each. */
function reference(): Promise<Map<string, Rendered>> {
  referenceRun ??= (async () => {
    const pdfs = await renderManyWithLibreOffice(CASES.map((c) => c.load()));
    const out = new Map<string, Rendered>();
    for (const [i, f] of CASES.entries()) {
      const pdf = pdfs[i]!;
      out.set(f.name, {
        text: await pdfText(pdf),
        layout: await pdfText(pdf, { layout: true }),
        pages: await pdfPageCount(pdf),
      });
    }
    return out;
  })();
  return referenceRun;
}

/** The visible text a data value should produce: strings, minus markup; images produce none. */
function expectedTexts(value: unknown, key = ''): string[] {
  if (typeof value === 'string') {
    if (key === 'data') return []; // base64 image bytes
    return value
      .split(/<[^>]+>/)
      .map((s) => s.replace(/\s+/g, ''))
      .filter(Boolean);
  }
  if (Array.isArray(value)) return value.flatMap((v) => expectedTexts(v, key));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => expectedTexts(v, k));
  return [];
}

/**
 * `value` appears in `text` in order, allowing other text in between as long as the whole stays
 * within twice its length: a value that wraps inside a table cell is read by pdftotext
 * interleaved with the neighbouring cell's text ("项目启动会、组建" + "启动" + "团队").
 */
function appearsInOrder(text: string, value: string): boolean {
  const chars = [...value];
  const maxSpan = chars.length * 2 + 8;
  for (let start = text.indexOf(chars[0]!); start >= 0; start = text.indexOf(chars[0]!, start + 1)) {
    let at = start;
    let ok = true;
    for (const c of chars.slice(1)) {
      at = text.indexOf(c, at + 1);
      if (at < 0 || at - start > maxSpan) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

describe.runIf(runLibreOffice)('LibreOffice reference renders of the fixtures', () => {
  beforeAll(async () => {
    await reference();
  }, 300_000);

  for (const f of CASES) {
    it(`${f.name}: ${f.pages} page(s), every data value shown, no tag left`, async () => {
      const ref = (await reference()).get(f.name)!;
      expect(ref.pages).toBe(f.pages);
      const flat = ref.text.replace(/\s+/g, '');
      // A value wrapped over many lines of a narrow cell may be scattered by poppler's reading
      // order; the layout text keeps each row's lines together.
      const flatLayout = ref.layout.replace(/\s+/g, '');
      expect(flat).not.toMatch(/[{}]/);
      for (const t of expectedTexts(f.load().data)) {
        const found = appearsInOrder(flat, t) || appearsInOrder(flatLayout, t);
        expect(found, `"${t}" not found in the text`).toBe(true);
      }
    });
  }
});

describe.runIf(runLibreOffice)('our engine against LibreOffice', () => {
  // One worker: the machine's cores are shared with soffice and the other suites.
  const engine = new RenderEngine({ workers: 1 });
  const ratios: string[] = [];

  beforeAll(async () => {
    await Promise.all([engine.ready(), reference()]);
  }, 300_000);

  afterAll(async () => {
    await engine.close();
    if (ratios.length > 0) console.log(`fidelity (token similarity to LibreOffice):\n${ratios.join('\n')}`);
  });

  for (const f of CASES) {
    it(`${f.name}: same words in the same order (≥ ${f.minRatio?.ratio ?? MIN_RATIO}) and the same page count`, async () => {
      const ref = (await reference()).get(f.name)!;
      const { docx, data, delimiters } = f.load();
      const compiled = await compileTemplate(docx, delimiters ? { delimiters } : {});
      const out = await engine.renderPdf(compiled, data, {});
      const cmp = compareText(ref.layout, await pdfText(out.pdf, { layout: true }));
      const pages = await pdfPageCount(out.pdf);
      ratios.push(`  ${f.name}: ratio ${cmp.ratio.toFixed(4)}, pages ${pages} (LibreOffice ${ref.pages})`);
      const min = f.minRatio?.ratio ?? MIN_RATIO;
      expect(
        cmp.ratio,
        `missing near: ${cmp.missing.join(' | ')} ${f.minRatio?.why ?? ''}`,
      ).toBeGreaterThanOrEqual(min);
      expect(out.pageCount).toBe(pages);
      if (f.pageNote) expect(Math.abs(pages - ref.pages), f.pageNote).toBeLessThanOrEqual(1);
      else expect(pages).toBe(ref.pages);
    });
  }
});
