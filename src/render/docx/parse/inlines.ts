/**
 * Paragraph content (ECMA-376 Part 1 §17.3.2, §17.16): runs, their text and special characters,
 * complex and simple fields, pictures, and the wrappers Word puts around runs (hyperlinks, smart
 * tags, content controls, revisions). Adjacent text of identical formatting is merged, so a tag
 * like `{partyA}` that Word split across runs for spell-check or rsids becomes one text inline.
 */
import type { Inline, RunProps } from '../../model.js';
import { child, elements, find, textOf, type XmlElement } from '../intake/xml.js';
import type { FieldFrame, ParseContext, PartScope } from './context.js';
import { readDrawing } from './drawing.js';
import { readVml } from './vml.js';
import { runKey } from './run-props.js';
import {
  guessPrivateUseSymbol,
  symbolFontOf,
  symbolTextToUnicode,
  symbolToUnicode,
} from '../../fonts/symbol-fonts.js';

export interface ParagraphState {
  ctx: ParseContext;
  scope: PartScope;
  paraStyleId: string | undefined;
  tableStyleId: string | undefined;
  markProps: RunProps;
  where: string;
  out: Inline[];
  lastKey?: string;
}

const PAGE_FIELDS: Record<string, 'page' | 'numpages' | 'sectionpages'> = {
  PAGE: 'page',
  NUMPAGES: 'numpages',
  SECTIONPAGES: 'sectionpages',
};

function pushText(s: ParagraphState, text: string, props: RunProps): void {
  if (!text || !visible(s.scope.fields)) return;
  const symbolFont = symbolFontOf(props.fontLatin);
  if (symbolFont !== undefined) {
    // Signs of a symbol font (fonts/symbol-fonts.ts): as Unicode, in the run's other fonts.
    text = symbolTextToUnicode(symbolFont, text);
    if (text.includes('\ufffd')) warnSymbol(s, props.fontLatin!);
    props = withoutLatinFont(props);
  }
  const key = runKey(props);
  const last = s.out[s.out.length - 1];
  if (last && last.type === 'text' && s.lastKey === key) {
    last.text += text;
    return;
  }
  s.out.push({ type: 'text', text, props });
  s.lastKey = key;
}

function push(s: ParagraphState, inline: Inline): void {
  if (!visible(s.scope.fields)) return;
  s.out.push(inline);
  s.lastKey = undefined;
}

/** Content shows only where every open field is in its result part and not replaced by a field inline. */
function visible(fields: FieldFrame[]): boolean {
  for (const f of fields) if (f.phase !== 'result' || f.suppress) return false;
  return true;
}

function fieldName(instr: string): string {
  return instr.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
}

/** Walk the children of a paragraph or of a run-level wrapper. */
export function readParagraphContent(parent: XmlElement, s: ParagraphState): void {
  for (const el of elements(parent)) {
    switch (el.name) {
      case 'w:r':
        readRun(el, s);
        break;
      case 'w:hyperlink':
      case 'w:smartTag':
      case 'w:customXml':
      case 'w:ins':
      case 'w:moveTo':
      case 'w:dir':
      case 'w:bdo':
        readParagraphContent(el, s);
        break;
      case 'w:sdt':
        readParagraphContent(s.ctx.sdtContent(el), s);
        break;
      case 'w:fldSimple':
        readSimpleField(el, s);
        break;
      case 'mc:AlternateContent':
        readParagraphContent(chooseAlternate(el), s);
        break;
      case 'm:oMathPara':
      case 'm:oMath':
        s.ctx.warn('UNSUPPORTED_EQUATION', 'An equation is shown as plain text.', s.where);
        pushText(s, mathText(el), s.markProps);
        break;
      case 'w:commentRangeStart':
        s.ctx.warn('UNSUPPORTED_COMMENT', 'Comments are not carried over.', s.where);
        break;
      // Deleted text, proofing marks, bookmarks, permissions and the paragraph's own properties.
      default:
        break;
    }
  }
}

