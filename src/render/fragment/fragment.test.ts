import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block, Paragraph, Table } from '../model.js';
import { b64, pngBytes } from '../tags/testing/images.js';
import { PARA, RUN, irText } from '../tags/testing/ir.js';
import { htmlToBlocks, htmlToInlines } from './index.js';

const base = { paragraph: PARA, run: RUN, textWidth: 400 };

function blocks(html: string): Block[] {
  return htmlToBlocks(html, base).blocks;
}

describe('htmlToBlocks', () => {
  it('turns paragraphs and inline formatting into runs', () => {
    const [p] = blocks(
      '<p>a <b>b</b><strong><i>c</i></strong><u>d</u><s>e</s><del>f</del><sup>g</sup><sub>h</sub>&amp;&lt;</p>',
    ) as [Paragraph];
    expect(p.children).toMatchObject([
      { text: 'a ', props: { bold: false } },
      { text: 'b', props: { bold: true } },
      { text: 'c', props: { bold: true, italic: true } },
      { text: 'd', props: { underline: 'single' } },
      { text: 'e', props: { strike: true } },
      { text: 'f', props: { strike: true } },
      { text: 'g', props: { verticalAlign: 'superscript' } },
      { text: 'h', props: { verticalAlign: 'subscript' } },
      { text: '&<' },
    ]);
  });

  it('reads span/font styles: colour, size, weight, alignment, background', () => {
    const [p] = blocks(
      '<div style="text-align: right"><span style="color: rgb(255, 0, 0); font-size: 16px; font-weight: 700; background-color: #ff0">x</span><font color="blue" size="5">y</font></div>',
    ) as [Paragraph];
    expect(p.props.align).toBe('right');
    expect(p.children).toMatchObject([
      { text: 'x', props: { color: 'FF0000', size: 12, bold: true, highlight: 'FFFF00' } },
      { text: 'y', props: { color: '0000FF', size: 18 } },
    ]);
  });

  it('collapses white space and turns <br> into line breaks', () => {
    const [p] = blocks('<p>\n  a   b <br>  c \n</p>') as [Paragraph];
    expect(p.children).toMatchObject([{ text: 'a b ' }, { type: 'break' }, { text: 'c' }]);
  });

  it('makes headings, and nested ordered/bulleted lists with labels and hanging indents', () => {
    const out = blocks(
      '<h1>T</h1><ol><li>one<ul><li>sub</li></ul></li><li>two</li></ol><ol start="5"><li>five</li></ol>',
    ) as Paragraph[];
    expect(out.map((p) => [irText([p]), p.props.listLabel, p.props.indentLeft, p.props.firstLine])).toEqual([
      ['T\n', undefined, 0, 0],
      ['one\n', '1.', 18, -18],
      ['sub\n', '◦', 36, -18],
      ['two\n', '2.', 18, -18],
      ['five\n', '5.', 18, -18],
    ]);
    expect(out[0]!.props.outlineLevel).toBe(0);
    expect(out[0]!.children[0]).toMatchObject({ props: { bold: true, size: 24 } });
  });

  it('makes tables with colspan, rowspan (vMerge continue cells), header rows and borders', () => {
    const [t] = blocks(
      '<table border="1"><thead><tr><th colspan="2">H</th><th>I</th></tr></thead>' +
        '<tbody><tr><td rowspan="2">A</td><td>B</td><td style="background-color:#eee">C</td></tr><tr><td>D</td><td>E</td></tr></tbody></table>',
    ) as [Table];
    expect(t.type).toBe('table');
    expect(t.props.grid).toHaveLength(3);
    expect(t.props.grid.reduce((a, b) => a + b)).toBeCloseTo(400);
    expect(t.props.borders.insideH).toMatchObject({ style: 'single' });
    const rows = t.rows.map((r) => (r.type === 'row' ? r : undefined)!);
    expect(rows[0]!.props.header).toBe(true);
    expect(rows[0]!.cells.map((c) => c.props.gridSpan)).toEqual([2, 1]);
    expect(rows[0]!.cells[0]!.blocks[0]).toMatchObject({
      props: { align: 'center' },
      children: [{ props: { bold: true } }],
    });
    expect(rows[1]!.cells.map((c) => c.props.vMerge)).toEqual(['restart', undefined, undefined]);
    expect(rows[1]!.cells[2]!.props.shading).toBe('EEEEEE');
    expect(rows[2]!.cells.map((c) => [c.props.vMerge, irText(c.blocks)])).toEqual([
      ['continue', '\n'],
      [undefined, 'D\n'],
      [undefined, 'E\n'],
    ]);
  });

  it('embeds data: PNG images and drops everything that could run or fetch', () => {
    const png = b64(pngBytes(800, 100));
    const result = htmlToBlocks(
      `<p onclick="alert(1)">ok<script>alert(2)</script><style>p{}</style><iframe src="https://x"></iframe>` +
        `<img src="https://evil.example/track.png"><img src="data:image/svg+xml;base64,PHN2Zy8+"><img src="data:image/png;base64,${png}" alt="seal"></p>` +
        `<object data="x"><p>inside</p></object><a href="javascript:alert(3)">link</a>`,
      base,
    );
    expect(irText(result.blocks)).toBe('ok[img]\nlink\n');
    const image = (result.blocks[0] as Paragraph).children.find((i) => i.type === 'image');
    expect(image).toMatchObject({ image: { width: 400, height: 50, alt: 'seal' } });
    expect(Object.values(result.media)).toMatchObject([{ contentType: 'image/png', pixelWidth: 800 }]);
    expect(result.warnings.map((w) => w.code).sort()).toEqual([
      'HTML_ELEMENT_DROPPED',
      'HTML_ELEMENT_DROPPED',
      'HTML_ELEMENT_DROPPED',
      'HTML_ELEMENT_DROPPED',
      'HTML_IMAGE_DROPPED',
      'HTML_IMAGE_DROPPED',
    ]);
    expect(JSON.stringify(result.blocks)).not.toMatch(/alert|evil|javascript/);
  });

  it('never throws and never lets markup through as text of an element it dropped', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '<p>',
            '</p>',
            '<b>',
            '</b>',
            '<td>',
            '<tr>',
            '<table>',
            '</table>',
            '<li>',
            '<ul>',
            '<br>',
            'x',
            ' ',
            '<script>',
            'y',
            '</script>',
            '<img src=x>',
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          const html = parts.join('');
          const out = htmlToBlocks(html, base);
          expect(irText(out.blocks)).not.toMatch(/[<>]/);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('htmlToInlines', () => {
  it('flattens blocks into line-broken inlines', () => {
    const { inlines } = htmlToInlines('<p>a</p><p><i>b</i></p><ul><li>c</li></ul>', RUN);
    expect(inlines.map((i) => (i.type === 'text' ? i.text : i.type))).toEqual([
      'a',
      'break',
      'b',
      'break',
      '• ',
      'c',
    ]);
  });
});
