/**
 * Test helpers: hand-built IR documents, and the same template written as WordprocessingML for
 * docxtemplater comparison tests, from one small spec. Also a plain-text view of both (paragraphs
 * end with "\n", cells with "|", rows with "/", line breaks are "⏎") used to compare results.
 */
import type {
  Block,
  Inline,
  ParagraphProps,
  RunProps,
  SectionProps,
  Table,
  TableRow,
  TemplateDocument,
} from '../../model.js';
import { plainParagraphProps, plainRunProps } from '../../defaults.js';

export const RUN: RunProps = plainRunProps({ size: 12 });

export const PARA: ParagraphProps = plainParagraphProps(RUN);

export const SECTION: SectionProps = {
  pageWidth: 595.3,
  pageHeight: 841.9,
  orientation: 'portrait',
  margins: { top: 72, bottom: 72, left: 72, right: 72, header: 36, footer: 36, gutter: 0 },
  headers: {},
  footers: {},
  titlePage: false,
  start: 'nextPage',
  columns: 1,
};

/** A spec block: a paragraph as its runs' texts, or a table as rows of cells of blocks. */
export type SpecBlock = string[] | { table: SpecBlock[][][] };

export function text(t: string, props: Partial<RunProps> = {}): Inline {
  return { type: 'text', text: t, props: { ...RUN, ...props } };
}

export function para(...runs: (string | Inline)[]): Block {
  return { type: 'paragraph', props: PARA, children: runs.map((r) => (typeof r === 'string' ? text(r) : r)) };
}

export function tableOf(rows: Block[][][]): Table {
  const n = Math.max(...rows.map((r) => r.length));
  return {
    type: 'table',
    props: {
      grid: Array.from({ length: n }, () => 451 / n),
      align: 'left',
      indentLeft: 0,
      borders: {},
      cellMargins: { top: 0, bottom: 0, left: 5.4, right: 5.4 },
      layout: 'fixed',
    },
    rows: rows.map((cells): TableRow => ({
      type: 'row',
      props: { header: false, cantSplit: false },
      cells: cells.map((blocks) => ({
        props: { gridSpan: 1, borders: {}, vAlign: 'top', noWrap: false },
        blocks,
      })),
    })),
  };
}

export function irBlocks(spec: SpecBlock[]): Block[] {
  return spec.map((b) =>
    Array.isArray(b) ? para(...b) : tableOf(b.table.map((row) => row.map((cell) => irBlocks(cell)))),
  );
}

export function docOf(
  body: Block[],
  extra: { headers?: SectionProps['headers']; footers?: SectionProps['footers'] } = {},
): TemplateDocument {
  return {
    body,
    finalSection: { ...SECTION, headers: extra.headers ?? {}, footers: extra.footers ?? {} },
    numbering: {},
    media: {},
    settings: { evenAndOddHeaders: false, defaultTabStop: 36 },
    defaultRunProps: RUN,
    defaultParagraphProps: PARA,
    warnings: [],
  };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The spec as the inner XML of w:body (one w:r per run, so tags split across runs stay split). */
export function specXml(spec: SpecBlock[]): string {
  return spec
    .map((b) => {
      if (Array.isArray(b))
        return `<w:p>${b.map((t) => `<w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r>`).join('')}</w:p>`;
      const rows = b.table.map(
        (row) =>
          `<w:tr>${row.map((cell) => `<w:tc>${specXml(cell.length ? cell : [[]])}</w:tc>`).join('')}</w:tr>`,
      );
      return `<w:tbl><w:tblPr/><w:tblGrid/>${rows.join('')}</w:tbl>`;
    })
    .join('');
}

/** Plain text of IR blocks (expanded: no tag nodes expected). */
export function irText(blocks: Block[]): string {
  let out = '';
  const inlines = (list: Inline[]): void => {
    for (const i of list) {
      if (i.type === 'text') out += i.text;
      else if (i.type === 'break') out += '⏎';
      else if (i.type === 'image') out += '[img]';
      else if (i.type === 'section') inlines(i.children);
    }
  };
  const walk = (list: Block[]): void => {
    for (const b of list) {
      if (b.type === 'paragraph') {
        inlines(b.children);
        out += '\n';
      } else if (b.type === 'table') {
        for (const row of b.rows) {
          if (row.type !== 'row') continue;
          for (const cell of row.cells) {
            walk(cell.blocks);
            out += '|';
          }
          out += '/';
        }
      } else if (b.type === 'section') walk(b.children);
    }
  };
  walk(blocks);
  return out;
}

/** Plain text of a WordprocessingML body, in the same form as irText. */
export function xmlText(xml: string): string {
  let out = '';
  const re = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<\/w:p>|<\/w:tc>|<\/w:tr>|<w:t\/>/g;
  for (const m of xml.matchAll(re)) {
    const tag = m[0];
    if (tag === '</w:p>') out += '\n';
    else if (tag === '</w:tc>') out += '|';
    else if (tag === '</w:tr>') out += '/';
    else if (tag === '<w:br/>') out += '⏎';
    else if (m[1] !== undefined)
      out += m[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
  }
  return out;
}
