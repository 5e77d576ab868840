import { describe, expect, it } from 'vitest';
import type { Block, NumberingDefinition, NumberingLevel, TemplateDocument } from '../model.js';
import { PARA, RUN, docOf, para, tableOf, text } from '../tags/testing/ir.js';
import { b64, pngBytes } from '../tags/testing/images.js';
import { anchor as anchorOf, textBox as textBoxOf } from '../typst/testing/ir.js';
import { applyTags } from '../tags/index.js';
import { formatNumber, NumberingCounter, renderHtmlPreview } from './index.js';
import { backgroundColor, fontClass, textColor } from './style.js';

function render(doc: TemplateDocument, theme: 'light' | 'dark' = 'light'): string {
  return renderHtmlPreview(doc, { theme });
}

function level(
  format: NumberingLevel['format'],
  text: string,
  extra: Partial<NumberingLevel> = {},
): NumberingLevel {
  return { format, text, start: 1, suffix: 'space', legal: false, ...extra };
}

describe('renderHtmlPreview', () => {
  it('is a self-contained page that escapes every text and runs nothing', () => {
    const html = renderHtmlPreview(docOf([para('<script>alert(1)</script> & "x"')]), {
      theme: 'light',
      title: '</title><script>',
    });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;</title>');
  });

  it('renders run formatting, fonts and paragraph layout', () => {
    const html = render(
      docOf([
        {
          type: 'paragraph',
          props: {
            ...PARA,
            align: 'distribute',
            firstLine: 24,
            indentLeft: 10,
            spaceAfter: 6,
            lineSpacing: { rule: 'exact', value: 20 },
          },
          children: [
            text('B', {
              bold: true,
              italic: true,
              underline: 'double',
              strike: true,
              color: '1F3864',
              highlight: 'FFFF00',
              fontEastAsia: '黑体',
            }),
            text('2', { verticalAlign: 'superscript', fontEastAsia: '宋体' }),
            text('hidden', { hidden: true }),
            { type: 'field', field: 'page', props: RUN },
          ],
        },
      ]),
    );
    expect(html).toContain(
      'text-align:justify;text-align-last:justify;margin-left:10pt;text-indent:24pt;margin-bottom:6pt;line-height:20pt',
    );
    expect(html).toContain(
      '<span class="sans" style="font-size:12pt;font-weight:bold;font-style:italic;text-decoration:underline line-through double;color:#1F3864;background:#FFFF00">B</span>',
    );
    expect(html).toContain('<span class="serif" style="font-size:12pt"><sup>2</sup></span>');
    expect(html).not.toContain('hidden');
  });

  it('defaults to the light theme and shows unexpanded tags by name (template previews)', () => {
    const { doc } = applyTags(docOf([para('甲方：{partyA}{%seal}')]));
    const html = renderHtmlPreview(doc, {});
    expect(html).toContain('color-scheme:light');
    expect(html).toContain('<span class="tag">{partyA}</span><span class="tag">{%seal}</span>');
  });

  it('maps Word font names to serif and sans stacks', () => {
    expect(['宋体', 'SimSun', '仿宋', '楷体', 'Times New Roman'].map((f) => fontClass(f, f))).toEqual(
      Array(5).fill('serif'),
    );
    expect(['黑体', '微软雅黑', '等线', 'Arial', 'Calibri'].map((f) => fontClass(f, f))).toEqual(
      Array(5).fill('sans'),
    );
    expect(render(docOf([]))).toContain('"Noto Serif SC", "Noto Serif CJK SC"');
  });

  it('lightens dark colours and darkens light backgrounds in the dark theme', () => {
    expect(textColor('000080', 'light')).toBe('#000080');
    const navy = textColor('000080', 'dark');
    expect(parseInt(navy.slice(1, 3), 16) + parseInt(navy.slice(5, 7), 16)).toBeGreaterThan(300);
    expect(textColor('FFFF00', 'dark')).toBe('#FFFF00');
    const yellow = backgroundColor('FFFF00', 'dark');
    expect(parseInt(yellow.slice(1, 3), 16)).toBeLessThan(160);
    const html = render(docOf([para(text('x', { color: '000000' }))]), 'dark');
    expect(html).toContain('color-scheme:dark');
    expect(html).toContain('color:#E6E6E6'); // black text becomes the theme's light grey
  });

  it('renders tables with merges, borders, shading and a scrolling wrapper', () => {
    const t = tableOf([
      [[para('a')], [para('b')]],
      [[para('c')], [para('d')]],
      [[para('e')], [para('f')]],
    ]);
    t.props.borders = {
      top: { style: 'single', width: 0.5, color: '000000' },
      insideH: { style: 'dashed', width: 1 },
    };
    const [r0, r1, r2] = t.rows.map((r) => (r.type === 'row' ? r : undefined)!);
    r0!.cells[0]!.props = { ...r0!.cells[0]!.props, vMerge: 'restart', shading: 'D9D9D9' };
    r1!.cells[0]!.props = { ...r1!.cells[0]!.props, vMerge: 'continue' };
    r2!.cells = [
      { ...r2!.cells[0]!, props: { ...r2!.cells[0]!.props, gridSpan: 2, borders: { nil: ['top'] } } },
    ];
    const html = render(docOf([t]));
    expect(html).toContain('<div class="table-wrap">');
    expect(html).toMatch(
      /<td rowspan="2" style="border-top:0.5pt solid #000000;border-bottom:1pt dashed currentColor;background:#D9D9D9;[^"]*">/,
    );
    expect(html).toMatch(/<td colspan="2" style="padding/);
    expect(html.match(/<td/g)).toHaveLength(4);
  });

  it('shows numbering labels, fragment list labels, images and one header/footer without page numbers', () => {
    const numbering: Record<string, NumberingDefinition> = {
      '1': {
        abstractId: 'a',
        levels: [level('chineseCounting', '第%1条'), level('decimal', '%1.%2', { legal: true })],
        startOverrides: {},
      },
    };
    const numbered = (lvl: number, t: string): Block => ({
      type: 'paragraph',
      props: { ...PARA, numbering: { numId: '1', level: lvl } },
      children: [text(t)],
    });
    const png = pngBytes(10, 10);
    const doc: TemplateDocument = {
      ...docOf(
        [
          numbered(0, 'A'),
          numbered(1, 'a'),
          numbered(1, 'b'),
          numbered(0, 'B'),
          numbered(1, 'c'),
          { type: 'paragraph', props: { ...PARA, listLabel: '•' }, children: [text('li')] },
          para({ type: 'image', image: { media: 'm.png', width: 30, height: 15 } }),
        ],
        {
          headers: { default: [para('页眉')], first: [para('首页页眉')] },
          footers: { default: [para('第 ', { type: 'field', field: 'page', props: RUN }, ' 页')] },
        },
      ),
      numbering,
      media: { 'm.png': { contentType: 'image/png', bytes: png, pixelWidth: 10, pixelHeight: 10 } },
    };
    const html = render(doc);
    const labels = [...html.matchAll(/<span class="label">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(labels).toEqual(['第一条 ', '1.1 ', '1.2 ', '第二条 ', '2.1 ', '• ']);
    expect(html).toContain(`<img src="data:image/png;base64,${b64(png)}"`);
    expect(html).toContain('<header class="hf">');
    expect(html).toContain('页眉');
    expect(html).not.toContain('首页页眉');
    expect(html).not.toContain('<footer');
  });
});

describe('footnotes in the phone preview', () => {
  it('numbers the references in order and lists the footnotes after the text', () => {
    const ref = (id: string) => ({ type: 'footnote' as const, id });
    const doc: TemplateDocument = {
      ...docOf([para(text('甲'), ref('7')), para(text('乙'), ref('3'), ref('99'))]),
      footnotes: { '3': [para(text('注三'))], '7': [para(text('注七'))] },
    };
    const html = render(doc);
    expect(
      [...html.matchAll(/<sup class="fn-ref"><a href="#fn-(\d)">(\d)<\/a><\/sup>/g)].map((m) => m[2]),
    ).toEqual(['1', '2']);
    const list = html.slice(html.indexOf('<section class="footnotes">'));
    expect(list.indexOf('注七')).toBeLessThan(list.indexOf('注三'));
    expect(list).toContain('<li id="fn-1">');
  });

  it('lists endnotes after the footnotes, numbered i, ii', () => {
    const doc: TemplateDocument = {
      ...docOf([
        para(text('甲'), { type: 'endnote', id: '5' }, { type: 'footnote', id: '1' }),
        para(text('乙'), { type: 'endnote', id: '6' }),
      ]),
      footnotes: { '1': [para(text('脚注'))] },
      endnotes: { '5': [para(text('尾注五'))], '6': [para(text('尾注六'))] },
    };
    const html = render(doc);
    expect(
      [...html.matchAll(/<sup class="fn-ref"><a href="#(\w+-\d)">(\w+)<\/a>/g)].map((m) => m.slice(1)),
    ).toEqual([
      ['en-1', 'i'],
      ['fn-1', '1'],
      ['en-2', 'ii'],
    ]);
    expect(html.indexOf('<section class="footnotes">')).toBeLessThan(
      html.indexOf('<section class="endnotes"><ol type="i">'),
    );
    expect(html.indexOf('尾注五')).toBeLessThan(html.indexOf('尾注六'));
  });

  it('numbers notes as w:footnotePr / w:endnotePr say: ① written out, III from a start', () => {
    const base = docOf([
      para(text('甲'), { type: 'footnote', id: '1' }, { type: 'endnote', id: '5' }),
      para(text('乙'), { type: 'footnote', id: '2' }),
    ]);
    const doc: TemplateDocument = {
      ...base,
      settings: {
        ...base.settings,
        footnoteNumbering: { format: 'decimalEnclosedCircle', start: 1, restart: 'continuous' },
        endnoteNumbering: { format: 'upperRoman', start: 3, restart: 'continuous' },
      },
      footnotes: { '1': [para(text('注一'))], '2': [para(text('注二'))] },
      endnotes: { '5': [para(text('尾注'))] },
    };
    const html = render(doc);
    expect(
      [...html.matchAll(/<sup class="fn-ref"><a href="#\w+-\d">([^<]+)<\/a>/g)].map((m) => m[1]),
    ).toEqual(['①', 'III', '②']);
    expect(html).toContain('<ol style="list-style:none"><li id="fn-1"><span class="fn-num">①</span> ');
    expect(html).toContain('<section class="endnotes"><ol type="I" start="3">');
  });

  it('does not follow a reference inside a footnote (IR from elsewhere could loop)', () => {
    const doc: TemplateDocument = {
      ...docOf([para(text('甲'), { type: 'footnote', id: '1' })]),
      footnotes: { '1': [para(text('注'), { type: 'footnote', id: '1' })] },
    };
    expect(render(doc).match(/<li /g)).toHaveLength(1);
  });
});

describe('text boxes in the phone preview', () => {
  it('sets a text box before its paragraph, floated to its side, with fill, outline and content', () => {
    const box = textBoxOf({
      width: 120,
      height: 40,
      fill: 'FFF2CC',
      line: { color: 'C00000', width: 1 },
      insets: { left: 4, top: 2, right: 4, bottom: 2 },
      anchor: anchorOf({ alignH: 'right' }),
    });
    const doc: TemplateDocument = {
      ...docOf([para(text('正文'), box)]),
      textBoxes: { '1': [para(text('框内文字'))] },
    };
    const html = render(doc);
    const div = /<div class="textbox" style="([^"]*)">(.*?)<\/div><p/.exec(html);
    expect(div?.[2]).toContain('框内文字');
    expect(div?.[1]).toContain('float:right');
    expect(div?.[1]).toContain(`background:${backgroundColor('FFF2CC', 'light')}`);
    expect(html.indexOf('框内文字')).toBeLessThan(html.indexOf('正文'));
  });
});

