/**
 * Pictures: DrawingML (w:drawing with wp:inline / wp:anchor, ECMA-376 Part 1 §20.4), and
 * DrawingML text boxes. Other shapes, charts and SmartArt are not carried over; each leaves a
 * warning. VML (w:pict) is read by vml.ts.
 */
import type { ImageAnchor, ImageRef, Inline, TextBoxRef } from '../../model.js';
import { child, find, type XmlElement } from '../intake/xml.js';
import type { ParseContext, PartScope } from './context.js';
import { emu, hexColor } from './units.js';

const H_REL: Record<string, ImageAnchor['relativeFromH']> = {
  page: 'page',
  margin: 'margin',
  column: 'column',
  character: 'character',
  leftMargin: 'page',
  rightMargin: 'page',
  insideMargin: 'page',
  outsideMargin: 'page',
};
const V_REL: Record<string, ImageAnchor['relativeFromV']> = {
  page: 'page',
  margin: 'margin',
  paragraph: 'paragraph',
  line: 'line',
  topMargin: 'page',
  bottomMargin: 'page',
  insideMargin: 'page',
  outsideMargin: 'page',
};

export function readDrawing(
  d: XmlElement,
  ctx: ParseContext,
  scope: PartScope,
  where: string,
): Inline | undefined {
  const inline = child(d, 'wp:inline');
  const frame = inline ?? child(d, 'wp:anchor');
  if (!frame) return undefined;
  const data = find(frame, 'a:graphicData');
  const uri = data?.attrs.uri ?? '';
  if (!uri.endsWith('/picture')) {
    const wsp = child(data, 'wps:wsp');
    const content = find(wsp, 'w:txbxContent');
    // A text box (undefined where one cannot stand: readTextBox has warned).
    if (uri.endsWith('/wordprocessingShape') && wsp !== undefined && content !== undefined)
      return readTextBox(frame, wsp, content, ctx, scope, inline === undefined);
    warnShape(ctx, uri, data, where);
    return undefined;
  }
  const blip = find(data, 'a:blip');
  const media = resolveImage(blip?.attrs['r:embed'], blip?.attrs['r:link'], ctx, scope, where);
  if (!media) return undefined;
  const ext = child(frame, 'wp:extent');
  const image: ImageRef = { media, width: emu(ext?.attrs.cx) ?? 0, height: emu(ext?.attrs.cy) ?? 0 };
  const docPr = child(frame, 'wp:docPr');
  const alt = docPr?.attrs.descr || docPr?.attrs.title;
  if (alt) image.alt = alt;
  if (!inline) image.anchor = readAnchor(frame);
  return { type: 'image', image };
}

/**
 * A text box shape (wps:wsp with wps:txbx): its size and place as a picture's, its fill and
 * outline, its insets (default 0.1 in left/right, 0.05 in top/bottom, §21.1.2.1.1), and its
 * content read as blocks.
 */
function readTextBox(
  frame: XmlElement,
  wsp: XmlElement,
  content: XmlElement,
  ctx: ParseContext,
  scope: PartScope,
  floating: boolean,
): Inline | undefined {
  const id = ctx.readTextBox(content, scope);
  if (id === undefined) return undefined;
  const ext = child(frame, 'wp:extent');
  const spPr = child(wsp, 'wps:spPr');
  const bodyPr = child(wsp, 'wps:bodyPr');
  const inset = (name: string, fallback: number) => {
    const v = emu(bodyPr?.attrs[name]);
    return v !== undefined && v >= 0 ? v : fallback;
  };
  const box: TextBoxRef = {
    id,
    width: emu(ext?.attrs.cx) ?? 0,
    height: emu(ext?.attrs.cy) ?? 0,
    insets: {
      left: inset('lIns', 7.2),
      top: inset('tIns', 3.6),
      right: inset('rIns', 7.2),
      bottom: inset('bIns', 3.6),
    },
  };
  const fill = drawingColor(child(spPr, 'a:solidFill'));
  if (fill) box.fill = fill;
  const ln = child(spPr, 'a:ln');
  const lineColor = child(ln, 'a:noFill') ? undefined : drawingColor(child(ln, 'a:solidFill'));
  if (lineColor) {
    const w = emu(ln?.attrs.w);
    box.line = { color: lineColor, width: w !== undefined && w > 0 ? w : 0.75 };
  }
  if (floating) box.anchor = readAnchor(frame);
  return { type: 'textBox', box };
}

/** Preset colours (ECMA-376 Part 1 §20.1.10.47 ST_PresetColorVal) that producers use for outlines. */
const PRESET_COLORS: Record<string, string> = {
  black: '000000',
  white: 'FFFFFF',
  red: 'FF0000',
  green: '008000',
  blue: '0000FF',
  yellow: 'FFFF00',
  gray: '808080',
  grey: '808080',
  darkGray: 'A9A9A9',
  lightGray: 'D3D3D3',
};