/** §17.16.19 w:fldSimple: PAGE-like fields become field inlines, others keep their result runs. */
function readSimpleField(el: XmlElement, s: ParagraphState): void {
  const name = fieldName(el.attrs['w:instr'] ?? '');
  const kind = PAGE_FIELDS[name];
  if (kind) {
    const firstRun = find(el, 'w:r');
    const props = s.ctx.styles.run(s.paraStyleId, s.tableStyleId, child(firstRun, 'w:rPr'));
    push(s, { type: 'field', field: kind, props });
    return;
  }
  if (name) warnField(s, name);
  readParagraphContent(el, s);
}

function withoutLatinFont(props: RunProps): RunProps {
  const { fontLatin: _symbol, ...rest } = props;
  return rest;
}

function warnSymbol(s: ParagraphState, font: string): void {
  s.ctx.warn(
    'SYMBOL_NOT_CARRIED',
    `A sign of the font ${font} has no Unicode equivalent here and shows as �; insert it as a Unicode character instead.`,
    s.where,
  );
}

function warnField(s: ParagraphState, name: string): void {
  s.ctx.warn('UNSUPPORTED_FIELD', `The field ${name} is shown with the result Word last computed.`, s.where);
}

/**
 * Namespaces whose Choice this reader takes over the Fallback: `wps` marks a DrawingML drawing
 * (a picture Writer or Word floats, readDrawing; its Fallback is a VML copy that loses the
 * position), `wp14` only adds attributes to a drawing.
 */
const UNDERSTOOD = new Set(['wps', 'wp14']);

/**
 * Markup Compatibility (ECMA-376 Part 3 §10.2): the first Choice whose required namespaces this
 * reader understands, else the Fallback, which uses only base markup.
 */
export function chooseAlternate(el: XmlElement): XmlElement {
  for (const c of el.children) {
    if (typeof c === 'string' || c.name !== 'mc:Choice') continue;
    const requires = (c.attrs.Requires ?? '').split(/\s+/).filter(Boolean);
    if (requires.length > 0 && requires.every((ns) => UNDERSTOOD.has(ns))) return c;
  }
  return child(el, 'mc:Fallback') ?? child(el, 'mc:Choice') ?? { name: '#empty', attrs: {}, children: [] };
}

/**
 * chooseAlternate, except that a DrawingML shape that is neither a picture nor a text box (a
 * rectangle, an ellipse, a line: Word 2010+ and WPS write every drawn shape so) is read from
 * its VML Fallback, the same shape in the terms vml.ts draws.
 */
function drawableAlternate(el: XmlElement): XmlElement {
  const chosen = chooseAlternate(el);
  if (chosen.name !== 'mc:Choice') return chosen;
  const wsp = find(chosen, 'wps:wsp');
  const fallback = child(el, 'mc:Fallback');
  if (wsp && !find(wsp, 'wps:txbx') && find(fallback, 'w:pict')) return fallback!;
  return chosen;
}

function mathText(el: XmlElement): string {
  let out = '';
  const walk = (e: XmlElement): void => {
    for (const c of elements(e)) {
      if (c.name === 'm:t' || c.name === 'w:t') out += textOf(c);
      else walk(c);
    }
  };
  walk(el);
  return out;
}

function readRun(r: XmlElement, s: ParagraphState): void {
  const props = s.ctx.styles.run(s.paraStyleId, s.tableStyleId, child(r, 'w:rPr'));
  readRunContent(r, props, s);
}

