/** Hand-built IR for tests of the Typst back end (no .docx needed). */
import type {
  Block,
  ImageAnchor,
  Inline,
  Paragraph,
  ParagraphProps,
  RunProps,
  SectionProps,
  Table,
  TableCell,
  TableRow,
  TemplateDocument,
  TextBoxRef,
} from '../../model.js';
import { plainParagraphProps, plainRunProps } from '../../defaults.js';

export function runProps(p: Partial<RunProps> = {}): RunProps {
  return plainRunProps({ size: 10.5, fontEastAsia: '宋体', fontLatin: 'Times New Roman', ...p });
}

export function paraProps(p: Partial<ParagraphProps> = {}): ParagraphProps {
  return plainParagraphProps(runProps(), p);
}

export const text = (t: string, p: Partial<RunProps> = {}): Inline => ({
  type: 'text',
  text: t,
  props: runProps(p),
});
export const value = (name: string, p: Partial<RunProps> = {}): Inline => ({
  type: 'value',
  name,
  path: name === '.' ? [] : name.split('.'),
  props: runProps(p),
});

export function para(children: Inline[] | string, p: Partial<ParagraphProps> = {}): Paragraph {
  return {
    type: 'paragraph',
    props: paraProps(p),
    children: typeof children === 'string' ? [text(children)] : children,
  };
}

export function cell(blocks: Block[] | string, p: Partial<TableCell['props']> = {}): TableCell {
  return {
    props: { gridSpan: 1, borders: {}, vAlign: 'top', noWrap: false, ...p },
    blocks: typeof blocks === 'string' ? [para(blocks)] : blocks,
  };
}

export function row(cells: TableCell[], p: Partial<TableRow['props']> = {}): TableRow {
  return { type: 'row', props: { header: false, cantSplit: false, ...p }, cells };
}

const line = { style: 'single' as const, width: 0.5 };

export function table(rows: Table['rows'], grid: number[], p: Partial<Table['props']> = {}): Table {
  return {
    type: 'table',
    props: {
      grid,
      align: 'left',
      indentLeft: 0,
      layout: 'fixed',
      cellMargins: { top: 0, bottom: 0, left: 5.4, right: 5.4 },
      borders: { top: line, bottom: line, left: line, right: line, insideH: line, insideV: line },
      ...p,
    },
    rows,
  };
}

export function sectionProps(p: Partial<SectionProps> = {}): SectionProps {
  return {
    pageWidth: 595.3,
    pageHeight: 841.9,
    orientation: 'portrait',
    margins: { top: 72, bottom: 72, left: 90, right: 90, header: 42.5, footer: 49.6, gutter: 0 },
    headers: {},
    footers: {},
    titlePage: false,
    start: 'nextPage',
    columns: 1,
    ...p,
  };
}

export function doc(body: Block[], p: Partial<TemplateDocument> = {}): TemplateDocument {
  return {
    body,
    finalSection: sectionProps(),
    numbering: {},
    media: {},
    settings: { evenAndOddHeaders: false, defaultTabStop: 21 },
    defaultRunProps: runProps(),
    defaultParagraphProps: paraProps(),
    warnings: [],
    ...p,
  };
}

/** A floating object's anchor: to the column and paragraph, no offset, square wrap, unless given. */
export function anchor(p: Partial<ImageAnchor> = {}): ImageAnchor {
  return {
    x: 0,
    y: 0,
    relativeFromH: 'column',
    relativeFromV: 'paragraph',
    wrap: 'square',
    behindText: false,
    ...p,
  };
}

/** A text box inline (id '1', 5pt insets, floating with `anchor()`), with `p` over those. */
export function textBox(p: Partial<TextBoxRef> & Pick<TextBoxRef, 'width' | 'height'>): Inline {
  return {
    type: 'textBox',
    box: { id: '1', insets: { left: 5, top: 5, right: 5, bottom: 5 }, anchor: anchor(), ...p },
  };
}
