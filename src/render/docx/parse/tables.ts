/**
 * Tables (ECMA-376 Part 1 §17.4): grid, width, alignment, indent, borders and cell margins from
 * the table style chain under direct w:tblPr, rows (height, header, cantSplit, gridBefore/After)
 * and cells (width, gridSpan, vMerge, vAlign, shading, borders, margins, nested content).
 */
import type { Block, Table, TableCell, TableCellProps, TableProps, TableRow } from '../../model.js';
import { child, childrenNamed, elements, type XmlElement } from '../intake/xml.js';
import { mergeBorderPatch, readBorderPatch, shadingFill, toBorderSet, type BorderPatch } from './borders.js';
import type { BlockOptions } from './blocks.js';
import type { ParseContext, PartScope } from './context.js';
import { int, onOff, twips } from './units.js';

type ReadBlocks = (el: XmlElement, ctx: ParseContext, scope: PartScope, o: BlockOptions) => Block[];

type Margins = { top?: number; bottom?: number; left?: number; right?: number };

interface TblPatch {
  width?: { type: string; w: string };
  align?: TableProps['align'];
  indent?: number;
  borders?: BorderPatch;
  margins: Margins;
  layout?: TableProps['layout'];
}

function readMargins(el: XmlElement | undefined): Margins {
  const out: Margins = {};
  if (!el) return out;
  const side = (names: string[]): number | undefined => {
    for (const n of names) {
      const c = child(el, n);
      if (c && (c.attrs['w:type'] ?? 'dxa') === 'dxa') return twips(c.attrs['w:w']);
    }
    return undefined;
  };
  const t = side(['w:top']);
  const b = side(['w:bottom']);
  const l = side(['w:left', 'w:start']);
  const r = side(['w:right', 'w:end']);
  if (t !== undefined) out.top = t;
  if (b !== undefined) out.bottom = b;
  if (l !== undefined) out.left = l;
  if (r !== undefined) out.right = r;
  return out;
}

function readTblPr(el: XmlElement | undefined): TblPatch {
  const p: TblPatch = { margins: readMargins(child(el, 'w:tblCellMar')) };
  if (!el) return p;
  const w = child(el, 'w:tblW');
  if (w) p.width = { type: w.attrs['w:type'] ?? 'dxa', w: w.attrs['w:w'] ?? '0' };
  const jc = child(el, 'w:jc')?.attrs['w:val'];
  if (jc === 'center') p.align = 'center';
  else if (jc === 'right' || jc === 'end') p.align = 'right';
  else if (jc) p.align = 'left';
  const ind = child(el, 'w:tblInd');
  if (ind && (ind.attrs['w:type'] ?? 'dxa') === 'dxa') p.indent = twips(ind.attrs['w:w']) ?? 0;
  const borders = readBorderPatch(child(el, 'w:tblBorders'));
  if (borders) p.borders = borders;
  const layout = child(el, 'w:tblLayout')?.attrs['w:type'];
  if (layout) p.layout = layout === 'fixed' ? 'fixed' : 'autofit';
  return p;
}

/** ST_MeasurementOrPercent (§17.18.107): pct is fiftieths of a percent, or a "50%" string. */
function widthPoints(w: { type: string; w: string } | undefined, whole: number): number | undefined {
  if (!w) return undefined;
  if (w.type === 'dxa') {
    const v = twips(w.w);
    return v !== undefined && v > 0 ? v : undefined;
  }
  if (w.type === 'pct') {
    const pct = w.w.endsWith('%') ? Number(w.w.slice(0, -1)) : Number(w.w) / 50;
    return Number.isFinite(pct) && pct > 0 ? (pct / 100) * whole : undefined;
  }
  return undefined;
}

