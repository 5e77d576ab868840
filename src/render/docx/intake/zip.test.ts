import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { expectHetongError } from '../testing/expect-error.js';
import { writeRawZip, zeroDeflateBomb } from '../testing/raw-zip.js';
import { resolveLimits } from './limits.js';
import { openZip } from './zip.js';

const limits = resolveLimits();
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('openZip', () => {
  it('reads stored and deflated parts, case-insensitively', () => {
    const zip = openZip(
      writeRawZip([
        { name: 'a.txt', data: text('hello') },
        {
          name: 'Dir/B.xml',
          data: deflateRawSync(text('<x/>'.repeat(100))),
          method: 8,
          declaredSize: 400,
          crc: 0,
        },
      ]),
      limits,
    );
    expect(zip.names).toEqual(['a.txt', 'Dir/B.xml']);
    expect(new TextDecoder().decode(zip.read('/A.TXT'))).toBe('hello');
    expect(zip.has('dir/b.xml')).toBe(true);
    // The crc of the deflated entry was written as 0: a checksum mismatch is a damaged part.
    expectHetongError(() => zip.read('dir/b.xml'), 'TEMPLATE_INVALID_DOCX');
  });

  it('refuses a 1 GiB zip bomb that declares 1 KB, while inflating, with bounded memory', () => {
    const bomb = writeRawZip([
      { name: 'word/document.xml', data: zeroDeflateBomb(1024), method: 8, declaredSize: 1000 },
    ]);
    expect(bomb.length).toBeLessThan(2 << 20);
    const before = process.memoryUsage();
    const zip = openZip(bomb, limits);
    const err = expectHetongError(() => zip.read('word/document.xml'), 'TEMPLATE_TOO_LARGE');
    expect(err.status).toBe(413);
    const after = process.memoryUsage();
    // The cap is one part (64 MiB by default); never the 1 GiB the stream would produce.
    expect(after.arrayBuffers + after.external - before.arrayBuffers - before.external).toBeLessThan(
      200 << 20,
    );
  });

  it('enforces the compression ratio, the per-part and the total budget on produced bytes', () => {
    const bomb8 = zeroDeflateBomb(8);
    const one = writeRawZip([{ name: 'x', data: bomb8, method: 8, declaredSize: 10 }]);
    expect(
      expectHetongError(() => openZip(one, limits).read('x'), 'TEMPLATE_TOO_LARGE').details,
    ).toMatchObject({
      limit: 'maxCompressionRatio',
    });
    const perEntry = resolveLimits({ maxCompressionRatio: 10_000, maxEntryBytes: 4 << 20 });
    expect(
      expectHetongError(() => openZip(one, perEntry).read('x'), 'TEMPLATE_TOO_LARGE').details,
    ).toMatchObject({
      limit: 'maxEntryBytes',
    });
    const payload = new Uint8Array(600_000).fill(7);
    const honest = writeRawZip([
      { name: 'a', data: payload },
      { name: 'b', data: payload },
    ]);
    // Declared sizes over the total are refused before anything inflates …
    expect(
      expectHetongError(
        () => openZip(honest, resolveLimits({ maxTotalBytes: 1_000_000 })),
        'TEMPLATE_TOO_LARGE',
      ).details,
    ).toMatchObject({ limit: 'maxTotalBytes' });
    // … and sizes that lie are caught on the bytes produced.
    const two = writeRawZip([
      { name: 'a', data: payload, declaredSize: 10 },
      { name: 'b', data: payload, declaredSize: 10 },
    ]);
    const total = openZip(two, resolveLimits({ maxTotalBytes: 1_000_000 }));
    total.read('a');
    expect(expectHetongError(() => total.read('b'), 'TEMPLATE_TOO_LARGE').details).toMatchObject({
      limit: 'maxTotalBytes',
    });
  });

  it('refuses too many entries and a too large upload', () => {
    const many = writeRawZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, data: text('x') })));
    expectHetongError(() => openZip(many, resolveLimits({ maxEntries: 20 })), 'TEMPLATE_TOO_LARGE');
    expectHetongError(() => openZip(many, resolveLimits({ maxCompressedBytes: 100 })), 'TEMPLATE_TOO_LARGE');
  });

  it.each([
    ['../evil.xml'],
    ['word/../../etc/passwd'],
    ['/abs.xml'],
    ['C:/x.xml'],
    ['a\\..\\b.xml'],
    ['./x'],
  ])('refuses the unsafe part name %s', (name) => {
    expectHetongError(
      () => openZip(writeRawZip([{ name, data: text('x') }]), limits),
      'TEMPLATE_INVALID_DOCX',
    );
  });

  it('refuses duplicate names (also differing only in case) and encrypted entries', () => {
    const dup = writeRawZip([
      { name: 'word/document.xml', data: text('a') },
      { name: 'WORD/document.xml', data: text('b') },
    ]);
    expect(expectHetongError(() => openZip(dup, limits), 'TEMPLATE_INVALID_DOCX').message).toMatch(/twice/);
    const enc = writeRawZip([{ name: 'word/document.xml', data: text('a'), flags: 1 }]);
    expect(expectHetongError(() => openZip(enc, limits), 'TEMPLATE_INVALID_DOCX').message).toMatch(
      /encrypted/,
    );
  });

  it('refuses non-zip bytes, truncated archives and lying central directories', () => {
    expectHetongError(() => openZip(text('just some text, not a zip'), limits), 'TEMPLATE_INVALID_DOCX');
    const ok = writeRawZip([{ name: 'a.txt', data: text('hello world') }]);
    const cut = ok.slice(0, 20);
    expectHetongError(() => openZip(cut, limits), 'TEMPLATE_INVALID_DOCX');
    const lying = writeRawZip([{ name: 'a.txt', data: text('hello world') }]);
    // Point the local header offset beyond the file.
    new DataView(lying.buffer).setUint32(lying.length - 22 - 46 - 5 + 42, 1 << 30, true);
    expectHetongError(() => openZip(lying, limits).read('a.txt'), 'TEMPLATE_INVALID_DOCX');
  });
});
