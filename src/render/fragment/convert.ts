/**
 * HTML fragment -> IR blocks. Block elements (p, div, h1–h6, li, blockquote, table, hr) start
 * paragraphs, inline elements change the run properties, lists become paragraphs with a literal
 * `listLabel` and a hanging indent, tables become IR tables (colspan -> gridSpan, rowspan ->
 * vMerge restart/continue as in ECMA-376 Part 1 §17.4.85), images must be data: URLs of PNG/JPEG.
 * Nothing is fetched and nothing runs: no URL is followed, no attribute but the few read here is
 * looked at.
 */
import { createHash } from 'node:crypto';
import type {
  Block,
  BorderSet,
  Inline,
  MediaPart,
  ParagraphProps,
  RenderWarning,
  RunProps,
  Table,
  TableCell,
  TableRow,
} from '../model.js';
import { bytesFromString, imagePart, imageSizePt } from '../tags/images.js';
import { parseBorder, parseColor, parseLength, parseStyle } from './css.js';
import { BlockBuilder } from './builder.js';
import type { ElementNode, HtmlNode } from './dom.js';
import { clampInt, emptyParagraph, paraFor, runFor, valign } from './props.js';

const HEADING_SCALE = [2, 1.5, 1.17, 1, 0.83, 0.67];
const BULLETS = ['•', '◦', '▪'];
const LIST_INDENT = 18;

interface Context {
  run: RunProps;
  para: ParagraphProps;
  list?: { ordered: boolean; level: number; counter: { n: number } };
  inHeader?: boolean;
}

export interface ConvertResult {
  blocks: Block[];
  media: Record<string, MediaPart>;
  warnings: RenderWarning[];
}

export class FragmentConverter {
  readonly media: Record<string, MediaPart> = {};
  readonly warnings: RenderWarning[] = [];

  constructor(private readonly textWidth: number) {}

  convert(root: ElementNode, ctx: Context): Block[] {
    const out = new BlockBuilder(ctx.para);
    this.children(root, ctx, out);
    return out.finish();
  }

  warn(code: string, message: string): void {
    this.warnings.push({ code, message, where: 'HTML fragment' });
  }

  private children(el: ElementNode, ctx: Context, out: BlockBuilder): void {
    for (const child of el.children) this.node(child, ctx, out);
  }

