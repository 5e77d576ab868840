/**
 * Signature dictionaries with a reserved hole (ISO 32000-1 §12.8.1): the /Contents hex string is
 * written as zeros of a fixed size, /ByteRange as a fixed-width placeholder; once the update is
 * laid out both are filled in place, so the digest covers every byte of the file except the hole.
 */
import { createHash } from 'node:crypto';
import type { IncrementalUpdate, WrittenUpdate } from './incremental.js';
import { serialize, type PdfDict, type PdfRef } from './objects.js';

const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

export interface SignatureHole {
  ref: PdfRef;
  byteRangeAt: number;
  contentsAt: number;
  /** Bytes reserved for the DER (the hex string holds twice as many digits). */
  capacity: number;
}

export class ContentsOverflowError extends Error {
  constructor(readonly needed: number) {
    super(`signature needs ${needed} bytes`);
  }
}

/** Writes `entries` + /ByteRange + /Contents as the body of `ref`. */
export function writeSignatureDict(
  update: IncrementalUpdate,
  ref: PdfRef,
  entries: PdfDict,
  capacity: number,
): SignatureHole {
  const head = serialize(entries).slice(0, -2); // drop the closing >>
  const byteRangeAt = head.length + '/ByteRange '.length;
  const contentsAt = byteRangeAt + BYTE_RANGE_PLACEHOLDER.length + '/Contents '.length;
  const body = `${head}/ByteRange ${BYTE_RANGE_PLACEHOLDER}/Contents <${'0'.repeat(capacity * 2)}>>>`;
  update.setBody(ref, Buffer.from(body, 'latin1'));
  return { ref, byteRangeAt, contentsAt, capacity };
}

/**
 * Fills /ByteRange, hashes the two ranges with SHA-256 and writes what `contents` returns for
 * that digest into the hole. Throws ContentsOverflowError when it does not fit.
 */
export async function fillSignature(
  written: WrittenUpdate,
  hole: SignatureHole,
  contents: (digest: Buffer) => Promise<Uint8Array>,
): Promise<Buffer> {
  const { bytes } = written;
  const bodyAt = written.bodyOffsets.get(hole.ref.num)!;
  const start = bodyAt + hole.contentsAt; // the '<'
  const end = start + 2 + hole.capacity * 2; // after the '>'
  const range = `[0 ${start} ${end} ${bytes.length - end}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  bytes.write(range, bodyAt + hole.byteRangeAt, 'latin1');
  const digest = createHash('sha256').update(bytes.subarray(0, start)).update(bytes.subarray(end)).digest();
  const der = await contents(digest);
  if (der.length > hole.capacity) throw new ContentsOverflowError(der.length);
  bytes.write(Buffer.from(der).toString('hex'), start + 1, 'latin1');
  return bytes;
}

/** PDF date string (§7.9.4) in UTC. */
export function pdfDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}
