/**
 * Words wider than their line (issue 13, fixture 20-long-words): Word breaks them at the line's
 * edge. Every word of a narrow table cell lies inside the cell's box, the body's words inside the
 * text area, the text box's inside the box; and each long string comes back whole from the PDF's
 * text, in order (nothing clipped, nothing added between its characters).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate, RenderEngine } from '../../src/render/index.js';
import { inkBox, pageWords, type PageWord } from '../../src/render/typst/testing/overlap.js';
import { LONG_WORD_GRID } from '../fixtures/docx/fixtures-words.js';

const dir = fileURLToPath(new URL('../fixtures/docx/', import.meta.url));
const data = JSON.parse(readFileSync(`${dir}20-long-words.data.json`, 'utf8')) as Record<string, string>;
/** A4 with Word's Chinese margins: the text area runs from 90 pt to 505.3 pt. */
const LEFT = 90;
const RIGHT = 595.3 - 90;

describe('long words break at the edge of their line (20-long-words)', () => {
  const engine = new RenderEngine({ workers: 1 });
  let words: PageWord[] = [];
  let text = '';
  beforeAll(async () => {
    await engine.ready();
    const compiled = await compileTemplate(new Uint8Array(readFileSync(`${dir}20-long-words.docx`)));
    const pdf = (await engine.renderPdf(compiled, data, {})).pdf;
    words = pageWords(pdf);
    text = words.map((w) => w.text).join('');
  }, 120_000);
  afterAll(() => engine.close());

  /** The words between the header row ("账号") and the paragraph after the table. */
  const tableWords = () => {
    const top = words.find((w) => w.text === '账号')!.yMin;
    const bottom = words.find((w) => w.text.startsWith('回调地址'))!.yMin;
    return words.filter((w) => w.yMin >= top - 0.5 && w.yMin < bottom);
  };

  it('keeps every word of a cell inside the cell', () => {
    const edges = LONG_WORD_GRID.reduce<number[]>(
      (acc, w) => [...acc, acc[acc.length - 1]! + w / 20],
      [LEFT],
    );
    const cells = tableWords();
    expect(cells.length).toBeGreaterThan(12);
    for (const w of cells) {
      const col = edges.findIndex(
        (e, i) => i + 1 < edges.length && w.xMin >= e - 0.5 && w.xMin < edges[i + 1]!,
      );
      expect(col, `"${w.text}" starts outside the table`).toBeGreaterThanOrEqual(0);
      expect(w.xMax, `"${w.text}" runs out of column ${col + 1}`).toBeLessThanOrEqual(edges[col + 1]! + 0.5);
    }
  });

  it('loses no character: each long string reads whole, column by column', () => {
    const edges = LONG_WORD_GRID.reduce<number[]>(
      (acc, w) => [...acc, acc[acc.length - 1]! + w / 20],
      [LEFT],
    );
    const column = (i: number) =>
      tableWords()
        .filter((w) => w.xMin >= edges[i]! - 0.5 && w.xMin < edges[i + 1]!)
        .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)
        .map((w) => w.text)
        .join('');
    expect(column(0)).toContain('6222021234567890123');
    expect(column(0)).toContain(data.account);
    expect(column(0)).toContain(data.digits);
    expect(column(1)).toContain('[order.orderCreateTime]');
    expect(column(1)).toContain(data.createTime);
    expect(column(2)).toContain('https://contracts.example.com/v1/orders/20250318');
    expect(column(2)).toContain(data.url);
    expect(column(3)).toContain(data.note);
    expect(text).not.toContain('\u200b');
  });

  it('breaks a data URL longer than the page line inside the text area, and a long token inside its text box', () => {
    // Compressed CJK punctuation ends a justified line half an em early in ink (inkBox).
    for (const w of words.map(inkBox))
      expect(w.xMax, `"${w.text}" runs into the margin`).toBeLessThanOrEqual(RIGHT + 0.5);
    expect(words.every((w) => w.xMin >= LEFT - 0.5)).toBe(true);
    expect(text).toContain(data.callback);
    // The text box: 120 pt wide at the right margin.
    const box = words.filter((w) => w.xMin >= RIGHT - 120 - 0.5 && /流水号|SN|^\d+$/.test(w.text));
    expect(box.map((w) => w.text).join('')).toContain(data.serial);
    for (const w of box) expect(w.xMax).toBeLessThanOrEqual(RIGHT - 7.2 + 0.5);
  });
});
