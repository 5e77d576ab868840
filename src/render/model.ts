/**
 * The document model (IR) of the render engine: what a Word template becomes after parsing, and
 * what the Typst and HTML back ends read. Parsing resolves Word's style inheritance (document
 * defaults -> paragraph style chain -> character style chain -> direct formatting, ECMA-376 Part 1
 * §17.7.2), so every paragraph and run here carries its *effective* properties.
 *
 * Units: every length is in points (1/72 inch). Word's twentieths of a point (twips) are /20,
 * half-points /2, eighths of a point (borders) /8, EMU (DrawingML) /12700.
 * Colours: 6-digit upper-case hex without '#' ("FF0000"); `undefined` means Word's "auto".
 */

import type { NumberFormat } from './number-format.js';

export type Pt = number;

// ---------------------------------------------------------------------------------------------
// Runs (character formatting)

export interface RunProps {
  /** Word font names as written (w:rFonts ascii/hAnsi and eastAsia); mapped to shipped fonts later. */
  fontLatin?: string;
  fontEastAsia?: string;
  size: Pt;
  bold: boolean;
  italic: boolean;
  underline?: 'single' | 'double' | 'thick' | 'dotted' | 'dashed' | 'wave';
  strike: boolean;
  doubleStrike: boolean;
  color?: string;
  /** w:highlight mapped to hex, or w:shd fill on the run. */
  highlight?: string;
  verticalAlign?: 'superscript' | 'subscript';
  caps: boolean;
  smallCaps: boolean;
  /** Extra letter spacing (w:spacing on a run), points. */
  letterSpacing?: Pt;
  /** w:vanish: hidden text is dropped by the back ends. */
  hidden: boolean;
  /**
   * w:snapToGrid 0 on a run (ECMA-376 Part 1 §17.3.2.34): its characters keep their own width
   * under a character grid (SectionProps.charSpace). Absent means they follow the grid.
   */
  snapToGrid?: false;
}

export interface ImageRef {
  /** Key into `TemplateDocument.media` (the part name inside the package, e.g. "word/media/image1.png"). */
  media: string;
  width: Pt;
  height: Pt;
  /** Alternative text (wp:docPr descr/title). */
  alt?: string;
  /** Present for floating images (wp:anchor); absent for inline ones (wp:inline). */
  anchor?: ImageAnchor;
}

export interface TextBoxRef {
  id: string;
  width: Pt;
  height: Pt;
  /** Present for a floating box (wp:anchor); absent for one in the line (wp:inline). */
  anchor?: ImageAnchor;
  /** Fill and outline of the shape (a:solidFill, a:ln), hex colours; none when absent. */
  fill?: string;
  line?: { color: string; width: Pt };
  /** Space between the outline and the text (wps:bodyPr lIns/tIns/rIns/bIns). */
  insets: { left: Pt; top: Pt; right: Pt; bottom: Pt };
  /**
   * The box takes its content's size instead of the stored one (VML mso-fit-shape-to-text:
   * `height`; with mso-wrap-style:none, its text on unwrapped lines: `both`).
   */
  fit?: 'height' | 'both';
}

/**
 * A simple drawn shape: VML v:rect, v:roundrect, v:oval, v:line (ECMA-376 Part 4 §19.1.2.16,
 * .17, .13, .12) and the preset shapes of v:shape that mean the same.
 */
export interface ShapeRef {
  kind: 'rect' | 'roundRect' | 'ellipse' | 'line';
  /** The bounding box; a line runs corner to corner across it (see `flipH`/`flipV`). */
  width: Pt;
  height: Pt;
  /** A line from the top-right (flipH) or bottom-left (flipV) corner instead of the top-left. */
  flipH?: boolean;
  flipV?: boolean;
  /** Corner radius of a rounded rectangle (v:roundrect arcsize). */
  radius?: Pt;
  /** Fill and outline, hex colours; none when absent. */
  fill?: string;
  line?: { color: string; width: Pt; dash?: 'dashed' | 'dotted' };
  alt?: string;
  /** Present for a positioned shape (style position:absolute); absent for one in the line. */
  anchor?: ImageAnchor;
}

