/**
 * A small pool of worker threads for CPU-heavy work on strangers' input that is not rendering:
 * verifying a PDF, decoding an uploaded image. On the event loop such work stalls every other
 * request (issue #14: one verify of a hostile PDF stalled the server 16.8 s). Here each task runs
 * in a worker with a time limit and a heap limit (`resourceLimits`); a task past its time limit
 * or its heap terminates its worker, which is replaced, and the caller gets the task's own error.
 * Requests wait in a bounded queue, one lane per business line served in turn (FairQueue); a full
 * queue, or a line's full lane, answers SERVER_BUSY (503) at once.
 *
 * The workers run at a lower CPU priority (`nice`, default 10 in the service): what they do is
 * strangers' input that a business line can send in a loop, and contract creation and signing
 * must keep their share of the cores while it runs (issue #14). Linux keeps the nice value per
 * thread (setpriority(2), NOTES), so a worker lowers only its own priority.
 *
 * The render pool (src/render/pool) stays separate: its workers hold a Typst compiler and fonts,
 * and a verify waiting behind a long compile (or killing a warm render worker) would cost both.
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { HetongError } from '../../shared/errors.js';
import { FairQueue } from '../../shared/fair-queue.js';
import type { FromTaskWorker, TaskMessage, TaskTable, TaskWorkerInit } from './protocol.js';

export interface TaskPoolOptions {
  /** URL of the module exporting the `TASKS` table the workers run. */
  tasksModule: URL;
  /** Worker threads (default: one less than the cores, at least 1, at most 4). */
  workers?: number;
  /** Default time limit of one task, milliseconds (default 10 s). */
  timeoutMs?: number;
  /** Tasks waiting for a worker before new ones are refused (default 64). */
  maxQueue?: number;
  /** Tasks one business line may have waiting (default a quarter of `maxQueue`, at least 1). */
  maxQueuePerTenant?: number;
  /**
   * The workers' nice value (0 to 19; default 0). Raising it needs no privilege; where the system
   * refuses, the worker keeps its priority.
   */
  nice?: number;
  /** Heap limits of each worker (default: 512 MB old generation). */
  resourceLimits?: ResourceLimits;
}

export interface TaskOptions {
  /** The business line the task is for: each line's tasks wait in their own lane. */
  tenant?: string;
  timeoutMs?: number;
  /** The error for a task past its time limit (default TASK_TIMEOUT, 503). */
  timeoutError?: (timeoutMs: number) => HetongError;
  /** The error for a task that exhausted its worker's heap (default TASK_TOO_LARGE, 422). */
  memoryError?: () => HetongError;
}

interface Pending {
  task: string;
  input: unknown;
  options: TaskOptions;
  resolve: (output: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  busy?: { id: number; pending: Pending; timer: NodeJS.Timeout };
  outOfMemory: boolean;
}

const runningTs = import.meta.url.endsWith('.ts');
const workerUrl = new URL(runningTs ? './worker.ts' : './worker.js', import.meta.url);

/** As in src/render/pool/pool.ts: from TypeScript sources the worker registers tsx first. */
function startWorker(workerData: TaskWorkerInit, resourceLimits: ResourceLimits): Worker {
  if (!runningTs) return new Worker(workerUrl, { workerData, resourceLimits });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

export class TaskPool<T extends TaskTable> {
  readonly size: number;
  readonly #init: TaskWorkerInit;
  readonly #timeoutMs: number;
  readonly #maxQueue: number;
  readonly #maxQueuePerTenant: number;
  readonly #limits: ResourceLimits;
  readonly #slots: Slot[] = [];
  readonly #queue = new FairQueue<Pending>();
  #nextId = 1;
  #closed = false;
  /** Workers replaced after a timeout, a heap overflow or a crash (monitoring and tests). */
  respawns = 0;

  constructor(options: TaskPoolOptions) {
    this.size = Math.max(1, options.workers ?? Math.min(4, availableParallelism() - 1));
    this.#init = { tasksModule: options.tasksModule.href, nice: options.nice ?? 0 };
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxQueue = options.maxQueue ?? 64;
    this.#maxQueuePerTenant = Math.max(1, options.maxQueuePerTenant ?? Math.floor(this.#maxQueue / 4));
    this.#limits = options.resourceLimits ?? { maxOldGenerationSizeMb: 512 };
    for (let i = 0; i < this.size; i++) this.#slots.push(this.#spawn());
  }

  /** Tasks waiting for a worker (a metric: a queue that stays long needs more cores). */
  get queued(): number {
    return this.#queue.size;
  }

  /** Each worker's old-generation heap limit, MB. */
  get heapMb(): number {
    return this.#limits.maxOldGenerationSizeMb ?? 0;
  }

  async ready(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.ready));
  }

