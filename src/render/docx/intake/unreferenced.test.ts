/**
 * Issue #14: a zip bomb in a part no relationship names was accepted and stored, because only the
 * parts the parser reads were inflated. Every entry is now checked before parsing: declared sizes,
 * actual sizes, ratio, CRC, ZIP64 markers and overlapping entries.
 */
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDocx } from '../parse/document.js';
import { expectHetongError } from '../testing/expect-error.js';
import { docxWith } from '../testing/hostile.js';
import { zeroDeflateBomb } from '../testing/raw-zip.js';
import { resolveLimits } from './limits.js';
import { openDocxPackage } from './package.js';

const limits = resolveLimits();

describe('.docx intake: parts no relationship names', () => {
  it('accepts an ordinary document with an unreferenced but harmless part', () => {
    const bytes = docxWith([{ name: 'customXml/notes.txt', data: new TextEncoder().encode('hi') }]);
    expect(openDocxPackage(bytes, limits).mainPart).toBe('word/document.xml');
    expect(parseDocx(bytes)).toBeDefined();
  });

  it('refuses a 1 GiB bomb in an unreferenced part that declares 1 KB (lying sizes)', () => {
    const bytes = docxWith([
      { name: 'customXml/item9.bin', data: zeroDeflateBomb(1024), method: 8, declaredSize: 1000, crc: 0 },
    ]);
    expect(bytes.length).toBeLessThan(2 << 20);
    const t0 = performance.now();
    const err = expectHetongError(() => openDocxPackage(bytes, limits), 'TEMPLATE_TOO_LARGE');
    expect(err.status).toBe(413);
    expect(err.details).toMatchObject({ part: 'customXml/item9.bin' });
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('refuses a 1 GiB part from its declared size, before inflating anything', () => {
    const bytes = docxWith([
      { name: 'media/huge.bin', data: zeroDeflateBomb(1024), method: 8, declaredSize: 1 << 30, crc: 0 },
    ]);
    const t0 = performance.now();
    const err = expectHetongError(() => openDocxPackage(bytes, limits), 'TEMPLATE_TOO_LARGE');
    expect(err.details).toMatchObject({ limit: 'maxEntryBytes', part: 'media/huge.bin' });
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('refuses many unreferenced parts that together pass the total budget', () => {
    // 5 parts of 48 MiB each: every one under the per-part cap, 240 MiB together.
    const bomb = zeroDeflateBomb(48);
    const crc = crc32(Buffer.alloc(48 << 20)) >>> 0;
    const bytes = docxWith(
      [1, 2, 3, 4, 5].map((i) => ({
        name: `junk/${i}.bin`,
        data: bomb,
        method: 8 as const,
        declaredSize: 10,
        crc,
      })),
    );
    const err = expectHetongError(
      () => openDocxPackage(bytes, { ...limits, maxCompressionRatio: 2000 }),
      'TEMPLATE_TOO_LARGE',
    );
    expect(err.details).toMatchObject({ limit: 'maxTotalBytes' });
  });

  it('refuses ZIP64 size markers in any entry', () => {
    const bytes = docxWith([
      { name: 'junk/zip64.bin', data: zeroDeflateBomb(4), method: 8, declaredSize: 0xffffffff, crc: 0 },
    ]);
    const err = expectHetongError(() => openDocxPackage(bytes, limits), 'TEMPLATE_INVALID_DOCX');
    expect(err.message).toMatch(/ZIP64/);
  });

  it('refuses entries whose data overlaps (one stream named by many parts)', () => {
    const bytes = docxWith([{ name: 'junk/a.bin', data: zeroDeflateBomb(4), method: 8, crc: 0 }]);
    // Point a second central-directory entry at the first one's local header: copy the last
    // central entry and append it under a new name, as overlapping-zip bombs do.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = bytes.length - 22;
    const cdOffset = view.getUint32(eocd + 16, true);
    const cdSize = view.getUint32(eocd + 12, true);
    const count = view.getUint16(eocd + 10, true);
    let pos = cdOffset;
    for (let i = 0; i < count - 1; i++) pos += 46 + view.getUint16(pos + 28, true);
    const last = bytes.slice(pos, cdOffset + cdSize);
    const copy = Buffer.from(last);
    copy.write('junk/b', 46, 'latin1'); // same length as "junk/a"
    const out = Buffer.concat([bytes.subarray(0, cdOffset + cdSize), copy, bytes.subarray(eocd)]);
    const ov = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const e = out.length - 22;
    ov.setUint16(e + 8, count + 1, true);
    ov.setUint16(e + 10, count + 1, true);
    ov.setUint32(e + 12, cdSize + copy.length, true);
    const err = expectHetongError(() => openDocxPackage(out, limits), 'TEMPLATE_INVALID_DOCX');
    expect(err.message).toMatch(/overlaps/);
  });
});
