import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../store/blobs/fs.js';
import { ApiNonceRepository } from '../store/repositories/api-nonces.js';
import { createTestStore, testDialects, type TestStore } from '../store/testing.js';
import { DbJobQueue } from './db-queue.js';
import { JobRunner } from './runner.js';
import { registerSweepJobs } from './sweep.js';

const dialects = await testDialects();

describe.each(dialects)('sweep jobs on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
  });
  afterAll(async () => t?.dispose());

  it('the runner sweeps expired temp blobs and nonces, and leaves live ones', async () => {
    const blobs = await FsBlobStore.open(join(t.dataDir, 'blobs'));
    const dying = await blobs.putTemp(Buffer.from('intermediate'), 1);
    const live = await blobs.putTemp(Buffer.from('still needed'), 60_000);
    const nonces = new ApiNonceRepository(t.store.db);
    await nonces.claim('app_x', 'old-nonce', Date.now() - 1, Date.now() - 10);
    await nonces.claim('app_x', 'new-nonce', Date.now() + 60_000, Date.now());
    await new Promise((r) => setTimeout(r, 5));

    const runner = new JobRunner(new DbJobQueue(t.store.db, t.store.dialect));
    registerSweepJobs(runner, { db: t.store.db, blobs }, 60_000);
    expect(await runner.tick()).toBe(2);

    await expect(blobs.getTemp(dying)).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND' });
    expect((await blobs.getTemp(live)).toString()).toBe('still needed');
    const left = await t.store.db.selectFrom('api_nonces').select('nonce').execute();
    expect(left.map((r) => r.nonce)).toEqual(['new-nonce']);
    // Same period: nothing is scheduled again; the jobs ended done.
    expect(await runner.tick()).toBe(0);
    const jobs = await t.store.db.selectFrom('jobs').select(['type', 'status']).orderBy('type').execute();
    expect(jobs).toEqual([
      { type: 'blobs.sweep-temp', status: 'done' },
      { type: 'store.sweep-expired', status: 'done' },
    ]);
  });
});