export function readTable(
  tbl: XmlElement,
  ctx: ParseContext,
  scope: PartScope,
  readBlocks: ReadBlocks,
): Table {
  scope.tables++;
  const tableNo = scope.tables;
  const tblPr = child(tbl, 'w:tblPr');
  const styleId = child(tblPr, 'w:tblStyle')?.attrs['w:val'] ?? ctx.styles.defaultTableStyle();
  const chain = ctx.styles.chain(styleId);
  const merged: TblPatch = { margins: {} };
  let styleTcPr: XmlElement | undefined;
  for (const p of [...chain.map((s) => readTblPr(s.tblPr)), readTblPr(tblPr)]) {
    if (p.width) merged.width = p.width;
    if (p.align) merged.align = p.align;
    if (p.indent !== undefined) merged.indent = p.indent;
    if (p.layout) merged.layout = p.layout;
    merged.borders = mergeBorderPatch(merged.borders, p.borders);
    Object.assign(merged.margins, p.margins);
  }
  for (const s of chain) if (s.tcPr) styleTcPr = s.tcPr;
  const look = readLook(child(tblPr, 'w:tblLook'));
  const bandSize = Math.max(1, int(child(chain.at(-1)?.tblPr, 'w:tblStyleRowBandSize')?.attrs['w:val']) ?? 1);
  const colBandSize = Math.max(
    1,
    int(child(chain.at(-1)?.tblPr, 'w:tblStyleColBandSize')?.attrs['w:val']) ?? 1,
  );

  const grid = childrenNamed(child(tbl, 'w:tblGrid'), 'w:gridCol').map((g) => twips(g.attrs['w:w']) ?? 0);
  const props: TableProps = {
    grid,
    align: merged.align ?? 'left',
    indentLeft: merged.indent ?? 0,
    borders: toBorderSet(merged.borders),
    // Word's built-in "Normal Table" style: 0.08 in (108 twips) left and right, none top and bottom.
    cellMargins: {
      top: merged.margins.top ?? 0,
      bottom: merged.margins.bottom ?? 0,
      left: merged.margins.left ?? 5.4,
      right: merged.margins.right ?? 5.4,
    },
    layout: merged.layout ?? 'autofit',
  };
  const width = widthPoints(merged.width, scope.textWidth);
  if (width !== undefined) props.width = width;
  if (styleId) props.styleId = styleId;

  const rows: TableRow[] = [];
  const rowEls: XmlElement[] = [];
  const collect = (parent: XmlElement, tag: string, into: XmlElement[]): void => {
    for (const el of elements(parent)) {
      if (el.name === tag) into.push(el);
      else if (el.name === 'w:sdt') collect(child(el, 'w:sdtContent') ?? el, tag, into);
      else if (el.name === 'w:customXml' || el.name === 'w:ins' || el.name === 'w:moveTo')
        collect(el, tag, into);
    }
  };
  collect(tbl, 'w:tr', rowEls);
  rowEls.forEach((tr, ri) => {
    const trPr = child(tr, 'w:trPr');
    const row: TableRow = {
      type: 'row',
      props: {
        header: onOff(child(trPr, 'w:tblHeader')) ?? false,
        cantSplit: onOff(child(trPr, 'w:cantSplit')) ?? false,
      },
      cells: [],
    };
    const h = child(trPr, 'w:trHeight');
    const hv = twips(h?.attrs['w:val']);
    // §17.4.81: hRule "auto" means the height is not fixed; absent hRule is "atLeast".
    if (hv !== undefined && hv > 0 && h?.attrs['w:hRule'] !== 'auto') {
      row.props.height = { value: hv, rule: h?.attrs['w:hRule'] === 'exact' ? 'exact' : 'atLeast' };
    }
    const before = int(child(trPr, 'w:gridBefore')?.attrs['w:val']) ?? 0;
    const after = int(child(trPr, 'w:gridAfter')?.attrs['w:val']) ?? 0;
    if (before > 0) row.cells.push(spacer(before));
    const cellEls: XmlElement[] = [];
    collect(tr, 'w:tc', cellEls);
    let col = before;
    cellEls.forEach((tc, ci) => {
      const span = Math.max(1, int(child(child(tc, 'w:tcPr'), 'w:gridSpan')?.attrs['w:val']) ?? 1);
      const types = conditionalTypes(
        look,
        ri,
        rowEls.length,
        col,
        col + span - 1,
        grid.length,
        bandSize,
        colBandSize,
      );
      col += span;
      const cellStyle = ctx.styles.conditionalStyle(styleId, types);
      const cellTcPr = cellStyle === styleId ? styleTcPr : (ctx.styles.get(cellStyle)?.tcPr ?? styleTcPr);
      const o: BlockOptions = { where: `table ${tableNo} row ${ri + 1} cell ${ci + 1}` };
      if (cellStyle !== undefined) o.tableStyleId = cellStyle;
      row.cells.push(readCell(tc, mergeTcPr(styleTcPr, cellTcPr), ctx, scope, readBlocks, o));
    });
    if (after > 0) row.cells.push(spacer(after));
    row.cells = foldHorizontalMerges(row.cells, cellEls, before > 0);
    rows.push(row);
  });
  return { type: 'table', props, rows };
}

interface Look {
  firstRow: boolean;
  lastRow: boolean;
  firstColumn: boolean;
  lastColumn: boolean;
  hBand: boolean;
  vBand: boolean;
}

/** §17.4.56 w:tblLook: attributes, or the legacy hex bitmask (default 04A0). */
function readLook(el: XmlElement | undefined): Look {
  const hex = Number.parseInt(el?.attrs['w:val'] ?? '04A0', 16) || 0;
  const flag = (attr: string, bit: number): boolean => {
    const v = el?.attrs[attr];
    return v !== undefined ? v === '1' || v === 'true' || v === 'on' : (hex & bit) !== 0;
  };
  return {
    firstRow: flag('w:firstRow', 0x20),
    lastRow: flag('w:lastRow', 0x40),
    firstColumn: flag('w:firstColumn', 0x80),
    lastColumn: flag('w:lastColumn', 0x100),
    hBand: !flag('w:noHBand', 0x200),
    vBand: !flag('w:noVBand', 0x400),
  };
}

