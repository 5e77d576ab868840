/** Section properties (ECMA-376 Part 1 §17.6) and header/footer inheritance (§17.10.5). */
import type { Block, HeaderFooterSet, SectionProps } from '../../model.js';
import { child, childrenNamed, type XmlElement } from '../intake/xml.js';
import { int, onOff, twips } from './units.js';
import { readNumberFormat } from '../../number-format.js';

const START: Record<string, SectionProps['start']> = {
  nextPage: 'nextPage',
  continuous: 'continuous',
  evenPage: 'evenPage',
  oddPage: 'oddPage',
  nextColumn: 'nextColumn',
};

type Kind = 'default' | 'first' | 'even';
const KINDS: Kind[] = ['default', 'first', 'even'];

/** Reads one w:sectPr; `headerFooter` parses a referenced part (by relationship id) into blocks. */
export function readSection(
  sectPr: XmlElement | undefined,
  previous: SectionProps | undefined,
  headerFooter: (relId: string) => Block[] | undefined,
): SectionProps {
  const pgSz = child(sectPr, 'w:pgSz');
  const pgMar = child(sectPr, 'w:pgMar');
  // Page size and margins have no defaults in the standard; these are Word's zh-CN defaults (A4).
  const width = twips(pgSz?.attrs['w:w']) ?? 595.3;
  const height = twips(pgSz?.attrs['w:h']) ?? 841.9;
  const m = (k: string, d: number): number => twips(pgMar?.attrs[`w:${k}`]) ?? d;
  const section: SectionProps = {
    pageWidth: width,
    pageHeight: height,
    orientation: pgSz?.attrs['w:orient'] === 'landscape' ? 'landscape' : 'portrait',
    margins: {
      // §17.6.11: a negative top/bottom margin means "do not move the text for the header".
      top: Math.abs(m('top', 72)),
      bottom: Math.abs(m('bottom', 72)),
      left: m('left', m('start', 90)),
      right: m('right', m('end', 90)),
      header: m('header', 42.55),
      footer: m('footer', 49.6),
      gutter: m('gutter', 0),
    },
    headers: inherit(sectPr, 'w:headerReference', previous?.headers, headerFooter),
    footers: inherit(sectPr, 'w:footerReference', previous?.footers, headerFooter),
    titlePage: onOff(child(sectPr, 'w:titlePg')) ?? false,
    start: START[child(sectPr, 'w:type')?.attrs['w:val'] ?? 'nextPage'] ?? 'nextPage',
    columns: 1,
  };
  readColumns(child(sectPr, 'w:cols'), section);
  const pgNum = child(sectPr, 'w:pgNumType');
  const start = int(pgNum?.attrs['w:start']);
  if (start !== undefined) section.pageNumberStart = start;
  // Page numbers use the list number formats; bullets and 'none' make no page number.
  const listFormat = readNumberFormat(pgNum?.attrs['w:fmt'] ?? '');
  const fmt = listFormat === 'bullet' || listFormat === 'none' ? undefined : listFormat;
  if (fmt) section.pageNumberFormat = fmt;
  const grid = child(sectPr, 'w:docGrid');
  const gridType = grid?.attrs['w:type'];
  const pitch = twips(grid?.attrs['w:linePitch']);
  // §17.18.14 ST_DocGrid: "default" (or no type) means no grid even when linePitch is written.
  if (gridType && gridType !== 'default' && pitch !== undefined && pitch > 0) section.lineGrid = pitch;
  // §17.6.5 charSpace: 4096ths of a point added to each character's advance (the character pitch
  // is the default font size plus this), for the types with a character grid.
  const charSpace = int(grid?.attrs['w:charSpace']);
  if ((gridType === 'linesAndChars' || gridType === 'snapToChars') && charSpace)
    section.charSpace = Math.max(-4096 * 100, Math.min(4096 * 100, charSpace)) / 4096;
  return section;
}

/**
 * §17.6.4 w:cols: the number of columns, the gap between them (w:space, 720 twips by default), a
 * line between them (w:sep), and with w:equalWidth="0" each column's own width and the space
 * after it (w:col, §17.6.3).
 */
function readColumns(cols: XmlElement | undefined, section: SectionProps): void {
  const each = childrenNamed(cols, 'w:col');
  const unequal = each.length > 1 && attrOnOff(cols?.attrs['w:equalWidth']) === false;
  const num = unequal ? each.length : (int(cols?.attrs['w:num']) ?? 1);
  // Word allows at most 45 columns (its column dialog); more would be a hostile file.
  section.columns = Math.min(Math.max(1, num), 45);
  if (section.columns === 1) return;
  section.columnGap = Math.max(0, twips(cols?.attrs['w:space']) ?? 36);
  if (attrOnOff(cols?.attrs['w:sep']) === true) section.columnSeparator = true;
  if (unequal)
    section.columnWidths = each.slice(0, section.columns).map((c) => ({
      width: Math.max(0, twips(c.attrs['w:w']) ?? 0),
      space: Math.max(0, twips(c.attrs['w:space']) ?? 0),
    }));
}

/** An ST_OnOff attribute (§17.17.4). */
function attrOnOff(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return v === '1' || v === 'true' || v === 'on';
}

/** §17.10.5: a section without a reference of some kind keeps the previous section's one. */
function inherit(
  sectPr: XmlElement | undefined,
  name: string,
  previous: HeaderFooterSet | undefined,
  parse: (relId: string) => Block[] | undefined,
): HeaderFooterSet {
  const out: HeaderFooterSet = { ...previous };
  const refs = childrenNamed(sectPr, name);
  for (const kind of KINDS) {
    const ref = refs.find((r) => (r.attrs['w:type'] ?? 'default') === kind);
    const id = ref?.attrs['r:id'];
    if (id === undefined) continue;
    const blocks = parse(id);
    if (blocks) out[kind] = blocks;
  }
  return out;
}

export function textWidth(s: SectionProps): number {
  return Math.max(1, s.pageWidth - s.margins.left - s.margins.right - s.margins.gutter);
}
