/**
 * Word tables (ECMA-376 Part 1 §17.4) -> Typst `table`. Merges: w:gridSpan -> colspan, a
 * w:vMerge="restart" cell and the "continue" cells under it -> rowspan. Rows repeated by a row
 * section become a spread of an array built by a loop, so loops sit under merged header cells;
 * leading w:tblHeader rows become `table.header` and repeat on every page.
 */
import type { Block, Border, RowItem, Table, TableCell, TableRow } from '../model.js';
import type { CodegenContext } from './context.js';
import { stroke } from './borders.js';
import { arr, hex, pt } from './escape.js';

export type EmitBlocks = (blocks: readonly Block[], topLevel: boolean) => string[];

interface CellPos {
  row: number;
  rows: number;
}

export function emitTable(ctx: CodegenContext, table: Table, emitBlocks: EmitBlocks): string {
  const props = table.props;
  let grid = props.grid.length > 0 ? [...props.grid] : [100];
  const total = grid.reduce((a, b) => a + b, 0);
  if (props.width !== undefined && props.width > 0 && total > 0 && Math.abs(props.width - total) > 1) {
    grid = grid.map((w) => (w * props.width!) / total);
  }
  const headerRows: TableRow[] = [];
  let i = 0;
  while (i < table.rows.length) {
    const r = table.rows[i]!;
    if (r.type !== 'row' || !r.props.header) break;
    headerRows.push(r);
    i++;
  }
  const bodyItems = table.rows.slice(i);
  const lastStatic = lastRowOf(bodyItems);
  const emitter = new RowEmitter(ctx, table, emitBlocks, grid, lastStatic);
  const args: string[] = [`columns: ${arr(grid.map(pt))}`, 'stroke: none', 'inset: 0pt'];
  // A centred or right-aligned table is wrapped in align(), which Typst passes on to everything
  // inside: the cells start from the left again, as Word's paragraphs do (§17.4.28 jc aligns
  // the table, not its text). Cells with a vertical alignment say left themselves (#cell).
  if (props.align === 'center' || props.align === 'right') args.push('align: left');
  if (headerRows.length > 0) args.push(`table.header(..${emitter.rowList(headerRows, true)})`);
  if (bodyItems.length > 0) args.push(`..${emitter.rowList(bodyItems, headerRows.length === 0)}`);
  let out = `table(${args.join(', ')})`;
  if (props.align === 'center' || props.align === 'right') out = `align(${props.align}, ${out})`;
  else if (props.indentLeft > 0) out = `pad(left: ${pt(props.indentLeft)}, ${out})`;
  return `block(width: 100%, ${out})`;
}

function lastRowOf(items: readonly RowItem[]): TableRow | undefined {
  const last = items[items.length - 1];
  return last?.type === 'row' ? last : undefined;
}

class RowEmitter {
  constructor(
    private readonly ctx: CodegenContext,
    private readonly table: Table,
    private readonly emitBlocks: EmitBlocks,
    private readonly grid: readonly number[],
    private readonly lastStatic: TableRow | undefined,
  ) {}

  private get columns(): number {
    return this.grid.length;
  }

