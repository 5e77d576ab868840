/**
 * VML drawings (ECMA-376 Part 4 §19, and Part 1 §17.3.3.19 w:pict): what older Word and WPS
 * Office write, and what the Fallback of a DrawingML shape holds. Carried over: horizontal rules
 * (o:hr), text boxes (v:textbox with w:txbxContent), pictures (v:imagedata, or a picture fill),
 * and the simple shapes v:rect, v:roundrect, v:oval, v:line (and v:shape of those presets).
 * Groups, free-form paths and WordArt leave a warning.
 */
import type { ImageAnchor, ImageRef, Inline, RuleRef, ShapeRef, TextBoxRef } from '../../model.js';
import { child, elements, type XmlElement } from '../intake/xml.js';
import type { ParseContext, PartScope } from './context.js';
import { resolveImage } from './drawing.js';
import { cssLength, cssPoint, parseStyle, vmlBool, vmlColor, vmlFraction } from './vml-style.js';

/** The shapes of a w:pict (or of the preview of a w:object), in document order. */
export function readVml(pict: XmlElement, ctx: ParseContext, scope: PartScope, where: string): Inline[] {
  const out: Inline[] = [];
  for (const el of elements(pict)) {
    if (!el.name.startsWith('v:') || el.name === 'v:shapetype') continue;
    const inline = readShape(el, ctx, scope, where);
    if (inline) out.push(inline);
  }
  return out;
}

/** Preset shape types of v:shape (o:spt, or type="#_x0000_tN"; Part 4 §19.1.2.19). */
const PRESET: Record<string, ShapeRef['kind']> = {
  '1': 'rect',
  '2': 'roundRect',
  '3': 'ellipse',
  '20': 'line',
  '32': 'line',
  '202': 'rect',
};
const ELEMENT_KIND: Record<string, ShapeRef['kind']> = {
  'v:rect': 'rect',
  'v:roundrect': 'roundRect',
  'v:oval': 'ellipse',
  'v:line': 'line',
};

function readShape(el: XmlElement, ctx: ParseContext, scope: PartScope, where: string): Inline | undefined {
  const style = parseStyle(el.attrs.style);
  if (style.get('visibility') === 'hidden' || style.get('display') === 'none') return undefined;
  if (vmlBool(el.attrs['o:hr'])) return { type: 'rule', rule: readRule(el, style) };

  const textbox = child(el, 'v:textbox');
  const content = child(textbox, 'w:txbxContent');
  if (content) return readTextBox(el, style, textbox!, content, ctx, scope);

  const data = child(el, 'v:imagedata');
  const frame = child(el, 'v:fill');
  const imageId =
    data?.attrs['r:id'] ??
    data?.attrs['o:relid'] ??
    (frame?.attrs.type === 'frame' || frame?.attrs.type === 'tile' ? frame.attrs['r:id'] : undefined);
  if (imageId !== undefined || data?.attrs['o:href'] !== undefined) {
    const media = resolveImage(imageId, data?.attrs['o:href'], ctx, scope, where);
    if (!media) return undefined;
    const image: ImageRef = {
      media,
      width: Math.max(0, cssLength(style.get('width')) ?? 0),
      height: Math.max(0, cssLength(style.get('height')) ?? 0),
    };
    const alt = el.attrs.alt || data?.attrs['o:title'];
    if (alt) image.alt = alt;
    const anchor = readAnchor(el, style);
    if (anchor) image.anchor = anchor;
    return { type: 'image', image };
  }

  const kind = ELEMENT_KIND[el.name] ?? (el.name === 'v:shape' ? presetOf(el) : undefined);
  if (kind === undefined || child(el, 'v:textpath')) {
    const what = el.name === 'v:group' ? 'A group of drawing shapes' : 'A drawing shape';
    ctx.warn('UNSUPPORTED_SHAPE', `${what} was left out; paste it as a picture instead.`, where);
    return undefined;
  }
  return { type: 'shape', shape: readSimpleShape(el, style, kind) };
}

function presetOf(el: XmlElement): ShapeRef['kind'] | undefined {
  // A free-form shape (its own path) is not one of the presets, whatever type it names.
  if (el.attrs.path !== undefined && el.attrs.type === undefined) return undefined;
  const spt = el.attrs['o:spt'] ?? /^#_x0000_t(\d+)$/.exec(el.attrs.type ?? '')?.[1];
  return spt === undefined ? undefined : PRESET[String(Number(spt))];
}

/**
 * A horizontal rule (Part 4 §19.2.2: o:hr, o:hrpct in tenths of a percent of the text width,
 * o:hralign, o:hrnoshade): Word writes `<v:rect style="width:0;height:1.5pt" o:hr="t" …>`.
 */
