import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText, lcsLength, tokens } from './compare.js';

describe('tokens', () => {
  it('splits CJK into characters and keeps Latin words and numbers whole', () => {
    expect(tokens('合同编号：HT-2025 共 1,280,000.00 元 Version 2.1')).toEqual([
      '合', '同', '编', '号', ':', 'HT', '-', '2025', '共', '1,280,000.00', '元', 'Version', '2.1',
    ]); // prettier-ignore
  });

  it('reads a tab leader of any length as one token', () => {
    expect(tokens('第一条 合同标的........1')).toEqual(
      tokens('第一条 合同标的...............................1'),
    );
    expect(tokens('签字：____ 日期：__________')).toEqual([
      '签',
      '字',
      ':',
      '<leader _>',
      '日',
      '期',
      ':',
      '<leader _>',
    ]);
  });

  it('ignores whitespace and line breaks between CJK characters and punctuation', () => {
    const cjk = fc.string({ unit: fc.constantFrom(...'合同甲乙方第一条，。：（）、'), maxLength: 30 });
    const ws = fc.array(fc.constantFrom(' ', '\n', '\t', '\f'), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(cjk, ws, (s, w) => {
        expect(tokens([...s].join(w.join('')))).toEqual(tokens(s));
      }),
    );
  });
});

describe('compareText', () => {
  it('is 1 for equal text up to whitespace, symmetric, and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        expect(compareText(a, a.replace(/ /g, '\n  ')).ratio).toBe(1);
        const ab = compareText(a, b).ratio;
        expect(ab).toBeCloseTo(compareText(b, a).ratio, 12);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('measures a dropped clause and names what is missing', () => {
    const ref = '第一条 合同标的。第二条 服务期限。第三条 费用。';
    const cmp = compareText(ref, '第一条 合同标的。第三条 费用。');
    expect(cmp.ratio).toBeCloseTo((2 * 14) / (22 + 14), 5);
    expect(cmp.missing.join('')).toContain('服');
  });

  it('lcsLength matches the textbook examples', () => {
    expect(lcsLength([...'ABCBDAB'], [...'BDCABA'])).toBe(4);
    expect(lcsLength([], [...'abc'])).toBe(0);
  });
});
