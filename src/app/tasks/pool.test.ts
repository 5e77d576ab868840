import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import { TaskPool } from './pool.js';
import type { TestTasks } from './testing/test-tasks.js';

const tasksModule = new URL('./testing/test-tasks.ts', import.meta.url);

async function rejection(p: Promise<unknown>): Promise<HetongError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(HetongError);
    return e as HetongError;
  }
  throw new Error('expected a rejection');
}

describe('TaskPool', () => {
  let pool: TaskPool<TestTasks>;
  beforeAll(async () => {
    pool = new TaskPool<TestTasks>({
      tasksModule,
      workers: 1,
      timeoutMs: 5_000,
      maxQueue: 3,
      maxQueuePerTenant: 3,
      resourceLimits: { maxOldGenerationSizeMb: 48 },
    });
    await pool.ready();
  }, 30_000);
  afterAll(() => pool.close());

  it('runs a task in a worker thread and returns its output', async () => {
    expect(await pool.run('echo', { bytes: new Uint8Array(10), n: 21 })).toEqual({ length: 10, n: 42 });
    expect(await pool.run('threadId', undefined)).not.toBe(0);
  });

  it("passes a task's HetongError through with its code, status and details", async () => {
    const e = await rejection(pool.run('fail', { code: 'SOMETHING_REFUSED' }));
    expect([e.code, e.status, e.details]).toEqual(['SOMETHING_REFUSED', 422, { why: 'test' }]);
  });

  it('stops a task past its time limit with its own error, without blocking the event loop', async () => {
    const t0 = Date.now();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const e = await rejection(
      pool.run(
        'spin',
        { ms: 60_000 },
        { timeoutMs: 300, timeoutError: (ms) => new HetongError('VERIFY_TIMEOUT', 503, `over ${ms} ms`) },
      ),
    );
    clearInterval(ticker);
    expect([e.code, e.status]).toEqual(['VERIFY_TIMEOUT', 503]);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(ticks).toBeGreaterThan(10); // the main thread kept running while the worker spun
    expect(pool.respawns).toBeGreaterThanOrEqual(1);
    // The replacement worker serves the next task.
    expect(await pool.run('echo', { bytes: new Uint8Array(1), n: 1 })).toEqual({ length: 1, n: 2 });
  });

  it('answers a worker that runs out of heap with the memory error, then carries on', async () => {
    const e = await rejection(
      pool.run('hog', undefined, {
        memoryError: () => new HetongError('SEAL_IMAGE_TOO_LARGE', 413, 'too big'),
      }),
    );
    expect([e.code, e.status]).toEqual(['SEAL_IMAGE_TOO_LARGE', 413]);
    expect(await pool.run('echo', { bytes: new Uint8Array(2), n: 2 })).toEqual({ length: 2, n: 4 });
  }, 30_000);

  it('answers a crashed worker with TASK_FAILED and replaces it', async () => {
    const e = await rejection(pool.run('crash', undefined));
    expect(e.code).toBe('TASK_FAILED');
    expect(await pool.run('echo', { bytes: new Uint8Array(3), n: 3 })).toEqual({ length: 3, n: 6 });
  });

  it('refuses work beyond its queue with SERVER_BUSY at once', async () => {
    const running = [1, 2, 3, 4].map(() => pool.run('spin', { ms: 50 }));
    const e = await rejection(pool.run('spin', { ms: 50 }));
    expect([e.code, e.status]).toEqual(['SERVER_BUSY', 503]);
    expect(await Promise.all(running)).toEqual(['spun', 'spun', 'spun', 'spun']);
  });
});

describe('TaskPool shared by business lines', () => {
  let pool: TaskPool<TestTasks>;
  beforeAll(async () => {
    pool = new TaskPool<TestTasks>({ tasksModule, workers: 1, maxQueue: 8, maxQueuePerTenant: 3, nice: 7 });
    await pool.ready();
  }, 30_000);
  afterAll(() => pool.close());

  it("runs its workers at the pool's lower CPU priority, the main thread at its own", async () => {
    const { getPriority } = await import('node:os');
    // Linux keeps nice values per thread; elsewhere the test has nothing to judge.
    if (process.platform !== 'linux') return;
    // A runner already started at a lower priority keeps it: the pool only ever lowers.
    const base = getPriority();
    expect(await pool.run('priority', undefined)).toBe(Math.max(7, base));
    expect(getPriority()).toBe(base);
  });

  it("serves a line that waits alone before the rest of another line's queue", async () => {
    const order: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => order.push(name));
    const first = track('attacker 1', pool.run('spin', { ms: 40 }, { tenant: 'attacker' }));
    const queued = [2, 3, 4].map((n) =>
      track(`attacker ${n}`, pool.run('spin', { ms: 20 }, { tenant: 'attacker' })),
    );
    const victim = track('victim', pool.run('spin', { ms: 1 }, { tenant: 'victim' }));
    await Promise.all([first, ...queued, victim]);
    expect(order).toEqual(['attacker 1', 'attacker 2', 'victim', 'attacker 3', 'attacker 4']);
  });

  it("refuses a line whose own lane is full with SERVER_BUSY, and still takes another line's task", async () => {
    const running = [1, 2, 3, 4].map(() => pool.run('spin', { ms: 30 }, { tenant: 'attacker' }));
    const e = await rejection(pool.run('spin', { ms: 30 }, { tenant: 'attacker' }));
    expect([e.code, e.status, e.details]).toEqual(['SERVER_BUSY', 503, { queued: 3 }]);
    expect(await pool.run('echo', { bytes: new Uint8Array(4), n: 4 }, { tenant: 'victim' })).toEqual({
      length: 4,
      n: 8,
    });
    expect(await Promise.all(running)).toEqual(['spun', 'spun', 'spun', 'spun']);
  });
});

describe('TaskPool whose workers cannot start', () => {
  it('fails waiting tasks with TASK_FAILED instead of respawning in a loop', async () => {
    const pool = new TaskPool<TestTasks>({
      tasksModule: new URL('./testing/no-such-module.ts', import.meta.url),
      workers: 1,
    });
    try {
      const e = await rejection(pool.run('echo', { bytes: new Uint8Array(1), n: 1 }));
      expect(e.code).toBe('TASK_FAILED');
      await new Promise((r) => setTimeout(r, 300));
      expect(pool.respawns).toBe(0); // the next attempt waits a second
    } finally {
      await pool.close();
    }
  }, 30_000);
});
