/**
 * Word paragraphs (ECMA-376 Part 1 §17.3.1) -> Typst blocks. Spacing before/after is carried as
 * the block's inset, so the space between two paragraphs is the previous one's "after" plus the
 * next one's "before", as Word lays it out (Typst's own block spacing would take the larger).
 * Line spacing is made exact with fixed text edges and zero leading (§17.3.1.33 w:spacing/@line).
 */
import type { Inline, Paragraph, ParagraphProps, RunProps } from '../model.js';
import type { CodegenContext } from './context.js';
import {
  emitAtoms,
  emitImage,
  emitInlines,
  emitShape,
  floating,
  imageExpr,
  shapeExpr,
  styled,
  type InlineEnv,
} from './inlines.js';
import { floatMode, pageFloat, wrapCall, type WrapFloat } from './floats.js';
import { emitNumberLabel } from './numbering.js';
import { borderStroke } from './borders.js';
import { hex, pt, str } from './escape.js';

/** Word's single line height as a multiple of the font size (SimSun/宋体 metrics). */
export const SINGLE_LINE = 1.3;

export interface ParagraphEnv extends Omit<InlineEnv, 'tabs'> {
  /** Only the top level of the page flow may hold page breaks. */
  topLevel: boolean;
  /** Pitch of the document grid's lines, where this paragraph's lines snap to it (blocks.ts). */
  lineGrid?: number;
  /** The section's character grid (blocks.ts): extra advance per character, off-grid paragraphs none. */
  charSpace?: number;
  /** Width of a column of the page flow (blocks.ts BlocksEnv). */
  columnWidth?: number;
}

export function emitParagraph(ctx: CodegenContext, p: Paragraph, env: ParagraphEnv): string[] {
  const out: string[] = [];
  if (env.topLevel && p.props.pageBreakBefore) out.push('pagebreak(weak: true)');
  // A page or column break inside a paragraph splits it: the text after it starts the next page
  // or column (§17.3.3.1).
  const parts: Inline[][] = [[]];
  const breaks: string[] = [];
  for (const c of p.children) {
    if (c.type === 'break' && c.kind !== 'line' && env.topLevel) {
      // A column break before any text opens the next column with the whole paragraph, its
      // spacing before included (as LibreOffice lays it out), instead of an empty line.
      if (c.kind === 'column' && parts.length === 1 && parts[0]!.length === 0) {
        out.push('colbreak()');
        continue;
      }
      parts.push([]);
      breaks.push(c.kind === 'page' ? 'pagebreak()' : 'colbreak()');
    } else parts[parts.length - 1]!.push(c);
  }
  // Floating images (wp:anchor) are placed in the flow just before their paragraph: vertical
  // offsets from the page are measured from the text area, from the paragraph from here. One
  // with "top and bottom" wrapping on the paragraph keeps the text off its lines (§20.4.2.20):
  // it becomes a block of its own at the top of the paragraph, inside its borders and shading.
  // One with square or tight wrapping has the paragraph's first lines beside it (floats.ts);
  // further ones in the same paragraph take their own lines. Floating text boxes likewise.
  const lead: string[] = [];
  let wrap: WrapFloat | undefined;
  const origin = env.origin ?? { left: 0, top: 0 };
  for (const c of p.children) {
    const a =
      c.type === 'image'
        ? c.image.anchor
        : c.type === 'textBox'
          ? c.box.anchor
          : c.type === 'shape'
            ? c.shape.anchor
            : undefined;
    if (a === undefined || (c.type !== 'image' && c.type !== 'textBox' && c.type !== 'shape')) continue;
    const expr =
      c.type === 'image'
        ? imageExpr(ctx, c.image)
        : c.type === 'shape'
          ? shapeExpr(ctx, c.shape)
          : env.textBox?.(c.box, false);
    if (expr === undefined) continue;
    const size = c.type === 'image' ? c.image : c.type === 'shape' ? c.shape : c.box;
    // A drawn shape holds no text: it is placed as a picture is.
    let mode = floatMode(a, c.type === 'textBox' ? 'textBox' : 'image');
    const area = env.origin?.width !== undefined && env.origin.height !== undefined ? env.origin : undefined;
    // Only the page flow has a page to float to; elsewhere (cells, headers) wrap in the paragraph.
    if (mode === 'page' && (!env.topLevel || area === undefined)) mode = 'wrap';
    if (mode === 'over' && c.type !== 'textBox') {
      const placed = c.type === 'image' ? emitImage(ctx, c.image, origin) : emitShape(ctx, c.shape, origin);
      if (placed !== undefined) out.push(placed);
    } else if (mode === 'page' && area !== undefined)
      out.push(
        pageFloat(expr, a, size.width, size.height, { ...area, width: area.width!, height: area.height! }),
      );
    else if (mode === 'topped') lead.push(floating(expr, a, origin));
    else if (mode === 'wrap' && wrap === undefined) {
      const fromParagraph = a.relativeFromV === 'paragraph' || a.relativeFromV === 'line';
      const { alignV: _alignV, ...fromTop } = a;
      wrap = {
        expr,
        anchor: fromParagraph ? a : { ...fromTop, y: 0 },
        width: size.width,
        height: size.height,
      };
    } else lead.push(floating(expr, { ...a, wrap: 'topAndBottom', relativeFromV: 'paragraph' }, origin));
  }
  parts.forEach((children, i) => {
    if (i > 0) out.push(breaks[i - 1]!);
    out.push(
      paragraphBlock(ctx, p.props, children, env, {
        first: i === 0,
        last: i === parts.length - 1,
        lead: i === 0 ? lead : [],
        ...(i === 0 && wrap !== undefined ? { wrap } : {}),
      }),
    );
  });
  return out;
}