/**
 * A horizontal rule (VML o:hr, Part 4 §19.2.2): a bar on a line of its own across the text
 * width, or a share of it.
 */
export interface RuleRef {
  /** Share of the text width, 0..1 (o:hrpct in tenths of a percent; 0 or absent: all of it)… */
  widthShare?: number;
  /** …or a fixed width, when the shape gives one and no share. */
  width?: Pt;
  height: Pt;
  align: 'left' | 'center' | 'right';
  /** The bar's colour; Word's grey (A0A0A0) when absent. */
  color?: string;
}

export interface ImageAnchor {
  /** Offset of the image's top-left corner from the reference named in `relativeFromH/V`. */
  x: Pt;
  y: Pt;
  relativeFromH: 'page' | 'margin' | 'column' | 'character';
  relativeFromV: 'page' | 'margin' | 'paragraph' | 'line';
  /** Horizontal alignment instead of an offset (wp:align), when given. */
  alignH?: 'left' | 'center' | 'right';
  alignV?: 'top' | 'center' | 'bottom';
  wrap: 'none' | 'square' | 'tight' | 'topAndBottom';
  behindText: boolean;
  /**
   * Which sides of a square or tight float take text (wp:wrapSquare/@wrapText, ECMA-376 Part 1
   * §20.4.3.7): both, the left, the right, or the larger one; absent means both.
   */
  wrapText?: 'bothSides' | 'left' | 'right' | 'largest';
  /** Space kept between the float and the text (wp:anchor distT/distB/distL/distR), points. */
  distance?: { top: Pt; bottom: Pt; left: Pt; right: Pt };
}

/** A template tag found in the text, before the structure pass pairs sections (see tags/). */
export interface Tag {
  /**
   * value `{x}`, sectionOpen `{#x}`, invertedOpen `{^x}`, sectionClose `{/x}`, image `{%x}`,
   * html `{~x}` (inline) and htmlBlock `{~~x}` (replaces its paragraph).
   */
  kind: 'value' | 'sectionOpen' | 'invertedOpen' | 'sectionClose' | 'image' | 'html' | 'htmlBlock';
  /** The expression as written between the delimiters, without the kind prefix, trimmed. */
  name: string;
  /** Dotted path split: "partyA.name" -> ["partyA", "name"]; "." (the current item) -> []. */
  path: string[];
  /** Human-readable location: "body paragraph 12", "table 1 row 3 cell 2", "header1.xml paragraph 1". */
  where: string;
}

export type Inline =
  | { type: 'text'; text: string; props: RunProps }
  | { type: 'tab'; props: RunProps }
  | { type: 'break'; kind: 'line' | 'page' | 'column' }
  /** PAGE, NUMPAGES, SECTIONPAGES fields (simple or complex, ECMA-376 §17.16); others keep their result text. */
  | { type: 'field'; field: 'page' | 'numpages' | 'sectionpages'; props: RunProps }
  | { type: 'image'; image: ImageRef }
  /** A footnote reference (w:footnoteReference, ECMA-376 §17.11.14); its text is doc.footnotes[id]. */
  | { type: 'footnote'; id: string }
  /** An endnote reference (w:endnoteReference, §17.11.7); its text is doc.endnotes[id]. */
  | { type: 'endnote'; id: string }
  /** A text box (a wps:wsp shape with wps:txbx, §20.4 / ISO 29500-4); its text is doc.textBoxes[id]. */
  | { type: 'textBox'; box: TextBoxRef }
  /** A drawn rectangle, rounded rectangle, ellipse or line (VML). */
  | { type: 'shape'; shape: ShapeRef }
  /** A horizontal rule (VML o:hr). */
  | { type: 'rule'; rule: RuleRef }
  /** A tag as lexed; the structure pass turns value/image/html tags into the nodes below. */
  | { type: 'tag'; tag: Tag; props: RunProps }
  /** `where` (optional): the tag's Tag.where, kept by the structure pass for messages and analysis. */
  | { type: 'value'; path: string[]; name: string; props: RunProps; where?: string }
  | { type: 'imageValue'; path: string[]; name: string; props: RunProps; where?: string }
  | { type: 'htmlValue'; path: string[]; name: string; props: RunProps; where?: string }
  | InlineSection;