  private node(node: HtmlNode, ctx: Context, out: BlockBuilder): void {
    if (node.type === 'text') {
      out.text(node.text, ctx.run, ctx.para);
      return;
    }
    const style = parseStyle(node.attrs.style);
    const run = runFor(node, style, ctx.run);
    const para = paraFor(style, ctx.para, ctx.run.size);
    const inner: Context = { ...ctx, run, para };
    switch (node.name) {
      case 'br':
        out.inline({ type: 'break', kind: 'line' }, ctx.para);
        return;
      case 'img':
        this.image(node, style, out, ctx.para);
        return;
      case 'p':
      case 'div':
      case 'blockquote':
      case 'section':
      case 'article':
      case 'pre':
      case 'address':
      case 'center': {
        out.flush();
        if (node.name === 'blockquote')
          inner.para = { ...para, indentLeft: para.indentLeft + 2 * LIST_INDENT };
        if (node.name === 'center') inner.para = { ...para, align: 'center' };
        this.children(node, inner, out);
        out.flush();
        return;
      }
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const level = Number(node.name[1]) - 1;
        out.flush();
        inner.run = {
          ...run,
          bold: true,
          size: style.has('font-size') ? run.size : ctx.run.size * HEADING_SCALE[level]!,
        };
        inner.para = { ...para, outlineLevel: level, keepNext: true };
        this.children(node, inner, out);
        out.flush();
        return;
      }
      case 'ul':
      case 'ol': {
        out.flush();
        const level = ctx.list ? ctx.list.level + 1 : 0;
        const start = Number(node.attrs.start ?? '1');
        inner.list = {
          ordered: node.name === 'ol',
          level,
          counter: { n: Number.isFinite(start) ? start - 1 : 0 },
        };
        this.children(node, inner, out);
        out.flush();
        return;
      }
      case 'li': {
        out.flush();
        const list = ctx.list ?? { ordered: false, level: 0, counter: { n: 0 } };
        list.counter.n += 1;
        const label = list.ordered ? `${list.counter.n}.` : BULLETS[list.level % BULLETS.length]!;
        const indent = ctx.para.indentLeft + (list.level + 1) * LIST_INDENT;
        inner.para = { ...para, listLabel: label, indentLeft: indent, firstLine: -LIST_INDENT };
        // Nested lists and paragraphs inside the item continue at the item's text indent.
        inner.list = list;
        const base: ParagraphProps = { ...para, indentLeft: indent, firstLine: 0 };
        delete base.listLabel;
        out.start(inner.para);
        for (const child of node.children) {
          if (child.type === 'element' && (child.name === 'ul' || child.name === 'ol')) {
            // A nested list indents by its level from the same base as this list.
            const listBase: ParagraphProps = { ...para, indentLeft: ctx.para.indentLeft, firstLine: 0 };
            delete listBase.listLabel;
            this.node(child, { ...inner, para: listBase }, out);
          } else if (
            child.type === 'element' &&
            ['p', 'div', 'table'].includes(child.name) &&
            out.hasContent()
          ) {
            this.node(child, { ...inner, para: base }, out);
          } else this.node(child, inner, out);
        }
        out.flush();
        return;
      }
      case 'table':
        out.flush();
        out.block(this.table(node, inner));
        return;
      case 'hr':
        out.flush();
        out.block({
          type: 'paragraph',
          props: { ...ctx.para, borders: { bottom: { style: 'single', width: 0.75, color: '808080' } } },
          children: [],
        });
        return;
      default:
        // Inline and unknown elements (span, font, b, a, …): their text, with the run properties.
        this.children(node, inner, out);
    }
  }

  private image(
    node: ElementNode,
    style: Map<string, string>,
    out: BlockBuilder,
    para: ParagraphProps,
  ): void {
    const src = node.attrs.src ?? '';
    if (!src.startsWith('data:')) {
      this.warn(
        'HTML_IMAGE_DROPPED',
        `image "${src.slice(0, 60)}" dropped: only data: URLs of PNG/JPEG are embedded, nothing is fetched`,
      );
      return;
    }
    const bytes = bytesFromString(src);
    const part = typeof bytes === 'string' ? bytes : imagePart(bytes);
    if (typeof part === 'string') {
      this.warn('HTML_IMAGE_DROPPED', `image dropped: ${part}`);
      return;
    }
    const key = `html/${createHash('sha256').update(part.bytes).digest('hex').slice(0, 20)}.${part.contentType === 'image/png' ? 'png' : 'jpg'}`;
    this.media[key] = part;
    const px = (name: string): number | undefined => {
      const v = parseLength(style.get(name) ?? (node.attrs[name] ? `${node.attrs[name]}px` : undefined), 12);
      return v === undefined || v <= 0 ? undefined : v / 0.75;
    };
    const size = imageSizePt({ part, width: px('width'), height: px('height') }, this.textWidth);
    const image: Inline = { type: 'image', image: { media: key, width: size.width, height: size.height } };
    if (node.attrs.alt) image.image.alt = node.attrs.alt;
    out.inline(image, para);
  }

  private table(node: ElementNode, ctx: Context): Table {
    const style = parseStyle(node.attrs.style);
    const borderAttr = Number(node.attrs.border ?? '0');
    const all =
      borderAttr > 0
        ? { style: 'single' as const, width: Math.max(0.5, borderAttr * 0.75) }
        : parseBorder(style.get('border'));
    const borders: BorderSet = all
      ? { top: all, bottom: all, left: all, right: all, insideH: all, insideV: all }
      : {};
    const cellBorder = borderAttr > 0 ? all : undefined;
    const rows: { el: ElementNode; header: boolean }[] = [];
    const collect = (el: ElementNode, header: boolean): void => {
      for (const child of el.children) {
        if (child.type !== 'element') continue;
        if (child.name === 'tr') rows.push({ el: child, header });
        else if (child.name === 'thead') collect(child, true);
        else if (child.name === 'tbody' || child.name === 'tfoot') collect(child, false);
      }
    };
    collect(node, false);

    // Place cells on the grid: a rowspan covers the same columns of later rows, where Word needs a
    // vMerge="continue" cell (ECMA-376 Part 1 §17.4.85).
    const covering = new Map<string, { span: number; props: TableCell['props'] }>();
    const placed: TableRow[] = [];
    let columns = 0;
    rows.forEach(({ el, header }, r) => {
      const cells: TableCell[] = [];
      let col = 0;
      const fillCovered = (): void => {
        let cover = covering.get(`${r}:${col}`);
        while (cover) {
          cells.push({ props: { ...cover.props, vMerge: 'continue' }, blocks: [emptyParagraph(ctx.para)] });
          col += cover.span;
          cover = covering.get(`${r}:${col}`);
        }
      };
      for (const td of el.children) {
        if (td.type !== 'element' || (td.name !== 'td' && td.name !== 'th')) continue;
        fillCovered();
        const tdStyle = parseStyle(td.attrs.style);
        const span = clampInt(td.attrs.colspan, 1, 63);
        const rowspan = Math.min(clampInt(td.attrs.rowspan, 1, 1000), rows.length - r);
        const cellBorders: BorderSet = {};
        const b = parseBorder(tdStyle.get('border')) ?? cellBorder;
        for (const side of ['top', 'bottom', 'left', 'right'] as const) {
          const own = parseBorder(tdStyle.get(`border-${side}`)) ?? b;
          if (own) cellBorders[side] = own;
        }
        const props: TableCell['props'] = {
          gridSpan: span,
          borders: cellBorders,
          vAlign: valign(td, tdStyle),
          noWrap: 'nowrap' in td.attrs,
        };
        const shading = parseColor(
          tdStyle.get('background-color') ?? tdStyle.get('background') ?? td.attrs.bgcolor,
        );
        if (shading) props.shading = shading;
        const run = td.name === 'th' ? { ...ctx.run, bold: true } : ctx.run;
        const para = td.name === 'th' ? { ...ctx.para, align: 'center' as const } : ctx.para;
        const cellCtx: Context = {
          run,
          para: paraFor(tdStyle, { ...para, indentLeft: 0, firstLine: 0 }, run.size),
        };
        delete cellCtx.list;
        const blocks = this.convert(td, cellCtx);
        cells.push({
          props: rowspan > 1 ? { ...props, vMerge: 'restart' } : props,
          blocks: blocks.length > 0 ? blocks : [emptyParagraph(cellCtx.para)],
        });
        for (let k = 1; k < rowspan; k += 1) covering.set(`${r + k}:${col}`, { span, props });
        col += span;
      }
      fillCovered();
      columns = Math.max(columns, col);
      placed.push({ type: 'row', props: { header, cantSplit: false }, cells });
    });
    const width = Math.min(
      this.textWidth,
      parseLength(
        style.get('width') ??
          (node.attrs.width ? `${node.attrs.width}${node.attrs.width.endsWith('%') ? '' : 'px'}` : undefined),
        this.textWidth,
      ) ?? this.textWidth,
    );
    const n = Math.max(1, columns);
    return {
      type: 'table',
      props: {
        grid: Array.from({ length: n }, () => width / n),
        width,
        align: 'left',
        indentLeft: 0,
        borders,
        cellMargins: { top: 0, bottom: 0, left: 5.4, right: 5.4 },
        layout: 'fixed',
      },
      rows: placed,
    };
  }
}
