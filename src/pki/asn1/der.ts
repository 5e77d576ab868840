/**
 * The one DER writer and reader (ITU-T X.690 §8 and §10) of the PKI and signing capabilities: the
 * CA, the TSA and CMS assemble structures from pre-encoded pieces, where building ASN.1 object
 * trees with asn1js costs more than the signature itself. Encoders return bytes; constant parts
 * (certificates, attributes) are encoded once and spliced in.
 *
 * Two ways to read: `readTlv` gives offsets (the TSA's hot path, strict DER), `readNode` gives a
 * node with views of its bytes for walking CMS, CRLs and certificates that strangers made (definite
 * lengths only, a non-minimal length accepted: X.690 §8.1.3.5 allows it in BER, which some CMS
 * writers emit outside the signed attributes).
 */

export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** X.690 §8.1.3: definite length, short form below 128, long form otherwise. */
function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One TLV with a single-byte tag (all tags Hetong writes are low-tag-number form). */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = content.length === 1 ? content[0]! : concat(content);
  const len = encodeLength(body.length);
  const out = new Uint8Array(1 + len.length + body.length);
  out[0] = tag;
  out.set(len, 1);
  out.set(body, 1 + len.length);
  return out;
}

export const sequence = (...content: Uint8Array[]): Uint8Array => tlv(Tag.SEQUENCE, ...content);

/** X.690 §11.6: the elements of a DER SET OF are sorted by their encodings. */
export function setOf(...elements: Uint8Array[]): Uint8Array {
  return tlv(Tag.SET, ...[...elements].sort(compareBytes));
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Context-specific constructed tag [n] (EXPLICIT, or IMPLICIT over a constructed type). */
export const contextConstructed = (n: number, ...content: Uint8Array[]): Uint8Array =>
  tlv(0xa0 | n, ...content);

/** Context-specific primitive tag [n] IMPLICIT over a primitive type. */
export const contextPrimitive = (n: number, content: Uint8Array): Uint8Array => tlv(0x80 | n, content);

/** X.690 §8.3: two's complement, minimal octets. */
export function integer(value: bigint | number): Uint8Array {
  return tlv(Tag.INTEGER, integerContent(BigInt(value)));
}

export function integerContent(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0xffn);
    bytes.unshift(byte);
    v >>= 8n;
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(bytes);
}

/** An unsigned big-endian byte string (e.g. a random serial) as a positive INTEGER. */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return (trimmed[0] ?? 0) & 0x80
    ? tlv(Tag.INTEGER, Uint8Array.of(0), trimmed)
    : tlv(Tag.INTEGER, trimmed.length ? trimmed : Uint8Array.of(0));
}

export const octetString = (content: Uint8Array): Uint8Array => tlv(Tag.OCTET_STRING, content);
export const boolean = (v: boolean): Uint8Array => tlv(Tag.BOOLEAN, Uint8Array.of(v ? 0xff : 0));
export const utf8String = (s: string): Uint8Array => tlv(Tag.UTF8_STRING, new TextEncoder().encode(s));
export const nullValue = (): Uint8Array => Uint8Array.of(Tag.NULL, 0);

/** X.690 §8.19: arcs in base 128; the first two arcs combine as 40·a + b. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new Error(`not an OID: ${dotted}`);
  const first = arcs[0]! * 40n + arcs[1]!;
  const bytes: number[] = [];
  for (const arc of [first, ...arcs.slice(2)]) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
    bytes.push(...group);
  }
  return tlv(Tag.OID, Uint8Array.from(bytes));
}

export function decodeOid(content: Uint8Array): string {
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of content) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(v);
      v = 0n;
    }
  }
  // X.690 §8.19.2: every subidentifier ends with a byte whose top bit is clear.
  if (content.length > 0 && (content[content.length - 1]! & 0x80) !== 0)
    throw new DerError('OID ends inside a subidentifier');
  const first = arcs.shift();
  if (first === undefined) throw new DerError('empty OID');
  const a = first < 80n ? first / 40n : 2n;
  return [a, first - a * 40n, ...arcs].join('.');
}

/**
 * X.690 §11.7: GeneralizedTime in UTC ending in Z, fractional seconds without trailing zeros
 * (and no decimal point when they are zero).
 */
export function generalizedTime(date: Date): Uint8Array {
  const iso = date.toISOString(); // 2026-11-29T03:05:00.120Z
  let text = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13);
  text += iso.slice(14, 16) + iso.slice(17, 19);
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  if (fraction) text += '.' + fraction;
  return tlv(Tag.GENERALIZED_TIME, new TextEncoder().encode(text + 'Z'));
}

