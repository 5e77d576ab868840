import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
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
  it('stores under ab/cd/<sha256> and drops interrupted writes at open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hetong-blobs-'));
    try {
      const store = await FsBlobStore.open(dir);
      const key = await store.put(Buffer.from('x'));
      expect(readdirSync(join(dir, key.slice(0, 2), key.slice(2, 4)))).toEqual([key]);
      mkdirSync(join(dir, '.incoming'), { recursive: true });
      writeFileSync(join(dir, '.incoming', 'half-written'), 'partial');
      await FsBlobStore.open(dir);
      expect(readdirSync(join(dir, '.incoming'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
