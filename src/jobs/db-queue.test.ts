import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testDialects, type TestStore } from '../store/testing.js';
import { DbJobQueue } from './db-queue.js';
import { backoffMs } from './queue.js';
import { JobRunner } from './runner.js';

const dialects = await testDialects();

describe.each(dialects)('DbJobQueue on %s', (dialect) => {
  let t: TestStore;
  let clock = 1_000_000;
  let queue: DbJobQueue;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    queue = new DbJobQueue(t.store.db, t.store.dialect, () => clock);
  });
  afterAll(async () => t?.dispose());

  it('enqueues once per unique key, claims due jobs with a lease, completes', async () => {
    const id = await queue.enqueue('mail', { to: 'a' }, { uniqueKey: 'mail:a' });
    expect(id).toMatch(/^job_/);
    expect(await queue.enqueue('mail', { to: 'a' }, { uniqueKey: 'mail:a' })).toBeUndefined();
    await queue.enqueue('mail', { to: 'later' }, { runAt: clock + 10_000 });
    expect(await queue.depth()).toBe(2);

    const [job, ...rest] = await queue.claim(10, 5000);
    expect(rest).toEqual([]);
    expect(job).toMatchObject({ id, type: 'mail', payload: { to: 'a' }, attempts: 1 });
    // Leased: not claimable again until the lease ends.
    expect(await queue.claim(10, 5000)).toEqual([]);
    await queue.complete(job!);
    // The unique key is free again once the job is done.
    expect(await queue.enqueue('mail', { to: 'a' }, { uniqueKey: 'mail:a' })).toMatch(/^job_/);
    expect(await queue.claim(10, 5000, ['mail'])).toHaveLength(1);
  });

  it('an expired lease makes the job claimable again; a stale token cannot complete it', async () => {
    await queue.enqueue('crashy', {});
    const [first] = await queue.claim(1, 1000, ['crashy']);
    clock += 1001;
    const [second] = await queue.claim(1, 1000, ['crashy']);
    expect(second?.id).toBe(first?.id);
    expect(second?.attempts).toBe(2);
    await queue.complete(first!); // stale lease: no effect
    expect(
      (await t.store.db.selectFrom('jobs').select('status').where('id', '=', first!.id).executeTakeFirst())
        ?.status,
    ).toBe('pending');
    await queue.complete(second!);
    expect(
      (await t.store.db.selectFrom('jobs').select('status').where('id', '=', first!.id).executeTakeFirst())
        ?.status,
    ).toBe('done');
  });

  it('fails with exponential backoff, then for good after max attempts', async () => {
    await queue.enqueue('flaky', {}, { maxAttempts: 2 });
    const [a] = await queue.claim(1, 1000, ['flaky']);
    await queue.fail(a!, 'boom');
    expect(await queue.claim(1, 1000, ['flaky'])).toEqual([]);
    clock += backoffMs(1);
    const [b] = await queue.claim(1, 1000, ['flaky']);
    expect(b?.attempts).toBe(2);
    await queue.fail(b!, 'boom again');
    clock += 3_600_000;
    expect(await queue.claim(1, 1000, ['flaky'])).toEqual([]);
    const row = await t.store.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', b!.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.last_error).toBe('boom again');
  });

  it('two concurrent claimers never lease the same job', async () => {
    for (let i = 0; i < 6; i++) await queue.enqueue('race', { i });
    const [x, y] = await Promise.all([queue.claim(6, 1000, ['race']), queue.claim(6, 1000, ['race'])]);
    const ids = [...x, ...y].map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(6);
  });

  it('renews a lease it holds, not one it lost', async () => {
    await queue.enqueue('long', {});
    const [job] = await queue.claim(1, 1000, ['long']);
    clock += 900;
    expect(await queue.renew(job!, 1000)).toBe(true);
    clock += 900; // past the first lease, inside the renewed one
    expect(await queue.claim(1, 1000, ['long'])).toEqual([]);
    clock += 1001;
    const [again] = await queue.claim(1, 1000, ['long']);
    expect(again?.id).toBe(job!.id);
    expect(await queue.renew(job!, 1000)).toBe(false);
    await queue.complete(again!);
    expect(await queue.renew(again!, 1000)).toBe(false);
  });

  it('the runner keeps the lease of a handler that runs longer than it', async () => {
    // Real time here: the runner renews on a timer. A 300 ms lease, a 1.2 s handler.
    const realQueue = new DbJobQueue(t.store.db, t.store.dialect);
    const errors: unknown[] = [];
    let runs = 0;
    const slow = () =>
      new JobRunner(realQueue, { leaseMs: 300, onError: (_job, e) => errors.push(e) }).register(
        'slow',
        async () => {
          runs++;
          await new Promise((r) => setTimeout(r, 1_200));
        },
      );
    await realQueue.enqueue('slow', {});
    const first = slow().tick();
    await new Promise((r) => setTimeout(r, 600));
    // Another node polls while the first is still at work: the job is not free.
    expect(await slow().tick()).toBe(0);
    expect(await first).toBe(1);
    expect(runs).toBe(1);
    expect(errors).toEqual([]);
  });

  it('the runner schedules periodic jobs once per period and runs handlers', async () => {
    const seen: unknown[] = [];
    const runner = new JobRunner(queue).register('tick', async (p) => {
      seen.push(p);
    });
    runner.schedule({ type: 'tick', everyMs: 60_000, payload: { n: 1 } });
    const now = Date.now();
    await runner.tick(now);
    await runner.tick(now); // same period: not scheduled again
    expect(seen).toEqual([{ n: 1 }]);
  });
});
