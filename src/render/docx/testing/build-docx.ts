/**
 * Test fixture builder: the package writer of ../write.ts plus small WordprocessingML writers for
 * test bodies.
 */
import { escapeXml } from '../write.js';

export { buildDocx, NS_DECLS, type DocxParts } from '../write.js';

// ---------------------------------------------------------------------------------------------
// Small WordprocessingML writers for test bodies.

export interface RunOptions {
  bold?: boolean;
  italic?: boolean;
  underline?: string;
  strike?: boolean;
  /** Half-points (w:sz). */
  size?: number;
  color?: string;
  font?: string;
  eastAsiaFont?: string;
  style?: string;
  vertAlign?: 'superscript' | 'subscript';
  /** Extra raw rPr children. */
  rPr?: string;
}

export interface ParagraphOptions extends RunOptions {
  pStyle?: string;
  jc?: string;
  /** Extra raw pPr children. */
  pPr?: string;
}

export function rPr(o: RunOptions): string {
  const x: string[] = [];
  if (o.style) x.push(`<w:rStyle w:val="${o.style}"/>`);
  if (o.font || o.eastAsiaFont) {
    const f = o.font ? ` w:ascii="${escapeXml(o.font)}" w:hAnsi="${escapeXml(o.font)}"` : '';
    const ea = o.eastAsiaFont ? ` w:eastAsia="${escapeXml(o.eastAsiaFont)}"` : '';
    x.push(`<w:rFonts${f}${ea}/>`);
  }
  if (o.bold) x.push('<w:b/>');
  if (o.italic) x.push('<w:i/>');
  if (o.strike) x.push('<w:strike/>');
  if (o.color) x.push(`<w:color w:val="${o.color}"/>`);
  if (o.size !== undefined) x.push(`<w:sz w:val="${o.size}"/>`);
  if (o.underline) x.push(`<w:u w:val="${o.underline}"/>`);
  if (o.vertAlign) x.push(`<w:vertAlign w:val="${o.vertAlign}"/>`);
  if (o.rPr) x.push(o.rPr);
  return x.length ? `<w:rPr>${x.join('')}</w:rPr>` : '';
}

/** One run with text (spaces preserved). */
export function r(text: string, o: RunOptions = {}): string {
  return `<w:r>${rPr(o)}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

/** A paragraph; `content` is either plain text (one run) or an array of raw run XML. */
export function p(content: string | string[] = '', o: ParagraphOptions = {}): string {
  const pp: string[] = [];
  if (o.pStyle) pp.push(`<w:pStyle w:val="${o.pStyle}"/>`);
  if (o.pPr) pp.push(o.pPr);
  if (o.jc) pp.push(`<w:jc w:val="${o.jc}"/>`);
  const runs = Array.isArray(content) ? content.join('') : content === '' ? '' : r(content, o);
  return `<w:p>${pp.length ? `<w:pPr>${pp.join('')}</w:pPr>` : ''}${runs}</w:p>`;
}

/** A complex field (ECMA-376 §17.16.18) such as PAGE, with a cached result. */
export function field(instr: string, result = '1', o: RunOptions = {}): string {
  const rp = rPr(o);
  return (
    `<w:r>${rp}<w:fldChar w:fldCharType="begin"/></w:r>` +
    `<w:r>${rp}<w:instrText xml:space="preserve"> ${escapeXml(instr)} </w:instrText></w:r>` +
    `<w:r>${rp}<w:fldChar w:fldCharType="separate"/></w:r>` +
    `<w:r>${rp}<w:t>${escapeXml(result)}</w:t></w:r>` +
    `<w:r>${rp}<w:fldChar w:fldCharType="end"/></w:r>`
  );
}

/** A simple table: rows of cell texts (or raw cell-content XML when it starts with '<'). */
export function table(rows: string[][], gridTwips?: number[]): string {
  const cols = Math.max(1, ...rows.map((row) => row.length));
  const grid = gridTwips ?? Array.from({ length: cols }, () => Math.floor(9026 / cols));
  const tr = rows
    .map(
      (row) =>
        '<w:tr>' +
        row
          .map(
            (c, i) =>
              `<w:tc><w:tcPr><w:tcW w:w="${grid[i] ?? 0}" w:type="dxa"/></w:tcPr>${c.startsWith('<') ? c : p(c)}</w:tc>`,
          )
          .join('') +
        '</w:tr>',
    )
    .join('');
  return (
    '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>' +
    ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
      .map((s) => `<w:${s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
      .join('') +
    '</w:tblBorders></w:tblPr><w:tblGrid>' +
    grid.map((w) => `<w:gridCol w:w="${w}"/>`).join('') +
    `</w:tblGrid>${tr}</w:tbl>`
  );
}

/** An inline picture (wp:inline) of `media` relationship id, size in EMU. */
export function inlineImage(relId: string, cx: number, cy: number, descr = ''): string {
  return (
    `<w:r><w:drawing><wp:inline><wp:extent cx="${cx}" cy="${cy}"/><wp:docPr id="1" name="Picture 1" descr="${escapeXml(descr)}"/>` +
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>' +
    '<pic:nvPicPr><pic:cNvPr id="1" name="Picture 1"/><pic:cNvPicPr/></pic:nvPicPr>' +
    `<pic:blipFill><a:blip r:embed="${relId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
  );
}
