import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocx, p } from '../docx/testing/build-docx.js';
import { parseDocx } from '../docx/index.js';
import { compileTemplate, RenderEngine } from '../index.js';
import { pdfText } from './testing/pdf-tools.js';

let engine: RenderEngine;
beforeAll(async () => {
  engine = new RenderEngine({ workers: 1 });
  await engine.ready();
}, 60_000);
afterAll(() => engine.close());

const sup = (ref: string) => `<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>${ref}</w:r>`;
const note = (kind: 'footnote' | 'endnote', id: number, text: string) =>
  `<w:${kind} w:id="${id}"><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:${kind}>`;
const SECT = (pr: string) =>
  `<w:sectPr>${pr}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>`;

async function render(parts: Parameters<typeof buildDocx>[0]): Promise<string[]> {
  const out = await engine.renderPdf(await compileTemplate(buildDocx(parts)), {}, {});
  return pdfText(out.pdf).split('\f');
}

describe('footnote and endnote numbering (ECMA-376 Part 1 §17.11.11, §17.11.4)', () => {
  it('reads w:footnotePr / w:endnotePr from settings, the section overriding, with Word defaults', () => {
    const doc = parseDocx(
      buildDocx({
        body: p('x'),
        settings:
          '<w:footnotePr><w:numFmt w:val="chineseCounting"/><w:numStart w:val="3"/></w:footnotePr>' +
          '<w:endnotePr><w:numFmt w:val="hebrew1"/><w:numRestart w:val="eachPage"/></w:endnotePr>',
        sectPr: SECT('<w:footnotePr><w:numRestart w:val="eachPage"/></w:footnotePr>'),
      }),
    );
    expect(doc.settings.footnoteNumbering).toEqual({
      format: 'chineseCounting',
      start: 3,
      restart: 'eachPage',
    });
    // An unknown format shows decimal (with a warning); endnotes do not restart per page.
    expect(doc.settings.endnoteNumbering).toEqual({ format: 'decimal', start: 1, restart: 'continuous' });
    expect(doc.warnings.map((w) => w.code)).toContain('NUMBERING_FORMAT_MAPPED');
    expect(parseDocx(buildDocx({ body: p('x') })).settings.footnoteNumbering).toBeUndefined();
  });

  it('shows footnotes in their format, restarting on each page; endnotes from their start', async () => {
    const body =
      `<w:p><w:r><w:t>甲</w:t></w:r>${sup('<w:footnoteReference w:id="1"/>')}${sup('<w:footnoteReference w:id="2"/>')}</w:p>` +
      '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' +
      `<w:p><w:r><w:t>乙</w:t></w:r>${sup('<w:footnoteReference w:id="3"/>')}${sup('<w:endnoteReference w:id="1"/>')}${sup('<w:endnoteReference w:id="2"/>')}</w:p>`;
    const pages = await render({
      body,
      footnotes: note('footnote', 1, '注一') + note('footnote', 2, '注二') + note('footnote', 3, '注三'),
      endnotes: note('endnote', 1, '尾一') + note('endnote', 2, '尾二'),
      sectPr: SECT(
        '<w:footnotePr><w:numFmt w:val="decimalEnclosedCircle"/><w:numRestart w:val="eachPage"/></w:footnotePr>' +
          '<w:endnotePr><w:numFmt w:val="upperLetter"/><w:numStart w:val="3"/></w:endnotePr>',
      ),
    });
    const squash = (s: string) => s.replace(/\s+/g, '');
    const count = (s: string, c: string) => s.split(c).length - 1;
    const [one, two] = [squash(pages[0]!), squash(pages[1]!)];
    // Page 1: references ① ② and their entries (the reading order puts the numbers first).
    expect(one).toContain('甲①②');
    expect([count(one, '①'), count(one, '②'), one.includes('注一'), one.includes('注二')]).toEqual([
      2,
      2,
      true,
      true,
    ]);
    // Page 2 starts again at ①; the endnotes are C and D, listed after the last paragraph.
    expect(two).toContain('乙①CD');
    expect([count(two, '①'), count(two, '②'), count(two, '③'), two.includes('注三')]).toEqual([
      2,
      0,
      0,
      true,
    ]);
    expect(two).toMatch(/C.*尾一.*D.*尾二|C.*D.*尾一.*尾二/);
  });

  it('restarts footnotes in each section with eachSect', async () => {
    const body =
      `<w:p><w:r><w:t>一</w:t></w:r>${sup('<w:footnoteReference w:id="1"/>')}</w:p>` +
      `<w:p><w:pPr>${SECT('')}</w:pPr><w:r><w:t>二</w:t></w:r>${sup('<w:footnoteReference w:id="2"/>')}</w:p>` +
      `<w:p><w:r><w:t>三</w:t></w:r>${sup('<w:footnoteReference w:id="3"/>')}</w:p>`;
    const pages = await render({
      body,
      footnotes: note('footnote', 1, '甲注') + note('footnote', 2, '乙注') + note('footnote', 3, '丙注'),
      settings:
        '<w:footnotePr><w:numFmt w:val="lowerLetter"/><w:numRestart w:val="eachSect"/></w:footnotePr>',
    });
    const text = pages.join('').replace(/\s+/g, '');
    expect(text).toContain('一a二b');
    expect(text).toContain('三a');
  });
});

describe('list numbering in the PDF', () => {
  it('honours w:lvlRestart: a level restarted only after the level it names', async () => {
    const lvl = (i: number, fmt: string, text: string, extra = '') =>
      `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/>${extra}<w:lvlText w:val="${text}"/><w:suff w:val="nothing"/></w:lvl>`;
    const item = (level: number, text: string) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
    const pages = await render({
      numbering:
        '<w:abstractNum w:abstractNumId="0">' +
        lvl(0, 'chineseCountingThousand', '第%1章') +
        lvl(1, 'chineseCounting', '（%2）') +
        lvl(2, 'chineseLegalSimplified', '%3、', '<w:lvlRestart w:val="1"/>') +
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
      body: [
        item(0, '甲'),
        item(1, '乙'),
        item(2, '丙'),
        item(1, '丁'),
        item(2, '戊'),
        item(0, '己'),
        item(2, '庚'),
      ].join(''),
    });
    const lines = pages[0]!
      .split('\n')
      .map((l) => l.replace(/\s+/g, ''))
      .filter(Boolean);
    expect(lines).toEqual(['第一章甲', '（一）乙', '壹、丙', '（二）丁', '贰、戊', '第二章己', '壹、庚']);
  });
});
