/**
 * The few CSS declarations an HTML fragment may carry inline (CSS 2.1 §15 fonts, §16 text,
 * §14.1 colour; CSS Color 3 §4 for colour syntax). Everything else is ignored.
 */
import type { Border, Pt } from '../model.js';

export function parseStyle(style: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!style) return out;
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':');
    if (colon === -1) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    const value = decl
      .slice(colon + 1)
      .replace(/!important/i, '')
      .trim();
    if (prop && value) out.set(prop, value);
  }
  return out;
}

const NAMED: Record<string, string> = {
  black: '000000',
  white: 'FFFFFF',
  red: 'FF0000',
  green: '008000',
  blue: '0000FF',
  yellow: 'FFFF00',
  gray: '808080',
  grey: '808080',
  silver: 'C0C0C0',
  maroon: '800000',
  olive: '808000',
  lime: '00FF00',
  aqua: '00FFFF',
  cyan: '00FFFF',
  teal: '008080',
  navy: '000080',
  fuchsia: 'FF00FF',
  magenta: 'FF00FF',
  purple: '800080',
  orange: 'FFA500',
  brown: 'A52A2A',
  pink: 'FFC0CB',
  darkred: '8B0000',
  darkblue: '00008B',
  darkgreen: '006400',
  lightgray: 'D3D3D3',
  lightgrey: 'D3D3D3',
};

/** A colour as 6-digit upper-case hex (the IR's form), or undefined (transparent, unknown). */
export function parseColor(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (NAMED[v]) return NAMED[v];
  let m = /^#([0-9a-f]{3})$/.exec(v);
  if (m)
    return m[1]!
      .split('')
      .map((c) => c + c)
      .join('')
      .toUpperCase();
  m = /^#([0-9a-f]{6})$/.exec(v);
  if (m) return m[1]!.toUpperCase();
  m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(v);
  if (m) {
    if (m[4] !== undefined && Number(m[4]) === 0) return undefined;
    return [m[1], m[2], m[3]]
      .map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase();
  }
  return undefined;
}

const SIZE_KEYWORDS: Record<string, number> = {
  'xx-small': 7,
  'x-small': 7.5,
  small: 10,
  medium: 12,
  large: 13.5,
  'x-large': 18,
  'xx-large': 24,
};

/** A length in points; `em`/`%` relative to `base`. Undefined when not understood. */
export function parseLength(value: string | undefined, base: Pt): Pt | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (SIZE_KEYWORDS[v] !== undefined) return SIZE_KEYWORDS[v];
  const m = /^(-?[\d.]+)\s*(pt|px|em|rem|%|cm|mm|in)?$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  switch (m[2]) {
    case 'pt':
      return n;
    case 'em':
    case 'rem':
      return n * base;
    case '%':
      return (n / 100) * base;
    case 'cm':
      return (n / 2.54) * 72;
    case 'mm':
      return (n / 25.4) * 72;
    case 'in':
      return n * 72;
    default:
      return n * 0.75; // px (CSS 2.1 §4.3.2: 1px = 0.75pt)
  }
}

/** `border: 1px solid #000` (or border-top etc.) as an IR border; undefined for none/hidden. */
export function parseBorder(value: string | undefined): Border | undefined {
  if (!value) return undefined;
  const parts = value
    .trim()
    .toLowerCase()
    .split(/\s+(?![^(]*\))/);
  let width: Pt = 0.75;
  let style: Border['style'] = 'single';
  let color: string | undefined;
  for (const part of parts) {
    if (part === 'none' || part === 'hidden' || part === '0') return undefined;
    if (part === 'solid') style = 'single';
    else if (part === 'double' || part === 'dashed' || part === 'dotted') style = part;
    else if (part === 'thin') width = 0.5;
    else if (part === 'medium') width = 1.5;
    else if (part === 'thick') width = 2.25;
    else {
      const len = parseLength(part, 12);
      if (len !== undefined) width = len;
      else color = parseColor(part) ?? color;
    }
  }
  if (width <= 0) return undefined;
  const border: Border = { style, width };
  if (color) border.color = color;
  return border;
}
