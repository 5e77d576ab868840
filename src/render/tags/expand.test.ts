import { describe, expect, it } from 'vitest';
import type { Block, Inline, TemplateDocument } from '../model.js';
import { applyTags, expandDocument } from './index.js';
import { docOf, irText, para, tableOf, text } from './testing/ir.js';
import { b64, pngBytes } from './testing/images.js';

function expand(doc: TemplateDocument, data: unknown): TemplateDocument {
  return expandDocument(applyTags(doc).doc, data);
}

function hasTagNodes(blocks: Block[]): boolean {
  const bad = (i: Inline): boolean => ['tag', 'value', 'imageValue', 'htmlValue', 'section'].includes(i.type);
  return blocks.some((b) => {
    if (b.type === 'paragraph') return b.children.some(bad);
    if (b.type === 'table')
      return b.rows.some((r) => r.type !== 'row' || r.cells.some((c) => hasTagNodes(c.blocks)));
    return b.type === 'section' || b.type === 'htmlBlock';
  });
}

describe('expandDocument', () => {
  it('fills headers and footers and leaves no tag nodes', () => {
    const doc = docOf([para('{#items}{name};{/items}')], {
      headers: { default: [para('合同 {no}')] },
      footers: { default: [para('{#x}{y}{/x}')] },
    });
    const out = expand(doc, { no: 'HT-9', items: [{ name: 'a' }], x: { y: 'Y' } });
    expect(irText(out.finalSection.headers.default!)).toBe('合同 HT-9\n');
    expect(irText(out.finalSection.footers.default!)).toBe('Y\n');
    expect(hasTagNodes(out.body)).toBe(false);
  });

  it('keeps the tag run props on values and converts numbers, booleans, null', () => {
    const { doc } = applyTags(docOf([para(text('{n}', { bold: true }), '{b}{z}')]));
    const out = expandDocument(doc, { n: 12.5, b: false, z: null });
    expect(out.body[0]).toMatchObject({
      children: [
        { type: 'text', text: '12.5', props: { bold: true } },
        { type: 'text', text: 'false' },
      ],
    });
  });

  it('adds images to the media with their size, deduplicated, capped to the text width', () => {
    const png = pngBytes(40, 20);
    const big = pngBytes(1000, 100);
    const out = expand(docOf([para('{%a}{%b}{%c}{%none}')]), {
      a: b64(png),
      b: { data: `data:image/png;base64,${b64(png)}`, width: 80 },
      c: b64(big),
    });
    const images = (out.body[0] as { children: Inline[] }).children.filter((i) => i.type === 'image');
    expect(images).toHaveLength(3);
    const [a, b, c] = images.map((i) => (i.type === 'image' ? i.image : undefined));
    expect(a).toMatchObject({ width: 30, height: 15 });
    expect(b).toMatchObject({ width: 60, height: 30 });
    expect(a!.media).toBe(b!.media);
    expect(out.media[a!.media]).toMatchObject({ contentType: 'image/png', pixelWidth: 40, pixelHeight: 20 });
    expect(c!.width).toBeCloseTo(595.3 - 144);
    expect(Object.keys(out.media)).toHaveLength(2);
  });

  it('expands HTML inline and as blocks, with the tag formatting as base', () => {
    const out = expand(docOf([para('条款：{~short}。'), para('{~~clause}')]), {
      short: 'a <b>bold</b><br>b',
      clause:
        '<h2>标题</h2><p style="text-align:center">居中 <span style="color:#f00">红</span></p><ul><li>一</li><li>二</li></ul>',
    });
    expect(irText(out.body)).toBe('条款：a bold⏎b。\n标题\n居中 红\n一\n二\n');
    const [, h2, p, li] = out.body;
    expect(h2).toMatchObject({ props: { outlineLevel: 1 }, children: [{ props: { bold: true, size: 18 } }] });
    expect(p).toMatchObject({
      props: { align: 'center' },
      children: [{ text: '居中 ' }, { text: '红', props: { color: 'FF0000' } }],
    });
    expect(li).toMatchObject({ props: { listLabel: '•', firstLine: -18 } });
  });

  it('repeats table rows and drops them for an empty list', () => {
    const table = tableOf([[[para('head')]], [[para('{#rows}{a}')], [para('{b}{/rows}')]]]);
    const header = table.rows[0]!;
    if (header.type === 'row') {
      header.props = { ...header.props, header: true };
      header.cells[0]!.props = { ...header.cells[0]!.props, gridSpan: 2 };
    }
    const doc = docOf([table]);
    expect(
      irText(
        expand(doc, {
          rows: [
            { a: 1, b: 2 },
            { a: 3, b: 4 },
          ],
        }).body,
      ),
    ).toBe('head\n|/1\n|2\n|/3\n|4\n|/');
    expect(irText(expand(doc, { rows: [] }).body)).toBe('head\n|/');
  });
});

describe('expandDocument in table cells', () => {
  it('caps images to the width of their cell', () => {
    const t = tableOf([[[para('{%seal}')], [para('x')]]]);
    t.props.grid = [120, 300];
    const out = expand(docOf([t]), { seal: b64(pngBytes(400, 400)) });
    const row = (out.body[0] as { rows: { cells: { blocks: { children: Inline[] }[] }[] }[] }).rows[0]!;
    const image = row.cells[0]!.blocks[0]!.children[0]!;
    expect(image.type).toBe('image');
    if (image.type !== 'image') return;
    expect(image.image.width).toBeCloseTo(120 - 2 * 5.4); // grid column minus the cell margins
    expect(image.image.height).toBeCloseTo(image.image.width);
  });
});
