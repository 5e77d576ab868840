/**
 * Number formats of Word's automatic numbers (ECMA-376 Part 1 §17.18.59 ST_NumberFormat): list
 * labels, footnote and endnote references, page numbers. One pure formatter for every back end:
 * the HTML preview calls `formatNumber`; the Typst back end numbers at layout time, so it runs the
 * same algorithms in Typst (typst/number-format.ts) over the same tables (`FORMAT_SPECS`), and a
 * test compares the two on every format.
 *
 * Word's rules, where the standard only names the system (sources: [MS-OI29500] §2.1.1338 on the
 * CJK "TypeA/TypeC" schemes; LibreOffice's and OnlyOffice's Word-compatible implementations):
 * - chineseCounting: 一 … 九, 十, 十一 … 九十九 with 十, then digit by digit: 一〇〇, 一〇一.
 * - chineseCountingThousand: 十, 十一 … 一百, 一百零一, 一百一十, 一千, 一万 — a skipped place
 *   is one 零; "一十" is shortened to 十 only below 20.
 * - chineseLegalSimplified: 壹, 壹拾, 壹拾壹, 壹佰零壹, 壹仟 (legal forms never drop the 壹).
 * - ideographDigital: digit by digit, 〇一二 … (10 → 一〇).
 * - ideographTraditional 甲 … 癸 (a cycle of 10), ideographZodiac 子 … 亥 (12),
 *   ideographZodiacTraditional 甲子 … 癸亥 (60).
 * - decimalEnclosedCircle ① … ⑳, then plain decimal (§17.18.59: "for values greater than the
 *   size of the set, the items fall back to the decimal format").
 * - upperLetter / lowerLetter: A … Z, AA … ZZ, AAA (the letter repeated, not base 26).
 * Numbers a format cannot show (0 in a letter or roman format, negatives) fall back to decimal.
 */

/** The formats this engine shows exactly; other ST_NumberFormat values map to one of these. */
export type NumberFormat =
  | 'decimal'
  | 'decimalZero'
  | 'decimalFullWidth'
  | 'upperRoman'
  | 'lowerRoman'
  | 'upperLetter'
  | 'lowerLetter'
  | 'ordinal'
  | 'hex'
  | 'numberInDash'
  | 'chicago'
  | 'chineseCounting'
  | 'chineseCountingThousand'
  | 'chineseLegalSimplified'
  | 'taiwaneseCounting'
  | 'taiwaneseCountingThousand'
  | 'taiwaneseDigital'
  | 'ideographLegalTraditional'
  | 'ideographDigital'
  | 'japaneseCounting'
  | 'ideographTraditional'
  | 'ideographZodiac'
  | 'ideographZodiacTraditional'
  | 'ideographEnclosedCircle'
  | 'decimalEnclosedCircle'
  | 'decimalEnclosedParen'
  | 'decimalEnclosedFullstop'
  | 'bullet'
  | 'none';

/**
 * How each format is computed, as data, so the TypeScript and Typst implementations share it:
 * - digits: the decimal digits replaced one by one (`digits[0..9]`);
 * - tens: counting with a tens sign below 100 (十一, 二十一), digit by digit from 100;
 * - myriad: counting in groups of 10,000 with place signs; `zero` fills a skipped place (none in
 *   Japanese); `elideOne` drops the 1 before 十/百/千 always (Japanese) or only below 20 (Chinese);
 * - cycle: `symbols[(n - 1) mod length]`; enclosed: `symbols[n - 1]` while there is one, then decimal;
 * - letters: the letter repeated once per round of the alphabet; chicago likewise with * † ‡ §.
 */
export type FormatSpec =
  | { kind: 'decimal' | 'decimalZero' | 'ordinal' | 'hex' | 'numberInDash' | 'none' }
  | { kind: 'roman'; upper: boolean }
  | { kind: 'letters'; symbols: string[] }
  | { kind: 'digits'; digits: string[] }
  | { kind: 'tens'; digits: string[]; ten: string }
  | {
      kind: 'myriad';
      digits: string[];
      /** 十, 百, 千 (or their legal forms). */
      units: [string, string, string];
      myriad: string;
      hundredMillion: string;
      zero: string;
      elideOne: 'always' | 'below20' | 'never';
    }
  | { kind: 'cycle' | 'enclosed'; symbols: string[] };

const chars = (s: string): string[] => [...s];
const range = (from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => String.fromCodePoint(from + i));

