/**
 * Numbering definitions (ECMA-376 Part 1 §17.9): w:abstractNum levels, w:num instances with
 * w:lvlOverride (w:startOverride or a whole replacement w:lvl), and numStyleLink indirection.
 */
import type { NumberingDefinition, NumberingLevel, RenderWarning, RunProps } from '../../model.js';
import { child, childrenNamed, type XmlElement } from '../intake/xml.js';
import { readRunPatch } from './run-props.js';
import type { StyleSheet } from './styles.js';
import type { ThemeFonts } from './theme.js';
import { int, onOff, twips } from './units.js';
import { symbolFontOf, symbolTextToUnicode } from '../../fonts/symbol-fonts.js';
import { readNumberFormat } from '../../number-format.js';

export interface NumberingTable {
  definitions: Record<string, NumberingDefinition>;
  /** The w:lvl/w:pPr of the level a paragraph refers to, for the paragraph resolver. */
  levelPPr(ref: { numId: string; level: number }): XmlElement | undefined;
}

interface Abstract {
  id: string;
  lvls: Map<number, XmlElement>;
  styleLink?: string;
}

export function readNumbering(
  root: XmlElement | undefined,
  styles: StyleSheet,
  theme: ThemeFonts,
  warn: (w: RenderWarning) => void,
): NumberingTable {
  const abstracts = new Map<string, Abstract>();
  for (const a of childrenNamed(root, 'w:abstractNum')) {
    const id = a.attrs['w:abstractNumId'];
    if (id === undefined) continue;
    const lvls = new Map<number, XmlElement>();
    for (const l of childrenNamed(a, 'w:lvl')) {
      const ilvl = int(l.attrs['w:ilvl']);
      if (ilvl !== undefined && ilvl >= 0 && ilvl < 9) lvls.set(ilvl, l);
    }
    const abs: Abstract = { id, lvls };
    const link = child(a, 'w:numStyleLink')?.attrs['w:val'];
    if (link) abs.styleLink = link;
    abstracts.set(id, abs);
  }
  const nums = new Map<string, XmlElement>();
  for (const n of childrenNamed(root, 'w:num')) {
    const id = n.attrs['w:numId'];
    if (id !== undefined) nums.set(id, n);
  }

  // §17.9.21 numStyleLink: the abstract definition lives behind a numbering style's numId.
  const resolveAbstract = (id: string | undefined, depth = 0): Abstract | undefined => {
    const abs = id === undefined ? undefined : abstracts.get(id);
    if (!abs?.styleLink || depth > 4) return abs;
    const style = styles.get(abs.styleLink);
    const numId = child(child(style?.pPr, 'w:numPr'), 'w:numId')?.attrs['w:val'];
    const target = numId === undefined ? undefined : nums.get(numId);
    return resolveAbstract(child(target, 'w:abstractNumId')?.attrs['w:val'], depth + 1) ?? abs;
  };

  const definitions: Record<string, NumberingDefinition> = {};
  const levelEls = new Map<string, Map<number, XmlElement>>();
  const warned = new Set<string>();
  for (const [numId, n] of nums) {
    const abstractId = child(n, 'w:abstractNumId')?.attrs['w:val'];
    const abs = resolveAbstract(abstractId);
    if (!abs) continue;
    const lvls = new Map(abs.lvls);
    const startOverrides: Record<number, number> = {};
    for (const o of childrenNamed(n, 'w:lvlOverride')) {
      const ilvl = int(o.attrs['w:ilvl']);
      if (ilvl === undefined || ilvl < 0 || ilvl > 8) continue;
      const start = int(child(o, 'w:startOverride')?.attrs['w:val']);
      if (start !== undefined) startOverrides[ilvl] = start;
      const replacement = child(o, 'w:lvl');
      if (replacement) lvls.set(ilvl, replacement);
    }
    const levels: NumberingLevel[] = [];
    for (let i = 0; i < 9; i++) {
      const el = lvls.get(i);
      levels.push(
        el
          ? readLevel(el, theme, (fmt) => {
              if (warned.has(fmt)) return;
              warned.add(fmt);
              warn({
                code: 'NUMBERING_FORMAT_MAPPED',
                message: `Numbering format "${fmt}" is shown as decimal numbers.`,
              });
            })
          : { format: 'decimal', text: '', start: 1, suffix: 'tab', legal: false },
      );
    }
    definitions[numId] = { abstractId: abs.id, levels, startOverrides };
    levelEls.set(numId, lvls);
  }
  return {
    definitions,
    levelPPr: (ref) => child(levelEls.get(ref.numId)?.get(ref.level), 'w:pPr'),
  };
}

function readLevel(el: XmlElement, theme: ThemeFonts, unknownFormat: (f: string) => void): NumberingLevel {
  // Word 2010+ writes custom formats inside mc:AlternateContent; its Fallback holds a plain numFmt.
  const numFmt =
    child(el, 'w:numFmt') ?? child(child(child(el, 'mc:AlternateContent'), 'mc:Fallback'), 'w:numFmt');
  const fmtName = numFmt?.attrs['w:val'] ?? 'decimal';
  let format = readNumberFormat(fmtName);
  if (!format) {
    unknownFormat(fmtName);
    format = 'decimal';
  }
  const suff = child(el, 'w:suff')?.attrs['w:val'];
  const level: NumberingLevel = {
    format,
    text: child(el, 'w:lvlText')?.attrs['w:val'] ?? '',
    // §17.9.25: start defaults to 0.
    start: int(child(el, 'w:start')?.attrs['w:val']) ?? 0,
    suffix: suff === 'space' || suff === 'nothing' ? suff : 'tab',
    legal: onOff(child(el, 'w:isLgl')) ?? false,
  };
  const ind = child(child(el, 'w:pPr'), 'w:ind');
  if (ind) {
    const left = twips(ind.attrs['w:left'] ?? ind.attrs['w:start']);
    const hanging = twips(ind.attrs['w:hanging']);
    const first = twips(ind.attrs['w:firstLine']);
    if (left !== undefined) level.indentLeft = left;
    if (hanging !== undefined) level.firstLine = -hanging;
    else if (first !== undefined) level.firstLine = first;
  }
  const rPr = child(el, 'w:rPr');
  if (rPr) {
    const patch = readRunPatch(rPr, theme);
    const rp: Partial<RunProps> = {};
    for (const [k, v] of Object.entries(patch.values))
      if (v !== undefined) (rp as Record<string, unknown>)[k] = v;
    Object.assign(rp, patch.toggles);
    // A bullet in a symbol font becomes the Unicode sign (fonts/symbol-fonts.ts), in any font.
    const symbolFont = symbolFontOf(rp.fontLatin);
    if (symbolFont !== undefined) {
      level.text = symbolTextToUnicode(symbolFont, level.text);
      delete rp.fontLatin;
    }
    if (Object.keys(rp).length) level.runProps = rp;
  }
  const restart = int(child(el, 'w:lvlRestart')?.attrs['w:val']);
  if (restart !== undefined) level.restartAfter = restart;
  return level;
}
