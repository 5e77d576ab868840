/**
 * Numbering labels for the HTML preview (ECMA-376 Part 1 §17.9): numbering instances (w:num)
 * sharing an abstract definition continue one sequence; a level restarts after a higher level
 * (or after the level named by w:lvlRestart, §17.9.10); w:lvlText placeholders %1..%9 take each
 * level's current number in that level's format (§17.18.59 ST_NumberFormat), decimal when isLgl.
 */
import type { NumberFormat, NumberingDefinition, NumberingLevel, NumberingRef } from '../model.js';

const CN_DIGITS = '〇一二三四五六七八九';
const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';
const IDEOGRAPH = '甲乙丙丁戊己庚辛壬癸';
/** The zero that fills a skipped place: 一百零五 (both counting and legal forms). */
const ZERO = '零';

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
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
  let out = '';
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

function letters(n: number): string {
  // Word repeats the letter: a..z, aa..zz, aaa… (§17.18.59 lowerLetter).
  if (n <= 0) return String(n);
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

/** Chinese counting below 10,000: 一, 十, 十一, 二十一, 一百零五 … */
function chinese(n: number, digits: string, units: [string, string, string]): string {
  if (n <= 0 || n >= 10_000) return String(n);
  if (n < 10) return digits[n]!;
  if (n < 20 && digits === CN_DIGITS) return `${units[0]}${n % 10 === 0 ? '' : digits[n % 10]}`;
  const parts: string[] = [];
  const th = Math.floor(n / 1000);
  const hu = Math.floor(n / 100) % 10;
  const te = Math.floor(n / 10) % 10;
  const on = n % 10;
  if (th) parts.push(digits[th]! + '千');
  if (hu) parts.push(digits[hu]! + units[1]);
  else if (th && (te || on)) parts.push(ZERO);
  if (te) parts.push(digits[te]! + units[0]);
  else if ((th || hu) && on) {
    if (parts[parts.length - 1] !== ZERO) parts.push(ZERO);
  }
  if (on) parts.push(digits[on]!);
  return parts.join('');
}

export function formatNumber(n: number, format: NumberFormat): string {
  switch (format) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerLetter':
      return letters(n);
    case 'chineseCounting':
    case 'chineseCountingThousand':
      return chinese(n, CN_DIGITS, ['十', '百', '千']);
    case 'chineseLegalSimplified':
      return chinese(n, CN_LEGAL, ['拾', '佰', '仟']).replace(/千/g, '仟');
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? IDEOGRAPH[n - 1]! : String(n);
    case 'decimalEnclosedCircle':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`;
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2474 + n - 1) : `(${n})`;
    case 'bullet':
    case 'none':
      return '';
  }
}

export interface NumberLabel {
  text: string;
  suffix: NumberingLevel['suffix'];
}

/** Counts numbered paragraphs in document order and gives each its label. */
export class NumberingCounter {
  private readonly counters = new Map<string, (number | undefined)[]>();
  private readonly usedNums = new Set<string>();

  constructor(private readonly definitions: Record<string, NumberingDefinition>) {}

  next(ref: NumberingRef): NumberLabel | undefined {
    const def = this.definitions[ref.numId];
    const level = def?.levels[ref.level];
    if (!def || !level) return undefined;
    let counts = this.counters.get(def.abstractId);
    if (!counts) {
      counts = [];
      this.counters.set(def.abstractId, counts);
    }
    // A w:num with start overrides restarts its levels the first time it is used (§17.9.27).
    if (!this.usedNums.has(ref.numId)) {
      this.usedNums.add(ref.numId);
      for (const key of Object.keys(def.startOverrides)) counts[Number(key)] = undefined;
    }
    const start = (l: number): number => def.startOverrides[l] ?? def.levels[l]?.start ?? 1;
    const current = counts[ref.level];
    counts[ref.level] = current === undefined ? start(ref.level) : current + 1;
    for (let l = ref.level + 1; l < 9; l += 1) {
      const restartAfter = def.levels[l]?.restartAfter;
      // Default: restart after any higher level; w:lvlRestart names the (1-based) level; 0 never.
      if (restartAfter === undefined || (restartAfter !== 0 && ref.level + 1 <= restartAfter))
        counts[l] = undefined;
    }
    if (level.format === 'bullet') return { text: level.text, suffix: level.suffix };
    const text = level.text.replace(/%([1-9])/g, (_, d: string) => {
      const l = Number(d) - 1;
      const lvl = def.levels[l];
      const n = counts[l] ?? start(l);
      return formatNumber(n, level.legal ? 'decimal' : (lvl?.format ?? 'decimal'));
    });
    return { text, suffix: level.suffix };
  }
}
