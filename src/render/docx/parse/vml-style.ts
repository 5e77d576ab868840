/**
 * The small languages of VML attributes (ECMA-376 Part 4 §19.1.2): the CSS-like `style` of a
 * shape (§19.1.2.19: declarations `name:value` separated by `;`), its lengths, and its colours
 * (§19.1.2.1 fillcolor: `#RRGGBB`, `#RGB`, a colour name, optionally followed by ` [index]`).
 * Pure functions, fed by strangers' documents: every input gives a value or undefined.
 */

/** Declarations of a `style` attribute, names lower-cased; the last of a repeated name wins. */
export function parseStyle(style: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!style) return out;
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i <= 0) continue;
    const name = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).trim();
    if (name && value) out.set(name, value);
  }
  return out;
}

const PER_UNIT: Record<string, number> = {
  pt: 1,
  in: 72,
  cm: 72 / 2.54,
  mm: 72 / 25.4,
  pc: 12,
  // CSS pixels: 96 to the inch. A bare number is one too: VML inherits CSS's lengths, and
  // Word and LibreOffice read a unit-less top-level length as pixels.
  px: 0.75,
  '': 0.75,
  // One EMU (DrawingML's unit, which some producers write into VML too).
  emu: 1 / 12700,
};

/**
 * A CSS length in points: pt, in, cm, mm, pc, px, em (of `emSize`, default 12 pt) or a bare
 * number (pixels). Undefined for anything else (percentages, `auto`, garbage).
 */
export function cssLength(v: string | undefined, emSize = 12): number | undefined {
  if (v === undefined) return undefined;
  const m = /^([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-z]*)$/i.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const k = unit === 'em' ? emSize : PER_UNIT[unit];
  if (k === undefined || !Number.isFinite(n)) return undefined;
  const pt = n * k;
  // Nothing on a page is a mile wide: a bogus size must not become a huge Typst box.
  return Math.abs(pt) > 14_400 ? undefined : pt;
}

/** A point list `x,y` (v:line from/to): lengths as cssLength reads them. */
export function cssPoint(v: string | undefined): { x: number; y: number } | undefined {
  if (v === undefined) return undefined;
  const [xs, ys] = v.split(',');
  const x = cssLength(xs?.trim() || '0');
  const y = cssLength(ys?.trim() || '0');
  return x === undefined || y === undefined ? undefined : { x, y };
}

// The sixteen colour names of HTML 4, which VML takes (Part 4 §19.1.2.1), and grey spelled both ways.
const NAMED: Record<string, string> = {
  black: '000000',
  silver: 'C0C0C0',
  gray: '808080',
  grey: '808080',
  white: 'FFFFFF',
  maroon: '800000',
  red: 'FF0000',
  purple: '800080',
  fuchsia: 'FF00FF',
  green: '008000',
  lime: '00FF00',
  olive: '808000',
  yellow: 'FFFF00',
  navy: '000080',
  blue: '0000FF',
  teal: '008080',
  aqua: '00FFFF',
};

/**
 * A VML colour as 6-digit upper-case hex: `#RRGGBB`, `#RGB`, a name, each optionally followed
 * by a palette index in brackets (`red [3213]`). Undefined for colours derived from another
 * (`fill darken(118)`) and system colours (`windowText`), which need a context VML files rarely
 * have: the caller keeps its default.
 */
export function vmlColor(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const s = v
    .replace(/\[\d+\]/g, '')
    .trim()
    .toLowerCase();
  const hex = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/.exec(s);
  if (hex) {
    const h = hex[1]!;
    return (h.length === 3 ? [...h].map((c) => c + c).join('') : h).toUpperCase();
  }
  return NAMED[s];
}

/** VML's boolean (ST_TrueFalse, Part 4 §19.1.2): t, true, on, 1 / f, false, off, 0. */
export function vmlBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const s = v.trim().toLowerCase();
  if (s === 't' || s === 'true' || s === 'on' || s === '1') return true;
  if (s === 'f' || s === 'false' || s === 'off' || s === '0') return false;
  return undefined;
}

/**
 * A VML fraction (ST_Fraction / arcsize): a plain number ("0.2") or sixty-five-thousand-five-
 * hundred-and-thirty-sixths with an `f` suffix ("10923f").
 */
export function vmlFraction(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*([-+]?\d+(?:\.\d+)?)(f?)\s*$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]) / (m[2] ? 65536 : 1);
  return Number.isFinite(n) ? n : undefined;
}
