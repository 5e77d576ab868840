/**
 * IR -> HTML for the phone preview. Paragraphs become <p> with alignment, indents and spacing in
 * points; runs become <span>s with their character formatting; tables are wrapped in a
 * horizontally scrolling box so a wide table never widens the page. Page numbers (PAGE/NUMPAGES
 * fields) are omitted: a scrolling preview has no pages. Every text and attribute is escaped.
 */
import type {
  Block,
  Border,
  BorderSet,
  ImageAnchor,
  Inline,
  NumberFormat,
  Paragraph,
  RunProps,
  Table,
  TableCell,
  TableRow,
  TemplateDocument,
  TextBoxRef,
} from '../model.js';
import { NumberingCounter } from './numbering.js';
import { formatNumber } from '../number-format.js';
import { ruleHtml, shapeHtml } from './shapes.js';
import { backgroundColor, fontClass, textColor } from './style.js';

/** C0 controls but tab, LF and CR; DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Text and attribute values escaped for HTML; control characters (NUL, BEL, ESC …: WHATWG HTML
 * §13.2.2 calls them parse errors, and a terminal showing the page would obey them) become
 * U+FFFD, so the preview shows that something was there without emitting it.
 */
export function escapeHtml(s: string): string {
  return s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
    .replace(CONTROLS, '\ufffd');
}

function pt(n: number): string {
  return `${Math.round(n * 100) / 100}pt`;
}

const BORDER_STYLE: Record<Border['style'], string> = {
  single: 'solid',
  double: 'double',
  dashed: 'dashed',
  dotted: 'dotted',
  thick: 'solid',
};

/** Where each kind of note lives in the document and the prefix of its list items' ids. */
/**
 * Note formats an HTML list numbers as Word does (the ol type attribute); letters are not among
 * them (HTML counts a … z, aa, ab; Word a … z, aa, bb).
 */
const OL_TYPES: Partial<Record<NumberFormat, string>> = { decimal: '1', lowerRoman: 'i', upperRoman: 'I' };

const NOTE = {
  footnote: { set: 'footnotes', prefix: 'fn' },
  endnote: { set: 'endnotes', prefix: 'en' },
} as const;

export class HtmlRenderer {
  private readonly numbering: NumberingCounter;
  private readonly dataUrls = new Map<string, string>();
  /** Ids of the notes referred to so far, in the order of their references (their numbers). */
  private readonly noteOrder = { footnote: [] as string[], endnote: [] as string[] };
  /** Rendering a note's or text box's content: notes and boxes there are not followed. */
  private inNotes = false;

  constructor(
    private readonly doc: TemplateDocument,
    private readonly theme: 'light' | 'dark',
  ) {
    this.numbering = new NumberingCounter(doc.numbering);
  }

  private border(b: Border | undefined): string {
    if (!b) return 'none';
    const width =
      b.style === 'double'
        ? Math.max(b.width, 2.25)
        : b.style === 'thick'
          ? Math.max(b.width, 1.5)
          : Math.max(b.width, 0.5);
    const color = b.color ? textColor(b.color, this.theme) : 'currentColor';
    return `${pt(width)} ${BORDER_STYLE[b.style]} ${color}`;
  }

  /** Headers and footers: a paragraph holding a page-number field ("第 X 页 共 Y 页") is left out. */
  headerFooter(blocks: Block[]): string {
    return this.blocks(
      blocks.filter((b) => b.type !== 'paragraph' || !b.children.some((i) => i.type === 'field')),
    );
  }

  blocks(blocks: Block[]): string {
    let out = '';
    for (const block of blocks) {
      switch (block.type) {
        case 'paragraph':
          out += this.paragraph(block);
          break;
        case 'table':
          out += this.table(block);
          break;
        case 'section':
          // Only in unexpanded templates (previews with tag names shown).
          out += this.blocks(block.children);
          break;
        case 'htmlBlock':
          out += `<p><span class="tag">${escapeHtml(`{~~${block.name}}`)}</span></p>`;
          break;
        case 'sectionBreak':
          break;
      }
    }
    return out;
  }

  /** The number of the `n`th note of a kind, as w:footnotePr / w:endnotePr say (§17.11.17-18). */
  private noteLabel(kind: 'footnote' | 'endnote', n: number): string {
    const numbering = this.doc.settings[kind === 'footnote' ? 'footnoteNumbering' : 'endnoteNumbering'];
    const format = numbering?.format ?? (kind === 'footnote' ? 'decimal' : 'lowerRoman');
    return formatNumber(n + (numbering?.start ?? 1) - 1, format);
  }

