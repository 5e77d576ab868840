/**
 * Small WordprocessingML writers (ECMA-376 Part 1 §17) for the bodies of built-in templates. Text
 * is XML-escaped; tags (`{name}`, `{#list}` …) are written as text and resolved by the tags engine
 * like in any uploaded template. Styles named here are defined in ./package.ts.
 */
import { escapeXml } from '../docx/write.js';

export interface RunStyle {
  bold?: boolean;
  /** Points. */
  size?: number;
  /** 6-digit hex. */
  color?: string;
  /** 'sans' for Noto Sans SC; serif (Noto Serif SC) otherwise. */
  font?: 'sans' | 'serif';
}

export interface ParagraphStyle extends RunStyle {
  align?: 'left' | 'center' | 'right' | 'both';
  /** Keep with the next paragraph (§17.3.1.15). */
  keepNext?: boolean;
  /** Space before / after, points. */
  before?: number;
  after?: number;
  /** First-line indent, characters (§17.3.1.12 w:firstLineChars). */
  indentChars?: number;
}

const FONT = { sans: 'Noto Sans SC', serif: 'Noto Serif SC' } as const;

function runProps(s: RunStyle): string {
  const x: string[] = [];
  if (s.font)
    x.push(`<w:rFonts w:ascii="${FONT[s.font]}" w:hAnsi="${FONT[s.font]}" w:eastAsia="${FONT[s.font]}"/>`);
  if (s.bold) x.push('<w:b/>');
  if (s.color) x.push(`<w:color w:val="${s.color}"/>`);
  if (s.size !== undefined) x.push(`<w:sz w:val="${Math.round(s.size * 2)}"/>`);
  return x.length ? `<w:rPr>${x.join('')}</w:rPr>` : '';
}

/** One run of text (spaces kept). */
export function run(text: string, style: RunStyle = {}): string {
  return `<w:r>${runProps(style)}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

/** A paragraph of plain text, or of runs made with `run`. */
export function paragraph(content: string | string[], style: ParagraphStyle = {}, pStyle?: string): string {
  const pp: string[] = [];
  if (pStyle) pp.push(`<w:pStyle w:val="${pStyle}"/>`);
  if (style.keepNext) pp.push('<w:keepNext/>');
  if (style.before !== undefined || style.after !== undefined)
    pp.push(
      `<w:spacing${style.before !== undefined ? ` w:before="${Math.round(style.before * 20)}"` : ''}` +
        `${style.after !== undefined ? ` w:after="${Math.round(style.after * 20)}"` : ''}/>`,
    );
  if (style.indentChars !== undefined)
    pp.push(`<w:ind w:firstLineChars="${Math.round(style.indentChars * 100)}"/>`);
  if (style.align) pp.push(`<w:jc w:val="${style.align}"/>`);
  const runs = Array.isArray(content) ? content.join('') : content === '' ? '' : run(content, style);
  return `<w:p>${pp.length ? `<w:pPr>${pp.join('')}</w:pPr>` : ''}${runs}</w:p>`;
}

/** The document title (style Title: centred, sans, 18 pt). */
export function title(text: string): string {
  return paragraph(text, {}, 'Title');
}

/** A heading (styles Heading1, Heading2: sans, bold, kept with the next paragraph). */
export function heading(text: string, level: 1 | 2 = 1): string {
  return paragraph(text, {}, `Heading${level}`);
}

export interface Column {
  header: string;
  /** Share of the text width, any unit: the widths are scaled to the page. */
  width: number;
}

/** Text width of the built-in A4 page (./package.ts), twips. */
export const TEXT_WIDTH_TWIPS = 11906 - 2 * 1304;

function cell(content: string, width: number): string {
  const inner = content.startsWith('<') ? content : paragraph(content);
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>${inner}</w:tc>`;
}

/**
 * A table in the built-in table style (thin grey rules, a shaded header row repeated on every
 * page). `rows` are cell texts (or raw cell XML when a cell starts with '<'). With `loop`, the
 * single row given is repeated for each item of that list (docxtemplater's table-row loop:
 * `{#loop}` opens in the first cell, `{/loop}` closes in the last); tags inside name the item's
 * fields.
 */
export function table(columns: Column[], rows: string[][], loop?: string): string {
  if (loop !== undefined && rows.length !== 1)
    throw new Error(`a looped table has exactly one template row (${rows.length} given)`);
  const total = columns.reduce((s, c) => s + c.width, 0);
  const grid = columns.map((c) => Math.floor((TEXT_WIDTH_TWIPS * c.width) / total));
  const row = (cells: string[], header = false) =>
    `<w:tr>${header ? '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' : '<w:trPr><w:cantSplit/></w:trPr>'}` +
    cells.map((c, i) => cell(c, grid[i] ?? 0)).join('') +
    '</w:tr>';
  const body = rows.map((cells) => {
    if (cells.length !== columns.length)
      throw new Error(`a row has ${cells.length} cells for ${columns.length} columns`);
    if (loop === undefined) return row(cells);
    const looped = [...cells];
    looped[0] = `{#${loop}}${looped[0]}`;
    looped[looped.length - 1] = `${looped.at(-1)}{/${loop}}`;
    return row(looped);
  });
  return (
    '<w:tbl><w:tblPr><w:tblStyle w:val="HetongTable"/><w:tblW w:w="0" w:type="auto"/>' +
    '<w:tblLook w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>' +
    `<w:tblGrid>${grid.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
    row(
      columns.map((c) => c.header),
      true,
    ) +
    body.join('') +
    '</w:tbl>'
  );
}

/** A two-column table of label / value pairs (no header row), for the facts of a document. */
export function facts(pairs: [label: string, value: string][], labelShare = 28): string {
  const grid = [labelShare, 100 - labelShare].map((w) => Math.floor((TEXT_WIDTH_TWIPS * w) / 100));
  return (
    '<w:tbl><w:tblPr><w:tblStyle w:val="HetongTable"/><w:tblW w:w="0" w:type="auto"/>' +
    '<w:tblLook w:firstRow="0" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>' +
    `<w:tblGrid>${grid.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
    pairs
      .map(
        ([label, value]) =>
          `<w:tr><w:trPr><w:cantSplit/></w:trPr>${cell(label, grid[0]!)}${cell(value, grid[1]!)}</w:tr>`,
      )
      .join('') +
    '</w:tbl>'
  );
}
