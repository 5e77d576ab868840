/**
 * A content-stream interpreter for text positions (ISO 32000-1 §9.4 text objects, §9.3 text
 * state, §8.4.4 graphics state): q/Q/cm, BT/ET, Tf/Tc/Tw/Tz/TL/Ts, Tm/Td/TD/T*, Tj/TJ/'/", and
 * Form XObjects via Do. It yields every shown glyph with its baseline position in user space.
 */
import type { PageInfo, PdfFile } from '../../pdf/file.js';
import { PDF_LIMITS, PdfLimitError } from '../../pdf/limits.js';
import { PdfName, PdfStream, PdfString, type PdfDict, type PdfValue } from '../../pdf/objects.js';
import { PdfParser, isDelimiter, isWhitespace } from '../../pdf/parser.js';
import { fontDecoder, type FontDecoder } from './fonts.js';

export interface Glyph {
  text: string;
  x: number;
  y: number;
  /** x of the glyph's end (origin + advance). */
  xEnd: number;
  /** Effective font size in user space (for a bounding box). */
  size: number;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function mul(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

interface State {
  ctm: Matrix;
  font?: FontDecoder;
  size: number;
  charSpacing: number;
  wordSpacing: number;
  scale: number;
  leading: number;
  rise: number;
}

/** What reading one page has cost so far (PDF_LIMITS.maxFormRuns, maxPageGlyphs). */
interface Work {
  formRuns: number;
}

/**
 * The glyphs of one page, refusing a page past PDF_LIMITS' form runs or glyphs with
 * PdfLimitError (PDF_LIMIT_EXCEEDED). `fonts` may be shared between the pages of one file: the pages of a
 * generated document use the same font objects, whose ToUnicode maps are then read once.
 */
export function extractGlyphs(
  file: PdfFile,
  page: PageInfo,
  fonts: Map<PdfDict, FontDecoder> = new Map(),
): Glyph[] {
  const glyphs: Glyph[] = [];
  const contents = file.resolve(page.dict.get('Contents'));
  const parts = (Array.isArray(contents) ? contents : [contents]).map((c) => file.resolve(c));
  const streams = parts.filter((p): p is PdfStream => p instanceof PdfStream).map((p) => file.decode(p));
  // One stream (the usual case) is read in place; several are joined with a newline between.
  const data = streams.length === 1 ? streams[0]! : Buffer.concat(streams.flatMap((d) => [d, NEWLINE]));
  run(
    file,
    data,
    file.resolveDict(page.resources),
    { ctm: IDENTITY, size: 0, charSpacing: 0, wordSpacing: 0, scale: 1, leading: 0, rise: 0 },
    glyphs,
    fonts,
    0,
    { formRuns: 0 },
  );
  return glyphs;
}

const NEWLINE = new Uint8Array([0x0a]);

function num(v: PdfValue | undefined): number {
  return typeof v === 'number' ? v : 0;
}

function run(
  file: PdfFile,
  data: Uint8Array,
  resources: PdfDict | undefined,
  initial: State,
  glyphs: Glyph[],
  fonts: Map<PdfDict, FontDecoder>,
  depth: number,
  work: Work,
): void {
  const stack: State[] = [];
  let gs: State = { ...initial };
  let tm: Matrix = IDENTITY;
  let tlm: Matrix = IDENTITY;
  const p = new PdfParser(data);
  const operands: PdfValue[] = [];
  const show = (s: PdfValue | undefined): void => {
    if (!(s instanceof PdfString) || !gs.font) return;
    const c = gs.ctm;
    const decoded = gs.font.decode(s.bytes);
    if (glyphs.length + decoded.length > PDF_LIMITS.maxPageGlyphs)
      throw new PdfLimitError(
        'page-glyphs',
        PDF_LIMITS.maxPageGlyphs,
        `a page shows more than ${PDF_LIMITS.maxPageGlyphs} glyphs`,
      );
    // A = Tm × CTM; the glyph's origin is [Tfs·Th 0 0 Tfs 0 Trise] × A (§9.4.4), its end the
    // origin moved by the advance along A's x axis. Showing a glyph moves only Tm's translation
    // (e, f), so A's linear part and the glyph size hold for the whole string; the loop runs once
    // per glyph and keeps e and f in locals.
    const [t0, t1, t2, t3] = tm;
    let e = tm[4];
    let f = tm[5];
    const a0 = t0 * c[0] + t1 * c[2];
    const a2 = t2 * c[0] + t3 * c[2];
    const a3 = t2 * c[1] + t3 * c[3];
    const size = Math.hypot(gs.size * a2, gs.size * a3);
    for (let k = 0; k < decoded.length; k++) {
      const g = decoded[k]!;
      const a4 = e * c[0] + f * c[2] + c[4];
      const a5 = e * c[1] + f * c[3] + c[5];
      const advance = (g.width * gs.size + gs.charSpacing + (g.isSpace ? gs.wordSpacing : 0)) * gs.scale;
      glyphs.push({
        text: g.text,
        x: gs.rise * a2 + a4,
        y: gs.rise * a3 + a5,
        xEnd: advance * a0 + a4,
        size,
      });
      e = advance * t0 + e;
      f = advance * t1 + f;
    }
    if (decoded.length > 0) tm = [t0, t1, t2, t3, e, f];
  };
  const nextLine = (tx: number, ty: number): void => {
    tlm = mul([1, 0, 0, 1, tx, ty], tlm);
    tm = tlm;
  };
  while (p.pos < data.length) {
    p.skipWhitespace();
    const c = data[p.pos];
    if (c === undefined) break;
    const isOperand =
      c === 0x2f ||
      c === 0x28 ||
      c === 0x3c ||
      c === 0x5b ||
      c === 0x2b ||
      c === 0x2d ||
      c === 0x2e ||
      (c >= 0x30 && c <= 0x39);
    if (isOperand) {
      try {
        operands.push(p.parseDirect());
      } catch (e) {
        // A bound the file exceeds is the file's verdict, not a token to step over.
        if (e instanceof PdfLimitError) throw e;
        p.pos++;
      }
      continue;
    }
    let op = readOperator(p, data);
    if (op === '') {
      if (!isDelimiter(c) && !isWhitespace(c)) op = String.fromCharCode(c);
      p.pos++;
      if (op === '') {
        operands.length = 0;
        continue;
      }
    }
    // The operands array is reused from operator to operator: no case keeps it.
    const o = operands;
    switch (op) {
      case 'q':
        stack.push({ ...gs });
        break;
      case 'Q':
        gs = stack.pop() ?? gs;
        break;
      case 'cm':
        gs.ctm = mul(o.map(num) as Matrix, gs.ctm);
        break;
      case 'BT':
        tm = IDENTITY;
        tlm = IDENTITY;
        break;
      case 'Tf': {
        const fontRes = file.resolveDict(
          file.resolveDict(resources?.get('Font'))?.get(o[0] instanceof PdfName ? o[0].value : ''),
        );
        if (fontRes) {
          let f = fonts.get(fontRes);
          if (!f) {
            f = fontDecoder(file, fontRes);
            fonts.set(fontRes, f);
          }
          gs.font = f;
        }
        gs.size = num(o[1]);
        break;
      }
      case 'Tc':
        gs.charSpacing = num(o[0]);
        break;
      case 'Tw':
        gs.wordSpacing = num(o[0]);
        break;
      case 'Tz':
        gs.scale = num(o[0]) / 100;
        break;
      case 'TL':
        gs.leading = num(o[0]);
        break;
      case 'Ts':
        gs.rise = num(o[0]);
        break;
      case 'Td':
        nextLine(num(o[0]), num(o[1]));
        break;
      case 'TD':
        gs.leading = -num(o[1]);
        nextLine(num(o[0]), num(o[1]));
        break;
      case 'Tm':
        tm = tlm = o.map(num) as Matrix;
        break;
      case 'T*':
        nextLine(0, -gs.leading);
        break;
      case 'Tj':
        show(o[0]);
        break;
      case "'":
        nextLine(0, -gs.leading);
        show(o[0]);
        break;
      case '"':
        gs.wordSpacing = num(o[0]);
        gs.charSpacing = num(o[1]);
        nextLine(0, -gs.leading);
        show(o[2]);
        break;
      case 'TJ':
        for (const item of Array.isArray(o[0]) ? o[0] : []) {
          if (typeof item === 'number') tm = mul([1, 0, 0, 1, (-item / 1000) * gs.size * gs.scale, 0], tm);
          else show(item);
        }
        break;
      case 'BI': {
        // §8.9.7 inline image: skip binary data up to a whitespace-delimited EI.
        const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        let i = b.indexOf('ID', p.pos, 'latin1');
        while (i >= 0) {
          const e = b.indexOf('EI', i + 2, 'latin1');
          if (e < 0) {
            i = -1;
            break;
          }
          if (isWhitespace(b[e - 1]) && (e + 2 >= b.length || isWhitespace(b[e + 2]))) {
            p.pos = e + 2;
            break;
          }
          i = e;
        }
        if (i < 0) p.pos = data.length;
        break;
      }
      case 'Do': {
        if (depth > 8 || !(o[0] instanceof PdfName)) break;
        const xo = file.resolve(file.resolveDict(resources?.get('XObject'))?.get(o[0].value));
        if (xo instanceof PdfStream && xo.dict.name('Subtype') === 'Form') {
          // Depth alone bounds nothing: ten runs per level, eight deep, are 10^8 runs.
          if (++work.formRuns > PDF_LIMITS.maxFormRuns)
            throw new PdfLimitError(
              'form-runs',
              PDF_LIMITS.maxFormRuns,
              `a page runs form XObjects more than ${PDF_LIMITS.maxFormRuns} times`,
            );
          const m = file.resolve(xo.dict.get('Matrix'));
          const matrix =
            Array.isArray(m) && m.length === 6 ? (m.map((x) => num(file.resolve(x))) as Matrix) : IDENTITY;
          const inner = file.resolveDict(xo.dict.get('Resources')) ?? resources;
          run(
            file,
            file.decode(xo),
            inner,
            { ...gs, ctm: mul(matrix, gs.ctm) },
            glyphs,
            fonts,
            depth + 1,
            work,
          );
        }
        break;
      }
    }
    operands.length = 0;
  }
}

/**
 * The operators `run` acts on, by their bytes (up to 3, packed little-endian with the length in
 * the top byte): reading one gives the constant string instead of spelling it anew each time.
 */
const OPERATORS = new Map<number, string>(
  [
    'q',
    'Q',
    'cm',
    'BT',
    'Tf',
    'Tc',
    'Tw',
    'Tz',
    'TL',
    'Ts',
    'Td',
    'TD',
    'Tm',
    'T*',
    'Tj',
    "'",
    '"',
    'TJ',
    'BI',
    'Do',
  ].map((op) => [[...op].reduce((key, ch, i) => key | (ch.charCodeAt(0) << (8 * i)), op.length << 24), op]),
);
/** Any other operator: `run` ignores it, so its spelling does not matter. */
const OTHER = '?';

/** The operator at the parser's position (as PdfParser.readRegular reads it: '' at a delimiter). */
function readOperator(p: PdfParser, data: Uint8Array): string {
  const start = p.pos;
  let end = start;
  while (end < data.length && !isWhitespace(data[end]) && !isDelimiter(data[end])) end++;
  p.pos = end;
  const length = end - start;
  if (length === 0) return '';
  if (length > 3) return OTHER;
  let key = length << 24;
  for (let i = 0; i < length; i++) key |= data[start + i]! << (8 * i);
  return OPERATORS.get(key) ?? OTHER;
}
