/**
 * Character properties (ECMA-376 Part 1 §17.3.2) read into patches that the style resolver layers:
 * a patch holds only what one rPr states, so inheritance can tell "not said" from "said off".
 */
import type { RunProps } from '../../model.js';
import { child, type XmlElement } from '../intake/xml.js';
import { shadingFill } from './borders.js';
import type { ThemeFonts } from './theme.js';
import { halfPoints, hexColor, onOff, twips } from './units.js';
import { plainRunProps } from '../../defaults.js';

/** Toggle properties (§17.7.3): in styles they flip, in direct formatting they set. */
export const TOGGLES = ['bold', 'italic', 'caps', 'smallCaps', 'strike', 'doubleStrike', 'hidden'] as const;
export type Toggle = (typeof TOGGLES)[number];

export interface RunPatch {
  /** Values set by this rPr; a key present with value undefined resets to "auto"/"none". */
  values: Partial<Omit<RunProps, Toggle>>;
  toggles: Partial<Record<Toggle, boolean>>;
  styleId?: string;
}

/** §17.7.5: without docDefaults the size is 10 pt; everything else off. */
export const BASE_RUN_PROPS: Readonly<RunProps> = Object.freeze(plainRunProps());

const TOGGLE_ELEMENTS: Array<[Toggle, string]> = [
  ['bold', 'w:b'],
  ['italic', 'w:i'],
  ['caps', 'w:caps'],
  ['smallCaps', 'w:smallCaps'],
  ['strike', 'w:strike'],
  ['doubleStrike', 'w:dstrike'],
  ['hidden', 'w:vanish'],
];

// §17.18.40 ST_HighlightColor mapped to hex.
const HIGHLIGHT: Record<string, string> = {
  yellow: 'FFFF00',
  green: '00FF00',
  cyan: '00FFFF',
  magenta: 'FF00FF',
  blue: '0000FF',
  red: 'FF0000',
  darkBlue: '000080',
  darkCyan: '008080',
  darkGreen: '008000',
  darkMagenta: '800080',
  darkRed: '800000',
  darkYellow: '808000',
  darkGray: '808080',
  lightGray: 'C0C0C0',
  black: '000000',
  white: 'FFFFFF',
};

function underline(v: string | undefined): RunProps['underline'] {
  // §17.18.99 ST_Underline has 18 values; each maps to the nearest one the back ends draw.
  if (!v || v === 'none') return undefined;
  if (v === 'double') return 'double';
  if (v === 'thick') return 'thick';
  if (v.startsWith('wav')) return 'wave';
  if (v.startsWith('dotted') || v === 'dotDash' || v === 'dotDotDash') return 'dotted';
  if (v.startsWith('dash')) return 'dashed';
  return 'single';
}

export function readRunPatch(rPr: XmlElement | undefined, theme: ThemeFonts): RunPatch {
  const patch: RunPatch = { values: {}, toggles: {} };
  if (!rPr) return patch;
  const v = patch.values;
  const style = child(rPr, 'w:rStyle')?.attrs['w:val'];
  if (style) patch.styleId = style;
  const fonts = child(rPr, 'w:rFonts');
  if (fonts) {
    // §17.3.2.26: a theme font attribute supersedes the explicit font of the same slot.
    const latin =
      theme.resolve(fonts.attrs['w:asciiTheme'] ?? fonts.attrs['w:hAnsiTheme']) ??
      fonts.attrs['w:ascii'] ??
      fonts.attrs['w:hAnsi'];
    const ea = theme.resolve(fonts.attrs['w:eastAsiaTheme']) ?? fonts.attrs['w:eastAsia'];
    if (latin) v.fontLatin = latin;
    if (ea) v.fontEastAsia = ea;
  }
  for (const [key, name] of TOGGLE_ELEMENTS) {
    const on = onOff(child(rPr, name));
    if (on !== undefined) patch.toggles[key] = on;
  }
  const sz = halfPoints(child(rPr, 'w:sz')?.attrs['w:val']);
  if (sz !== undefined && sz > 0) v.size = sz;
  const color = child(rPr, 'w:color');
  if (color) v.color = hexColor(color.attrs['w:val']);
  const u = child(rPr, 'w:u');
  if (u) v.underline = underline(u.attrs['w:val']);
  const hl = child(rPr, 'w:highlight');
  if (hl) v.highlight = HIGHLIGHT[hl.attrs['w:val'] ?? ''];
  else {
    const shd = child(rPr, 'w:shd');
    if (shd) v.highlight = shadingFill(shd);
  }
  const va = child(rPr, 'w:vertAlign')?.attrs['w:val'];
  if (va !== undefined) v.verticalAlign = va === 'superscript' || va === 'subscript' ? va : undefined;
  const spacing = twips(child(rPr, 'w:spacing')?.attrs['w:val']);
  if (spacing !== undefined) v.letterSpacing = spacing === 0 ? undefined : spacing;
  const snap = onOff(child(rPr, 'w:snapToGrid'));
  if (snap !== undefined) v.snapToGrid = snap ? undefined : false;
  return patch;
}

/** Apply the non-toggle values of a patch. */
export function applyRunValues(base: RunProps, patch: RunPatch | undefined): RunProps {
  if (!patch) return base;
  const out = { ...base } as RunProps & Record<string, unknown>;
  for (const [k, value] of Object.entries(patch.values)) {
    if (value === undefined) delete out[k];
    else out[k] = value;
  }
  return out;
}

/** Merge patches of a basedOn chain (later wins), keeping "said" vs "not said" apart. */
export function mergeRunPatches(patches: Array<RunPatch | undefined>): RunPatch {
  const out: RunPatch = { values: {}, toggles: {} };
  for (const p of patches) {
    if (!p) continue;
    Object.assign(out.values, p.values);
    Object.assign(out.toggles, p.toggles);
    if (p.styleId) out.styleId = p.styleId;
  }
  return out;
}

/** A stable key of run properties: equal keys mean identical formatting. */
export function runKey(p: RunProps): string {
  return [
    p.fontLatin,
    p.fontEastAsia,
    p.size,
    p.bold,
    p.italic,
    p.underline,
    p.strike,
    p.doubleStrike,
    p.color,
    p.highlight,
    p.verticalAlign,
    p.caps,
    p.smallCaps,
    p.letterSpacing,
    p.hidden,
    p.snapToGrid,
  ].join('|');
}
