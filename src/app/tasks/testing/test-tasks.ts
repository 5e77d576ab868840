/** A task table for the pool's own tests: work that answers, fails, spins, crashes or hogs memory. */
import { HetongError } from '../../../shared/errors.js';

export const TASKS = {
  echo: (input: { bytes: Uint8Array; n: number }) => ({ length: input.bytes.length, n: input.n * 2 }),
  fail: (input: { code: string }) => {
    throw new HetongError(input.code, 422, 'refused by the task', { why: 'test' });
  },
  spin: (input: { ms: number }) => {
    const end = Date.now() + input.ms;
    while (Date.now() < end);
    return 'spun';
  },
  crash: () => process.exit(3),
  hog: () => {
    const keep: number[][] = [];
    for (;;) keep.push(new Array(1_000_000).fill(1));
  },
  threadId: async () => (await import('node:worker_threads')).threadId,
  priority: async () => (await import('node:os')).getPriority(),
};

export type TestTasks = typeof TASKS;
