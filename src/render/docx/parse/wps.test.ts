/**
 * A document as WPS Office writes it (fixture 16-wps): read as Word reads it, and rendered with
 * its text box, numbering and footer page number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wps } from '../../../../test/fixtures/docx/fixtures-wps.js';
import type { Paragraph, TemplateDocument } from '../../model.js';
import { compileTemplate, RenderEngine } from '../../index.js';
import { pdfCharFonts } from '../../../../test/fidelity/pdf-tools.js';
import { pdfText, pdfWords } from '../../typst/testing/pdf-tools.js';
import { parseDocx } from '../index.js';
import { buildDocx } from '../testing/build-docx.js';

const docx = buildDocx(wps.parts);
const paragraphs = (doc: TemplateDocument) => doc.body.filter((b): b is Paragraph => b.type === 'paragraph');
const textOf = (p: Paragraph) => p.children.map((c) => (c.type === 'text' ? c.text : '')).join('');

describe('a WPS-written document', () => {
  const doc = parseDocx(docx);

  it('reads without warnings: its namespaces, w14 attributes and extra parts are no obstacle', () => {
    expect(doc.warnings).toEqual([]);
  });

  it("takes a style's twips where WPS writes beforeLines/afterLines 0 beside them", () => {
    const title = paragraphs(doc)[0]!;
    expect(textOf(title)).toBe('技术服务合同');
    expect(title.props).toMatchObject({ styleId: '2', spaceBefore: 17, spaceAfter: 16.5, outlineLevel: 0 });
    // beforeLines="100" (one line) with twips 312: the lines win when not zero.
    const sign = paragraphs(doc).find((p) => textOf(p).startsWith('甲方（盖章）'))!;
    expect(sign.props.spaceBefore).toBe(12);
  });

  it('reads its numeric style ids, four-font runs with the eastAsia hint, and single-level lists', () => {
    const party = paragraphs(doc).find((p) => textOf(p).startsWith('甲方（委托方）'))!;
    // WPS's Normal is style "1" (Word's Chinese template calls heading 1 that): read by its id.
    expect(party.props).toMatchObject({ styleId: '1', spaceBefore: 0, align: 'justify' });
    expect(party.props.outlineLevel).toBeUndefined();
    expect(party.children[0]).toMatchObject({ props: { fontLatin: '宋体', fontEastAsia: '宋体', size: 12 } });
    expect(doc.numbering['1']!.levels[0]).toMatchObject({
      format: 'chineseCounting',
      text: '%1、',
      suffix: 'nothing',
    });
    expect(doc.numbering['2']!.levels[0]).toMatchObject({
      format: 'chineseCountingThousand',
      text: '第%1条',
      suffix: 'space',
      runProps: { bold: true },
    });
  });

  it('reads the text box from the DrawingML Choice (a:prstClr outline), not its VML Fallback too', () => {
    const payment = paragraphs(doc).find((p) => p.children.some((c) => c.type === 'textBox'))!;
    const boxes = payment.children.filter((c) => c.type === 'textBox');
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toMatchObject({
      box: {
        width: 415,
        height: 52,
        fill: 'F2F2F2',
        line: { color: '000000', width: 0.5 },
        anchor: { wrap: 'topAndBottom', relativeFromV: 'paragraph', y: 6 },
      },
    });
  });

  it('reads a straight connector (no text, no picture) from its VML Fallback and warns for nothing', () => {
    const sign = paragraphs(doc).find((p) => textOf(p).startsWith('甲方（盖章）'))!;
    expect(sign.children[0]).toEqual({
      type: 'shape',
      shape: {
        kind: 'line',
        width: 415,
        height: 0,
        line: { color: 'C00000', width: 1 },
        anchor: {
          x: 0,
          y: 4,
          relativeFromH: 'column',
          relativeFromV: 'paragraph',
          wrap: 'none',
          behindText: false,
        },
      },
    });
  });

  it("reads the footer's VML page-number box, fitted to its text", () => {
    const footer = doc.finalSection.footers.default![0] as Paragraph;
    expect(footer.children).toMatchObject([{ type: 'textBox', box: { fit: 'both' } }]);
    expect(Object.keys(doc.textBoxes ?? {})).toHaveLength(2);
  });
});

describe('a WPS-written document rendered', () => {
  let engine: RenderEngine;
  let pdf: Uint8Array;
  beforeAll(async () => {
    engine = new RenderEngine({ workers: 1 });
    await engine.ready();
    pdf = (await engine.renderPdf(await compileTemplate(docx), wps.data, {})).pdf;
  }, 120_000);
  afterAll(() => engine.close());

  it('shows the numbering labels, the text box with its data, the loop rows and the page number', () => {
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const s of [
      '一、合同主要条款',
      '第一条服务内容',
      '第二条付款方式',
      '二、其他约定',
      '收款账户：招商银行深圳南山支行，账号7559123456789 01。'.replace(/\s+/g, ''),
      '系统部署1套36,000.00',
      '年度运维12个月48,000.00',
      '第1页',
    ])
      expect(text, s).toContain(s);
    expect(text).not.toMatch(/[{}]/);
  });

  it('puts the full-width quotes in the East Asian face and prints no word over another', async () => {
    const words = pdfWords(pdf).filter((w) => w.text.trim() !== '');
    for (const [i, a] of words.entries())
      for (const b of words.slice(i + 1)) {
        const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
        expect(
          dx > 0.5 && dy > 0.4 * Math.min(a.yMax - a.yMin, b.yMax - b.yMin),
          `${a.text} / ${b.text}`,
        ).toBe(false);
      }
    // w:hint="eastAsia": the quotes are the full-width ones of the Chinese face, as in Word.
    const quotes = (await pdfCharFonts(pdf)).filter((c) => c.char === '“' || c.char === '”');
    expect(quotes).toHaveLength(2);
    for (const q of quotes) expect(q.font).toMatch(/Noto(Serif|Sans)(SC|CJK)/);
  });
});
