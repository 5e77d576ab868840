/**
 * Runs and other inline content (ECMA-376 Part 1 §17.3.2 run properties) -> Typst code
 * expressions. Template text is emitted as string literals (see escape.ts); data values through
 * `hx-show`, which never interprets them as markup.
 */
import type {
  ImageAnchor,
  ImageRef,
  Inline,
  RuleRef,
  RunProps,
  ShapeRef,
  TabStop,
  TextBoxRef,
} from '../model.js';
import type { CodegenContext } from './context.js';
import { hex, pt, str } from './escape.js';

/** What inline emission needs to know about the paragraph it is in. */
export interface InlineEnv {
  tabs: TabStop[];
  /**
   * Where the paragraph's first line starts, measured from the origin of its tab stops (the text
   * area's or cell's left edge): set for the top-level runs of a paragraph, whose tabs are then
   * laid out against the stops; tabs inside loops keep the simple approximation (emitTab).
   */
  tabOrigin?: number;
  /** Page number format of the section (PAGE fields). */
  pageFormat?: string;
  /** Integer expressions of the page's number and the section's page count (page.ts). */
  pageNumber?: string;
  sectionPages?: string;
  origin?: { left: number; top: number; width?: number; height?: number };
  /** A footnote's or endnote's Typst code by id (blocks.ts: it needs the block emitter). */
  note?: (kind: 'footnote' | 'endnote', id: string) => string | undefined;
  /** A text box's Typst code, a box in the line or a block (blocks.ts, likewise). */
  textBox?: (box: TextBoxRef, inline: boolean) => string | undefined;
  /** Inside a loop or condition of runs: floating objects cannot be hoisted and stay in the line. */
  nested?: boolean;
  /** Width of the paragraph's lines, where known: words wider than it are broken (`hx-brk`). */
  lineWidth?: number;
}

/** Runs of characters between which no line may end: no space, no CJK character or punctuation. */
const UNBREAKABLE =
  /[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]{2,}/gu;

/**
 * A string literal of template text; `hx-brk(…)` around it when one of its words could be wider
 * than the line (no character is wider than an em), which breaks such words at the line's edge.
 */
export function textLiteral(text: string, size: number, lineWidth: number | undefined): string {
  if (lineWidth === undefined || !(lineWidth > 0)) return str(text);
  const longest = Math.max(0, ...(text.match(UNBREAKABLE) ?? []).map((w) => [...w].length));
  return longest * size > lineWidth ? `hx-brk(${str(text)}, ${pt(lineWidth)})` : str(text);
}

/** Wraps `body` (a Typst expression of content or string) in the run's formatting. */
export function styled(ctx: CodegenContext, props: RunProps, body: string): string {
  const args = [`font: ${ctx.fontList(props)}`, `size: ${pt(props.size)}`];
  if (props.bold) args.push('weight: "bold"');
  if (props.italic) args.push('style: "italic"');
  args.push(`fill: ${ctx.hoist(`hx-color(${props.color ? hex(props.color) : 'none'})`)}`);
  if (props.letterSpacing) args.push(`tracking: ${pt(props.letterSpacing)}`);
  // Off the character grid (§17.3.2.34): no extra advance from the paragraph's charSpace.
  else if (props.snapToGrid === false) args.push('tracking: 0pt');
  // The shipped Noto SC faces have no italic and Typst does not synthesise one: slant each
  // character as Word does for such fonts (a registered font may bring its own italic face).
  const oblique = props.italic && ctx.isShipped(props);
  let e = `text(${args.join(', ')}, ${oblique ? `hx-oblique(${body})` : body})`;
  if (props.caps) e = `upper(${e})`;
  else if (props.smallCaps) e = `smallcaps(${e})`;
  if (props.verticalAlign === 'superscript') e = `super(typographic: false, ${e})`;
  if (props.verticalAlign === 'subscript') e = `sub(typographic: false, ${e})`;
  if (props.underline) {
    const dash =
      props.underline === 'dotted' ? 'dotted' : props.underline === 'dashed' ? 'dashed' : undefined;
    const thickness =
      props.underline === 'thick' ? pt(Math.max(1, props.size / 12)) : pt(Math.max(0.5, props.size / 20));
    const stroke = dash ? `(thickness: ${thickness}, dash: "${dash}")` : thickness;
    e = `underline(stroke: ${stroke}, evade: false, offset: ${pt(props.size * 0.12)}, ${e})`;
    if (props.underline === 'double')
      e = `underline(stroke: ${thickness}, evade: false, offset: ${pt(props.size * 0.24)}, ${e})`;
  }
  if (props.strike || props.doubleStrike) e = `strike(${e})`;
  if (props.doubleStrike) e = `strike(offset: ${pt(-props.size * 0.2)}, ${e})`;
  if (props.highlight) e = `highlight(fill: ${ctx.hoist(`hx-fill(${hex(props.highlight)})`)}, ${e})`;
  return e;
}