function readRule(el: XmlElement, style: Map<string, string>): RuleRef {
  const height = cssLength(style.get('height'));
  const rule: RuleRef = {
    height: height !== undefined && height > 0 ? Math.min(height, 72) : 1.5,
    align: ALIGN[el.attrs['o:hralign'] ?? ''] ?? 'left',
  };
  const pct = Number(el.attrs['o:hrpct']);
  const width = cssLength(style.get('width'));
  if (Number.isFinite(pct) && pct > 0) rule.widthShare = Math.min(1, pct / 1000);
  else if (width !== undefined && width > 0 && el.attrs['o:hrpct'] === undefined) rule.width = width;
  const color = vmlColor(child(el, 'v:fill')?.attrs.color) ?? vmlColor(el.attrs.fillcolor);
  if (color) rule.color = color;
  return rule;
}

const ALIGN: Record<string, RuleRef['align']> = { left: 'left', center: 'center', right: 'right' };

/**
 * A VML text box: the shape's size, fill and outline; the text box's insets (Part 4 §19.1.2.22
 * inset, default 0.1 in 0.05 in 0.1 in 0.05 in) and mso-fit-shape-to-text; its content read as
 * blocks (the same store as DrawingML text boxes).
 */
function readTextBox(
  el: XmlElement,
  style: Map<string, string>,
  textbox: XmlElement,
  content: XmlElement,
  ctx: ParseContext,
  scope: PartScope,
): Inline | undefined {
  const id = ctx.readTextBox(content, scope);
  if (id === undefined) return undefined;
  const [l, t, r, b] = (textbox.attrs.inset ?? '').split(',').map((s) => cssLength(s.trim()));
  const nonNegative = (v: number | undefined, fallback: number) => (v !== undefined && v >= 0 ? v : fallback);
  const box: TextBoxRef = {
    id,
    width: Math.max(0, cssLength(style.get('width')) ?? 0),
    height: Math.max(0, cssLength(style.get('height')) ?? 0),
    insets: {
      left: nonNegative(l, 7.2),
      top: nonNegative(t, 3.6),
      right: nonNegative(r, 7.2),
      bottom: nonNegative(b, 3.6),
    },
  };
  const paint = readPaint(el);
  if (paint.fill) box.fill = paint.fill;
  if (paint.line) box.line = { color: paint.line.color, width: paint.line.width };
  if (vmlBool(parseStyle(textbox.attrs.style).get('mso-fit-shape-to-text')))
    box.fit = style.get('mso-wrap-style') === 'none' ? 'both' : 'height';
  const anchor = readAnchor(el, style);
  // Its place as Word gives it: the float path (typst/floats.ts) keeps its text off the body's.
  if (anchor) box.anchor = anchor;
  return { type: 'textBox', box };
}

function readSimpleShape(el: XmlElement, style: Map<string, string>, kind: ShapeRef['kind']): ShapeRef {
  let width = Math.max(0, cssLength(style.get('width')) ?? 0);
  let height = Math.max(0, cssLength(style.get('height')) ?? 0);
  const shape: ShapeRef = { kind, width, height };
  let dx = 0;
  let dy = 0;
  if (
    el.name === 'v:line' &&
    (el.attrs.from !== undefined || el.attrs.to !== undefined || !(width || height))
  ) {
    // §19.1.2.12: the line's ends, measured like the offsets of a positioned shape (a line
    // without them, as WPS writes some, runs across the box of its style).
    const from = cssPoint(el.attrs.from ?? '0,0') ?? { x: 0, y: 0 };
    const to = cssPoint(el.attrs.to ?? '10,10') ?? from;
    dx = Math.min(from.x, to.x);
    dy = Math.min(from.y, to.y);
    width = shape.width = Math.abs(to.x - from.x);
    height = shape.height = Math.abs(to.y - from.y);
    if ((to.x - from.x) * (to.y - from.y) < 0) shape.flipH = true;
  } else if (kind === 'line') {
    const flip = style.get('flip') ?? '';
    if (flip.includes('x')) shape.flipH = true;
    if (flip.includes('y')) shape.flipV = true;
  }
  if (kind === 'roundRect') {
    // §19.1.2.17 arcsize: the corners' radius as a share of half the shorter side (default 0.2).
    const arc = vmlFraction(el.attrs.arcsize) ?? 0.2;
    shape.radius = (Math.min(1, Math.max(0, arc)) * Math.min(width, height)) / 2;
  }
  const paint = readPaint(el);
  if (paint.fill && kind !== 'line') shape.fill = paint.fill;
  if (paint.line) shape.line = paint.line;
  if (el.attrs.alt) shape.alt = el.attrs.alt;
  const anchor = readAnchor(el, style);
  if (anchor) {
    if (anchor.alignH === undefined) anchor.x += dx;
    if (anchor.alignV === undefined) anchor.y += dy;
    shape.anchor = anchor;
  }
  return shape;
}