/** RFC 5280 §4.1.2.5.1: UTCTime YYMMDDHHMMSSZ, for dates from 1950 through 2049. */
export function utcTime(date: Date): Uint8Array {
  const iso = date.toISOString();
  const text =
    iso.slice(2, 4) +
    iso.slice(5, 7) +
    iso.slice(8, 10) +
    iso.slice(11, 13) +
    iso.slice(14, 16) +
    iso.slice(17, 19);
  return tlv(Tag.UTC_TIME, new TextEncoder().encode(text + 'Z'));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime (whole seconds) from 2050. */
export function certificateTime(date: Date): Uint8Array {
  const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return whole.getUTCFullYear() < 2050 ? utcTime(whole) : generalizedTime(whole);
}

export const printableString = (s: string): Uint8Array =>
  tlv(Tag.PRINTABLE_STRING, new TextEncoder().encode(s));

/** A BIT STRING holding whole octets (signatures, public keys). */
export const bitString = (octets: Uint8Array): Uint8Array => tlv(Tag.BIT_STRING, Uint8Array.of(0), octets);

/**
 * X.690 §8.6 and §11.2.2: a named BIT STRING with trailing zero bits removed; `bits` are the bit
 * numbers set (bit 0 is the most significant bit of the first octet).
 */
export function namedBitString(bits: readonly number[]): Uint8Array {
  if (bits.length === 0) return tlv(Tag.BIT_STRING, Uint8Array.of(0));
  const highest = Math.max(...bits);
  const octets = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) octets[b >> 3]! |= 0x80 >> (b & 7);
  return tlv(Tag.BIT_STRING, Uint8Array.of(7 - (highest & 7)), octets);
}

/** A decoded TLV: its tag and where its header and content sit in the source buffer. */
export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export class DerError extends Error {}

/** Reads one TLV at `offset`, refusing indefinite lengths and lengths past `limit` (DER only). */
export function readTlv(buf: Uint8Array, offset = 0, limit = buf.length): Tlv {
  return readHeader(buf, offset, limit, true);
}

function readHeader(buf: Uint8Array, offset: number, limit: number, minimal: boolean): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated TLV header');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  let at = offset + 1;
  const first = buf[at++]!;
  let length: number;
  if (first < 0x80) length = first;
  else {
    const n = first & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not DER');
    if (n > 4) throw new DerError('length too large');
    if (at + n > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[at++]!;
    if (minimal && (length < 0x80 || (n > 1 && buf[at - n] === 0))) throw new DerError('length not minimal');
  }
  if (at + length > limit) throw new DerError('content runs past its container');
  return { tag, start: offset, contentStart: at, end: at + length };
}

/** The TLVs directly inside a constructed TLV. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  if ((parent.tag & 0x20) === 0) throw new DerError('not a constructed value');
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(buf, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

export const contentOf = (buf: Uint8Array, t: Tlv): Uint8Array => buf.subarray(t.contentStart, t.end);
export const bytesOf = (buf: Uint8Array, t: Tlv): Uint8Array => buf.subarray(t.start, t.end);

/** Reads a whole-buffer DER value, refusing trailing bytes. */
export function readRoot(buf: Uint8Array): Tlv {
  const root = readTlv(buf, 0);
  if (root.end !== buf.length) throw new DerError('trailing bytes after the DER value');
  return root;
}

export function decodeInteger(content: Uint8Array): bigint {
  if (content.length === 0) throw new DerError('empty INTEGER');
  let v = 0n;
  for (const b of content) v = (v << 8n) | BigInt(b);
  if (content[0]! & 0x80) v -= 1n << BigInt(content.length * 8);
  return v;
}

/** A TLV with views of its whole encoding (`raw`) and its value (`content`). */
export interface Node extends Tlv {
  raw: Uint8Array;
  content: Uint8Array;
}

/** Reads the node at `start` of `buf` (offsets are relative to `buf`). */
export function readNode(buf: Uint8Array, start = 0): Node {
  const t = readHeader(buf, start, buf.length, false);
  return { ...t, raw: buf.subarray(t.start, t.end), content: buf.subarray(t.contentStart, t.end) };
}

/** The nodes directly inside a node (primitive or constructed: an OCTET STRING may wrap DER). */
export function nodeChildren(n: Node): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < n.content.length;) {
    const c = readNode(n.content, at);
    out.push(c);
    at = c.end;
  }
  return out;
}

export function nodeChild(n: Node, i: number): Node {
  const c = nodeChildren(n)[i];
  if (!c) throw new DerError(`missing element ${i}`);
  return c;
}
