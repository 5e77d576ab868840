/**
 * Crash safety: a child process writing blobs and rows is killed with SIGKILL at random points,
 * several times over the same data. Everything it acknowledged must still be there, every row's
 * blob must exist with the right content, and no half-written blob may carry a final name.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { FsBlobStore } from './blobs/fs.js';
import { runAndKill } from './crash-harness.js';
import { createTestStore, testDialects, TEST_PG_URL, type TestStore } from './testing.js';

const dialects = await testDialects();
const fixture = join(import.meta.dirname, 'crash-writer.fixture.ts');

function* blobFiles(root: string): Generator<{ name: string; path: string }> {
  for (const a of readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of readdirSync(join(root, a)))
      for (const name of readdirSync(join(root, a, b))) yield { name, path: join(root, a, b, name) };
  }
}

describe.each(dialects)('crash safety on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
  });
  afterAll(async () => t?.dispose());

  it('loses nothing acknowledged and leaves no half-written blob after kill -9', async () => {
    const args = dialect === 'postgres' ? [t.dataDir, TEST_PG_URL, t.schema!] : [t.dataDir];
    const acked = new Map<string, string>();
    for (let round = 0; round < 3; round++) {
      // Killed within 25 ms of an ack: between blob and row, mid-fsync, mid-commit.
      for (const [id, key] of await runAndKill(fixture, args, 3 + Math.floor(Math.random() * 15), 25))
        acked.set(id, key);
    }
    expect(acked.size).toBeGreaterThanOrEqual(9);

    const store = t.reopen();
    try {
      const rows = await store.db.selectFrom('template_versions').select(['id', 'source_blob_key']).execute();
      const byId = new Map(rows.map((r) => [r.id, r.source_blob_key]));
      for (const [id, key] of acked) expect(byId.get(id)).toBe(key);
      const blobs = await FsBlobStore.open(join(t.dataDir, 'blobs'));
      for (const r of rows) {
        const bytes = await blobs.get(r.source_blob_key);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(r.source_blob_key);
      }
      // Every blob under a final name is whole (its name is its hash); interrupted writes were
      // only ever in .incoming/.
      let files = 0;
      for (const f of blobFiles(join(t.dataDir, 'blobs'))) {
        files++;
        expect(createHash('sha256').update(readFileSync(f.path)).digest('hex')).toBe(f.name);
      }
      expect(files).toBeGreaterThanOrEqual(rows.length);
      // Interrupted writes left in .incoming/ are dropped by the sweep once they are stale.
      await blobs.sweepTemp(Date.now() + 3_600_000);
      expect(readdirSync(join(t.dataDir, 'blobs', '.incoming'))).toEqual([]);
      if (dialect === 'sqlite') {
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
        expect(check.rows[0]?.integrity_check).toBe('ok');
        expect(statSync(join(t.dataDir, 'hetong.sqlite')).size).toBeGreaterThan(0);
      }
    } finally {
      await store.close();
    }
  });
});