/**
 * Fill and outline (Part 4 §19.1.2.19 filled/fillcolor/stroked/strokecolor/strokeweight, and
 * the v:fill and v:stroke children, which win). VML's defaults: filled white, stroked black 0.75 pt.
 */
function readPaint(el: XmlElement): { fill?: string; line?: NonNullable<ShapeRef['line']> } {
  const out: { fill?: string; line?: NonNullable<ShapeRef['line']> } = {};
  const fill = child(el, 'v:fill');
  const filled = vmlBool(fill?.attrs.on) ?? vmlBool(el.attrs.filled) ?? true;
  const opacity = vmlFraction(fill?.attrs.opacity);
  if (filled && (opacity === undefined || opacity > 0.05))
    out.fill = vmlColor(fill?.attrs.color) ?? vmlColor(el.attrs.fillcolor) ?? 'FFFFFF';
  const stroke = child(el, 'v:stroke');
  if (vmlBool(stroke?.attrs.on) ?? vmlBool(el.attrs.stroked) ?? true) {
    const weight = cssLength(stroke?.attrs.weight ?? el.attrs.strokeweight);
    const line: NonNullable<ShapeRef['line']> = {
      color: vmlColor(stroke?.attrs.color) ?? vmlColor(el.attrs.strokecolor) ?? '000000',
      width: weight !== undefined && weight > 0 ? Math.min(weight, 72) : 0.75,
    };
    const dash = (stroke?.attrs.dashstyle ?? '').toLowerCase();
    if (/dot/.test(dash) && !/dash/.test(dash)) line.dash = 'dotted';
    else if (dash !== '' && dash !== 'solid') line.dash = 'dashed';
    out.line = line;
  }
  return out;
}

const H_REL: Record<string, ImageAnchor['relativeFromH']> = {
  margin: 'margin',
  page: 'page',
  text: 'column',
  char: 'character',
  'left-margin-area': 'page',
  'right-margin-area': 'page',
  'inner-margin-area': 'page',
  'outer-margin-area': 'page',
};
const V_REL: Record<string, ImageAnchor['relativeFromV']> = {
  margin: 'margin',
  page: 'page',
  text: 'paragraph',
  line: 'line',
  'top-margin-area': 'page',
  'bottom-margin-area': 'page',
  'inner-margin-area': 'page',
  'outer-margin-area': 'page',
};
const H_ALIGN: Record<string, ImageAnchor['alignH']> = {
  left: 'left',
  center: 'center',
  right: 'right',
  inside: 'left',
  outside: 'right',
};
const V_ALIGN: Record<string, ImageAnchor['alignV']> = {
  top: 'top',
  center: 'center',
  bottom: 'bottom',
  inside: 'top',
  outside: 'bottom',
};
const WRAP: Record<string, ImageAnchor['wrap']> = {
  square: 'square',
  tight: 'tight',
  through: 'tight',
  topAndBottom: 'topAndBottom',
  none: 'none',
};

/**
 * The place of a positioned shape (style position:absolute; Part 4 §19.1.2.19 and the
 * mso-position-* properties of §14.1.2.x): offsets margin-left/left and margin-top/top from the
 * reference mso-position-*-relative names (default: the column and the paragraph), or an
 * alignment; w10:wrap's type (absent: in front of the text) and a negative z-index (behind it).
 * Undefined for a shape in the line.
 */
function readAnchor(el: XmlElement, style: Map<string, string>): ImageAnchor | undefined {
  if (style.get('position') !== 'absolute') return undefined;
  const len = (name: string) => cssLength(style.get(name)) ?? 0;
  const anchor: ImageAnchor = {
    x: len('margin-left') + len('left'),
    y: len('margin-top') + len('top'),
    relativeFromH: H_REL[style.get('mso-position-horizontal-relative') ?? ''] ?? 'column',
    relativeFromV: V_REL[style.get('mso-position-vertical-relative') ?? ''] ?? 'paragraph',
    wrap: WRAP[child(el, 'w10:wrap')?.attrs.type ?? ''] ?? 'none',
    behindText: Number(style.get('z-index')) < 0,
  };
  const h = H_ALIGN[style.get('mso-position-horizontal') ?? ''];
  if (h) anchor.alignH = h;
  const v = V_ALIGN[style.get('mso-position-vertical') ?? ''];
  if (v) anchor.alignV = v;
  return anchor;
}
