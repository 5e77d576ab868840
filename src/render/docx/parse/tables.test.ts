import { describe, expect, it } from 'vitest';
import type { Paragraph, Table, TableRow } from '../../model.js';
import { parseDocx } from '../index.js';
import { buildDocx, p, table } from '../testing/build-docx.js';

function firstTable(body: string, styles?: string): Table {
  const doc = parseDocx(buildDocx({ body, ...(styles ? { styles } : {}) }));
  return doc.body.find((b): b is Table => b.type === 'table')!;
}
const cellText = (row: TableRow, i: number): string =>
  row.cells[i]!.blocks.map((b) =>
    (b as Paragraph).children.map((c) => (c.type === 'text' ? c.text : '')).join(''),
  ).join('/');

describe('tables (§17.4)', () => {
  it('reads grid, borders, merges, header rows, heights, alignment and cell properties', () => {
    const body =
      '<w:tbl><w:tblPr><w:tblW w:w="2500" w:type="pct"/><w:jc w:val="center"/><w:tblInd w:w="144" w:type="dxa"/><w:tblLayout w:type="fixed"/>' +
      '<w:tblBorders><w:top w:val="single" w:sz="8" w:color="000000"/><w:insideH w:val="dashed" w:sz="4"/><w:insideV w:val="nil"/></w:tblBorders>' +
      '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:top w:w="40" w:type="dxa"/></w:tblCellMar></w:tblPr>' +
      '<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/><w:gridCol w:w="4000"/></w:tblGrid>' +
      '<w:tr><w:trPr><w:tblHeader/><w:trHeight w:val="400" w:hRule="exact"/><w:cantSplit/></w:trPr>' +
      '<w:tc><w:tcPr><w:vMerge w:val="restart"/><w:vAlign w:val="center"/></w:tcPr>' +
      p('序号') +
      '</w:tc>' +
      '<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:shd w:val="clear" w:fill="D9D9D9"/><w:tcBorders><w:bottom w:val="nil"/><w:left w:val="double" w:sz="6"/></w:tcBorders></w:tcPr>' +
      p('费用') +
      '</w:tc></w:tr>' +
      '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>' +
      p('') +
      '</w:tc><w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/><w:tcMar><w:left w:w="200" w:type="dxa"/></w:tcMar><w:noWrap/></w:tcPr>' +
      p('单价') +
      '</w:tc>' +
      '<w:tc>' +
      p('数量') +
      '</w:tc></w:tr></w:tbl>' +
      p('');
    const t = firstTable(body);
    expect(t.props).toMatchObject({
      grid: [100, 150, 200],
      align: 'center',
      indentLeft: 7.2,
      layout: 'fixed',
      cellMargins: { top: 2, bottom: 0, left: 0, right: 5.4 },
      borders: {
        top: { style: 'single', width: 1 },
        insideH: { style: 'dashed', width: 0.5 },
        nil: ['insideV'],
      },
    });
    // 50 % of the A4 text width (595.3 − 2 × 72).
    expect(t.props.width).toBeCloseTo(225.65, 1);
    const [r1, r2] = t.rows as TableRow[];
    expect(r1!.props).toEqual({ header: true, cantSplit: true, height: { value: 20, rule: 'exact' } });
    expect(r1!.cells[0]!.props).toMatchObject({ vMerge: 'restart', vAlign: 'center', gridSpan: 1 });
    expect(r1!.cells[1]!.props).toMatchObject({
      gridSpan: 2,
      shading: 'D9D9D9',
      borders: { left: { style: 'double', width: 0.75 }, nil: ['bottom'] },
    });
    expect(r2!.cells[0]!.props.vMerge).toBe('continue');
    expect(r2!.cells[1]!.props).toMatchObject({ width: 150, margins: { left: 10 }, noWrap: true });
    expect([cellText(r1!, 0), cellText(r1!, 1), cellText(r2!, 1), cellText(r2!, 2)]).toEqual([
      '序号',
      '费用',
      '单价',
      '数量',
    ]);
  });

  it('turns gridBefore / gridAfter into spacer cells', () => {
    const body =
      '<w:tbl><w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/></w:tblGrid>' +
      '<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr><w:tc>' +
      p('mid') +
      '</w:tc></w:tr></w:tbl>' +
      p('');
    const row = firstTable(body).rows[0] as TableRow;
    expect(row.cells.map((c) => [c.props.gridSpan, c.props.spacer ?? false])).toEqual([
      [1, true],
      [1, false],
      [1, true],
    ]);
  });

  it('reads nested tables and rows inside content controls', () => {
    const inner = table([['inner']]);
    const body =
      '<w:tbl><w:tblGrid><w:gridCol w:w="5000"/></w:tblGrid><w:sdt><w:sdtContent><w:tr><w:tc>' +
      p('outer') +
      inner +
      p('') +
      '</w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>' +
      p('');
    const row = firstTable(body).rows[0] as TableRow;
    const blocks = row.cells[0]!.blocks;
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'table', 'paragraph']);
    expect(cellText((blocks[1] as Table).rows[0] as TableRow, 0)).toBe('inner');
  });

  it('applies the table style: borders, cell margins, whole-table run properties', () => {
    const styles =
      '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:tblPr><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
      '<w:style w:type="table" w:styleId="Grid"><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>' +
      '<w:tblStylePr w:type="wholeTable"><w:rPr><w:b/></w:rPr><w:tcPr><w:shd w:val="clear" w:fill="FFFF00"/></w:tcPr></w:tblStylePr></w:style>';
    const body =
      table([['a']])
        .replace('<w:tblPr>', '<w:tblPr><w:tblStyle w:val="Grid"/>')
        .replace(/<w:tblBorders>.*<\/w:tblBorders>/, '') + p('');
    const t = firstTable(body, styles);
    expect(t.props.styleId).toBe('Grid');
    expect(t.props.borders).toMatchObject({ top: { style: 'single' }, insideV: { style: 'single' } });
    expect(t.props.cellMargins.left).toBe(5.4);
    const cell = (t.rows[0] as TableRow).cells[0]!;
    expect(cell.props.shading).toBe('FFFF00');
    expect(((cell.blocks[0] as Paragraph).children[0] as { props: { bold: boolean } }).props.bold).toBe(true);
  });

  it('applies conditional formatting of the table style by tblLook: first row, banded rows, first column', () => {
    const styles =
      '<w:style w:type="table" w:styleId="List"><w:tblPr><w:tblStyleRowBandSize w:val="1"/></w:tblPr>' +
      '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr><w:tcPr><w:shd w:val="clear" w:fill="4472C4"/></w:tcPr></w:tblStylePr>' +
      '<w:tblStylePr w:type="band1Horz"><w:tcPr><w:shd w:val="clear" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr>' +
      '<w:tblStylePr w:type="firstCol"><w:rPr><w:i/></w:rPr></w:tblStylePr></w:style>';
    const rows = [
      ['h1', 'h2'],
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ];
    const body =
      table(rows).replace('<w:tblPr>', '<w:tblPr><w:tblStyle w:val="List"/><w:tblLook w:val="04A0"/>') +
      p('');
    const t = firstTable(body, styles);
    const cells = (t.rows as TableRow[]).map((r) => r.cells);
    const props = (ri: number, ci: number) =>
      (
        (cells[ri]![ci]!.blocks[0] as Paragraph).children[0] as {
          props: { bold: boolean; italic: boolean; color?: string };
        }
      ).props;
    expect(cells.map((r) => r[1]!.props.shading)).toEqual(['4472C4', 'D9E2F3', undefined, 'D9E2F3']);
    expect(props(0, 1)).toMatchObject({ bold: true, color: 'FFFFFF', italic: false });
    expect(props(0, 0)).toMatchObject({ bold: true, italic: true });
    expect(props(2, 0)).toMatchObject({ bold: false, italic: true });
    expect(props(2, 1)).toMatchObject({ bold: false, italic: false });
  });

  it('folds legacy hMerge cells into the restart cell', () => {
    const body =
      '<w:tbl><w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/></w:tblGrid><w:tr>' +
      '<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/><w:hMerge w:val="restart"/></w:tcPr>' +
      p('ab') +
      '</w:tc>' +
      '<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/><w:hMerge/></w:tcPr>' +
      p('') +
      '</w:tc>' +
      '<w:tc>' +
      p('c') +
      '</w:tc></w:tr></w:tbl>' +
      p('');
    const row = firstTable(body).rows[0] as TableRow;
    expect(row.cells.map((c) => [c.props.gridSpan, c.props.width])).toEqual([
      [2, 100],
      [1, undefined],
    ]);
    expect(cellText(row, 1)).toBe('c');
  });
});