describe('floating pictures in the phone preview', () => {
  it('puts top-and-bottom pictures on their own line at their side, floats the others', () => {
    const png = pngBytes(10, 10);
    const anchored = (wrap: 'topAndBottom' | 'square', alignH?: 'left' | 'center' | 'right') => ({
      type: 'image' as const,
      image: {
        media: 'm.png',
        width: 40,
        height: 40,
        anchor: {
          x: 0,
          y: 0,
          relativeFromH: 'column' as const,
          relativeFromV: 'paragraph' as const,
          wrap,
          behindText: false,
          ...(alignH ? { alignH } : {}),
        },
      },
    });
    const doc: TemplateDocument = {
      ...docOf([
        para(anchored('topAndBottom', 'right'), text('a')),
        para(anchored('topAndBottom', 'center'), text('b')),
        para(anchored('square', 'right'), text('c')),
        para(anchored('square'), text('d')),
      ]),
      media: { 'm.png': { contentType: 'image/png', bytes: png, pixelWidth: 10, pixelHeight: 10 } },
    };
    const styles = [...render(doc).matchAll(/<img [^>]*style="([^"]*)"/g)].map((m) =>
      m[1]!.split(';').slice(2).join(';'),
    );
    expect(styles).toEqual([
      'display:block;margin-left:auto',
      'display:block;margin:0 auto',
      'float:right;margin-left:6pt',
      'float:left;margin-right:6pt',
    ]);
  });
});