  /**
   * The footnotes and then the endnotes referred to, numbered in order (1, 2, 3 and i, ii, iii, or
   * the document's note formats), as lists after the text: a scrolling page has no page foot.
   */
  notes(): string {
    let out = '';
    for (const kind of ['footnote', 'endnote'] as const) {
      const order = this.noteOrder[kind];
      if (order.length === 0) continue;
      const { set, prefix } = NOTE[kind];
      const numbering = this.doc.settings[kind === 'footnote' ? 'footnoteNumbering' : 'endnoteNumbering'];
      const format = numbering?.format ?? (kind === 'footnote' ? 'decimal' : 'lowerRoman');
      // HTML lists number in decimal, roman and letters themselves; other formats are written out.
      const type = OL_TYPES[format];
      const own = type === undefined;
      const items = order.map(
        (id, i) =>
          `<li id="${prefix}-${i + 1}">${own ? `<span class="fn-num">${this.noteLabel(kind, i + 1)}</span> ` : ''}${this.keyedBlocks(this.doc[set]![id]!)}</li>`,
      );
      const start = numbering?.start ?? 1;
      const attrs = own
        ? ' style="list-style:none"'
        : `${type === '1' ? '' : ` type="${type}"`}${start === 1 ? '' : ` start="${start}"`}`;
      out += `<section class="${set}"><ol${attrs}>${items.join('')}</ol></section>`;
    }
    return out;
  }

  /** A note's or text box's blocks; notes and boxes inside them are not followed (no endless list). */
  private keyedBlocks(blocks: Block[]): string {
    this.inNotes = true;
    try {
      return this.blocks(blocks);
    } finally {
      this.inNotes = false;
    }
  }

  private paragraph(p: Paragraph): string {
    const s = p.props;
    const css: string[] = [];
    if (s.align !== 'left')
      css.push(
        s.align === 'distribute' ? 'text-align:justify;text-align-last:justify' : `text-align:${s.align}`,
      );
    if (s.indentLeft) css.push(`margin-left:${pt(s.indentLeft)}`);
    if (s.indentRight) css.push(`margin-right:${pt(s.indentRight)}`);
    if (s.firstLine) css.push(`text-indent:${pt(s.firstLine)}`);
    if (s.spaceBefore) css.push(`margin-top:${pt(s.spaceBefore)}`);
    if (s.spaceAfter) css.push(`margin-bottom:${pt(s.spaceAfter)}`);
    const ls = s.lineSpacing;
    if (ls.rule === 'auto') css.push(`line-height:${Math.round(ls.multiple * 1.3 * 100) / 100}`);
    else if (ls.rule === 'exact') css.push(`line-height:${pt(ls.value)}`);
    else css.push(`line-height:max(${pt(ls.value)},1.3em)`);
    css.push(`font-size:${pt(s.markProps.size)}`);
    if (s.shading) css.push(`background:${backgroundColor(s.shading, this.theme)}`);
    if (s.borders) {
      for (const side of ['top', 'bottom', 'left', 'right'] as const) {
        const b = s.borders[side];
        if (b) css.push(`border-${side}:${this.border(b)}`);
      }
    }
    let label = '';
    const numbered = s.numbering ? this.numbering.next(s.numbering) : undefined;
    const labelText = numbered?.text ?? s.listLabel;
    if (labelText) {
      const spacer = numbered?.suffix === 'nothing' ? '' : ' ';
      label = `<span class="label">${escapeHtml(labelText)}${spacer}</span>`;
    }
    const heading =
      s.outlineLevel !== undefined && s.outlineLevel < 6
        ? ` role="heading" aria-level="${s.outlineLevel + 1}"`
        : '';
    const body = this.inlines(p.children);
    const boxes = p.children.map((c) => (c.type === 'textBox' ? this.textBox(c.box) : '')).join('');
    return `${boxes}<p class="${fontClass(s.markProps.fontLatin, s.markProps.fontEastAsia)}"${heading} style="${css.join(';')}">${label}${body || (label ? '' : '<br>')}</p>`;
  }

  /** A text box, floated to its side (or on a line of its own) before the paragraph it is in. */
  private textBox(b: TextBoxRef): string {
    const blocks = this.doc.textBoxes?.[b.id];
    if (blocks === undefined || this.inNotes) return '';
    const style = [
      `width:${b.fit === 'both' ? 'auto' : pt(b.width)}`,
      'max-width:100%',
      'box-sizing:border-box',
      `min-height:${pt(b.fit ? 0 : b.height)}`,
      `padding:${pt(b.insets.top)} ${pt(b.insets.right)} ${pt(b.insets.bottom)} ${pt(b.insets.left)}`,
    ];
    if (b.fill) style.push(`background:${backgroundColor(b.fill, this.theme)}`);
    if (b.line) style.push(`border:${pt(b.line.width)} solid ${textColor(b.line.color, this.theme)}`);
    style.push(floatingImageCss(b.anchor ?? { wrap: 'topAndBottom' }));
    return `<div class="textbox" style="${style.join(';')}">${this.keyedBlocks(blocks)}</div>`;
  }

