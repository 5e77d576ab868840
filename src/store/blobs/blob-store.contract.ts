/**
 * The one behavioural test suite every BlobStore implementation must pass (fs, S3).
 */
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHetongError } from '../../shared/errors.js';
import type { BlobStore } from './blob-store.js';

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of keys) out.push(k);
  return out;
}

async function expectNotFound(p: Promise<unknown>): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isHetongError(e) && e.code).toBe('BLOB_NOT_FOUND');
}

export function blobStoreContract(
  name: string,
  make: () => Promise<{ store: BlobStore; dispose(): Promise<void> }>,
) {
  describe(`BlobStore: ${name}`, () => {
    let store: BlobStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await make());
    });
    afterAll(async () => dispose?.());

    it('keys blobs by their SHA-256 and returns the same bytes', async () => {
      const bytes = randomBytes(1000);
      const key = await store.put(bytes);
      expect(key).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(await store.has(key)).toBe(true);
      expect(Buffer.compare(await store.get(key), bytes)).toBe(0);
      expect(Buffer.compare(await readAll(await store.stream(key)), bytes)).toBe(0);
    });

    it('put of the same bytes is idempotent', async () => {
      const bytes = Buffer.from('合同 idempotent ' + Math.random());
      const a = await store.put(bytes);
      const b = await store.put(Buffer.from(bytes));
      expect(a).toBe(b);
      expect((await store.get(a)).toString()).toBe(bytes.toString());
    });

    it('round-trips arbitrary bytes, including empty ones', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
          const key = await store.put(bytes);
          expect(Buffer.compare(await store.get(key), Buffer.from(bytes))).toBe(0);
        }),
        { numRuns: 15 },
      );
    });

    it('deletes, and reports missing blobs as BLOB_NOT_FOUND', async () => {
      const key = await store.put(randomBytes(64));
      await store.delete(key);
      expect(await store.has(key)).toBe(false);
      await expectNotFound(store.get(key));
      await expectNotFound(store.stream(key));
      await store.delete(key); // deleting again is fine
    });

    it('refuses keys that are not SHA-256 hex', async () => {
      for (const bad of ['../../etc/passwd', 'ABC', 'a'.repeat(63), 'g'.repeat(64)]) {
        const e = await store.get(bad).catch((err: unknown) => err);
        expect(isHetongError(e) && e.code).toBe('BLOB_KEY_INVALID');
      }
    });

    it('keeps temporary objects until they expire, then the sweep removes them', async () => {
      const live = await store.putTemp(Buffer.from('live'), 60_000);
      const dying = await store.putTemp(Buffer.from('dying'), 1);
      expect((await store.getTemp(live)).toString()).toBe('live');
      await new Promise((r) => setTimeout(r, 5));
      await expectNotFound(store.getTemp(dying));
      const swept = await store.sweepTemp();
      expect(swept).toBeGreaterThanOrEqual(1);
      expect(await store.sweepTemp()).toBe(0); // idempotent
      expect((await store.getTemp(live)).toString()).toBe('live');
      // Far in the future everything has expired.
      expect(await store.sweepTemp(Date.now() + 120_000)).toBeGreaterThanOrEqual(1);
      await expectNotFound(store.getTemp(live));
    });

    it('lists blobs by when they were last written, a put of the same bytes freshening them', async () => {
      const bytes = randomBytes(32);
      const key = await store.put(bytes);
      const later = Date.now() + 10_000;
      expect(await collect(store.listStale(later))).toContain(key);
      // S3 keeps LastModified to the second: look from a second before it was written.
      expect(await collect(store.listStale(Date.now() - 2_000))).not.toContain(key);
      await new Promise((r) => setTimeout(r, 1_100));
      const between = Date.now();
      await store.put(Buffer.from(bytes));
      expect(await collect(store.listStale(between - 1_000))).not.toContain(key);
    });

    it('trashes a blob unless written since, finds trashed blobs by get/has/stream, and purges', async () => {
      const key = await store.put(randomBytes(48));
      const future = Date.now() + 60_000;
      // Written after `before`: not trashed.
      expect(await store.trash(key, Date.now() - 60_000, Date.now())).toBe(false);
      expect(await store.trash(key, future, future)).toBe(true);
      expect(await collect(store.listStale(future))).not.toContain(key);
      expect(await collect(store.listTrash(future + 1))).toContain(key);
      expect(await collect(store.listTrash(future - 1_000))).not.toContain(key);
      // A reader puts it back: it was not an orphan after all.
      expect((await store.get(key)).length).toBe(48);
      expect(await collect(store.listTrash(future + 1))).not.toContain(key);
      expect(await store.trash(key, future, future)).toBe(true);
      expect(await store.has(key)).toBe(true);
      expect(await store.trash(key, future, future)).toBe(true);
      expect((await readAll(await store.stream(key))).length).toBe(48);
      // Trashed and purged: gone for good; purge and restore of a missing key are no-ops.
      expect(await store.trash(key, future, future)).toBe(true);
      await store.purge(key);
      expect(await store.has(key)).toBe(false);
      await expectNotFound(store.get(key));
      await store.purge(key);
      await store.restore(key);
      expect(await store.trash(key, future, future)).toBe(false);
    });

    it('keeps a blob written again while it sat in the trash, and restore drops the copy', async () => {
      const bytes = randomBytes(40);
      const key = await store.put(bytes);
      const future = Date.now() + 60_000;
      expect(await store.trash(key, future, future)).toBe(true);
      await store.put(Buffer.from(bytes));
      await store.restore(key);
      expect(await collect(store.listTrash(future + 1))).not.toContain(key);
      expect(Buffer.compare(await store.get(key), bytes)).toBe(0);
    });

    it('is writable', async () => {
      await expect(store.checkWritable()).resolves.toBeUndefined();
    });
  });
}