function maxRunSize(inlines: readonly Inline[], base: number): number {
  let max = base;
  for (const i of inlines) {
    if ('props' in i && i.props !== undefined && 'size' in i.props)
      max = Math.max(max, (i.props as RunProps).size);
    if (i.type === 'section') max = maxRunSize(i.children, max);
  }
  return max;
}

/**
 * Top and bottom text edges giving every line the height Word gives it. Under a line grid
 * (`grid`, ECMA-376 Part 1 §17.6.5 w:docGrid type lines/linesAndChars/snapToChars) a line of
 * automatic spacing occupies whole pitches — one while its single height fits, two for a taller
 * font — and a multiple scales that ("1.5 lines" is 1.5 pitches); an at-least line is at least
 * those pitches; an exact line keeps its height. Word measured against its PDFs does this; the
 * text is centred in the pitches as LibreOffice does (sw/source/core/text/itrform2.cxx
 * CalcRealHeight). Paragraphs with w:snapToGrid 0 (§17.3.1.32) keep their own height.
 */
export function lineEdges(
  props: ParagraphProps,
  size: number,
  grid?: number,
): { top: number; bottom: number } {
  const ls = props.lineSpacing;
  const single = SINGLE_LINE * size;
  // 1e-6: 12 pt text is exactly one 15.6 pt pitch, whatever the floating point says.
  const cell =
    grid !== undefined && grid > 0 && props.snapToGrid !== false
      ? Math.max(1, Math.ceil(single / grid - 1e-6)) * grid
      : single;
  let pitch: number;
  if (ls.rule === 'exact') pitch = ls.value;
  else if (ls.rule === 'atLeast') pitch = Math.max(ls.value, cell);
  else pitch = cell * (ls.rule === 'auto' && ls.multiple > 0 ? ls.multiple : 1);
  // The glyphs' descent (≈ 0.12 em for CJK faces) plus half of the extra space sits below the
  // baseline; Word centres the text in an exact line and adds the extra of a multiple below.
  const bottom = ls.rule === 'auto' ? 0.25 * size + (pitch - single) / 2 : (pitch - size) / 2 + 0.12 * size;
  return { top: pitch - bottom, bottom };
}

