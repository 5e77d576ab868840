/** Where a DER blob's structure is, for mutations aimed at it (property tests only). */
import { readNode } from '../../pki/asn1/der.js';

/**
 * The offset of every TLV header in `buf`, descending into constructed values and into OCTET
 * STRINGs that hold DER (eContent, a timestamp token's TSTInfo).
 */
export function tlvOffsets(buf: Uint8Array, start = 0, end = buf.length, out: number[] = []): number[] {
  for (let pos = start; pos < end;) {
    let t;
    try {
      t = readNode(buf.subarray(0, end), pos);
    } catch {
      return out;
    }
    out.push(pos);
    if (t.tag & 0x20 || t.tag === 0x04) tlvOffsets(buf, t.contentStart, t.end, out);
    pos = t.end;
  }
  return out;
}
