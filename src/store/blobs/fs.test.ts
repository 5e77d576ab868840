import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobStoreContract } from './blob-store.contract.js';
import { FsBlobStore } from './fs.js';

blobStoreContract('fs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-blobs-'));
  return {
    store: await FsBlobStore.open(dir),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('FsBlobStore layout', () => {
  it('stores under ab/cd/<sha256> and drops only stale interrupted writes at open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hetong-blobs-'));
    try {
      const store = await FsBlobStore.open(dir);
      const key = await store.put(Buffer.from('x'));
      expect(readdirSync(join(dir, key.slice(0, 2), key.slice(2, 4)))).toEqual([key]);
      mkdirSync(join(dir, '.incoming'), { recursive: true });
      // A crashed writer's file (old) goes; one being written right now by another process stays.
      const stale = join(dir, '.incoming', 'half-written');
      writeFileSync(stale, 'partial');
      const anHourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(stale, anHourAgo, anHourAgo);
      writeFileSync(join(dir, '.incoming', 'in-flight'), 'partial');
      await FsBlobStore.open(dir);
      expect(readdirSync(join(dir, '.incoming'))).toEqual(['in-flight']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
