import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HetongError } from './errors.js';
import {
  assertNoInvisibleCharacters,
  findInvisibleCharacters,
  firstInvisible,
  stripInvisible,
} from './invisible.js';

const BIDI = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];
const OTHER_FORMAT = [0x200b, 0x2060, 0xfeff, 0x00ad, 0x2061, 0xe0001, 0xfff9];
const CONTROLS = [0x00, 0x07, 0x1b, 0x7f, 0x85, 0x9b];

describe('invisible characters', () => {
  it.each([...BIDI, ...OTHER_FORMAT, ...CONTROLS])('finds U+%s', (cp) => {
    expect(firstInvisible(`金额${String.fromCodePoint(cp)}100`)).toEqual({ codePoint: cp });
  });

  it('lets ordinary text through: CJK, punctuation, tab/LF/CR, ZWNJ/ZWJ, emoji, Arabic letters', () => {
    for (const s of [
      '上海浦江数字科技有限公司',
      '¥4,650,000.00（大写：肆佰陆拾伍万元整）',
      'a\tb\nc\r\n',
      'می‌خواهم',
      '👨‍👩‍👧',
      'مرحبا',
    ])
      expect(firstInvisible(s)).toBeUndefined();
  });

  it('finds characters written as HTML references, numeric or named', () => {
    for (const s of ['&#x202E;x', '&#8238;x', '&#x202e x', '&rlm;', '&ZeroWidthSpace;'])
      expect(firstInvisible(s), s).toBeDefined();
    expect(firstInvisible('&amp; &#x4E2D; &lt;')).toBeUndefined();
  });

  it('names every field by its path, keys included', () => {
    const found = findInvisibleCharacters({
      title: 'ok',
      data: { items: [{ name: 'a' }, { name: 'b\u202e' }], ['k\u200f']: 1 },
    });
    expect(found).toEqual([
      { path: 'data.items[1].name', character: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE' },
      { path: 'data.k\u200f', character: 'U+200F', name: 'RIGHT-TO-LEFT MARK' },
    ]);
  });

  it('throws DATA_INVISIBLE_CHARACTERS (422) for the issue #14 amount', () => {
    let caught: unknown;
    try {
      assertNoInvisibleCharacters({ data: { amount: '\u202e000,056,4\u202c' } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HetongError);
    const e = caught as HetongError;
    expect([e.code, e.status]).toEqual(['DATA_INVISIBLE_CHARACTERS', 422]);
    expect(e.message).toContain('data.amount');
  });

  it('strips what it finds and nothing else (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 40 }), (s) => {
        const out = stripInvisible(s);
        expect(/(?![\u200c\u200d])\p{Cf}|(?![\t\n\r])\p{Cc}/u.test(out)).toBe(false);
        expect(stripInvisible(out)).toBe(out);
      }),
    );
  });
});
