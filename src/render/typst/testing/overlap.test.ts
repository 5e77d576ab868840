import { describe, expect, it } from 'vitest';
import { findOverprints, parseBbox, parseTrace, type PageWord } from './overlap.js';

const word = (text: string, xMin: number, xMax: number, yMin = 100, page = 1): PageWord => ({
  page,
  text,
  xMin,
  xMax,
  yMin,
  yMax: yMin + 12,
});

describe('overprint check', () => {
  it('reads words by page from pdftotext -bbox and pictures from mutool trace', () => {
    const html =
      '<doc><page width="595" height="842"><word xMin="90.0" yMin="100.5" xMax="120.0" yMax="112.5">甲&amp;乙</word></page>' +
      '<page width="595" height="842"><word xMin="90" yMin="80" xMax="100" yMax="92">x</word></page></doc>';
    expect(parseBbox(html)).toEqual([
      { page: 1, text: '甲&乙', xMin: 90, yMin: 100.5, xMax: 120, yMax: 112.5 },
      { page: 2, text: 'x', xMin: 90, yMin: 80, xMax: 100, yMax: 92 },
    ]);
    const trace =
      '<page number="1" mediabox="0 0 595 842"><clip_image_mask transform="90 0 -0 90 415.3 164.43"/>' +
      '<fill_image alpha="1" transform="90 0 -0 90 415.3 164.43" width="120" height="120"/></page>';
    expect(parseTrace(trace)).toEqual([{ page: 1, xMin: 415.3, xMax: 505.3, yMin: 164.43, yMax: 254.43 }]);
  });

  it('reports words printed over words and pictures over words, not neighbours or other pages', () => {
    const words = [word('正文一', 90, 150), word('正文二', 140, 200), word('下一行', 90, 150, 112.5)];
    expect(findOverprints(words).map((o) => [o.a.text, 'text' in o.b ? o.b.text : 'picture'])).toEqual([
      ['正文一', '正文二'],
    ]);
    expect(findOverprints([word('a', 90, 150), word('b', 150, 200), word('c', 120, 180, 100, 2)])).toEqual(
      [],
    );
    const picture = { page: 1, xMin: 180, xMax: 260, yMin: 90, yMax: 170 };
    expect(findOverprints([word('盖章', 190, 230)], [picture])).toHaveLength(1);
    expect(findOverprints([word('盖章', 190, 230)], [{ ...picture, page: 2 }])).toHaveLength(0);
  });

  it('counts compressed CJK punctuation at a word end as half an em', () => {
    // "（大写：" ends in a colon Typst set half wide; poppler gives it a full em.
    expect(findOverprints([word('元（大写：', 335.8, 390.3), word('壹佰贰拾', 384.8, 432.8)])).toEqual([]);
    expect(findOverprints([word('元（大写', 335.8, 390.3), word('壹佰贰拾', 384.8, 432.8)])).toHaveLength(1);
  });
});
