/**
 * Minimal DER (ITU-T X.690 §10) encoding and TLV reading. CMS structures are assembled from
 * pre-encoded pieces so a signature costs a few concatenations instead of an ASN.1 object build.
 */

export function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const seq = (...c: Uint8Array[]): Buffer => tlv(0x30, ...c);
export const octets = (b: Uint8Array): Buffer => tlv(0x04, b);
export const nullDer = Buffer.from([0x05, 0x00]);

/** SET OF with DER ordering: elements sorted by their encodings (X.690 §11.6). */
export function setOf(...elements: Uint8Array[]): Buffer {
  const sorted = [...elements].map((e) => Buffer.from(e)).sort(Buffer.compare);
  return tlv(0x31, ...sorted);
}

export function integer(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const stack: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) stack.unshift((v & 0x7f) | 0x80);
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}

export function decodeOid(content: Uint8Array): string {
  const first = content[0] ?? 0;
  const parts = [Math.min(2, Math.floor(first / 40)), first - 40 * Math.min(2, Math.floor(first / 40))];
  let v = 0;
  for (const b of content.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** One TLV inside a buffer; `raw` is the whole encoding, `content` the value bytes. */
export interface Tlv {
  tag: number;
  start: number;
  headerLength: number;
  length: number;
  end: number;
  raw: Uint8Array;
  content: Uint8Array;
}

export class DerError extends Error {}

export function readTlv(buf: Uint8Array, start = 0): Tlv {
  const tag = buf[start];
  const l0 = buf[start + 1];
  if (tag === undefined || l0 === undefined) throw new DerError('truncated DER');
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used in CMS');
  let length = l0;
  let headerLength = 2;
  if (l0 & 0x80) {
    const n = l0 & 0x7f;
    if (n === 0 || n > 4) throw new DerError('indefinite or oversized DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (buf[start + 2 + i] ?? 0);
    headerLength += n;
  }
  const end = start + headerLength + length;
  if (end > buf.length) throw new DerError('DER value runs past its container');
  return {
    tag,
    start,
    headerLength,
    length,
    end,
    raw: buf.subarray(start, end),
    content: buf.subarray(start + headerLength, end),
  };
}

/** The children of a constructed value. */
export function children(t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = 0;
  while (pos < t.content.length) {
    const c = readTlv(t.content, pos);
    out.push(c);
    pos = c.end;
  }
  return out;
}

export function child(t: Tlv, i: number): Tlv {
  const c = children(t)[i];
  if (!c) throw new DerError(`missing element ${i}`);
  return c;
}