const IDEOGRAPH_DIGITS = chars('〇一二三四五六七八九');
const STEMS = chars('甲乙丙丁戊己庚辛壬癸');
const BRANCHES = chars('子丑寅卯辰巳午未申酉戌亥');

export const FORMAT_SPECS: Record<NumberFormat, FormatSpec> = {
  decimal: { kind: 'decimal' },
  decimalZero: { kind: 'decimalZero' },
  decimalFullWidth: { kind: 'digits', digits: range(0xff10, 10) },
  upperRoman: { kind: 'roman', upper: true },
  lowerRoman: { kind: 'roman', upper: false },
  upperLetter: { kind: 'letters', symbols: range(0x41, 26) },
  lowerLetter: { kind: 'letters', symbols: range(0x61, 26) },
  ordinal: { kind: 'ordinal' },
  hex: { kind: 'hex' },
  numberInDash: { kind: 'numberInDash' },
  // §17.18.59 chicago: *, †, ‡, §, then doubled, tripled …
  chicago: { kind: 'letters', symbols: chars('*†‡§') },
  chineseCounting: { kind: 'tens', digits: IDEOGRAPH_DIGITS, ten: '十' },
  taiwaneseCounting: { kind: 'tens', digits: IDEOGRAPH_DIGITS, ten: '十' },
  chineseCountingThousand: {
    kind: 'myriad',
    digits: IDEOGRAPH_DIGITS,
    units: ['十', '百', '千'],
    myriad: '万',
    hundredMillion: '亿',
    zero: '零',
    elideOne: 'below20',
  },
  taiwaneseCountingThousand: {
    kind: 'myriad',
    digits: IDEOGRAPH_DIGITS,
    units: ['十', '百', '千'],
    myriad: '萬',
    hundredMillion: '億',
    zero: '零',
    elideOne: 'below20',
  },
  chineseLegalSimplified: {
    kind: 'myriad',
    digits: chars('零壹贰叁肆伍陆柒捌玖'),
    units: ['拾', '佰', '仟'],
    myriad: '万',
    hundredMillion: '亿',
    zero: '零',
    elideOne: 'never',
  },
  ideographLegalTraditional: {
    kind: 'myriad',
    digits: chars('零壹貳參肆伍陸柒捌玖'),
    units: ['拾', '佰', '仟'],
    myriad: '萬',
    hundredMillion: '億',
    zero: '零',
    elideOne: 'never',
  },
  japaneseCounting: {
    kind: 'myriad',
    digits: IDEOGRAPH_DIGITS,
    units: ['十', '百', '千'],
    myriad: '万',
    hundredMillion: '億',
    zero: '',
    elideOne: 'always',
  },
  ideographDigital: { kind: 'digits', digits: IDEOGRAPH_DIGITS },
  taiwaneseDigital: { kind: 'digits', digits: IDEOGRAPH_DIGITS },
  ideographTraditional: { kind: 'cycle', symbols: STEMS },
  ideographZodiac: { kind: 'cycle', symbols: BRANCHES },
  ideographZodiacTraditional: {
    kind: 'cycle',
    symbols: Array.from({ length: 60 }, (_, i) => STEMS[i % 10]! + BRANCHES[i % 12]!),
  },
  // ㈠ … ㈩ (U+3220), ① … ⑳ (U+2460), ⑴ … ⒇ (U+2474), ⒈ … ⒛ (U+2488).
  ideographEnclosedCircle: { kind: 'enclosed', symbols: range(0x3220, 10) },
  decimalEnclosedCircle: { kind: 'enclosed', symbols: range(0x2460, 20) },
  decimalEnclosedParen: { kind: 'enclosed', symbols: range(0x2474, 20) },
  decimalEnclosedFullstop: { kind: 'enclosed', symbols: range(0x2488, 20) },
  bullet: { kind: 'none' },
  none: { kind: 'none' },
};

/**
 * ST_NumberFormat values shown with another format: the same digits in other glyph widths, or a
 * close system. Values absent here and from FORMAT_SPECS (e.g. hebrew1, cardinalText) are unknown
 * to the engine: `readNumberFormat` returns undefined and the caller warns and shows decimal.
 */
const ALIASES: Record<string, NumberFormat> = {
  decimalHalfWidth: 'decimal',
  decimalFullWidth2: 'decimalFullWidth',
  decimalEnclosedCircleChinese: 'decimalEnclosedCircle',
  japaneseDigitalTenThousand: 'ideographDigital',
  japaneseLegal: 'ideographLegalTraditional',
};

