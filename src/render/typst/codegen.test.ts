import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, NumberingDefinition, TemplateDocument } from '../model.js';
import { shippedFonts } from '../fonts/index.js';
import { generateProgram } from './codegen.js';
import { TypstRunner } from './runner.js';
import * as ir from './testing/ir.js';
import { pdfFonts, pdfInfo, pdfPixel, pdfText, pdfWords } from './testing/pdf-tools.js';
import { PdfFile } from '../../pdf/file.js';
import { decodeStream } from '../../pdf/filters.js';
import { PdfStream } from '../../pdf/objects.js';

let runner: TypstRunner;
let n = 0;
beforeAll(() => {
  runner = new TypstRunner(shippedFonts().map((f) => f.bytes));
}, 60_000);

function render(doc: TemplateDocument, data: unknown, theme?: object): Uint8Array {
  const { program, modules, assets } = generateProgram(doc);
  const r = runner.run({
    programId: `t${++n}`,
    program,
    modules,
    assets,
    data: JSON.stringify(data),
    format: 'pdf',
    ...(theme ? { theme: JSON.stringify(theme) } : {}),
  });
  return r.pdf!;
}

const loop = (name: string, children: Block[], inverted = false): Block => ({
  type: 'section',
  inverted,
  path: name.split('.'),
  name,
  children,
});

