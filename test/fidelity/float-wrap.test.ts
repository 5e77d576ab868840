/**
 * Text beside floats (issue 13, fixture 19-float-wrap): the lines of a paragraph that start
 * beside a picture or text box with square, tight or through wrapping are shortened to the side
 * the float leaves free (ECMA-376 Part 1 §20.4.2.16–.18); a top-and-bottom picture has text only
 * above and below it; a text box with no wrapping is wrapped rather than printed over the text;
 * a page-positioned text box keeps off the text. The overprint check of every fixture is in
 * overprint.test.ts; this one checks that wrapping, not just avoidance, took place.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate, RenderEngine } from '../../src/render/index.js';
import {
  findOverprints,
  pageImages,
  pageWords,
  type PageImage,
  type PageWord,
} from '../../src/render/typst/testing/overlap.js';

const dir = fileURLToPath(new URL('../fixtures/docx/', import.meta.url));

describe('text flows around floats (19-float-wrap)', () => {
  const engine = new RenderEngine({ workers: 1 });
  let words: PageWord[] = [];
  let images: PageImage[] = [];
  beforeAll(async () => {
    await engine.ready();
    const compiled = await compileTemplate(new Uint8Array(readFileSync(`${dir}19-float-wrap.docx`)));
    const data = JSON.parse(readFileSync(`${dir}19-float-wrap.data.json`, 'utf8')) as unknown;
    const pdf = (await engine.renderPdf(compiled, data, {})).pdf;
    words = pageWords(pdf);
    images = pageImages(pdf);
  }, 120_000);
  afterAll(() => engine.close());

  const sized = (w: number, h: number) =>
    images.filter((i) => Math.abs(i.xMax - i.xMin - w) < 0.5 && Math.abs(i.yMax - i.yMin - h) < 0.5);
  /** Words on the picture's page whose line lies within its vertical extent. */
  const band = (box: { page: number; yMin: number; yMax: number }) =>
    words.filter((w) => w.page === box.page && w.yMin >= box.yMin - 1 && w.yMax <= box.yMax + 12);
  const word = (t: string) => words.find((w) => w.text.includes(t))!;

  it('square (right), tight (text on the right) and through (offset): lines beside the picture', () => {
    const [square] = sized(90, 90);
    const [tight] = sized(72, 72);
    expect(square && tight).toBeTruthy();
    const left = band(square!).filter((w) => w.xMax <= square!.xMin);
    expect(left.length).toBeGreaterThanOrEqual(3);
    expect(band(square!).every((w) => w.xMax <= square!.xMin)).toBe(true);
    const right = band(tight!).filter((w) => w.xMin >= tight!.xMax);
    expect(right.length).toBeGreaterThanOrEqual(3);
    expect(band(tight!).every((w) => w.xMin >= tight!.xMax)).toBe(true);
    // Two 60 pt pictures: the "through" one at 300 pt has text beside it, the top-and-bottom one none.
    const sixty = sized(60, 60).map((p) => band(p).length);
    expect(sixty.sort((a, b) => a - b)[0]).toBe(0);
    expect(sixty[1]).toBeGreaterThanOrEqual(3);
  });

  it('text boxes: square and no-wrap boxes have the body beside them, the page-positioned one off the text', () => {
    const square = word('文本框（四周型）');
    const body = word('文本框四周型环绕');
    expect(body.xMax).toBeLessThan(square.xMin);
    expect(Math.abs(body.yMin - square.yMin)).toBeLessThan(30);
    expect(word('联系人').text).toContain('王小明');
    const front = word('浮于文字上方的文本框');
    const account = word('账号');
    const line = words.filter((w) => w.page === account.page && Math.abs(w.yMin - account.yMin) < 1);
    expect(line.map((w) => w.text).join('')).toContain('6222021234567890');
    const beside = words.filter(
      (w) =>
        w.page === front.page &&
        Math.abs(w.yMin - front.yMin) < 20 &&
        w !== front &&
        !w.text.includes('账号'),
    );
    expect(beside.length).toBeGreaterThan(0);
    expect(word('相对页面定位的文本框')).toBeTruthy();
  });

  it('only the watermark and the seal lie over words', () => {
    const over = findOverprints(words, images).filter(({ b }) => !('text' in b));
    const sizes = new Set(
      over.map(({ b }) => `${Math.round(b.xMax - b.xMin)}x${Math.round(b.yMax - b.yMin)}`),
    );
    expect([...sizes].sort()).toEqual(['150x150', '80x80']);
    expect(findOverprints(words, []).length).toBe(0);
  });
});
