/**
 * Hostile .docx inputs of issue #14, shared by the intake tests and the abuse bench
 * (bench/abuse-inputs.ts): a body of a huge number of tagged paragraphs, and a package carrying
 * parts that no relationship names (where a zip bomb once went unchecked).
 */
import { unzipSync } from 'fflate';
import { buildDocx, p, r } from './build-docx.js';
import { writeRawZip, type RawEntry } from './raw-zip.js';

/** A body of `n` paragraphs, each using one of 50 tags. */
export function taggedBody(n: number): string {
  return Array.from({ length: n }, (_, i) => p([r(`条款 ${i}：{v${i % 50}}`)])).join('');
}

/** An ordinary .docx (stored entries) plus `extra` entries that nothing in it refers to. */
export function docxWith(extra: RawEntry[]): Uint8Array {
  const parts = unzipSync(buildDocx({ body: p('合同正文') }));
  return writeRawZip([...Object.entries(parts).map(([name, data]) => ({ name, data })), ...extra]);
}
