/**
 * A byte-level parser for PDF objects (ISO 32000-1 §7.2 lexical conventions, §7.3 objects).
 * It parses what is needed for signing and verification, lazily and without copying the file.
 */
import { PDF_LIMITS, PdfLimitError } from './limits.js';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from './objects.js';

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

const EMPTY = new Uint8Array(0);

/** 10^0 … 10^15, exact doubles (plainNumber). */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Escapes of a literal string standing for one byte (ISO 32000-1 §7.3.4.2, Table 3): \n \r \t \b \f. */
const ESCAPES: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };

export class PdfSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
  }
}

export const isWhitespace = (c: number | undefined): boolean => c !== undefined && WS[c] === 1;
export const isDelimiter = (c: number | undefined): boolean => c !== undefined && DELIM[c] === 1;

export class PdfParser {
  pos: number;
  /** Arrays and dictionaries open at the current position (PDF_LIMITS.maxNesting). */
  private depth = 0;
  /** parseLiteralString's bytes, reused from string to string. */
  private scratch = EMPTY;
  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    /** Resolves an indirect `/Length` of a stream. */
    private readonly resolveLength?: (ref: PdfRef) => number | undefined,
  ) {
    this.pos = pos;
  }

  skipWhitespace(): void {
    const b = this.buf;
    for (;;) {
      const c = b[this.pos];
      if (c === undefined) return;
      if (WS[c]) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else return;
    }
  }

  /** Reads a run of regular characters (a keyword or number token) without consuming whitespace. */
  readRegular(): string {
    const start = this.pos;
    const b = this.buf;
    while (this.pos < b.length && !WS[b[this.pos]!] && !DELIM[b[this.pos]!]) this.pos++;
    // Content streams are mostly short tokens (operators, numbers): building them char by char
    // costs less than a Buffer view and a decode each.
    if (this.pos - start <= 16) {
      let s = '';
      for (let i = start; i < this.pos; i++) s += String.fromCharCode(b[i]!);
      return s;
    }
    return Buffer.from(b.buffer, b.byteOffset + start, this.pos - start).toString('latin1');
  }

  /**
   * An operand of a content stream: a direct object (ISO 32000-1 §7.8.2), so a number is never
   * the start of an indirect reference and needs no look-ahead for `g R`.
   */
  parseDirect(): PdfValue {
    this.skipWhitespace();
    const b = this.buf;
    const c = b[this.pos];
    if (c === 0x5b /* [ */) return this.parseArray(() => this.parseDirect());
    if (c !== undefined && (c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39))) {
      const plain = this.plainNumber();
      if (plain !== undefined) return plain;
      const start = this.pos;
      const token = this.readRegular();
      const n = Number(token);
      if (token === '' || Number.isNaN(n)) throw new PdfSyntaxError(`unexpected token '${token}'`, start);
      return n;
    }
    return this.parseValue();
  }

  /**
   * A number token of the plain forms `[+-]digits[.digits]` and `[+-].digits` (§7.3.3), read from
   * the bytes without making a string (content streams are mostly such numbers); undefined, with
   * the position unmoved, for any other token, which then goes through Number() as before. With at
   * most 15 digits the digits are an exact integer and 10^k an exact power, so the one division is
   * the correctly rounded value Number() gives for the same text.
   */
  private plainNumber(): number | undefined {
    const b = this.buf;
    let i = this.pos;
    const negative = b[i] === 0x2d;
    if (negative || b[i] === 0x2b) i++;
    let digits = 0;
    let mantissa = 0;
    let fraction = -1;
    for (; i < b.length; i++) {
      const d = b[i]!;
      if (d >= 0x30 && d <= 0x39) {
        mantissa = mantissa * 10 + (d - 0x30);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (d === 0x2e && fraction < 0) fraction = 0;
      else if (WS[d] || DELIM[d]) break;
      else return undefined;
    }
    if (digits === 0 || digits > 15) return undefined;
    this.pos = i;
    const value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
    return negative ? -value : value;
  }

  peekKeyword(keyword: string): boolean {
    this.skipWhitespace();
    for (let i = 0; i < keyword.length; i++) {
      if (this.buf[this.pos + i] !== keyword.charCodeAt(i)) return false;
    }
    const after = this.buf[this.pos + keyword.length];
    return after === undefined || WS[after] === 1 || DELIM[after] === 1;
  }

  expectKeyword(keyword: string): void {
    if (!this.peekKeyword(keyword)) throw new PdfSyntaxError(`expected '${keyword}'`, this.pos);
    this.pos += keyword.length;
  }

  parseValue(): PdfValue {
    this.skipWhitespace();
    const b = this.buf;
    const c = b[this.pos];
    if (c === undefined) throw new PdfSyntaxError('unexpected end of data', this.pos);
    switch (c) {
      case 0x2f /* / */:
        return this.parseName();
      case 0x28 /* ( */:
        return this.parseLiteralString();
      case 0x3c /* < */:
        if (b[this.pos + 1] === 0x3c) return this.parseDict();
        return this.parseHexString();
      case 0x5b /* [ */:
        return this.parseArray(() => this.parseValue());
    }
    const start = this.pos;
    const token = this.readRegular();
    if (token === '') throw new PdfSyntaxError(`unexpected character '${String.fromCharCode(c)}'`, start);
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    const n = Number(token);
    if (Number.isNaN(n)) throw new PdfSyntaxError(`unexpected token '${token}'`, start);
    if (/^\d+$/.test(token)) {
      // §7.3.10: an indirect reference is two integers followed by R.
      const save = this.pos;
      this.skipWhitespace();
      const gen = this.readRegular();
      if (/^\d+$/.test(gen)) {
        this.skipWhitespace();
        if (
          this.buf[this.pos] === 0x52 /* R */ &&
          (this.pos + 1 >= b.length || WS[b[this.pos + 1]!] || DELIM[b[this.pos + 1]!])
        ) {
          this.pos++;
          return new PdfRef(n, Number(gen));
        }
      }
      this.pos = save;
    }
    return n;
  }

  /**
   * One level deeper into arrays and dictionaries: the parser recurses per level, so a depth
   * limit (not the engine's stack) decides how deep a stranger's file may nest.
   */
  private enter(): void {
    if (this.depth + 1 > PDF_LIMITS.maxNesting) {
      throw new PdfLimitError(
        'nesting-depth',
        PDF_LIMITS.maxNesting,
        `arrays or dictionaries nested more than ${PDF_LIMITS.maxNesting} deep at byte ${this.pos}`,
      );
    }
    this.depth++;
  }

  /** §7.3.6: `[` items `]`, each item read by `item`. */
  private parseArray(item: () => PdfValue): PdfValue[] {
    const b = this.buf;
    this.enter();
    this.pos++;
    const arr: PdfValue[] = [];
    try {
      for (;;) {
        this.skipWhitespace();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        if (this.pos >= b.length) throw new PdfSyntaxError('unterminated array', this.pos);
        arr.push(item());
      }
    } finally {
      this.depth--;
    }
  }

  private parseName(): PdfName {
    this.pos++;
    const b = this.buf;
    // Most names are short and have no #xx escape (§7.3.5): spelled directly from the bytes.
    const start = this.pos;
    let end = start;
    while (end < b.length && end - start <= 16 && !WS[b[end]!] && !DELIM[b[end]!] && b[end] !== 0x23) end++;
    if (end - start <= 16 && (end >= b.length || WS[b[end]!] || DELIM[b[end]!])) {
      let plain = '';
      for (let i = start; i < end; i++) plain += String.fromCharCode(b[i]!);
      this.pos = end;
      return PdfName.of(plain);
    }
    const bytes: number[] = [];
    while (this.pos < b.length && !WS[b[this.pos]!] && !DELIM[b[this.pos]!]) {
      const c = b[this.pos]!;
      if (c === 0x23 /* # */ && this.pos + 2 < b.length) {
        const hex = String.fromCharCode(b[this.pos + 1]!, b[this.pos + 2]!);
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          bytes.push(parseInt(hex, 16));
          this.pos += 3;
          continue;
        }
      }
      bytes.push(c);
      this.pos++;
    }
    return PdfName.of(Buffer.from(bytes).toString('latin1'));
  }

  private parseLiteralString(): PdfString {
    const b = this.buf;
    this.pos++;
    // The bytes go to a scratch array reused by this parser: a string never has more bytes than
    // its source, so it is sized by what is left of the buffer at most, and copied out at the end.
    let out = this.scratch;
    let n = 0;
    const push = (v: number): void => {
      if (n === out.length) {
        const bigger = new Uint8Array(Math.min(Math.max(64, out.length * 2), b.length));
        bigger.set(out);
        out = this.scratch = bigger;
      }
      out[n++] = v;
    };
    let depth = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c /* \ */) {
        const e = b[this.pos++];
        if (e === undefined) break;
        const escaped = ESCAPES[e];
        if (escaped !== undefined) {
          push(escaped);
          continue;
        }
        switch (e) {
          case 0x0d:
            if (b[this.pos] === 0x0a) this.pos++;
            break; // §7.3.4.2 line continuation
          case 0x0a:
            break;
          default:
            if (e >= 0x30 && e <= 0x37) {
              let v = e - 0x30;
              for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++)
                v = v * 8 + (b[this.pos++]! - 0x30);
              push(v & 0xff);
            } else push(e);
        }
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return new PdfString(out.slice(0, n));
      push(c);
    }
    throw new PdfSyntaxError('unterminated string', this.pos);
  }

  private parseHexString(): PdfString {
    const b = this.buf;
    const start = ++this.pos;
    while (this.pos < b.length && b[this.pos] !== 0x3e) this.pos++;
    if (this.pos >= b.length) throw new PdfSyntaxError('unterminated hex string', start);
    let hex = Buffer.from(b.buffer, b.byteOffset + start, this.pos - start)
      .toString('latin1')
      .replace(/[\s\0]/g, '');
    this.pos++;
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new PdfSyntaxError('bad hex string', start);
    if (hex.length % 2) hex += '0'; // §7.3.4.3: a missing final digit is 0
    return new PdfString(Buffer.from(hex, 'hex'), true);
  }

  private parseDict(): PdfDict {
    const b = this.buf;
    this.enter();
    this.pos += 2;
    const d = new PdfDict();
    try {
      for (;;) {
        this.skipWhitespace();
        if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return d;
        }
        if (this.pos >= b.length) throw new PdfSyntaxError('unterminated dictionary', this.pos);
        if (b[this.pos] !== 0x2f) throw new PdfSyntaxError('dictionary key is not a name', this.pos);
        const key = this.parseName().value;
        d.set(key, this.parseValue());
      }
    } finally {
      this.depth--;
    }
  }

  /** After a dictionary: a `stream … endstream` body, if present (§7.3.8.1). */
  private parseStreamBody(d: PdfDict): PdfStream {
    const b = this.buf;
    this.pos += 'stream'.length;
    if (b[this.pos] === 0x0d) this.pos++;
    if (b[this.pos] === 0x0a) this.pos++;
    const start = this.pos;
    let length: number | undefined;
    const l = d.get('Length');
    if (typeof l === 'number') length = l;
    else if (l instanceof PdfRef && this.resolveLength) length = this.resolveLength(l);
    if (length !== undefined && start + length <= b.length) {
      const p = new PdfParser(b, start + length);
      if (p.peekKeyword('endstream')) {
        this.pos = p.pos + 'endstream'.length;
        return new PdfStream(d, b.subarray(start, start + length));
      }
    }
    // A wrong /Length is common in the wild; fall back to the keyword.
    const end = nextEndstream(b, start);
    if (end < 0) throw new PdfSyntaxError('stream without endstream', start);
    let dataEnd = end;
    if (b[dataEnd - 1] === 0x0a) dataEnd--;
    if (b[dataEnd - 1] === 0x0d) dataEnd--;
    this.pos = end + 'endstream'.length;
    return new PdfStream(d, b.subarray(start, dataEnd));
  }

  /** Parses `N G obj … endobj` at the current position. */
  parseIndirectObject(): { num: number; gen: number; value: PdfValue } {
    this.skipWhitespace();
    const numTok = this.readRegular();
    this.skipWhitespace();
    const genTok = this.readRegular();
    if (!/^\d+$/.test(numTok) || !/^\d+$/.test(genTok))
      throw new PdfSyntaxError('expected an object header', this.pos);
    this.expectKeyword('obj');
    let value = this.parseValue();
    if (value instanceof PdfDict && this.peekKeyword('stream')) value = this.parseStreamBody(value);
    return { num: Number(numTok), gen: Number(genTok), value };
  }
}

export function indexOf(buf: Uint8Array, needle: string, from = 0): number {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).indexOf(needle, from, 'latin1');
}

export function lastIndexOf(buf: Uint8Array, needle: string, from?: number): number {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).lastIndexOf(
    needle,
    from ?? buf.length,
    'latin1',
  );
}

/**
 * Offsets of every `endstream` in a buffer, found once: a file of many streams with wrong
 * /Length values (and no `endstream` until its end) would otherwise cost one scan to the end per
 * stream — quadratic in the file's size.
 */
const endstreams = new WeakMap<Uint8Array, number[]>();

function nextEndstream(buf: Uint8Array, from: number): number {
  let all = endstreams.get(buf);
  if (all === undefined) {
    all = [];
    for (let at = indexOf(buf, 'endstream'); at >= 0; at = indexOf(buf, 'endstream', at + 1)) all.push(at);
    endstreams.set(buf, all);
  }
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < all.length ? all[lo]! : -1;
}
