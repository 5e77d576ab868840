/** Paragraph properties (ECMA-376 Part 1 §17.3.1) read into patches for the style resolver. */
import type { LineSpacing, NumberingRef, ParagraphProps, TabStop } from '../../model.js';
import { child, childrenNamed, type XmlElement } from '../intake/xml.js';
import { readBorderPatch, shadingFill, type BorderPatch } from './borders.js';
import { int, onOff, twips } from './units.js';
import { plainParagraphProps, plainRunProps } from '../../defaults.js';

type Scalar = Omit<ParagraphProps, 'tabs' | 'borders' | 'markProps' | 'numbering' | 'styleId'>;

export interface ParaPatch {
  values: Partial<Scalar>;
  /** First-line / hanging indent in hundredths of a character (w:firstLineChars, w:hangingChars). */
  firstLineChars?: number;
  /** Tab stops set (by position) and cleared (w:val="clear"), §17.3.1.37. */
  tabsSet: TabStop[];
  tabsCleared: number[];
  borders?: BorderPatch;
  /** numId "0" removes numbering (§17.9.18). */
  numbering?: NumberingRef | null;
  /** w:ilvl without w:numId (a style may give only the level). */
  level?: number;
  styleId?: string;
}

// Widow control is off unless a w:widowControl element turns it on; the paragraph mark's
// properties are resolved separately.
const { markProps: _mark, ...BASE } = plainParagraphProps(plainRunProps(), { widowControl: false });
export const BASE_PARAGRAPH: Readonly<Omit<ParagraphProps, 'markProps'>> = Object.freeze(BASE);

const ALIGN: Record<string, ParagraphProps['align']> = {
  left: 'left',
  start: 'left',
  center: 'center',
  right: 'right',
  end: 'right',
  both: 'justify',
  lowKashida: 'justify',
  mediumKashida: 'justify',
  highKashida: 'justify',
  distribute: 'distribute',
  thaiDistribute: 'distribute',
};

const TAB_ALIGN: Record<string, TabStop['align']> = {
  left: 'left',
  start: 'left',
  center: 'center',
  right: 'right',
  end: 'right',
  decimal: 'decimal',
  bar: 'bar',
  num: 'left',
};
const LEADER: Record<string, TabStop['leader']> = {
  dot: 'dot',
  hyphen: 'hyphen',
  underscore: 'underscore',
  heavy: 'underscore',
  middleDot: 'middleDot',
};

export function readParaPatch(pPr: XmlElement | undefined): ParaPatch {
  const patch: ParaPatch = { values: {}, tabsSet: [], tabsCleared: [] };
  if (!pPr) return patch;
  const v = patch.values;
  const style = child(pPr, 'w:pStyle')?.attrs['w:val'];
  if (style) patch.styleId = style;
  const flags: Array<[keyof Scalar, string]> = [
    ['keepNext', 'w:keepNext'],
    ['keepLines', 'w:keepLines'],
    ['pageBreakBefore', 'w:pageBreakBefore'],
    ['widowControl', 'w:widowControl'],
    ['contextualSpacing', 'w:contextualSpacing'],
    ['snapToGrid', 'w:snapToGrid'],
  ];
  for (const [key, name] of flags) {
    const on = onOff(child(pPr, name));
    if (on !== undefined) (v as Record<string, unknown>)[key] = on;
  }
  const jc = child(pPr, 'w:jc')?.attrs['w:val'];
  if (jc && ALIGN[jc]) v.align = ALIGN[jc];

  const ind = child(pPr, 'w:ind');
  if (ind) {
    const left = twips(ind.attrs['w:left'] ?? ind.attrs['w:start']);
    const right = twips(ind.attrs['w:right'] ?? ind.attrs['w:end']);
    if (left !== undefined) v.indentLeft = left;
    if (right !== undefined) v.indentRight = right;
    // §17.3.1.12: hanging wins over firstLine; the *Chars forms win over the twips forms.
    const hangingChars = int(ind.attrs['w:hangingChars']);
    const firstChars = int(ind.attrs['w:firstLineChars']);
    const hanging = twips(ind.attrs['w:hanging']);
    const first = twips(ind.attrs['w:firstLine']);
    if (hangingChars !== undefined && hangingChars !== 0) patch.firstLineChars = -hangingChars;
    else if (firstChars !== undefined && firstChars !== 0) patch.firstLineChars = firstChars;
    if (hanging !== undefined) v.firstLine = -hanging;
    else if (first !== undefined) v.firstLine = first;
    if (patch.firstLineChars === undefined && (hangingChars === 0 || firstChars === 0))
      patch.firstLineChars = 0;
  }

  const sp = child(pPr, 'w:spacing');
  if (sp) {
    const before = twips(sp.attrs['w:before']);
    const after = twips(sp.attrs['w:after']);
    // beforeLines/afterLines are hundredths of a line (taken as 12 pt, Word's grid default). WPS
    // writes beforeLines="0" beside before="340" in every style: Word (and LibreOffice) then
    // take the twips, so a zero counts only where no twips are given.
    const beforeLines = int(sp.attrs['w:beforeLines']);
    const afterLines = int(sp.attrs['w:afterLines']);
    if (beforeLines) v.spaceBefore = (beforeLines / 100) * 12;
    else if (before !== undefined) v.spaceBefore = before;
    else if (beforeLines === 0) v.spaceBefore = 0;
    if (afterLines) v.spaceAfter = (afterLines / 100) * 12;
    else if (after !== undefined) v.spaceAfter = after;
    else if (afterLines === 0) v.spaceAfter = 0;
    const line = int(sp.attrs['w:line']);
    if (line !== undefined) v.lineSpacing = lineSpacing(line, sp.attrs['w:lineRule']);
  }

  const tabs = child(pPr, 'w:tabs');
  for (const t of childrenNamed(tabs, 'w:tab')) {
    const pos = twips(t.attrs['w:pos']);
    if (pos === undefined) continue;
    const kind = t.attrs['w:val'] ?? 'left';
    if (kind === 'clear') {
      patch.tabsCleared.push(pos);
      continue;
    }
    const stop: TabStop = { position: pos, align: TAB_ALIGN[kind] ?? 'left' };
    const leader = LEADER[t.attrs['w:leader'] ?? ''];
    if (leader) stop.leader = leader;
    patch.tabsSet.push(stop);
  }

  const shd = child(pPr, 'w:shd');
  if (shd) v.shading = shadingFill(shd);
  const bdr = readBorderPatch(child(pPr, 'w:pBdr'));
  if (bdr) patch.borders = bdr;
  const outline = int(child(pPr, 'w:outlineLvl')?.attrs['w:val']);
  // §17.3.1.20: level 9 is body text.
  if (outline !== undefined) v.outlineLevel = outline >= 0 && outline < 9 ? outline : undefined;

  const numPr = child(pPr, 'w:numPr');
  if (numPr) {
    const numId = child(numPr, 'w:numId')?.attrs['w:val'];
    const level = int(child(numPr, 'w:ilvl')?.attrs['w:val']);
    if (level !== undefined) patch.level = Math.min(8, Math.max(0, level));
    if (numId !== undefined) patch.numbering = numId === '0' ? null : { numId, level: patch.level ?? 0 };
  }
  return patch;
}

function lineSpacing(line: number, rule: string | undefined): LineSpacing {
  // §17.3.1.33: "auto" is in 240ths of a line, exact/atLeast in twips.
  if (rule === 'exact' || rule === 'atLeast') return { rule, value: line / 20 };
  return { rule: 'auto', multiple: line / 240 };
}