/** The NumberFormat of a w:numFmt / w:pgNumType w:fmt value, or undefined when unsupported. */
export function readNumberFormat(value: string): NumberFormat | undefined {
  if (Object.hasOwn(FORMAT_SPECS, value)) return value as NumberFormat;
  return Object.hasOwn(ALIASES, value) ? ALIASES[value] : undefined;
}

/**
 * Above this, letters, chicago marks and roman numerals show decimal, so that a hostile w:start
 * of 2^31 cannot build a string of millions of letters (32,767 is Word's largest list number).
 */
export const MAX_REPEATED = 32_767;
/** Most repeats of one sign in the letter systems (AAA… of 100 letters). */
export const MAX_REPEATS = 100;

const ROMAN: [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

function roman(n: number): string {
  let out = '';
  for (const [v, s] of ROMAN) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

type MyriadSpec = Extract<FormatSpec, { kind: 'myriad' }>;

/** One group below 10,000: 千 百 十 and ones, one `zero` for any run of skipped places. */
function myriadGroup(g: number, s: MyriadSpec, elideOne: boolean): string {
  const places = [Math.floor(g / 1000), Math.floor(g / 100) % 10, Math.floor(g / 10) % 10, g % 10];
  const units = [s.units[2], s.units[1], s.units[0], ''];
  let out = '';
  let seen = false;
  let gap = false;
  for (let i = 0; i < 4; i++) {
    const d = places[i]!;
    if (d === 0) {
      if (seen) gap = true;
      continue;
    }
    if (gap) out += s.zero;
    gap = false;
    out += (d === 1 && i < 3 && elideOne ? '' : s.digits[d]!) + units[i]!;
    seen = true;
  }
  return out;
}

function myriad(n: number, s: MyriadSpec, whole: number): string {
  if (n >= 100_000_000) {
    const rest = n % 100_000_000;
    const head = myriad(Math.floor(n / 100_000_000), s, whole) + s.hundredMillion;
    if (rest === 0) return head;
    return head + (rest < 10_000_000 ? s.zero : '') + myriad(rest, s, whole);
  }
  const elide = s.elideOne === 'always' || (s.elideOne === 'below20' && whole < 20);
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  let out = high > 0 ? myriadGroup(high, s, elide) + s.myriad : '';
  if (low > 0) out += (high > 0 && low < 1000 ? s.zero : '') + myriadGroup(low, s, elide);
  return out;
}

/** `n` (an integer) in `format`, as Word shows it. */
export function formatNumber(n: number, format: NumberFormat): string {
  const spec = FORMAT_SPECS[format];
  if (spec.kind === 'none') return '';
  if (!Number.isSafeInteger(n) || n < 0) return String(n);
  switch (spec.kind) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'digits':
      return [...String(n)].map((c) => spec.digits[c.charCodeAt(0) - 48]!).join('');
    case 'hex':
      return n.toString(16).toUpperCase();
    case 'numberInDash':
      return `- ${n} -`;
    case 'ordinal':
      return ordinal(n);
    case 'tens': {
      if (n < 10) return spec.digits[n]!;
      if (n >= 100) return [...String(n)].map((c) => spec.digits[c.charCodeAt(0) - 48]!).join('');
      const t = Math.floor(n / 10);
      return (t > 1 ? spec.digits[t]! : '') + spec.ten + (n % 10 ? spec.digits[n % 10]! : '');
    }
    case 'myriad':
      return n === 0 ? spec.digits[0]! : myriad(n, spec, n);
  }
  // The remaining systems have no zero: Word shows it in decimal. Repeating systems stop at
  // MAX_REPEATED (a hostile w:start of 2^31 must not build a string of millions of letters).
  if (n === 0) return '0';
  switch (spec.kind) {
    case 'roman':
      if (n > MAX_REPEATED) return String(n);
      return spec.upper ? roman(n) : roman(n).toLowerCase();
    case 'letters': {
      const len = spec.symbols.length;
      if (n > MAX_REPEATED || n > len * MAX_REPEATS) return String(n);
      return spec.symbols[(n - 1) % len]!.repeat(Math.floor((n - 1) / len) + 1);
    }
    case 'cycle':
      return spec.symbols[(n - 1) % spec.symbols.length]!;
    case 'enclosed':
      return spec.symbols[n - 1] ?? String(n);
  }
}