  /** A Typst array expression of the cells of `items` (static rows and row sections). */
  rowList(items: readonly RowItem[], firstIsTop: boolean): string {
    const parts: string[] = [];
    let run: TableRow[] = [];
    const flush = () => {
      if (run.length > 0) parts.push(this.#staticRows(run, firstIsTop && parts.length === 0));
      run = [];
    };
    for (const item of items) {
      if (item.type === 'row') run.push(item);
      else {
        flush();
        const inner = this.rowList(item.rows, false);
        const get = this.ctx.dataRef(item.path);
        parts.push(
          item.inverted
            ? `(if not hx-truthy(${get}) { ${inner} } else { () })`
            : `{ let acc = (); for it in hx-items(${get}) { let s = it + s; acc += ${inner} }; acc }`,
        );
      }
    }
    flush();
    return parts.length === 0 ? '()' : parts.length === 1 ? parts[0]! : `(${parts.join(' + ')})`;
  }

  /** Static rows; vertical merges are resolved within one run of static rows. */
  #staticRows(rows: readonly TableRow[], firstIsTop: boolean): string {
    const refs = this.ctx.dataRefs;
    const spans = rowSpans(rows);
    const cells: string[] = [];
    rows.forEach((row, r) => {
      let col = 0;
      for (const cell of row.cells) {
        const span = Math.max(1, cell.props.gridSpan);
        if (cell.props.vMerge !== 'continue') {
          const rowspan = spans.get(cell) ?? 1;
          const isTop = firstIsTop && r === 0;
          const isBottom = row === this.lastStatic || rows[r + rowspan - 1] === this.lastStatic;
          cells.push(this.#cell(cell, row, { row: r, rows: rowspan }, col, span, isTop, isBottom));
        }
        col += span;
      }
      // Rows shorter than the grid (w:gridAfter) are padded so the grid stays aligned.
      if (col < this.columns) cells.push(`table.cell(colspan: ${this.columns - col}, [])`);
    });
    // Rows that show no data are the same for every contract: evaluated once, in the static module.
    return this.ctx.dataRefs === refs ? this.ctx.hoist(arr(cells)) : arr(cells);
  }

  #cell(
    cell: TableCell,
    row: TableRow,
    pos: CellPos,
    col: number,
    span: number,
    isTop: boolean,
    isBottom: boolean,
  ): string {
    const t = this.table.props;
    const p = cell.props;
    const args: string[] = [];
    if (span > 1) args.push(`colspan: ${span}`);
    if (pos.rows > 1) args.push(`rowspan: ${pos.rows}`);
    if (p.shading) args.push(`fill: ${this.ctx.hoist(`hx-fill(${hex(p.shading)})`)}`);
    const m = { ...t.cellMargins, ...(p.margins ?? {}) };
    args.push(
      `inset: ${this.ctx.hoist(`(top: ${pt(m.top)}, bottom: ${pt(m.bottom)}, left: ${pt(m.left)}, right: ${pt(m.right)})`)}`,
    );
    if (p.vAlign !== 'top') args.push(`align: left + ${p.vAlign === 'center' ? 'horizon' : 'bottom'}`);
    // Cell borders override the table's (§17.4.66 tcBorders over §17.4.39 tblBorders).
    // A side listed in `nil` is explicitly borderless and overrides the table's border.
    const nil = (set: { nil?: string[] }, name: string) => set.nil?.includes(name) === true;
    const side = (name: 'top' | 'bottom' | 'left' | 'right', inner: 'insideH' | 'insideV', edge: boolean) => {
      if (p.spacer || nil(p.borders, name)) return 'none';
      const own: Border | undefined = p.borders[name];
      if (own !== undefined) return stroke(own);
      const tableSide = edge ? name : inner;
      return nil(t.borders, tableSide) ? 'none' : stroke(t.borders[tableSide]);
    };
    const sides = [
      `top: ${side('top', 'insideH', isTop)}`,
      `bottom: ${side('bottom', 'insideH', isBottom)}`,
      `left: ${side('left', 'insideV', col === 0)}`,
      `right: ${side('right', 'insideV', col + span >= this.columns)}`,
    ];
    args.push(`stroke: ${this.ctx.hoist(`(${sides.join(', ')})`)}`);
    // The cell's lines are its grid columns' width less its margins (long words, ctx.lineWidth).
    const width = this.grid.slice(col, col + span).reduce((a, b) => a + b, 0) - m.left - m.right;
    const blocks = this.ctx.withLineWidth(width, () => this.emitBlocks(cell.blocks, false));
    let body = `{ ${blocks.join('; ') || 'none'} }`;
    if (row.props.height !== undefined) {
      // w:trHeight (§17.4.81): "exact" clips, "atLeast" is a minimum (a zero-width strut beside).
      const h = pt(Math.max(0, row.props.height.value - m.top - m.bottom));
      body =
        row.props.height.rule === 'exact'
          ? `block(height: ${h}, clip: true, ${body})`
          : `grid(columns: (0pt, 1fr), box(height: ${h}), ${body})`;
    }
    return `table.cell(${args.join(', ')}, ${body})`;
  }
}

/** rowspan of each vMerge="restart" cell: the "continue" cells below it at the same grid column. */
function rowSpans(rows: readonly TableRow[]): Map<TableCell, number> {
  const starts = rows.map((row) => {
    const m = new Map<number, TableCell>();
    let col = 0;
    for (const cell of row.cells) {
      m.set(col, cell);
      col += Math.max(1, cell.props.gridSpan);
    }
    return m;
  });
  const spans = new Map<TableCell, number>();
  rows.forEach((row, r) => {
    let col = 0;
    for (const cell of row.cells) {
      if (cell.props.vMerge === 'restart') {
        let n = 1;
        while (r + n < rows.length && starts[r + n]!.get(col)?.props.vMerge === 'continue') n++;
        spans.set(cell, n);
      }
      col += Math.max(1, cell.props.gridSpan);
    }
  });
  return spans;
}