function readRunContent(r: XmlElement, props: RunProps, s: ParagraphState): void {
  const fields = s.scope.fields;
  for (const el of elements(r)) {
    switch (el.name) {
      case 'w:t':
        pushText(s, textOf(el), props);
        break;
      case 'w:instrText': {
        const top = fields[fields.length - 1];
        if (top && top.phase === 'instr') top.instr += textOf(el);
        break;
      }
      case 'w:fldChar':
        readFieldChar(el.attrs['w:fldCharType'], props, s);
        break;
      case 'w:tab':
      case 'w:ptab':
        push(s, { type: 'tab', props });
        break;
      case 'w:br': {
        // §17.3.3.1: type page, column, or textWrapping (a line break) by default.
        const t = el.attrs['w:type'];
        push(s, { type: 'break', kind: t === 'page' ? 'page' : t === 'column' ? 'column' : 'line' });
        break;
      }
      case 'w:cr':
        push(s, { type: 'break', kind: 'line' });
        break;
      case 'w:sym': {
        const sign = symbol(el);
        if (sign === '\ufffd') warnSymbol(s, el.attrs['w:font'] ?? 'a symbol font');
        // Unicode already: a symbol font on the run (Word often sets one) must not convert it again.
        pushText(s, sign, symbolFontOf(props.fontLatin) ? withoutLatinFont(props) : props);
        break;
      }
      case 'w:noBreakHyphen':
        pushText(s, '\u2011', props);
        break;
      case 'w:softHyphen':
        pushText(s, '\u00ad', props);
        break;
      case 'w:drawing': {
        if (!visible(fields)) break;
        const img = readDrawing(el, s.ctx, s.scope, s.where);
        if (img) push(s, img);
        break;
      }
      case 'w:pict':
      case 'w:object': {
        if (!visible(fields)) break;
        if (el.name === 'w:object') {
          s.ctx.warn('UNSUPPORTED_OBJECT', 'An embedded object is shown as its preview picture.', s.where);
        }
        for (const shape of readVml(el, s.ctx, s.scope, s.where)) push(s, shape);
        break;
      }
      case 'w:footnoteReference':
      case 'w:endnoteReference': {
        const kind = el.name === 'w:footnoteReference' ? 'footnote' : 'endnote';
        const id = el.attrs['w:id'] ?? '';
        // Word puts notes in the body's own text only: one inside a note would make it endless,
        // headers and footers have no page foot of their own, and the renderers keep notes out
        // of text boxes.
        if (s.scope.part !== s.ctx.pkg.mainPart || s.scope.label.startsWith('text box '))
          s.ctx.warn('NOTE_MISPLACED', `A ${kind} outside the body's own text was left out.`, s.where);
        else if ((kind === 'footnote' ? s.ctx.footnoteIds : s.ctx.endnoteIds).has(id))
          push(s, { type: kind, id });
        else s.ctx.warn('NOTE_MISSING', `A ${kind} reference names no ${kind} of the document.`, s.where);
        break;
      }
      case 'w:footnoteRef':
      case 'w:endnoteRef':
        // A note's own number mark inside its text: the renderer numbers notes itself.
        break;
      case 'mc:AlternateContent':
        readRunContent(drawableAlternate(el), props, s);
        break;
      case 'w:ruby':
        // §17.3.3.25: keep the base text, drop the phonetic guide.
        readParagraphContent(child(el, 'w:rubyBase') ?? el, s);
        break;
      default:
        break;
    }
  }
}

function readFieldChar(type: string | undefined, props: RunProps, s: ParagraphState): void {
  const fields = s.scope.fields;
  const top = fields[fields.length - 1];
  if (type === 'begin') {
    if (fields.length >= 32) return;
    fields.push({ instr: '', phase: 'instr', suppress: false, props, emitted: false });
  } else if (type === 'separate' && top && top.phase === 'instr') {
    emitField(top, fields, s);
    top.phase = 'result';
  } else if (type === 'end' && top) {
    if (top.phase === 'instr') emitField(top, fields, s);
    fields.pop();
  }
}

function emitField(f: FieldFrame, fields: FieldFrame[], s: ParagraphState): void {
  const name = fieldName(f.instr);
  const kind = PAGE_FIELDS[name];
  if (!kind) {
    if (name && visible(fields.slice(0, -1))) warnField(s, name);
    return;
  }
  f.suppress = true;
  if (f.emitted || !visible(fields.slice(0, -1))) return;
  f.emitted = true;
  s.out.push({ type: 'field', field: kind, props: f.props });
  s.lastKey = undefined;
}

function symbol(el: XmlElement): string {
  // §17.3.3.30: w:char is hex; symbol fonts use the private-use range F000-F0FF for their glyphs.
  const code = Number.parseInt(el.attrs['w:char'] ?? '', 16);
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return '';
  const font = symbolFontOf(el.attrs['w:font']);
  if (font !== undefined) return symbolToUnicode(font, code);
  if (code >= 0xf000 && code <= 0xf0ff) return guessPrivateUseSymbol(code);
  return code < 0x20 ? '' : String.fromCodePoint(code);
}
