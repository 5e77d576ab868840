/**
 * The PDF object model (ISO 32000-1 §7.3): the eight basic object types plus indirect references,
 * and their serialisation. Kept minimal and exact so an incremental update can re-emit an object
 * it parsed without changing its meaning.
 */

export class PdfName {
  /**
   * Names are interned (one object per spelling) while the table is small: the names of real
   * files are a few hundred standard ones. A stranger's file can hold millions of distinct names;
   * past the cap they are plain objects, so a long-lived worker's memory does not keep them all.
   * Equality is therefore by value (pdfEquals), never by identity alone.
   */
  private static readonly interned = new Map<string, PdfName>();
  private static readonly MAX_INTERNED = 20_000;
  private constructor(readonly value: string) {}
  static of(value: string): PdfName {
    let n = PdfName.interned.get(value);
    if (!n) {
      n = new PdfName(value);
      if (PdfName.interned.size < PdfName.MAX_INTERNED && value.length <= 64) PdfName.interned.set(value, n);
    }
    return n;
  }
}

/** A string object: raw bytes, remembering whether it was written as a hex string (§7.3.4.3). */
export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
  ) {}
  static text(s: string): PdfString {
    // §7.9.2.2: text strings are PDFDocEncoding or UTF-16BE with a byte order mark.
    if (/^[\x20-\x7e]*$/.test(s)) return new PdfString(Buffer.from(s, 'latin1'));
    const utf16 = Buffer.from(s, 'utf16le').swap16();
    return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]), true);
  }
  /** Decodes a text string (§7.9.2.2): UTF-16BE with BOM, UTF-8 with BOM (PDF 2.0), else Latin-1. */
  decode(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      return Buffer.from(b.subarray(3)).toString('utf8');
    }
    return Buffer.from(b).toString('latin1');
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

export class PdfDict {
  readonly map: Map<string, PdfValue>;
  constructor(entries?: Iterable<[string, PdfValue]>) {
    this.map = new Map(entries);
  }
  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
  set(key: string, value: PdfValue): this {
    this.map.set(key, value);
    return this;
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  clone(): PdfDict {
    return new PdfDict(this.map);
  }
  /** Convenience for `/Type`-like entries. */
  name(key: string): string | undefined {
    const v = this.map.get(key);
    return v instanceof PdfName ? v.value : undefined;
  }
}

/** A stream (§7.3.8): its dictionary and the still-encoded bytes between `stream` and `endstream`. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly raw: Uint8Array,
  ) {}
}

export type PdfValue =
  null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfValue[];

export const name = PdfName.of;

export function dict(entries: Record<string, PdfValue>): PdfDict {
  return new PdfDict(Object.entries(entries));
}

const NAME_REGULAR = /^[!-~]$/;
const DELIMITERS = new Set('()<>[]{}/%#');

/** Names made of these characters only need no escaping (the common case: /Type, /Font …). */
const PLAIN_NAME = /^[A-Za-z0-9_.+*:;,-]*$/;

function serializeName(n: string): string {
  if (PLAIN_NAME.test(n)) return `/${n}`;
  let out = '/';
  for (const ch of Buffer.from(n, 'latin1')) {
    const c = String.fromCharCode(ch);
    out += NAME_REGULAR.test(c) && !DELIMITERS.has(c) ? c : `#${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function serializeNumber(n: number): string {
  // §7.3.3: no exponent notation in PDF. JavaScript's shortest representation round-trips
  // exactly, so a re-emitted object keeps the very numbers it was parsed with.
  const s = String(n);
  if (!s.includes('e')) return s === '-0' ? '0' : s;
  return n.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
}

function serializeLiteral(bytes: Uint8Array): string {
  let out = '(';
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else out += String.fromCharCode(b);
  }
  return out + ')';
}

/** Serialises a value as Latin-1 text (every byte maps to one char); streams are emitted by `serializeObject`. */
export function serialize(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return serializeNumber(v);
  if (v instanceof PdfName) return serializeName(v.value);
  if (v instanceof PdfRef) return v.toString();
  if (v instanceof PdfString) {
    return v.hex ? `<${Buffer.from(v.bytes).toString('hex')}>` : serializeLiteral(v.bytes);
  }
  if (Array.isArray(v)) return `[${v.map(serialize).join(' ')}]`;
  if (v instanceof PdfDict) {
    let out = '<<';
    for (const [k, val] of v.map) out += `${serializeName(k)} ${serialize(val)}`;
    return out + '>>';
  }
  throw new Error('a stream cannot be nested inside another object (ISO 32000-1 §7.3.8)');
}

/** Body bytes of an indirect object (what goes between `N G obj` and `endobj`). */
export function serializeObject(v: PdfValue): Buffer {
  if (v instanceof PdfStream) {
    const d = v.dict.clone().set('Length', v.raw.length);
    return Buffer.concat([
      Buffer.from(`${serialize(d)}\nstream\n`, 'latin1'),
      v.raw,
      Buffer.from('\nendstream', 'latin1'),
    ]);
  }
  return Buffer.from(serialize(v), 'latin1');
}

/** Structural equality; references compare by number and generation, streams by dict and bytes. */
export function pdfEquals(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && Buffer.from(a.bytes).equals(b.bytes);
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => pdfEquals(x, b[i]));
  }
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.map.size !== b.map.size) return false;
    for (const [k, v] of a.map) if (!pdfEquals(v, b.map.get(k))) return false;
    return true;
  }
  if (a instanceof PdfStream) {
    return b instanceof PdfStream && pdfEquals(a.dict, b.dict) && Buffer.from(a.raw).equals(b.raw);
  }
  return false;
}