  private runStyle(r: RunProps): string {
    const css: string[] = [`font-size:${pt(r.size)}`];
    if (r.bold) css.push('font-weight:bold');
    if (r.italic) css.push('font-style:italic');
    const deco: string[] = [];
    if (r.underline) deco.push('underline');
    if (r.strike || r.doubleStrike) deco.push('line-through');
    if (deco.length)
      css.push(
        `text-decoration:${deco.join(' ')}${r.underline && r.underline !== 'single' && r.underline !== 'thick' ? ` ${r.underline === 'wave' ? 'wavy' : r.underline}` : ''}`,
      );
    if (r.color) css.push(`color:${textColor(r.color, this.theme)}`);
    if (r.highlight) css.push(`background:${backgroundColor(r.highlight, this.theme)}`);
    if (r.caps) css.push('text-transform:uppercase');
    if (r.smallCaps) css.push('font-variant:small-caps');
    if (r.letterSpacing) css.push(`letter-spacing:${pt(r.letterSpacing)}`);
    return css.join(';');
  }

  private span(text: string, r: RunProps): string {
    const inner = escapeHtml(text);
    const cls = fontClass(r.fontLatin, r.fontEastAsia);
    const open = `<span class="${cls}" style="${this.runStyle(r)}">`;
    if (r.verticalAlign === 'superscript') return `${open}<sup>${inner}</sup></span>`;
    if (r.verticalAlign === 'subscript') return `${open}<sub>${inner}</sub></span>`;
    return `${open}${inner}</span>`;
  }

  private dataUrl(key: string): string | undefined {
    let url = this.dataUrls.get(key);
    if (url) return url;
    const part = this.doc.media[key];
    if (!part) return undefined;
    url = `data:${part.contentType};base64,${Buffer.from(part.bytes).toString('base64')}`;
    this.dataUrls.set(key, url);
    return url;
  }

  inlines(inlines: Inline[]): string {
    let out = '';
    for (const inline of inlines) {
      switch (inline.type) {
        case 'text':
          if (!inline.props.hidden) out += this.span(inline.text, inline.props);
          break;
        case 'tab':
          out += '<span class="tab"></span>';
          break;
        case 'break':
          out += '<br>';
          break;
        case 'field':
          break; // page numbers: no pages in a scrolling preview
        case 'textBox':
          break; // before its paragraph (paragraph): a <p> cannot hold the box's own paragraphs
        case 'shape':
          out += shapeHtml(inline.shape, this.theme);
          break;
        case 'rule':
          out += ruleHtml(inline.rule, this.theme);
          break;
        case 'footnote':
        case 'endnote': {
          const { set, prefix } = NOTE[inline.type];
          if (this.doc[set]?.[inline.id] === undefined || this.inNotes) break;
          const order = this.noteOrder[inline.type];
          order.push(inline.id);
          const n = order.length;
          const label = this.noteLabel(inline.type, n);
          out += `<sup class="fn-ref"><a href="#${prefix}-${n}">${label}</a></sup>`;
          break;
        }
        case 'image': {
          const url = this.dataUrl(inline.image.media);
          if (url) {
            const { width, height, alt, anchor } = inline.image;
            const style = [
              `width:${pt(width)}`,
              `aspect-ratio:${Math.round((width / height) * 1000) / 1000}`,
            ];
            if (anchor !== undefined) style.push(floatingImageCss(anchor));
            out += `<img src="${url}" alt="${escapeHtml(alt ?? '')}" style="${style.join(';')}">`;
          }
          break;
        }
        case 'tag':
        case 'value':
        case 'imageValue':
        case 'htmlValue': {
          const name = inline.type === 'tag' ? inline.tag.name : inline.name;
          const prefix = inline.type === 'imageValue' ? '%' : inline.type === 'htmlValue' ? '~' : '';
          out += `<span class="tag">${escapeHtml(`{${prefix}${name}}`)}</span>`;
          break;
        }
        case 'section':
          out += this.inlines(inline.children);
          break;
      }
    }
    return out;
  }