/** `{#x}…{/x}` or `{^x}…{/x}` whose opening and closing tags sit in one paragraph. */
export interface InlineSection {
  type: 'section';
  inverted: boolean;
  path: string[];
  name: string;
  /** Where the tag stood in the template (Tag.where), set by the structure pass; for messages. */
  where?: string;
  children: Inline[];
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

export type LineSpacing =
  /** Multiple of single line spacing (w:lineRule="auto", w:line / 240). */
  { rule: 'auto'; multiple: number } | { rule: 'exact' | 'atLeast'; value: Pt };

export interface TabStop {
  position: Pt;
  align: 'left' | 'center' | 'right' | 'decimal' | 'bar';
  leader?: 'dot' | 'hyphen' | 'underscore' | 'middleDot';
}

export interface Border {
  style: 'single' | 'double' | 'dashed' | 'dotted' | 'thick';
  width: Pt;
  color?: string;
  /** Distance from the text (w:space), points. */
  space?: Pt;
}

export interface BorderSet {
  top?: Border;
  bottom?: Border;
  left?: Border;
  right?: Border;
  /** Inside borders of a table (between rows / columns). */
  insideH?: Border;
  insideV?: Border;
  /**
   * Sides explicitly set to none (w:val "nil"/"none"), which override a border inherited from the
   * table or a style: a cell listing "top" here has no top border even if the table has insideH.
   */
  nil?: Array<'top' | 'bottom' | 'left' | 'right' | 'insideH' | 'insideV'>;
}

export interface NumberingRef {
  numId: string;
  /** 0-based w:ilvl. */
  level: number;
}

export interface ParagraphProps {
  styleId?: string;
  align: 'left' | 'center' | 'right' | 'justify' | 'distribute';
  indentLeft: Pt;
  indentRight: Pt;
  /** Positive: first-line indent; negative: hanging indent of that size. */
  firstLine: Pt;
  spaceBefore: Pt;
  spaceAfter: Pt;
  /** w:contextualSpacing: no space between paragraphs of the same style. */
  contextualSpacing: boolean;
  lineSpacing: LineSpacing;
  keepNext: boolean;
  keepLines: boolean;
  pageBreakBefore: boolean;
  widowControl: boolean;
  numbering?: NumberingRef;
  tabs: TabStop[];
  shading?: string;
  borders?: BorderSet;
  /** 0-8 for headings (w:outlineLvl or a Heading N style); used for the HTML preview and PDF outline. */
  outlineLevel?: number;
  /**
   * A literal list label ("1.", "•", "a)") for list items of HTML fragments (ul/ol/li), which do not
   * use Word numbering definitions; shown before the text like a numbering label, followed by a
   * space, with the text hanging-indented by `-firstLine`.
   */
  listLabel?: string;
  /**
   * w:snapToGrid (ECMA-376 Part 1 §17.3.1.32): false when the paragraph ignores the section's
   * document grid; absent means true (the default).
   */
  snapToGrid?: boolean;
  /** Properties of the paragraph mark: give an empty paragraph its height. */
  markProps: RunProps;
}

export interface Paragraph {
  type: 'paragraph';
  props: ParagraphProps;
  children: Inline[];
}

// ---------------------------------------------------------------------------------------------
// Tables

export interface TableProps {
  /** Column widths from w:tblGrid. */
  grid: Pt[];
  /** Preferred total width, when absolute (w:tblW type="dxa"); `pct` widths are turned into points. */
  width?: Pt;
  align: 'left' | 'center' | 'right';
  indentLeft: Pt;
  borders: BorderSet;
  cellMargins: { top: Pt; bottom: Pt; left: Pt; right: Pt };
  layout: 'fixed' | 'autofit';
  styleId?: string;
}

export interface TableCellProps {
  gridSpan: number;
  /** w:vMerge: "restart" starts a vertically merged cell, "continue" is covered by the one above. */
  vMerge?: 'restart' | 'continue';
  width?: Pt;
  shading?: string;
  borders: BorderSet;
  margins?: { top?: Pt; bottom?: Pt; left?: Pt; right?: Pt };
  vAlign: 'top' | 'center' | 'bottom';
  noWrap: boolean;
  /** An empty stand-in for w:gridBefore/w:gridAfter grid columns: no borders, no shading, no content. */
  spacer?: boolean;
}

export interface TableCell {
  props: TableCellProps;
  blocks: Block[];
}

export interface TableRowProps {
  height?: { value: Pt; rule: 'atLeast' | 'exact' };
  /** w:tblHeader: repeated at the top of every page the table spans. */
  header: boolean;
  cantSplit: boolean;
}

export interface TableRow {
  type: 'row';
  props: TableRowProps;
  cells: TableCell[];
}

/** Rows repeated by a section whose opening and closing tags sit in different cells or rows. */
export interface RowSection {
  type: 'rowSection';
  inverted: boolean;
  path: string[];
  name: string;
  /** Where the tag stood in the template (Tag.where), set by the structure pass; for messages. */
  where?: string;
  rows: RowItem[];
}

export type RowItem = TableRow | RowSection;

export interface Table {
  type: 'table';
  props: TableProps;
  rows: RowItem[];
}

// ---------------------------------------------------------------------------------------------
// Sections and the document

export interface HeaderFooterSet {
  default?: Block[];
  first?: Block[];
  even?: Block[];
}

export interface SectionProps {
  pageWidth: Pt;
  pageHeight: Pt;
  orientation: 'portrait' | 'landscape';
  margins: { top: Pt; bottom: Pt; left: Pt; right: Pt; header: Pt; footer: Pt; gutter: Pt };
  headers: HeaderFooterSet;
  footers: HeaderFooterSet;
  /** w:titlePg: the first page uses the `first` header/footer. */
  titlePage: boolean;
  /** How this section starts (w:type); the first section always starts a page. */
  start: 'nextPage' | 'continuous' | 'evenPage' | 'oddPage' | 'nextColumn';
  pageNumberStart?: number;
  pageNumberFormat?: NumberFormat;
  columns: number;
  /** w:cols/@w:space (§17.6.4): the gap between columns, when there are several. */
  columnGap?: Pt;
  /** w:cols/@w:sep: a vertical line between the columns. */
  columnSeparator?: boolean;
  /** w:equalWidth="0": each column's width and the space after it (w:col, §17.6.3). */
  columnWidths?: { width: Pt; space: Pt }[];
  /**
   * Line pitch of the document grid (w:docGrid type "lines"/"linesAndChars"/"snapToChars",
   * ECMA-376 Part 1 §17.6.5), in points: Word snaps the lines of paragraphs to multiples of it
   * (common in Chinese documents). Absent when the section has no line grid.
   */
  lineGrid?: Pt;
  /**
   * The character grid of w:docGrid type "linesAndChars" or "snapToChars": each character's advance
   * grows by w:charSpace / 4096 pt (the pitch is the default font size plus that). Absent for
   * other types or a zero charSpace.
   */
  charSpace?: Pt;
}

/** Ends the section whose properties it carries (w:sectPr inside the last paragraph of a section). */
export interface SectionBreak {
  type: 'sectionBreak';
  section: SectionProps;
}

/** A section whose opening and closing tags sit in different blocks of one container. */
export interface BlockSection {
  type: 'section';
  inverted: boolean;
  path: string[];
  name: string;
  /** Where the tag stood in the template (Tag.where), set by the structure pass; for messages. */
  where?: string;
  children: Block[];
  /**
   * The last child is the section break of the paragraph holding the closing tag: kept once when
   * the section shows nothing, as docxtemplater keeps that paragraph's w:sectPr.
   */
  closingBreak?: boolean;
}

/** `{~~x}`: an HTML fragment replacing the paragraph it stood in. */
export interface HtmlBlock {
  type: 'htmlBlock';
  path: string[];
  name: string;
  /** Where the tag stood in the template (Tag.where), set by the structure pass; for messages. */
  where?: string;
  /** The paragraph's properties, used as the base style of the fragment. */
  props: ParagraphProps;
  runProps: RunProps;
}

export type Block = Paragraph | Table | SectionBreak | BlockSection | HtmlBlock;

/** ECMA-376 Part 1 §17.18.59 ST_NumberFormat values the engine shows (number-format.ts). */
export type { NumberFormat };

/**
 * How footnotes or endnotes are numbered (w:footnotePr / w:endnotePr, ECMA-376 Part 1 §17.11.11,
 * §17.11.4): the format (§17.11.17 w:numFmt), the first number (§17.11.18 w:numStart) and when
 * numbering starts again (§17.11.19 w:numRestart).
 */
export interface NoteNumbering {
  format: NumberFormat;
  start: number;
  restart: 'continuous' | 'eachSection' | 'eachPage';
}

export interface NumberingLevel {
  format: NumberFormat;
  /** w:lvlText with %1..%9 placeholders, e.g. "%1.%2" or "第%1条" or "（%1）"; for bullets the bullet char. */
  text: string;
  start: number;
  /** w:suff: what follows the label. */
  suffix: 'tab' | 'space' | 'nothing';
  /** w:isLgl: show every level's number in decimal. */
  legal: boolean;
  /** Paragraph indents the level implies (w:lvl/w:pPr/w:ind), used unless the paragraph overrides. */
  indentLeft?: Pt;
  firstLine?: Pt;
  runProps?: Partial<RunProps>;
  /** w:lvlRestart: restart after this (1-based) level; default: after any higher level. */
  restartAfter?: number;
}

export interface NumberingDefinition {
  /** Numbering instances (w:num) sharing one abstract definition continue one sequence. */
  abstractId: string;
  levels: NumberingLevel[];
  /** w:lvlOverride/w:startOverride per level. */
  startOverrides: Record<number, number>;
}

export interface RenderWarning {
  /** Stable code, e.g. "UNSUPPORTED_TEXTBOX", "UNSUPPORTED_FIELD", "FONT_MAPPED". */
  code: string;
  message: string;
  where?: string;
}

export interface MediaPart {
  contentType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/bmp';
  bytes: Uint8Array;
  /** Pixel size from the image header, after validation. */
  pixelWidth: number;
  pixelHeight: number;
}

export interface TemplateDocument {
  body: Block[];
  /** Properties of the last section (w:body/w:sectPr). */
  finalSection: SectionProps;
  numbering: Record<string, NumberingDefinition>;
  /**
   * Footnote texts by id (footnotes.xml, §17.11.10), referred to by footnote inlines. Their tags
   * take the contract's top-level data, as the headers' do. Absent in IR stored before footnotes.
   */
  footnotes?: Record<string, Block[]>;
  /** Endnote texts by id (endnotes.xml), likewise; shown after the document's last paragraph. */
  endnotes?: Record<string, Block[]>;
  /** Text box contents by id (w:txbxContent); their tags, too, take the top-level data. */
  textBoxes?: Record<string, Block[]>;
  /**
   * Core document properties (docProps/core.xml: title, subject, creator, keywords, description),
   * each one paragraph; their tags take the top-level data (docxtemplater fills core.xml) and the
   * filled text becomes the PDF's document information.
   */
  properties?: Record<string, Block[]>;
  media: Record<string, MediaPart>;
  settings: {
    /** w:evenAndOddHeaders */
    evenAndOddHeaders: boolean;
    defaultTabStop: Pt;
    /**
     * w:compat/w:adjustLineHeightInTable (§17.15.3.1): lines in table cells snap to the document
     * grid too. Absent: they keep their own height.
     */
    adjustLineHeightInTable?: boolean;
    /** Footnote and endnote numbering; absent: 1, 2, 3 and i, ii, iii, never restarted. */
    footnoteNumbering?: NoteNumbering;
    endnoteNumbering?: NoteNumbering;
  };
  /** Default run properties of the document (w:docDefaults), for generated content. */
  defaultRunProps: RunProps;
  defaultParagraphProps: ParagraphProps;
  warnings: RenderWarning[];
}