/** Conditional formats that apply to a cell, lowest priority first (§17.7.6). */
function conditionalTypes(
  look: Look,
  row: number,
  rows: number,
  colStart: number,
  colEnd: number,
  cols: number,
  bandSize: number,
  colBandSize: number,
): string[] {
  const t: string[] = [];
  const first = look.firstRow && row === 0;
  const last = look.lastRow && row === rows - 1;
  const firstCol = look.firstColumn && colStart === 0;
  const lastCol = look.lastColumn && colEnd >= cols - 1;
  if (look.vBand && !firstCol && !lastCol) {
    const c = colStart - (look.firstColumn ? 1 : 0);
    t.push(Math.floor(c / colBandSize) % 2 === 0 ? 'band1Vert' : 'band2Vert');
  }
  if (look.hBand && !first && !last) {
    const r = row - (look.firstRow ? 1 : 0);
    t.push(Math.floor(r / bandSize) % 2 === 0 ? 'band1Horz' : 'band2Horz');
  }
  if (firstCol) t.push('firstCol');
  if (lastCol) t.push('lastCol');
  if (first) t.push('firstRow');
  if (last) t.push('lastRow');
  if (first && firstCol) t.push('nwCell');
  if (first && lastCol) t.push('neCell');
  if (last && firstCol) t.push('swCell');
  if (last && lastCol) t.push('seCell');
  return t;
}

function mergeTcPr(base: XmlElement | undefined, over: XmlElement | undefined): XmlElement | undefined {
  if (!base || !over || base === over) return over ?? base;
  return { name: 'w:tcPr', attrs: {}, children: [...over.children, ...base.children] };
}

/**
 * Legacy horizontal merges (§17.4.22 w:hMerge, written by older Word versions): a "restart" cell
 * absorbs the grid columns of the "continue" cells after it, like a gridSpan.
 */
function foldHorizontalMerges(cells: TableCell[], cellEls: XmlElement[], hasBefore: boolean): TableCell[] {
  const offset = hasBefore ? 1 : 0;
  const out: TableCell[] = [];
  let owner: TableCell | undefined;
  cells.forEach((cell, i) => {
    const el = i >= offset ? cellEls[i - offset] : undefined;
    const h = el ? child(child(el, 'w:tcPr'), 'w:hMerge') : undefined;
    if (h && h.attrs['w:val'] !== 'restart' && owner) {
      owner.props.gridSpan += cell.props.gridSpan;
      if (owner.props.width !== undefined && cell.props.width !== undefined)
        owner.props.width += cell.props.width;
      return;
    }
    owner = h ? cell : undefined;
    out.push(cell);
  });
  return out;
}

function spacer(span: number): TableCell {
  return {
    props: {
      gridSpan: span,
      borders: { nil: ['top', 'bottom', 'left', 'right'] },
      vAlign: 'top',
      noWrap: false,
      spacer: true,
    },
    blocks: [],
  };
}

function readCell(
  tc: XmlElement,
  styleTcPr: XmlElement | undefined,
  ctx: ParseContext,
  scope: PartScope,
  readBlocks: ReadBlocks,
  o: BlockOptions,
): TableCell {
  const tcPr = child(tc, 'w:tcPr');
  const vAlign = child(tcPr, 'w:vAlign')?.attrs['w:val'];
  const props: TableCellProps = {
    gridSpan: Math.max(1, int(child(tcPr, 'w:gridSpan')?.attrs['w:val']) ?? 1),
    borders: toBorderSet(
      mergeBorderPatch(
        readBorderPatch(child(styleTcPr, 'w:tcBorders')),
        readBorderPatch(child(tcPr, 'w:tcBorders')),
      ),
    ),
    vAlign: vAlign === 'center' || vAlign === 'both' ? 'center' : vAlign === 'bottom' ? 'bottom' : 'top',
    noWrap: onOff(child(tcPr, 'w:noWrap')) ?? false,
  };
  const vMerge = child(tcPr, 'w:vMerge');
  // §17.4.85: vMerge without a val continues the merge above.
  if (vMerge) props.vMerge = vMerge.attrs['w:val'] === 'restart' ? 'restart' : 'continue';
  const w = child(tcPr, 'w:tcW');
  if (w && (w.attrs['w:type'] ?? 'dxa') === 'dxa') {
    const v = twips(w.attrs['w:w']);
    if (v !== undefined && v > 0) props.width = v;
  }
  const shading = shadingFill(child(tcPr, 'w:shd')) ?? shadingFill(child(styleTcPr, 'w:shd'));
  if (shading) props.shading = shading;
  const margins = readMargins(child(tcPr, 'w:tcMar'));
  if (Object.keys(margins).length) props.margins = margins;
  return { props, blocks: readBlocks(tc, ctx, scope, o) };
}
