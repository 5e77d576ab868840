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
      const logged: unknown[] = [];
      const closed = await readiness(deps, (e) => logged.push(e));
      // Anonymous callers learn which check failed; the exception text goes to the log only.
      expect(closed.database).toEqual({ ok: false, error: 'unavailable (the service log has the error)' });
      expect(logged).toHaveLength(Object.values(closed).filter((c) => !c.ok).length);
      for (const e of logged) expect(e).toBeInstanceOf(Error);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
