import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FORMAT_SPECS,
  formatNumber,
  MAX_REPEATED,
  readNumberFormat,
  type NumberFormat,
} from './number-format.js';

const ALL = Object.keys(FORMAT_SPECS) as NumberFormat[];
const table = (format: NumberFormat, values: Record<number, string>) =>
  Object.entries(values).map(([n, text]) => [format, Number(n), text] as const);

describe('formatNumber: the values Word shows', () => {
  it.each([
    ...table('chineseCounting', {
      0: '〇',
      1: '一',
      9: '九',
      10: '十',
      11: '十一',
      19: '十九',
      20: '二十',
      21: '二十一',
      99: '九十九',
      100: '一〇〇',
      101: '一〇一',
      110: '一一〇',
      1000: '一〇〇〇',
      10000: '一〇〇〇〇',
    }),
    ...table('chineseCountingThousand', {
      1: '一',
      10: '十',
      11: '十一',
      19: '十九',
      20: '二十',
      21: '二十一',
      100: '一百',
      101: '一百零一',
      110: '一百一十',
      111: '一百一十一',
      1000: '一千',
      1001: '一千零一',
      1010: '一千零一十',
      1100: '一千一百',
      10000: '一万',
      10001: '一万零一',
      10100: '一万零一百',
      11000: '一万一千',
      100000: '一十万',
      123456: '一十二万三千四百五十六',
      100000000: '一亿',
      100000001: '一亿零一',
    }),
    ...table('chineseLegalSimplified', {
      1: '壹',
      2: '贰',
      3: '叁',
      10: '壹拾',
      11: '壹拾壹',
      20: '贰拾',
      21: '贰拾壹',
      100: '壹佰',
      101: '壹佰零壹',
      110: '壹佰壹拾',
      1000: '壹仟',
      10000: '壹万',
      10010: '壹万零壹拾',
    }),
    ...table('ideographLegalTraditional', { 2: '貳', 3: '參', 10: '壹拾', 10000: '壹萬' }),
    ...table('taiwaneseCountingThousand', { 11: '十一', 101: '一百零一', 10000: '一萬' }),
    ...table('taiwaneseCounting', { 11: '十一', 100: '一〇〇' }),
    ...table('japaneseCounting', {
      10: '十',
      11: '十一',
      101: '百一',
      1001: '千一',
      10000: '一万',
      2345: '二千三百四十五',
    }),
    ...table('ideographDigital', { 1: '一', 10: '一〇', 2024: '二〇二四' }),
    ...table('ideographTraditional', { 1: '甲', 2: '乙', 3: '丙', 10: '癸', 11: '甲', 20: '癸', 21: '甲' }),
    ...table('ideographZodiac', { 1: '子', 2: '丑', 3: '寅', 12: '亥', 13: '子' }),
    ...table('ideographZodiacTraditional', { 1: '甲子', 2: '乙丑', 11: '甲戌', 60: '癸亥', 61: '甲子' }),
    ...table('ideographEnclosedCircle', { 1: '㈠', 10: '㈩', 11: '11' }),
    ...table('decimalEnclosedCircle', { 1: '①', 10: '⑩', 20: '⑳', 21: '21', 0: '0' }),
    ...table('decimalEnclosedParen', { 1: '⑴', 20: '⒇', 21: '21' }),
    ...table('decimalEnclosedFullstop', { 1: '⒈', 20: '⒛', 21: '21' }),
    ...table('upperRoman', {
      1: 'I',
      4: 'IV',
      9: 'IX',
      14: 'XIV',
      40: 'XL',
      90: 'XC',
      400: 'CD',
      1999: 'MCMXCIX',
      3999: 'MMMCMXCIX',
      4000: 'MMMM',
    }),
    ...table('lowerRoman', { 3: 'iii', 1994: 'mcmxciv' }),
    ...table('upperLetter', { 1: 'A', 26: 'Z', 27: 'AA', 28: 'BB', 52: 'ZZ', 53: 'AAA' }),
    ...table('lowerLetter', { 1: 'a', 27: 'aa', 78: 'zzz' }),
    ...table('decimalZero', { 0: '00', 1: '01', 9: '09', 10: '10', 100: '100' }),
    ...table('decimalFullWidth', { 1: '１', 10: '１０', 2024: '２０２４' }),
    ...table('ordinal', {
      1: '1st',
      2: '2nd',
      3: '3rd',
      4: '4th',
      11: '11th',
      12: '12th',
      13: '13th',
      21: '21st',
      112: '112th',
      101: '101st',
    }),
    ...table('chicago', { 1: '*', 2: '†', 3: '‡', 4: '§', 5: '**', 8: '§§', 9: '***' }),
    ...table('numberInDash', { 7: '- 7 -' }),
    ...table('hex', { 255: 'FF' }),
    ...table('none', { 5: '' }),
  ])('%s %i → %s', (format, n, text) => {
    expect(formatNumber(n, format)).toBe(text);
  });
});