/** The Typst expressions (one per inline) of a run sequence. */
export function emitInlines(ctx: CodegenContext, inlines: readonly Inline[], env: InlineEnv): string[] {
  const out: (string | typeof TAB)[] = [];
  for (const inline of inlines) {
    // A tab character inside run text is a tab (w:tab), not a glyph.
    if (inline.type === 'text' && !inline.props.hidden && inline.text.includes('\t')) {
      inline.text.split('\t').forEach((t, i) => {
        if (i > 0) out.push(TAB);
        if (t !== '') out.push(styled(ctx, inline.props, textLiteral(t, inline.props.size, env.lineWidth)));
      });
      continue;
    }
    const e = emitInline(ctx, inline, env);
    if (e !== undefined) out.push(e);
  }
  if (!out.includes(TAB)) return out as string[];
  if (env.tabOrigin === undefined)
    return out.map((e) => (e === TAB ? emitTab(env.tabs, ctx.doc.settings.defaultTabStop) : e));
  return [emitTabbed(ctx, out, env.tabs, env.tabOrigin)];
}

/**
 * A paragraph's runs as atoms for `hx-wrap` (prelude.ts): text and data values split into the
 * pieces between which a line may end (`hx-atoms`), anything else one atom. Tabs are laid out
 * against the whole line: a paragraph with tabs is one atom per inline as emitInlines gives it.
 */
export function emitAtoms(ctx: CodegenContext, inlines: readonly Inline[], env: InlineEnv): string[] {
  const hasTab = inlines.some((i) => i.type === 'tab' || (i.type === 'text' && i.text.includes('\t')));
  if (hasTab) return emitInlines(ctx, inlines, env);
  const out: string[] = [];
  for (const inline of inlines) {
    if (inline.type === 'text') {
      if (!inline.props.hidden && inline.text !== '')
        out.push(`..hx-atoms(${str(inline.text)}, c => ${styled(ctx, inline.props, 'c')})`);
    } else if (inline.type === 'value') {
      if (!inline.props.hidden)
        out.push(
          `..hx-atoms(hx-string(${ctx.dataRef(inline.path)}), c => ${styled(ctx, inline.props, 'c')})`,
        );
    } else {
      const e = emitInline(ctx, inline, env);
      if (e !== undefined && e !== TAB) out.push(e);
    }
  }
  return out;
}

/** Stands for a tab in the list emitInlines builds, until the list is laid out against the stops. */
const TAB = Symbol('tab');

function emitInline(ctx: CodegenContext, inline: Inline, env: InlineEnv): string | typeof TAB | undefined {
  switch (inline.type) {
    case 'text':
      // (Text with tab characters is split into runs and tabs by emitInlines.)
      if (inline.props.hidden || inline.text === '') return undefined;
      return styled(ctx, inline.props, textLiteral(inline.text, inline.props.size, env.lineWidth));
    case 'tab':
      return TAB;
    case 'break':
      // Page breaks are split off at block level (paragraph.ts); a column break acts as a line break.
      return inline.kind === 'page' ? undefined : 'linebreak()';
    case 'field': {
      // PAGE in the section's format (§17.6.12); NUMPAGES counts every page of the document and
      // SECTIONPAGES the section's, in decimal (the section's format is for PAGE only).
      if (inline.field === 'sectionpages') ctx.sectionPagesFields++;
      const value =
        inline.field === 'page'
          ? `context hx-fmt(${env.pageNumber ?? 'counter(page).get().first()'}, ${str(env.pageFormat ?? 'decimal')})`
          : inline.field === 'sectionpages' && env.sectionPages !== undefined
            ? `context str(${env.sectionPages})`
            : `context str(${ctx.numPages})`;
      return styled(ctx, inline.props, value);
    }
    case 'footnote':
    case 'endnote':
      return env.note?.(inline.type, inline.id);
    case 'textBox':
      // Floating boxes are hoisted out of the paragraph, as floating images are.
      return inline.box.anchor === undefined || env.nested ? env.textBox?.(inline.box, true) : undefined;
    case 'image':
      // Floating images are hoisted out of the paragraph (paragraph.ts): `place` works in the flow.
      if (inline.image.anchor === undefined) return emitImage(ctx, inline.image, env.origin);
      return env.nested ? emitImage(ctx, { ...inline.image, anchor: undefined }, env.origin) : undefined;
    case 'shape':
      // Positioned shapes likewise.
      if (inline.shape.anchor === undefined) return emitShape(ctx, inline.shape, env.origin);
      return env.nested ? emitShape(ctx, { ...inline.shape, anchor: undefined }, env.origin) : undefined;
    case 'rule':
      return emitRule(ctx, inline.rule);
    case 'tag':
      // A tag the structure pass left alone is shown as written, like docxtemplater would fail to.
      ctx.warn('TAG_UNRESOLVED', `tag '${inline.tag.name}' was not resolved`, inline.tag.where);
      return styled(ctx, inline.props, str(inline.tag.name));
    case 'value':
      if (inline.props.hidden) return undefined;
      return styled(
        ctx,
        inline.props,
        ctx.showValue(
          inline.path,
          env.lineWidth === undefined ? undefined : { size: inline.props.size, width: env.lineWidth },
        ),
      );
    case 'imageValue':
      return `hx-img(${ctx.dataRef(inline.path)})`;
    case 'htmlValue':
      return styled(ctx, inline.props, `hx-html(${ctx.dataRef(inline.path)}, s, inline: true)`);
    case 'section': {
      const { tabOrigin: _origin, ...inner } = env;
      const body = emitInlines(ctx, inline.children, { ...inner, nested: true });
      const get = ctx.dataRef(inline.path);
      if (inline.inverted) return `if not hx-truthy(${get}) { ${body.join('; ') || 'none'} }`;
      return `for it in hx-items(${get}) { let s = it + s; ${body.join('; ') || 'none'} }`;
    }
  }
}