describe('Typst code generation', () => {
  it('shows values as plain text, follows the scope chain in loops, conditions and inverted sections', () => {
    const doc = ir.doc([
      ir.para([ir.text('甲方：'), ir.value('partyA.name')]),
      loop('items', [
        ir.para([
          ir.value('name'),
          ir.text(' / '),
          ir.value('partyA.name'),
          ir.text(' / '),
          ir.value('city'),
        ]),
      ]),
      loop('vip', [ir.para('VIP 条款')]),
      loop('vip', [ir.para('普通条款')], true),
      loop('empty', [ir.para('不应出现')]),
      ir.para([ir.text('备注：'), ir.value('note')]),
    ]);
    const text = pdfText(
      render(doc, {
        partyA: { name: '#甲 *公司* $x$' },
        city: '上海',
        items: [{ name: 'A', city: '北京' }, { name: 'B' }],
        vip: false,
        empty: [],
        note: '第一行\n第二行',
      }),
    );
    // Whitespace is ignored: Typst adds CJK–Latin spacing that pdftotext shows as spaces.
    const lines = text
      .split('\n')
      .map((l) => l.replace(/\s+/g, ''))
      .filter(Boolean);
    expect(lines).toEqual([
      '甲方：#甲*公司*$x$',
      'A/#甲*公司*$x$/北京',
      'B/#甲*公司*$x$/上海',
      '普通条款',
      '备注：第一行',
      '第二行',
    ]);
  });

  it('shows scalars as JavaScript String() does (integers, floats, booleans, null, arrays)', () => {
    const data = { i: 42, neg: -7, f: 1.5, t: true, n: null, a: ['x', 2] };
    const doc = ir.doc(Object.keys(data).map((k) => ir.para([ir.text(`${k}=`), ir.value(k), ir.text(';')])));
    const got = pdfText(render(doc, data)).replace(/\s+/g, '');
    expect(got).toBe(
      Object.entries(data)
        .map(([k, v]) => `${k}=${v === null ? '' : String(v)};`)
        .join(''),
    );
  });

  it('repeats table rows under merged header cells (rowspan/colspan) with a spread loop', () => {
    const items = {
      type: 'rowSection' as const,
      inverted: false,
      path: ['items'],
      name: 'items',
      rows: [
        ir.row([
          ir.cell([ir.para([ir.value('idx')])]),
          ir.cell([ir.para([ir.value('name')])]),
          ir.cell([ir.para([ir.value('price')])]),
        ]),
      ],
    };
    const t = ir.table(
      [
        ir.row([ir.cell('序号', { vMerge: 'restart' }), ir.cell('费用明细', { gridSpan: 2 })], {
          header: true,
        }),
        ir.row([ir.cell('', { vMerge: 'continue' }), ir.cell('名称'), ir.cell('单价')], { header: true }),
        items,
        ir.row([ir.cell('合计', { gridSpan: 2 }), ir.cell([ir.para([ir.value('total')])])]),
      ],
      [50, 250, 100],
    );
    const { program, modules } = generateProgram(ir.doc([t]));
    expect(program).toContain('table.header(');
    // The static header rows are evaluated once, in the static module.
    expect(modules['static.typ']).toContain('rowspan: 2');
    expect(modules['static.typ']).toContain('colspan: 2');
    const data = { items: [1, 2, 3].map((i) => ({ idx: i, name: `item${i}`, price: i * 100 })), total: 600 };
    const lines = pdfText(render(ir.doc([t]), data), true)
      .split('\n')
      .map((l) => l.trim().split(/\s+/).join(' '))
      .filter(Boolean);
    expect(lines).toEqual([
      '序号 费用明细',
      '名称 单价',
      '1 item1 100',
      '2 item2 200',
      '3 item3 300',
      '合计 600',
    ]);
  });

  it('numbers paragraphs with Typst counters, right inside loops (第%1条, %1.%2, 壹)', () => {
    const numbering: Record<string, NumberingDefinition> = {
      '1': {
        abstractId: '0',
        startOverrides: {},
        levels: [
          { format: 'chineseCounting', text: '第%1条', start: 1, suffix: 'space', legal: false },
          { format: 'decimal', text: '%1.%2', start: 1, suffix: 'space', legal: true },
        ],
      },
      '2': {
        abstractId: '9',
        startOverrides: {},
        levels: [
          { format: 'chineseLegalSimplified', text: '%1、', start: 1, suffix: 'nothing', legal: false },
        ],
      },
    };
    const lvl = (level: number) => ({ numbering: { numId: '1', level } });
    const doc = ir.doc(
      [
        ir.para('总则', lvl(0)),
        loop('clauses', [ir.para([ir.value('title')], lvl(0)), ir.para([ir.value('detail')], lvl(1))]),
        ir.para('附则', lvl(0)),
        ir.para('大写', { numbering: { numId: '2', level: 0 } }),
      ],
      { numbering },
    );
    const lines = pdfText(
      render(doc, {
        clauses: [
          { title: '甲', detail: 'x' },
          { title: '乙', detail: 'y' },
        ],
      }),
    )
      .split('\n')
      .map((l) => l.replace(/\s+/g, ''))
      .filter(Boolean);
    expect(lines).toEqual(['第一条总则', '第二条甲', '2.1x', '第三条乙', '3.1y', '第四条附则', '壹、大写']);
  });

  it('prints "第 X 页 共 Y 页" footers with the final page count, on the page size of the section', () => {
    const footer = [
      ir.para(
        [
          ir.text('第 '),
          { type: 'field', field: 'page', props: ir.runProps() },
          ir.text(' 页 共 '),
          { type: 'field', field: 'numpages', props: ir.runProps() },
          ir.text(' 页'),
        ],
        { align: 'center' },
      ),
    ];
    const doc = ir.doc(
      [
        ir.para('一'),
        ir.para('二', { pageBreakBefore: true }),
        ir.para([ir.text('三前'), { type: 'break', kind: 'page' }, ir.text('三后')]),
      ],
      {
        finalSection: ir.sectionProps({
          footers: { default: footer },
          pageWidth: 841.9,
          pageHeight: 595.3,
          orientation: 'landscape',
        }),
      },
    );
    const pdf = render(doc, {});
    expect(pdfInfo(pdf)).toMatchObject({ pages: 3, width: 841.9, height: 595.3 });
    // The page break inside the third paragraph moves only its second half to page 3.
    const pages = pdfText(pdf)
      .split('\f')
      .map((p) => p.replace(/\s+/g, ''));
    expect(pages.slice(0, 3)).toEqual(['一第1页共3页', '二三前第2页共3页', '三后第3页共3页']);
  });

  it('embeds and subsets every font; maps Word names to the shipped families', () => {
    const pdf = render(
      ir.doc([
        ir.para([
          ir.text('宋体 Times', {}),
          ir.text('黑体 Arial', { fontEastAsia: '黑体', fontLatin: 'Arial', bold: true }),
        ]),
      ]),
      {},
    );
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatchObject({ embedded: true, subset: true });
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSansSC-Bold',
      'NotoSerifSC-Regular',
    ]);
  });

  it('slants italic text of the shipped (italic-less) faces, keeping it text', () => {
    const data = { who: '乙方' };
    const pdf = render(
      ir.doc([ir.para([ir.text('甲方条款', { italic: true }), ir.value('who', { italic: true })])]),
      data,
    );
    expect(pdfText(pdf).replace(/\s+/g, '')).toBe('甲方条款乙方');
    // Each character is drawn under a skew of 12° (tan = 0.2126), in static text and in data.
    const file = PdfFile.open(pdf);
    let skews = 0;
    for (const [num, e] of file.xref) {
      const v = e.type === 0 ? undefined : file.getObject(num);
      if (!(v instanceof PdfStream) || v.dict.get('Type') !== undefined) continue;
      const ops = Buffer.from(decodeStream(v)).toString('latin1');
      skews += (ops.match(/ -?0\.21\d* -?1 [-\d.]+ [-\d.]+ cm/g) ?? []).length;
    }
    expect(skews).toBe(6);
  });

  it('lays tabs out against the stops: left, right with a dot leader, and the default stops', () => {
    const pdf = render(
      ir.doc([
        ir.para([ir.text('甲方：'), { type: 'tab', props: ir.runProps() }, ir.value('b')], {
          tabs: [{ position: 200, align: 'left' }],
        }),
        ir.para('目录\t第5页', { tabs: [{ position: 300, align: 'right', leader: 'dot' }] }),
        ir.para('AB\tC\tD', { indentLeft: 30 }),
      ]),
      { b: '乙方' },
    );
    const words = pdfWords(pdf);
    const at = (t: string) => words.find((w) => w.text.includes(t))!;
    const left = at('甲方').xMin;
    // Left stop: the text after the tab starts at the stop.
    expect(at('乙方').xMin - left).toBeCloseTo(200, 0);
    // Right stop: the text after the tab ends at the stop, dots lead up to it.
    expect(at('页').xMax - left).toBeCloseTo(300, 0);
    expect(pdfText(pdf)).toMatch(/目录\s*\.{20,}/);
    // No custom stop: the default stops every 21pt from the margin. "AB" from the 30pt indent
    // ends near 45pt, so C starts at 63pt; C ends near 70pt, so D starts at 84pt.
    expect(at('C').xMin - left).toBeCloseTo(63, 0);
    expect(at('D').xMin - left).toBeCloseTo(84, 0);
  });

  it('shows signs the Noto SC faces lack (check boxes, ✗, ➢) with the fallback face, as text', () => {
    const pdf = render(ir.doc([ir.para('☑同意 ☒不同意 ✗ ➢')]), {});
    expect(pdfText(pdf).replace(/\s+/g, '')).toBe('☑同意☒不同意✗➢');
    expect(
      pdfFonts(pdf)
        .map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))
        .sort(),
    ).toEqual(['DejaVuSans', 'NotoSerifSC-Regular']);
  });

  it('keeps text off the lines of a top-and-bottom picture: it is a block at the top of its paragraph', () => {
    const red = new PNG({ width: 4, height: 4 });
    for (let i = 0; i < 16; i++) red.data.set([220, 0, 0, 255], i * 4);
    const media = {
      'word/media/red.png': {
        contentType: 'image/png' as const,
        bytes: new Uint8Array(PNG.sync.write(red)),
        pixelWidth: 4,
        pixelHeight: 4,
      },
    };
    const anchor = ir.anchor({ alignH: 'right', wrap: 'topAndBottom' });
    const image = {
      type: 'image' as const,
      image: { media: 'word/media/red.png', width: 60, height: 60, anchor },
    };
    const pdf = render(ir.doc([ir.para('前文'), ir.para([image, ir.text('特别约定')])], { media }), {});
    const words = pdfWords(pdf);
    const at = (t: string) => words.find((w) => w.text.includes(t))!;
    // The text comes below the picture, which sits at the right edge of the text area.
    expect(at('特别约定').yMin - at('前文').yMin).toBeGreaterThan(60);
    const y = (at('前文').yMax + 30) / 841.9;
    expect(pdfPixel(pdf, 500 / 595.3, y, 36)).toEqual([220, 0, 0]);
    expect(pdfPixel(pdf, 100 / 595.3, y, 36)).toEqual([255, 255, 255]);
  });

  it("sets numbering labels, tab leaders and slanted italics on the line's baseline", () => {
    // Each of them is a box in the line; Typst sets a box's bottom on the baseline, so text inside
    // one ended above it by the paragraph's bottom edge (seen in LibreOffice Writer's documents).
    const numbering: Record<string, NumberingDefinition> = {
      '1': {
        abstractId: '0',
        startOverrides: {},
        levels: [
          { format: 'chineseCountingThousand', text: '（%1）', start: 1, suffix: 'tab', legal: false },
        ],
      },
    };
    const pdf = render(
      ir.doc(
        [
          ir.para('甲方应当提供必要的工作条件', {
            numbering: { numId: '1', level: 0 },
            indentLeft: 42,
            firstLine: -42,
          }),
          ir.para('目录\t第5页', { tabs: [{ position: 300, align: 'right', leader: 'dot' }] }),
          ir.para([ir.text('对方的'), ir.text('商业秘密', { italic: true }), ir.text('与技术秘密')]),
        ],
        { numbering },
      ),
      {},
    );
    const words = pdfWords(pdf);
    const at = (t: string) => words.find((w) => w.text.includes(t))!;
    expect(at('（一）').text).toBe('（一）');
    expect(at('（一）').yMax).toBeCloseTo(at('甲方').yMax, 1);
    // The label reaches the hanging indent: the text starts 42pt from the margin, where 目录 starts.
    expect(at('甲方').xMin - at('目录').xMin).toBeCloseTo(42, 0);
    expect(at('...').yMax).toBeCloseTo(at('目录').yMax, 1);
    expect(at('商').yMax).toBeCloseTo(at('对方').yMax, 1);
    expect(at('密').yMax).toBeCloseTo(at('与技术').yMax, 1);
  });

  it("starts the paragraphs of a centred table's cells at the left, whatever their vertical alignment", () => {
    // align(center, table) passes the alignment on to the cells' text; Word's jc moves only the table.
    const t = ir.table(
      [
        ir.row([ir.cell('左', { vAlign: 'center' }), ir.cell('右')]),
        ir.row([ir.cell('左左左左左左'), ir.cell('右')]),
      ],
      [100, 100],
      { align: 'center' },
    );
    const words = pdfWords(render(ir.doc([t]), {}));
    const lefts = words.filter((w) => w.text.startsWith('左')).map((w) => w.xMin);
    expect(lefts).toHaveLength(2);
    expect(lefts[0]).toBeCloseTo(lefts[1]!, 1);
  });

  it('places a floating text box with its fill, outline and content, its tags read from the data', () => {
    const box = ir.textBox({
      width: 150,
      height: 60,
      fill: 'DDEEFF',
      line: { color: 'C00000', width: 1 },
      anchor: ir.anchor({ x: 300 }),
    });
    const doc = ir.doc([ir.para([ir.text('正文'), box])], {
      textBoxes: { '1': [ir.para([ir.text('盖章：'), ir.value('party')])] },
    });
    const pdf = render(doc, { party: '甲方公司' });
    const words = pdfWords(pdf);
    const at = (t: string) => words.find((w) => w.text.includes(t))!;
    // 300pt right of the text's left edge, 5pt inset: the box's text starts ~305pt further right.
    expect(at('盖章').xMin - at('正文').xMin).toBeCloseTo(305, 0);
    expect(at('盖章').text).toContain('甲方公司');
    // The fill inside the box, away from its text.
    const x = (at('正文').xMin + 300 + 140) / 595.3;
    const y = (at('正文').yMin + 50) / 841.9;
    expect(pdfPixel(pdf, x, y, 36)).toEqual([0xdd, 0xee, 0xff]);
  });

  it("starts a right-aligned text box's lines at its left, and keeps text above and below it", () => {
    const box = ir.textBox({
      width: 200,
      height: 50,
      anchor: ir.anchor({ alignH: 'right', wrap: 'topAndBottom' }),
    });
    const doc = ir.doc([ir.para([box, ir.text('框下正文')])], {
      textBoxes: { '1': [ir.para('短'), ir.para('较长的一行文字')] },
    });
    const words = pdfWords(render(doc, {}));
    const at = (t: string) => words.find((w) => w.text.includes(t))!;
    expect(at('短').xMin).toBeCloseTo(at('较长').xMin, 1);
    expect(at('框下正文').yMin).toBeGreaterThan(at('较长').yMin + 20);
  });

  it('keeps a floating text box that stands in a loop of runs, in the line', () => {
    const box = ir.textBox({ width: 80, height: 30, insets: { left: 2, top: 2, right: 2, bottom: 2 } });
    const section = {
      type: 'section' as const,
      inverted: false,
      path: ['items'],
      name: 'items',
      children: [ir.value('name'), box],
    };
    const doc = ir.doc([ir.para([section])], { textBoxes: { '1': [ir.para('框中字')] } });
    const text = pdfText(render(doc, { items: [{ name: '甲' }, { name: '乙' }] }));
    expect(text.match(/框中字/g)).toHaveLength(2);
  });

  it('sets a footnote once even when IR has it refer to itself', () => {
    const doc = ir.doc([ir.para([ir.text('甲'), { type: 'footnote', id: '1' }])], {
      footnotes: { '1': [ir.para([ir.text('注释'), { type: 'footnote', id: '1' }])] },
    });
    const text = pdfText(render(doc, {}));
    expect(text.match(/注释/g)).toHaveLength(1);
  });

  it('dark theme: dark page, light text; the theme hook overrides the background', () => {
    const doc = ir.doc([ir.para([ir.text('■■■■■■■■■■■■■■■■■■■■', { size: 40 })])]);
    const light = pdfPixel(render(doc, {}), 0.5, 0.5);
    const dark = pdfPixel(render(doc, {}, { dark: true }), 0.5, 0.5);
    const hooked = pdfPixel(render(doc, {}, { dark: true, background: '003366' }), 0.5, 0.9);
    expect(light).toEqual([255, 255, 255]);
    expect(Math.max(...dark)).toBeLessThan(40);
    expect(hooked).toEqual([0, 0x33, 0x66]);
  });

  it('places floating images relative to the page, inline images in the text', () => {
    const red = new PNG({ width: 4, height: 4 });
    for (let i = 0; i < 16; i++) red.data.set([220, 0, 0, 255], i * 4);
    const bytes = new Uint8Array(PNG.sync.write(red));
    const media = {
      'word/media/red.png': { contentType: 'image/png' as const, bytes, pixelWidth: 4, pixelHeight: 4 },
    };
    const anchor = ir.anchor({ x: 300, y: 500, relativeFromH: 'page', relativeFromV: 'page', wrap: 'none' });
    const doc = ir.doc(
      [
        ir.para([
          ir.text('印章：'),
          { type: 'image', image: { media: 'word/media/red.png', width: 60, height: 60, anchor } },
        ]),
      ],
      { media },
    );
    const pdf = render(doc, {});
    const at = (x: number, y: number) => pdfPixel(pdf, x / 595.3, y / 841.9, 36);
    expect(at(330, 530)).toEqual([220, 0, 0]);
    expect(at(250, 530)).toEqual([255, 255, 255]);
    expect(at(330, 600)).toEqual([255, 255, 255]);
  });
});
