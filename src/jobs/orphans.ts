/**
 * The orphan-blob sweep (`blobs.sweep-orphans`). Blobs are written before the row that refers to
 * them commits (contracts, template versions, seals), so a request that fails or a process that
 * dies in between leaves a blob nobody refers to, and a template compiled again leaves its old
 * compiled blob. Two phases, both idempotent:
 * 1. A blob last written more than ORPHAN_GRACE_MS ago that no row refers to goes to the trash
 *    (store/blob-references.ts says what refers). A put of the same bytes freshens a blob, and the
 *    store checks again after the move, so a writer racing the sweep keeps its blob.
 * 2. A blob in the trash for more than TRASH_RETENTION_MS is purged — unless a row refers to it by
 *    now, in which case it is put back. Reads put a trashed blob back at once.
 */
import { BlobReferences } from '../store/blob-references.js';
import type { BlobStore } from '../store/blobs/blob-store.js';
import type { Db } from '../store/database.js';
import type { JobRunner } from './runner.js';

export const SWEEP_ORPHAN_BLOBS = 'blobs.sweep-orphans';
/** Far longer than any write takes between its blob and its row. */
export const ORPHAN_GRACE_MS = 24 * 3_600_000;
export const TRASH_RETENTION_MS = 7 * 24 * 3_600_000;
const BATCH = 500;

export interface OrphanSweep {
  trashed: number;
  restored: number;
  purged: number;
}

export async function sweepOrphanBlobs(
  deps: { db: Db; blobs: BlobStore },
  now: number,
): Promise<OrphanSweep> {
  const refs = await BlobReferences.load(deps.db);
  const result: OrphanSweep = { trashed: 0, restored: 0, purged: 0 };
  const staleBefore = now - ORPHAN_GRACE_MS;
  for await (const keys of batches(deps.blobs.listStale(staleBefore))) {
    const referenced = await refs.referenced(keys);
    for (const key of keys)
      if (!referenced.has(key) && (await deps.blobs.trash(key, staleBefore, now))) result.trashed++;
  }
  for await (const keys of batches(deps.blobs.listTrash(now - TRASH_RETENTION_MS))) {
    const referenced = await refs.referenced(keys);
    for (const key of keys) {
      if (referenced.has(key)) {
        await deps.blobs.restore(key);
        result.restored++;
      } else {
        await deps.blobs.purge(key);
        result.purged++;
      }
    }
  }
  return result;
}

async function* batches(keys: AsyncIterable<string>): AsyncIterable<string[]> {
  let batch: string[] = [];
  for await (const key of keys) {
    batch.push(key);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export function registerOrphanSweep(
  runner: JobRunner,
  deps: { db: Db; blobs: BlobStore },
  // Daily: it lists the whole store, and an orphan waits a day before it counts as one anyway.
  everyMs = 24 * 3_600_000,
): void {
  runner.every(SWEEP_ORPHAN_BLOBS, everyMs, () => sweepOrphanBlobs(deps, Date.now()));
}
