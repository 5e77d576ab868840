import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block, Inline, Paragraph, Table, TableRow } from '../../model.js';
import { parseDocx } from '../index.js';
import { STANDARD_DOCX } from '../../../../test/shared-bench.js';

// The project's standard benchmark contract (../shared/bench relative to the repository).
const path = STANDARD_DOCX;

const inlineText = (xs: Inline[]): string =>
  xs
    .map((i) =>
      i.type === 'text' ? i.text : i.type === 'field' ? `[${i.field}]` : i.type === 'tab' ? '\t' : '',
    )
    .join('');
const paragraphs = (blocks: Block[]): Paragraph[] =>
  blocks.filter((b): b is Paragraph => b.type === 'paragraph');

describe('the standard contract', () => {
  const doc = parseDocx(readFileSync(path));

  it('is A4 portrait with its margins', () => {
    expect(doc.finalSection).toMatchObject({ pageWidth: 595.3, pageHeight: 841.9, orientation: 'portrait' });
    expect(doc.finalSection.margins.left).toBeCloseTo(56.7, 1);
  });

  it('has its twelve articles as headings, in order', () => {
    const articles = paragraphs(doc.body)
      .map((p) => inlineText(p.children))
      .filter((t) => /^第[一二三四五六七八九十]+条/.test(t));
    expect(articles).toHaveLength(12);
    expect(articles[0]).toBe('第一条　合同标的');
    expect(articles[11]).toBe('第十二条　其他');
  });

  it('keeps every tag in one text inline', () => {
    const all = paragraphs(doc.body)
      .map((p) => inlineText(p.children))
      .join('\n');
    for (const tag of [
      '{contractNo}',
      '{partyA}',
      '{partyB}',
      '{city}',
      '{startDate}',
      '{endDate}',
      '{amount}',
      '{amountCN}',
      '{signDate}',
    ]) {
      expect(all).toContain(tag);
    }
  });

  it('reads the fee table: merged header cells and the {#items} row', () => {
    const fee = doc.body.find((b): b is Table => b.type === 'table')!;
    const rows = fee.rows as TableRow[];
    expect(fee.props.grid).toHaveLength(6);
    expect(rows[0]!.cells.map((c) => [c.props.gridSpan, c.props.vMerge])).toEqual([
      [1, 'restart'],
      [1, 'restart'],
      [1, 'restart'],
      [3, undefined],
    ]);
    expect(rows[1]!.cells.slice(0, 3).every((c) => c.props.vMerge === 'continue')).toBe(true);
    const loop = rows[2]!.cells.map((c) => inlineText((c.blocks[0] as Paragraph).children));
    expect(loop[0]).toBe('{#items}{idx}');
    expect(loop[5]).toBe('{total}{/items}');
    expect(rows[3]!.cells[0]!.props.gridSpan).toBe(5);
  });

  it('has the header with the contract number and the footer with PAGE and NUMPAGES', () => {
    expect(inlineText(paragraphs(doc.finalSection.headers.default!)[0]!.children)).toContain('{contractNo}');
    expect(inlineText(paragraphs(doc.finalSection.footers.default!)[0]!.children)).toBe(
      '第 [page] 页 共 [numpages] 页',
    );
  });

  it('carries the seal image into the signature block', () => {
    const sign = doc.body.filter((b): b is Table => b.type === 'table')[1]!;
    const images = (sign.rows[0] as TableRow).cells[0]!.blocks.flatMap(
      (b) => (b as Paragraph).children,
    ).filter((i) => i.type === 'image');
    expect(images).toHaveLength(1);
    const media = doc.media['word/media/image1.png']!;
    expect(media.contentType).toBe('image/png');
    expect(media.pixelWidth).toBeGreaterThan(0);
    expect(doc.warnings).toEqual([]);
  });
});