/**
 * A paragraph's runs with their tabs laid out against the tab stops (ECMA-376 Part 1 §17.3.1.37,
 * §17.3.1.38): `hx-tabbed` measures each segment between tabs and advances to the next stop
 * beyond the text so far (left: the text starts there; right, centre and decimal: the next
 * segment ends or centres there; none left: the next default stop), filling the gap with the
 * stop's leader. Measured on one line: text before a tab is assumed not to wrap.
 */
function emitTabbed(
  ctx: CodegenContext,
  items: readonly (string | typeof TAB)[],
  tabs: readonly TabStop[],
  origin: number,
): string {
  const segments: string[][] = [[]];
  for (const e of items) {
    if (e === TAB) segments.push([]);
    else segments[segments.length - 1]!.push(e);
  }
  const stops = tabs
    .filter((t) => t.align !== 'bar')
    .sort((a, b) => a.position - b.position)
    .map((t) => {
      const leader = LEADERS[t.leader ?? ''];
      return `(pos: ${pt(t.position)}, align: ${str(t.align)}, leader: ${leader ?? 'none'})`;
    });
  const def = ctx.doc.settings.defaultTabStop > 0 ? ctx.doc.settings.defaultTabStop : 21;
  const segs = segments.map((seg) => `{ ${seg.join('; ') || 'none'} }`);
  return `hx-tabbed((${segs.join(', ')},), ${ctx.hoist(`(${stops.join(', ')}${stops.length > 0 ? ',' : ''})`)}, ${pt(def)}, ${pt(origin)})`;
}

const LEADERS: Record<string, string> = { dot: '"."', hyphen: '"-"', underscore: '"_"', middleDot: '"·"' };

/**
 * A tab where the stops cannot be laid out (inside a loop of runs): a right or centre stop
 * becomes flexible space (with its leader), any other tab the default stop's width.
 */
function emitTab(tabs: readonly TabStop[], defaultStop: number): string {
  const flexible = tabs.find((t) => t.align === 'right' || t.align === 'center');
  if (flexible === undefined) return `h(${pt(defaultStop > 0 ? defaultStop : 21)})`;
  const leader = LEADERS[flexible.leader ?? ''];
  return leader === undefined ? 'h(1fr)' : `hx-leader(1fr, ${leader})`;
}

/** The picture itself (its own size), for a float's code; undefined when its part is missing. */
export function imageExpr(ctx: CodegenContext, image: ImageRef): string | undefined {
  const path = ctx.mediaPath(image.media);
  return path === undefined ? undefined : imageCall(path, image);
}

function imageCall(path: string, image: ImageRef): string {
  return `image(${str(path)}, width: ${pt(image.width)}, height: ${pt(image.height)}, fit: "stretch")`;
}

/** A floating object that keeps text above and below it, anchored to its paragraph (in the flow). */
export function isTopped(a: ImageAnchor): boolean {
  return a.wrap === 'topAndBottom' && a.relativeFromV !== 'page' && a.relativeFromV !== 'margin';
}

/** A floating object: in the flow when it keeps text above and below it, else placed over it. */
export function floating(expr: string, a: ImageAnchor, origin: { left: number; top: number }): string {
  return isTopped(a) ? toppedBlock(expr, a, origin) : placeFloating(expr, a, origin);
}