  /** Runs `task` with `input` in a worker; rejects with the task's HetongError or the pool's. */
  run<K extends keyof T & string>(
    task: K,
    input: Parameters<T[K]>[0],
    options: TaskOptions = {},
  ): Promise<Awaited<ReturnType<T[K]>>> {
    if (this.#closed)
      return Promise.reject(new HetongError('SERVER_CLOSING', 503, 'the service is shutting down'));
    const tenant = options.tenant ?? '';
    if (this.#queue.size >= this.#maxQueue || this.#queue.sizeOf(tenant) >= this.#maxQueuePerTenant)
      return Promise.reject(
        new HetongError('SERVER_BUSY', 503, 'too much work is waiting; retry shortly', {
          queued: this.#queue.sizeOf(tenant),
        }),
      );
    return new Promise((resolve, reject) => {
      this.#queue.push(tenant, { task, input, options, resolve: resolve as (o: unknown) => void, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const p of this.#queue.drain())
      p.reject(new HetongError('SERVER_CLOSING', 503, 'the service is shutting down'));
    for (const s of this.#slots) {
      if (s.busy) {
        clearTimeout(s.busy.timer);
        s.busy.pending.reject(new HetongError('SERVER_CLOSING', 503, 'the service is shutting down'));
        s.busy = undefined;
      }
    }
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #spawn(): Slot {
    const worker = startWorker(this.#init, this.#limits);
    let markReady: () => void = () => {};
    const slot: Slot = {
      worker,
      ready: new Promise<void>((r) => (markReady = r)),
      isReady: false,
      outOfMemory: false,
    };
    worker.on('message', (msg: FromTaskWorker) => {
      if (msg.kind === 'ready') {
        slot.isReady = true;
        markReady();
        this.#dispatch();
        return;
      }
      const busy = slot.busy;
      if (busy === undefined || busy.id !== msg.id) return;
      clearTimeout(busy.timer);
      slot.busy = undefined;
      if (msg.kind === 'done') busy.pending.resolve(msg.output);
      else busy.pending.reject(new HetongError(msg.code, msg.status, msg.message, msg.details));
      this.#dispatch();
    });
    worker.on('error', (e: NodeJS.ErrnoException) => {
      // Followed by 'exit', handled there.
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') slot.outOfMemory = true;
    });
    worker.on('exit', (code) => {
      const busy = slot.busy;
      slot.busy = undefined;
      if (busy !== undefined) {
        clearTimeout(busy.timer);
        busy.pending.reject(
          slot.outOfMemory
            ? (busy.pending.options.memoryError?.() ??
                new HetongError('TASK_TOO_LARGE', 422, 'the input needs more memory than a worker has'))
            : new HetongError('TASK_FAILED', 500, `the task worker stopped (exit code ${code})`),
        );
      }
      if (this.#closed) return;
      if (!slot.isReady) {
        // A worker that dies before it is ready (its tasks module does not load) would die again at
        // once: fail what waits, and try again a second later instead of spinning.
        for (const p of this.#queue.drain())
          p.reject(new HetongError('TASK_FAILED', 500, `the task workers cannot start (exit code ${code})`));
        setTimeout(() => {
          if (!this.#closed) this.#replace(slot);
        }, 1000).unref();
        return;
      }
      this.#replace(slot);
    });
    return slot;
  }

  #replace(slot: Slot): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return;
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    this.respawns++;
    this.#slots[i] = this.#spawn();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.size === 0) return;
      if (slot.busy !== undefined || !slot.isReady) continue;
      const pending = this.#queue.shift()!;
      const id = this.#nextId++;
      const limit = pending.options.timeoutMs ?? this.#timeoutMs;
      const timer = setTimeout(() => {
        if (slot.busy?.id !== id) return;
        slot.busy = undefined;
        pending.reject(
          pending.options.timeoutError?.(limit) ??
            new HetongError('TASK_TIMEOUT', 503, `the task took longer than ${limit} ms`, {
              timeoutMs: limit,
            }),
        );
        // Synchronous work cannot be interrupted: the worker goes, a fresh one takes its place.
        this.#replace(slot);
        this.#dispatch();
      }, limit);
      slot.busy = { id, pending, timer };
      const msg: TaskMessage = { kind: 'task', id, task: pending.task, input: pending.input };
      slot.worker.postMessage(msg);
    }
  }
}
