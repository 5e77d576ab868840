/** Borders (ECMA-376 Part 1 §17.3.4 ST_Border) and shading (§17.3.5 w:shd). */
import type { Border, BorderSet } from '../../model.js';
import { child, type XmlElement } from '../intake/xml.js';
import { hexColor } from './units.js';

export type Side = 'top' | 'bottom' | 'left' | 'right' | 'insideH' | 'insideV';
const SIDES: Array<[Side, string[]]> = [
  ['top', ['w:top']],
  ['bottom', ['w:bottom']],
  ['left', ['w:left', 'w:start']],
  ['right', ['w:right', 'w:end']],
  ['insideH', ['w:insideH']],
  ['insideV', ['w:insideV']],
];

/** undefined: not specified here; null: explicitly none (val "nil" or "none"). */
export function readBorder(el: XmlElement | undefined): Border | null | undefined {
  if (!el) return undefined;
  const v = el.attrs['w:val'] ?? 'single';
  if (v === 'nil' || v === 'none') return null;
  let style: Border['style'] = 'single';
  if (v === 'double' || v.startsWith('triple') || v.startsWith('thinThick') || v.startsWith('thickThin')) {
    style = 'double';
  } else if (v === 'dotted' || v === 'dotDash' || v === 'dotDotDash')
    style = v === 'dotted' ? 'dotted' : 'dashed';
  else if (v.startsWith('dash')) style = 'dashed';
  else if (v === 'thick') style = 'thick';
  const sz = Number(el.attrs['w:sz'] ?? '4');
  const space = Number(el.attrs['w:space'] ?? '0');
  const b: Border = { style, width: (Number.isFinite(sz) ? sz : 4) / 8 };
  const color = hexColor(el.attrs['w:color']);
  if (color) b.color = color;
  if (Number.isFinite(space) && space > 0) b.space = space;
  return b;
}

/** Per side: a border, null for "none", absent for "not specified". */
export type BorderPatch = Partial<Record<Side, Border | null>>;

export function readBorderPatch(el: XmlElement | undefined): BorderPatch | undefined {
  if (!el) return undefined;
  const out: BorderPatch = {};
  for (const [side, names] of SIDES) {
    for (const n of names) {
      const b = readBorder(child(el, n));
      if (b !== undefined) out[side] = b;
    }
  }
  return out;
}

export function mergeBorderPatch(
  base: BorderPatch | undefined,
  over: BorderPatch | undefined,
): BorderPatch | undefined {
  if (!base) return over;
  if (!over) return base;
  return { ...base, ...over };
}

/** Borders that are present; sides explicitly set to none are listed in `nil`. */
export function toBorderSet(p: BorderPatch | undefined): BorderSet {
  const out: BorderSet = {};
  const nil: Side[] = [];
  if (!p) return out;
  for (const [side] of SIDES) {
    const b = p[side];
    if (b) out[side] = b;
    else if (b === null) nil.push(side);
  }
  if (nil.length) out.nil = nil;
  return out;
}

/** The fill colour of a w:shd, or undefined for none/auto. */
export function shadingFill(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const fill = hexColor(el.attrs['w:fill']);
  // A solid pattern shows the pattern colour instead of the fill (§17.18.78 ST_Shd "solid").
  if (el.attrs['w:val'] === 'solid') return hexColor(el.attrs['w:color']) ?? fill ?? '000000';
  return fill;
}