/**
 * A floating object with top-and-bottom wrapping, anchored to its paragraph: a block at its
 * horizontal alignment (or offset from the column; one from the page loses the left margin),
 * moved down by its vertical offset.
 */
function toppedBlock(expr: string, a: ImageAnchor, origin: { left: number; top: number }): string {
  const x = a.x - (a.relativeFromH === 'page' ? origin.left : 0);
  const placed =
    a.alignH !== undefined ? `align(${a.alignH}, ${expr})` : `pad(left: ${pt(Math.max(0, x))}, ${expr})`;
  return `block(width: 100%, above: 0pt, below: 0pt, inset: (top: ${pt(Math.max(0, a.y))}), ${placed})`;
}

/** Any other floating object, placed over the flow (ECMA-376 §20.4.2.3 wp:anchor). */
function placeFloating(expr: string, a: ImageAnchor, origin: { left: number; top: number }): string {
  const h = a.alignH ?? 'left';
  const v =
    a.relativeFromV === 'page' || a.relativeFromV === 'margin'
      ? a.alignV === 'center'
        ? 'horizon'
        : (a.alignV ?? 'top')
      : undefined;
  const alignment = v === undefined ? h : `${v} + ${h}`;
  // `place` measures from the text area: offsets relative to the page lose the margins.
  const dx = a.alignH ? 0 : a.x - (a.relativeFromH === 'page' ? origin.left : 0);
  const dy = a.alignV ? 0 : a.y - (a.relativeFromV === 'page' ? origin.top : 0);
  return `place(${alignment}, dx: ${pt(dx)}, dy: ${pt(dy)}, ${expr})`;
}

/** An image: inline (wp:inline) in a box; floating (wp:anchor) as `floating` places it. */
export function emitImage(
  ctx: CodegenContext,
  image: ImageRef,
  origin: { left: number; top: number } = { left: 0, top: 0 },
): string | undefined {
  const path = ctx.mediaPath(image.media);
  if (path === undefined) return undefined;
  const img = imageCall(path, image);
  return image.anchor === undefined ? `box(${img})` : floating(img, image.anchor, origin);
}

/** A drawn shape: in the line in a box; positioned as `floating` places it. */
export function emitShape(
  ctx: CodegenContext,
  shape: ShapeRef,
  origin: { left: number; top: number } = { left: 0, top: 0 },
): string {
  const expr = shapeCall(ctx, shape);
  return shape.anchor === undefined ? `box(${expr})` : floating(expr, shape.anchor, origin);
}

/** A drawn shape itself (its own size), for a float's code. */
export function shapeExpr(ctx: CodegenContext, s: ShapeRef): string {
  return shapeCall(ctx, s);
}

function shapeCall(ctx: CodegenContext, s: ShapeRef): string {
  const size = `width: ${pt(s.width)}, height: ${pt(s.height)}`;
  let stroke = 'none';
  if (s.line) {
    const paint = `hx-border(${hex(s.line.color)})`;
    stroke = ctx.hoist(
      s.line.dash
        ? `(paint: ${paint}, thickness: ${pt(s.line.width)}, dash: ${str(s.line.dash)})`
        : `${pt(s.line.width)} + ${paint}`,
    );
  }
  if (s.kind === 'line') {
    // Corner to corner across the box; flipped once, from the other diagonal (ECMA-376 Part 4
    // §19.1.2.12 from/to, flip of a connector's style).
    const anti = (s.flipH ?? false) !== (s.flipV ?? false);
    const [y0, y1] = anti ? [pt(s.height), '0pt'] : ['0pt', pt(s.height)];
    return `box(${size}, line(start: (0pt, ${y0}), end: (${pt(s.width)}, ${y1}), stroke: ${stroke}))`;
  }
  const fill = s.fill ? ctx.hoist(`hx-fill(${hex(s.fill)})`) : 'none';
  const radius = s.kind === 'roundRect' && s.radius ? `, radius: ${pt(s.radius)}` : '';
  return `${s.kind === 'ellipse' ? 'ellipse' : 'rect'}(${size}, fill: ${fill}, stroke: ${stroke}${radius})`;
}

/**
 * A horizontal rule (VML o:hr): a bar of its height across the line's width, or a share of it,
 * at its alignment, in its colour (Word's grey by default).
 */
export function emitRule(ctx: CodegenContext, rule: RuleRef): string {
  const width =
    rule.width !== undefined ? pt(rule.width) : `${Math.round((rule.widthShare ?? 1) * 10000) / 100}%`;
  const fill = ctx.hoist(`hx-fill(${hex(rule.color ?? 'A0A0A0')})`);
  const bar = `box(width: ${width}, height: ${pt(rule.height)}, fill: ${fill})`;
  return `box(width: 100%, align(${rule.align}, ${bar}))`;
}
