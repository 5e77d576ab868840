import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsBlobStore } from '../store/blobs/fs.js';
import { openStore } from '../store/database.js';
import type { HttpDeps } from './deps.js';
import { readiness } from './routes/ops.js';

describe('readiness', () => {
  it('says why it is not ready: pending migrations, closed database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hetong-ready-'));
    const store = openStore({ dataDir: dir });
    const blobs = await FsBlobStore.open(join(dir, 'blobs'));
    try {
      const deps = { store, blobs } as unknown as HttpDeps;
      const fresh = await readiness(deps);
      const pending = await store.pendingMigrations();
      expect(pending[0]).toBe('0001_foundation');
      expect(fresh.migrations).toEqual({ ok: false, error: `pending migrations: ${pending.join(', ')}` });
      expect(fresh.database).toEqual({ ok: true });
      expect(fresh.blobs).toEqual({ ok: true });
      await store.migrate();
      expect((await readiness(deps)).migrations).toEqual({ ok: true });
      await store.close();
      const closed = await readiness(deps);
      expect(closed.database?.ok).toBe(false);
      expect(closed.database?.error).toBeTruthy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
