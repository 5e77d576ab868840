/**
 * Characters that change what a text shows without showing themselves. The Unicode bidirectional
 * controls (UAX #9 §2: LRE/RLE/PDF/LRO/RLO U+202A–202E, the isolates LRI/RLI/FSI/PDI U+2066–2069,
 * the marks LRM/RLM U+200E/200F and ALM U+061C) reorder what follows them: in contract data
 * `"\u202e000,056,4\u202c"` prints as 4,650,000 (issue #14). Other format characters (general
 * category Cf: zero-width space, word joiner, BOM, soft hyphen, invisible operators, tags) and
 * control characters (Cc, but tab, LF and CR) are invisible too, so a contract could say one thing
 * and show another, or two values that look equal could differ. What a contract shows must be
 * what it says: such values are refused (DATA_INVISIBLE_CHARACTERS, 422, naming each field).
 *
 * ZWNJ and ZWJ (U+200C/200D) stay allowed: they only shape joining scripts and emoji sequences
 * (Unicode §23.2) and reorder nothing.
 */
import { HetongError } from './errors.js';

const INVISIBLE = /(?![\u200c\u200d])[\p{Cf}]|(?![\t\n\r])\p{Cc}/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

/**
 * Numeric character references and the named ones of invisible characters, as an HTML fragment
 * value would decode them (WHATWG HTML §13.2.5.72-80): `&#x202E;` reverses text like U+202E.
 */
const REFERENCE = /&#(?:[xX]([0-9a-fA-F]{1,6})|(\d{1,7}));?|&(lrm|rlm|zwsp|shy|ZeroWidthSpace|NoBreak);/g;
const NAMED: Record<string, number> = {
  lrm: 0x200e,
  rlm: 0x200f,
  zwsp: 0x200b,
  ZeroWidthSpace: 0x200b,
  shy: 0xad,
  NoBreak: 0x2060,
};

function decodeReferences(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(
    REFERENCE,
    (m, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
      const cp = named !== undefined ? NAMED[named]! : hex !== undefined ? parseInt(hex, 16) : Number(dec);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    },
  );
}

const NAMES: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x00ad: 'SOFT HYPHEN',
  0x0000: 'NULL',
  0x0007: 'BELL',
  0x001b: 'ESCAPE',
};

export interface InvisibleCharacter {
  /** Where in the input: "title", "data.amount", "documents[0].data.items[2].name". */
  path: string;
  /** "U+202E". */
  character: string;
  name?: string;
}

/** The first invisible character of `s` (also one written as an HTML character reference). */
export function firstInvisible(s: string): { codePoint: number } | undefined {
  const m = INVISIBLE.exec(s) ?? INVISIBLE.exec(decodeReferences(s));
  return m ? { codePoint: m[0].codePointAt(0)! } : undefined;
}

/** Every string in `value` (objects and arrays walked, keys included) holding an invisible character. */
export function findInvisibleCharacters(value: unknown, path = ''): InvisibleCharacter[] {
  const out: InvisibleCharacter[] = [];
  const visit = (v: unknown, at: string, depth: number): void => {
    if (depth > 128) return; // request bodies nest at most 64 deep (src/http): never reached
    if (typeof v === 'string') {
      const found = firstInvisible(v);
      if (found) {
        const hex = found.codePoint.toString(16).toUpperCase().padStart(4, '0');
        const name = NAMES[found.codePoint];
        out.push({ path: at, character: `U+${hex}`, ...(name ? { name } : {}) });
      }
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, `${at}[${i}]`, depth + 1));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        const child = at === '' ? k : `${at}.${k}`;
        if (firstInvisible(k)) visit(k, child, depth + 1);
        visit(x, child, depth + 1);
      }
    }
  };
  visit(value, path, 0);
  return out;
}

/** Throws DATA_INVISIBLE_CHARACTERS (422) naming every field of `input` that holds one. */
export function assertNoInvisibleCharacters(input: unknown): void {
  const problems = findInvisibleCharacters(input);
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new HetongError(
    'DATA_INVISIBLE_CHARACTERS',
    422,
    `${first.path || 'the value'} contains the invisible character ${first.character}${first.name ? ` (${first.name})` : ''}, which can make a contract show something other than what it says; remove it` +
      (problems.length > 1 ? ` (${problems.length} fields in all, see details.problems)` : ''),
    { problems },
  );
}

/** `s` without invisible characters (for names made from stored values, such as download names). */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE_ALL, '');
}