/**
 * The colour of a fill (a:srgbClr; a:prstClr, which WPS writes for text box outlines; a:sysClr
 * by its last computed value, §20.1.2.3.33). Theme colours (a:schemeClr) are not resolved.
 */
function drawingColor(fill: XmlElement | undefined): string | undefined {
  const srgb = child(fill, 'a:srgbClr');
  if (srgb) return hexColor(srgb.attrs.val);
  const preset = child(fill, 'a:prstClr')?.attrs.val;
  if (preset !== undefined) return PRESET_COLORS[preset];
  return hexColor(child(fill, 'a:sysClr')?.attrs.lastClr);
}

const WRAP_TEXT: Record<string, ImageAnchor['wrapText']> = {
  bothSides: 'bothSides',
  left: 'left',
  right: 'right',
  largest: 'largest',
};

function readAnchor(a: XmlElement): ImageAnchor {
  const h = child(a, 'wp:positionH');
  const v = child(a, 'wp:positionV');
  const wrapEl = child(a, 'wp:wrapSquare') ?? child(a, 'wp:wrapTight') ?? child(a, 'wp:wrapThrough');
  const anchor: ImageAnchor = {
    x: emu(textOfChild(h, 'wp:posOffset')) ?? 0,
    y: emu(textOfChild(v, 'wp:posOffset')) ?? 0,
    relativeFromH: H_REL[h?.attrs.relativeFrom ?? ''] ?? 'column',
    relativeFromV: V_REL[v?.attrs.relativeFrom ?? ''] ?? 'paragraph',
    wrap: child(a, 'wp:wrapSquare')
      ? 'square'
      : child(a, 'wp:wrapTight') || child(a, 'wp:wrapThrough')
        ? 'tight'
        : child(a, 'wp:wrapTopAndBottom')
          ? 'topAndBottom'
          : 'none',
    behindText: a.attrs.behindDoc === '1' || a.attrs.behindDoc === 'true',
  };
  const wrapText = WRAP_TEXT[wrapEl?.attrs.wrapText ?? ''];
  if (wrapText !== undefined) anchor.wrapText = wrapText;
  // §20.4.2.3: distances in EMU; negative or missing ones are none.
  const dist = (name: string) => Math.max(0, emu(a.attrs[name]) ?? 0);
  const distance = { top: dist('distT'), bottom: dist('distB'), left: dist('distL'), right: dist('distR') };
  if (distance.top + distance.bottom + distance.left + distance.right > 0) anchor.distance = distance;
  const ah = textOfChild(h, 'wp:align');
  if (ah === 'left' || ah === 'center' || ah === 'right') anchor.alignH = ah;
  else if (ah === 'inside') anchor.alignH = 'left';
  else if (ah === 'outside') anchor.alignH = 'right';
  const av = textOfChild(v, 'wp:align');
  if (av === 'top' || av === 'center' || av === 'bottom') anchor.alignV = av;
  else if (av === 'inside') anchor.alignV = 'top';
  else if (av === 'outside') anchor.alignV = 'bottom';
  return anchor;
}

function textOfChild(el: XmlElement | undefined, name: string): string | undefined {
  const c = child(el, name);
  if (!c) return undefined;
  return c.children
    .filter((x): x is string => typeof x === 'string')
    .join('')
    .trim();
}

function warnShape(ctx: ParseContext, uri: string, data: XmlElement | undefined, where: string): void {
  if (find(data, 'wps:txbx') || find(data, 'w:txbxContent')) {
    ctx.warn('UNSUPPORTED_TEXTBOX', 'A text box was left out; move its text into the body.', where);
  } else if (uri.endsWith('/chart') || uri.includes('chartex')) {
    ctx.warn('UNSUPPORTED_CHART', 'A chart was left out; paste it as a picture instead.', where);
  } else if (uri.endsWith('/diagram')) {
    ctx.warn(
      'UNSUPPORTED_SMARTART',
      'A SmartArt graphic was left out; paste it as a picture instead.',
      where,
    );
  } else {
    ctx.warn('UNSUPPORTED_SHAPE', 'A drawing shape was left out; paste it as a picture instead.', where);
  }
}

export function resolveImage(
  embed: string | undefined,
  link: string | undefined,
  ctx: ParseContext,
  scope: PartScope,
  where: string,
): string | undefined {
  const rel = embed !== undefined ? scope.rels.get(embed) : undefined;
  if (!rel || rel.external) {
    if (link !== undefined || rel?.external) {
      ctx.warn(
        'UNSUPPORTED_LINKED_IMAGE',
        'A linked (not embedded) picture was left out; insert it into the document.',
        where,
      );
    } else {
      ctx.warn('IMAGE_MISSING', 'A picture refers to a part the package does not contain.', where);
    }
    return undefined;
  }
  return ctx.loadMedia(rel.target, where);
}