describe('formatNumber: properties', () => {
  const formats = fc.constantFrom(...ALL);

  it('never throws and gives a string for any integer in any format', () => {
    fc.assert(
      fc.property(formats, fc.integer({ min: -1e9, max: 1e9 }), (f, n) => {
        expect(typeof formatNumber(n, f)).toBe('string');
      }),
    );
  });

  it('gives distinct labels to distinct numbers in the positional and counting systems', () => {
    const injective: NumberFormat[] = [
      'decimal',
      'decimalZero',
      'decimalFullWidth',
      'upperRoman',
      'lowerRoman',
      'upperLetter',
      'lowerLetter',
      'chineseCounting',
      'chineseCountingThousand',
      'chineseLegalSimplified',
      'ideographLegalTraditional',
      'japaneseCounting',
      'ideographDigital',
      'taiwaneseCountingThousand',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...injective),
        fc.integer({ min: 1, max: 2600 }),
        fc.integer({ min: 1, max: 2600 }),
        (f, a, b) => {
          fc.pre(a !== b);
          expect(formatNumber(a, f)).not.toBe(formatNumber(b, f));
        },
      ),
    );
  });

  it('counts like the spoken number: 十 only below 20 and with 一 after a higher place', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 99_999_999 }), (n) => {
        const text = formatNumber(n, 'chineseCountingThousand');
        expect(text.startsWith('十')).toBe(false);
        expect(text).not.toMatch(/零零|零$/);
      }),
    );
  });

  it('the digit systems read back to the number', () => {
    const back = (s: string, digits: string) => Number([...s].map((c) => digits.indexOf(c)).join(''));
    fc.assert(
      fc.property(fc.nat(1e9), (n) => {
        expect(back(formatNumber(n, 'ideographDigital'), '〇一二三四五六七八九')).toBe(n);
        expect(back(formatNumber(n, 'decimalFullWidth'), '０１２３４５６７８９')).toBe(n);
      }),
    );
  });

  it('shows decimal where a system has no sign for the number', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_REPEATED + 1, max: 2 ** 31 }), (n) => {
        expect(formatNumber(n, 'lowerLetter')).toBe(String(n));
        expect(formatNumber(n, 'upperRoman')).toBe(String(n));
        expect(formatNumber(n, 'decimalEnclosedCircle')).toBe(String(n));
      }),
    );
  });
});

describe('readNumberFormat', () => {
  it('reads ST_NumberFormat values, maps close relatives and refuses the unknown', () => {
    expect(readNumberFormat('chineseCounting')).toBe('chineseCounting');
    expect(readNumberFormat('decimalEnclosedCircleChinese')).toBe('decimalEnclosedCircle');
    expect(readNumberFormat('decimalHalfWidth')).toBe('decimal');
    expect(readNumberFormat('hebrew1')).toBeUndefined();
    expect(readNumberFormat('toString')).toBeUndefined();
  });
});