  private table(t: Table): string {
    const rows: TableRow[] = [];
    const flatten = (items: Table['rows']): void => {
      for (const r of items) {
        if (r.type === 'row') rows.push(r);
        else flatten(r.rows);
      }
    };
    flatten(t.rows);
    const columns = t.props.grid.length;
    // Grid column where each cell starts, to find the cells a vertical merge continues into.
    const starts = rows.map((row) => {
      let col = 0;
      return row.cells.map((cell) => {
        const start = col;
        col += Math.max(1, cell.props.gridSpan);
        return start;
      });
    });
    const rowspan = (r: number, start: number): number => {
      let n = 1;
      for (let k = r + 1; k < rows.length; k += 1) {
        const i = starts[k]!.indexOf(start);
        if (i === -1 || rows[k]!.cells[i]!.props.vMerge !== 'continue') break;
        n += 1;
      }
      return n;
    };
    const total = t.props.grid.reduce((a, b) => a + b, 0);
    const width = t.props.width ?? total;
    const align =
      t.props.align === 'center'
        ? 'margin:0 auto'
        : t.props.align === 'right'
          ? 'margin-left:auto'
          : t.props.indentLeft
            ? `margin-left:${pt(t.props.indentLeft)}`
            : '';
    // Fluid on a phone: columns keep their proportions and the table shrinks to the screen, but
    // not below ~3 characters a column — then the wrapper scrolls sideways instead.
    const size = `width:${pt(width)};max-width:100%;min-width:min(${pt(width)},${columns * 3}em)`;
    let html = `<div class="table-wrap"><table style="table-layout:fixed;${size};${align}"><colgroup>`;
    for (const w of t.props.grid) html += `<col style="width:${Math.round((w / total) * 10000) / 100}%">`;
    html += '</colgroup><tbody>';
    rows.forEach((row, r) => {
      const height = row.props.height ? `height:${pt(row.props.height.value)}` : '';
      html += `<tr${height ? ` style="${height}"` : ''}>`;
      row.cells.forEach((cell, i) => {
        if (cell.props.vMerge === 'continue') return;
        const start = starts[r]![i]!;
        const span = Math.max(1, cell.props.gridSpan);
        const down = cell.props.vMerge === 'restart' ? rowspan(r, start) : 1;
        html += this.cell(
          cell,
          t,
          {
            top: r === 0,
            bottom: r + down >= rows.length,
            left: start === 0,
            right: start + span >= columns,
          },
          span,
          down,
        );
      });
      html += '</tr>';
    });
    return `${html}</tbody></table></div>`;
  }

  private cell(
    cell: TableCell,
    t: Table,
    edge: Record<'top' | 'bottom' | 'left' | 'right', boolean>,
    span: number,
    down: number,
  ): string {
    const p = cell.props;
    const css: string[] = [];
    const tb: BorderSet = t.props.borders;
    const inherited = {
      top: edge.top ? tb.top : tb.insideH,
      bottom: edge.bottom ? tb.bottom : tb.insideH,
      left: edge.left ? tb.left : tb.insideV,
      right: edge.right ? tb.right : tb.insideV,
    };
    if (!p.spacer) {
      for (const side of ['top', 'bottom', 'left', 'right'] as const) {
        const own = p.borders[side];
        const none = p.borders.nil?.includes(side);
        const b = own ?? (none ? undefined : inherited[side]);
        if (b) css.push(`border-${side}:${this.border(b)}`);
      }
      if (p.shading) css.push(`background:${backgroundColor(p.shading, this.theme)}`);
    }
    const m = { ...t.props.cellMargins, ...p.margins };
    css.push(`padding:${pt(m.top)} ${pt(m.right)} ${pt(m.bottom)} ${pt(m.left)}`);
    if (p.vAlign !== 'top') css.push(`vertical-align:${p.vAlign === 'center' ? 'middle' : 'bottom'}`);
    if (p.noWrap) css.push('white-space:nowrap');
    const attrs = `${span > 1 ? ` colspan="${span}"` : ''}${down > 1 ? ` rowspan="${down}"` : ''}`;
    return `<td${attrs} style="${css.join(';')}">${p.spacer ? '' : this.blocks(cell.blocks)}</td>`;
  }
}

/**
 * A floating picture on a phone: pictures Word keeps text above and below stand on their own line
 * at their alignment; the others float to their side with the text flowing round them (overlap,
 * as in front of or behind text, is no way to read on a narrow screen).
 */
function floatingImageCss(anchor: Pick<ImageAnchor, 'wrap' | 'alignH'>): string {
  const side = anchor.alignH === 'right' ? 'right' : 'left';
  if (anchor.wrap === 'topAndBottom') {
    return anchor.alignH === 'center'
      ? 'display:block;margin:0 auto'
      : `display:block;margin-${side === 'right' ? 'left' : 'right'}:auto`;
  }
  return `float:${side};margin-${side === 'right' ? 'left' : 'right'}:6pt`;
}