function paragraphBlock(
  ctx: CodegenContext,
  props: ParagraphProps,
  children: Inline[],
  env: ParagraphEnv,
  part: { first: boolean; last: boolean; lead: string[]; wrap?: WrapFloat },
): string {
  const size = maxRunSize(children, props.markProps.size);
  const edges = lineEdges(props, size, env.lineGrid);
  const body: string[] = [`set text(top-edge: ${pt(edges.top)}, bottom-edge: ${pt(-edges.bottom)})`];
  // §17.6.5 charSpace: each character of a paragraph on the grid advances by that much more.
  if (env.charSpace !== undefined && props.snapToGrid !== false)
    body.push(`set text(tracking: ${pt(env.charSpace)})`);
  // A strut: an empty paragraph (or one whose data is empty) keeps its line, as in Word.
  // A box as tall as the line, lowered by the bottom edge, so it spans exactly top..bottom.
  body.push(
    ctx.hoist(`box(width: 0pt, height: ${pt(edges.top + edges.bottom)}, baseline: ${pt(edges.bottom)})`),
  );

  let indentLeft = props.indentLeft;
  let firstLine = props.firstLine;
  if (props.numbering !== undefined && part.first) {
    const label = emitNumberLabel(ctx, props, props.numbering);
    if (label !== undefined) {
      if (indentLeft === 0 && firstLine === 0) {
        indentLeft = label.indentLeft ?? 0;
        firstLine = label.firstLine ?? 0;
      }
      body.push(...label.statements);
      body.push(
        `hx-label-box(${label.label}, ${pt(firstLine < 0 ? -firstLine : 0)}, ${pt(ctx.doc.settings.defaultTabStop || 21)}, ${str(label.suffix)})`,
      );
    }
  }
  if (props.listLabel !== undefined && part.first) {
    // List items of HTML fragments: a literal label hanging in the indent.
    const label = styled(ctx, props.markProps, str(props.listLabel));
    body.push(
      `hx-label-box(${label}, ${pt(firstLine < 0 ? -firstLine : 0)}, ${pt(ctx.doc.settings.defaultTabStop || 21)}, "tab")`,
    );
  }
  // Tab stops are measured from the text area's (or cell's) left edge; the first line starts at
  // the left indent plus the first-line indent (minus a hanging one), after a numbering label
  // at the left indent (§17.3.1.37; Word adds an implicit stop at a hanging indent).
  const tabOrigin = props.numbering !== undefined ? indentLeft : indentLeft + firstLine;
  const tabs = firstLine < 0 ? [...props.tabs, { position: indentLeft, align: 'left' as const }] : props.tabs;
  // The narrowest line of the paragraph: its container's less its indents (long words, hx-brk).
  const container = ctx.lineWidth ?? env.columnWidth;
  const lineWidth =
    container === undefined ? undefined : container - indentLeft - props.indentRight - Math.max(0, firstLine);
  const { columnWidth: _column, ...inherited } = env;
  const inlineEnv = {
    ...inherited,
    tabs,
    ...(part.first ? { tabOrigin } : {}),
    ...(lineWidth !== undefined ? { lineWidth } : {}),
  };
  const tail = props.align === 'distribute' ? ['linebreak(justify: true)'] : [];

  // Leading and spacing are 0pt for the whole program (codegen.ts), justify is off by default:
  // every argument left out is work Typst does not do for each paragraph of each contract.
  const parArgs: string[] = [];
  const justify = props.align === 'justify' || props.align === 'distribute';
  if (justify) parArgs.push('justify: true');
  const hanging = firstLine < 0 ? -firstLine : 0;
  if (!part.first) firstLine = Math.max(0, firstLine);
  const restArgs = [...parArgs];
  if (firstLine > 0 && part.first) parArgs.push(`first-line-indent: (amount: ${pt(firstLine)}, all: true)`);
  if (hanging > 0) {
    parArgs.push(`hanging-indent: ${pt(hanging)}`);
    // Below a float, the paragraph goes on: every line of its continuation is a following line.
    restArgs.push(`first-line-indent: (amount: ${pt(hanging)}, all: true)`, `hanging-indent: ${pt(hanging)}`);
  }
  const aligned = (e: string) =>
    props.align === 'center' || props.align === 'right' ? `align(${props.align}, ${e})` : e;
  let content: string;
  if (part.wrap !== undefined) {
    const atoms = emitAtoms(ctx, children, inlineEnv);
    const first = `b => ${aligned(`par(${[...parArgs, `{ ${[...body, 'b'].join('; ')} }`].join(', ')})`)}`;
    const rest = `b => ${aligned(`par(${[...restArgs, `{ ${[body[0]!, body[1]!, 'b', ...tail].join('; ')} }`].join(', ')})`)}`;
    const pitch = edges.top + edges.bottom;
    content = wrapCall(
      part.wrap,
      atoms,
      first,
      rest,
      pitch,
      justify,
      indentLeft - hanging,
      env.origin?.left ?? 0,
    );
  } else {
    body.push(...emitInlines(ctx, children, inlineEnv), ...tail);
    content = aligned(`par(${[...parArgs, `{ ${body.join('; ')} }`].join(', ')})`);
  }
  if (part.lead.length > 0) content = `{ ${[...part.lead, content].join('; ')} }`;

  const inset = [
    `top: ${pt(part.first ? props.spaceBefore : 0)}`,
    `bottom: ${pt(part.last ? props.spaceAfter : 0)}`,
    `left: ${pt(indentLeft - hanging)}`,
    `right: ${pt(props.indentRight)}`,
  ];
  const blockArgs: string[] = [];
  if (inset.some((side) => !side.endsWith(' 0pt')))
    blockArgs.push(`inset: ${ctx.hoist(`(${inset.join(', ')})`)}`);
  if (props.shading) blockArgs.push(`fill: ${ctx.hoist(`hx-fill(${hex(props.shading)})`)}`);
  if (props.borders) {
    const stroke = borderStroke(props.borders, ['top', 'bottom', 'left', 'right']);
    if (stroke) blockArgs.push(`stroke: ${ctx.hoist(stroke)}`);
  }
  if (props.keepNext) blockArgs.push('sticky: true');
  if (props.keepLines) blockArgs.push('breakable: false');
  // A paragraph needs its own block only for what a block carries.
  return blockArgs.length === 0 ? content : `block(${['width: 100%', ...blockArgs].join(', ')}, ${content})`;
}

/** A paragraph of generated content (HTML fragments) needs the same treatment. */
export function emitStyledText(ctx: CodegenContext, props: RunProps, text: string): string {
  return styled(ctx, props, str(text));
}