describe('numbering', () => {
  it('formats numbers in Word formats', () => {
    expect([1, 10, 11, 20, 21, 105, 1010].map((n) => formatNumber(n, 'chineseCounting'))).toEqual([
      '一',
      '十',
      '十一',
      '二十',
      '二十一',
      '一〇五',
      '一〇一〇',
    ]);
    expect([11, 105, 1010].map((n) => formatNumber(n, 'chineseCountingThousand'))).toEqual([
      '十一',
      '一百零五',
      '一千零一十',
    ]);
    expect([3, 14].map((n) => formatNumber(n, 'upperRoman'))).toEqual(['III', 'XIV']);
    expect([1, 27].map((n) => formatNumber(n, 'lowerLetter'))).toEqual(['a', 'aa']);
    expect(formatNumber(2, 'chineseLegalSimplified')).toBe('贰');
    expect(formatNumber(3, 'decimalEnclosedCircle')).toBe('③');
    expect(formatNumber(1, 'ideographTraditional')).toBe('甲');
    expect(formatNumber(7, 'decimalZero')).toBe('07');
  });

  it('continues a sequence over numbering instances of one abstract definition and honours start overrides', () => {
    const levels = [level('decimal', '%1.')];
    const counter = new NumberingCounter({
      '1': { abstractId: 'x', levels, startOverrides: {} },
      '2': { abstractId: 'x', levels, startOverrides: {} },
      '3': { abstractId: 'x', levels, startOverrides: { 0: 10 } },
    });
    expect(['1', '1', '2', '3', '3'].map((numId) => counter.next({ numId, level: 0 })?.text)).toEqual([
      '1.',
      '2.',
      '3.',
      '10.',
      '11.',
    ]);
    expect(counter.next({ numId: 'missing', level: 0 })).toBeUndefined();
  });
});

