import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../evidence/audit.js';
import { DbJobQueue } from '../jobs/db-queue.js';
import { JobRunner } from '../jobs/runner.js';
import { ContractRepository, type ContractRow } from '../store/repositories/contracts.js';
import { createTestStore, testDialects, type TestStore } from '../store/testing.js';
import { insertTestContract, insertTestLine } from '../store/testing-rows.js';
import { EXPIRE_CONTRACTS, expireDueContracts, registerContractJobs } from './expiry.js';

const dialects = await testDialects();

describe.each(dialects)('contract expiry on %s', (dialect) => {
  let t: TestStore;
  let lineId: string;
  // Ten days ago: the scheduled job runs at the wall clock, after every expiry of these tests.
  const NOW = Date.now() - 10 * 86_400_000;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    lineId = await insertTestLine(t.store.db, 'Expiry');
  });
  afterAll(async () => t?.dispose());

  /** A contract created at `createdAt` (its place in the newest-first list), expiring at `expiresAt`. */
  const contract = (
    createdAt: number,
    expiresAt: number | null,
    status: ContractRow['status'] = 'pending_signing',
  ) => insertTestContract(t.store.db, lineId, { createdAt, expiresAt, status });

  async function listAll(status: 'expired' | 'pending_signing', now: number): Promise<string[]> {
    const repo = new ContractRepository(t.store.db);
    const ids: string[] = [];
    let cursor: string | undefined;
    // One row a page: the filter must hold across page boundaries, not only within a page.
    for (;;) {
      const page = await repo.list(lineId, { status }, { ...(cursor ? { cursor } : {}), limit: 1 }, now);
      ids.push(...page.items.map((c) => c.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
  }

  it('lists pending contracts past expiry as expired before the job runs, page by page', async () => {
    const lapsed = await contract(NOW - 5_000, NOW - 1);
    const live = await contract(NOW - 4_000, NOW + 60_000);
    const open = await contract(NOW - 3_000, null);
    const storedExpired = await contract(NOW - 2_000, NOW - 10, 'expired');
    const revoked = await contract(NOW - 1_000, NOW - 10, 'revoked');
    expect(await listAll('expired', NOW)).toEqual([storedExpired, lapsed]);
    expect(await listAll('pending_signing', NOW)).toEqual([open, live]);

    // The job stores `expired` for the lapsed one only, with an audit event by `system`.
    const audit = new AuditTrail(t.store.db, () => NOW);
    expect(await expireDueContracts({ db: t.store.db, audit }, NOW)).toBe(1);
    const repo = new ContractRepository(t.store.db);
    expect((await repo.get(lineId, lapsed))?.status).toBe('expired');
    expect((await repo.get(lineId, live))?.status).toBe('pending_signing');
    expect((await repo.get(lineId, revoked))?.status).toBe('revoked');
    const events = await audit.forTarget(lapsed, { businessLineId: lineId });
    expect(events.map((e) => [e.actor, e.action, e.details])).toEqual([
      ['system', 'contract.expired', { expiresAt: NOW - 1 }],
    ]);
    expect(await listAll('expired', NOW)).toEqual([storedExpired, lapsed]);
    // A second run finds nothing; later, the live one lapses too.
    expect(await expireDueContracts({ db: t.store.db, audit }, NOW)).toBe(0);
    expect(await expireDueContracts({ db: t.store.db, audit }, NOW + 60_000)).toBe(1);
  });

  it('moves as many as there are, beyond one batch, and runs as a scheduled job', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await contract(NOW + 10_000 + i, NOW + 100_000 + i));
    const audit = new AuditTrail(t.store.db, () => NOW);
    expect(await expireDueContracts({ db: t.store.db, audit }, NOW + 100_003, 3)).toBe(3);
    expect(await expireDueContracts({ db: t.store.db, audit }, NOW + 100_003, 3)).toBe(1);

    const runner = new JobRunner(new DbJobQueue(t.store.db, t.store.dialect));
    registerContractJobs(runner, { db: t.store.db, audit }, 60_000);
    expect(await runner.tick()).toBe(1);
    const job = await t.store.db
      .selectFrom('jobs')
      .select('status')
      .where('type', '=', EXPIRE_CONTRACTS)
      .execute();
    expect(job).toEqual([{ status: 'done' }]);
    // The job ran at the wall clock, long after these expiries: all seven are expired now.
    const repo = new ContractRepository(t.store.db);
    for (const id of ids) expect((await repo.get(lineId, id))?.status).toBe('expired');
  });
});