describe('VML shapes and rules in the phone preview', () => {
  it('draws shapes as inline SVG in their colours and rules as bars of their width and side', () => {
    const doc = docOf([
      para(
        {
          type: 'shape',
          shape: {
            kind: 'roundRect',
            width: 60,
            height: 20,
            radius: 3,
            fill: 'D9E2F3',
            line: { color: '2F5496', width: 1.5 },
          },
        },
        {
          type: 'shape',
          shape: {
            kind: 'line',
            width: 50,
            height: 10,
            flipH: true,
            line: { color: '000000', width: 1, dash: 'dashed' },
          },
        },
        {
          type: 'shape',
          shape: { kind: 'ellipse', width: 40, height: 24, anchor: anchorOf({ alignH: 'right' }) },
        },
      ),
      para({ type: 'rule', rule: { height: 3, align: 'center', widthShare: 0.5, color: 'C00000' } }),
    ]);
    const html = render(doc);
    expect(html).toContain(
      `<rect width="60" height="20" rx="3" fill="${backgroundColor('D9E2F3', 'light')}" stroke="${textColor('2F5496', 'light')}" stroke-width="1.5"/>`,
    );
    expect(html).toContain('<line x1="0" y1="10" x2="50" y2="0" stroke="');
    expect(html).toContain('stroke-dasharray="4"');
    expect(html).toMatch(
      /<svg class="shape" viewBox="0 0 40 24" style="[^"]*float:right[^"]*"[^>]*><ellipse [^>]*fill="none"\/>/,
    );
    expect(html).toMatch(
      /<span class="hr" role="separator" style="display:block;width:50%;max-width:100%;height:3pt;margin:0 auto;background:[^"]+"><\/span>/,
    );
  });
});
