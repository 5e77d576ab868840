/**
 * A pool of render worker threads (Typst's pdf() is synchronous and CPU-bound). Sized to the
 * cores by default; each worker keeps its compiler, fonts and programs. A render that exceeds its
 * time limit terminates its worker (a compile cannot be interrupted otherwise) and rejects with
 * RENDER_TIMEOUT; a crashed worker is replaced; requests wait in a queue with one lane per
 * business line, the lanes served in turn (FairQueue: a line that queued a hundred renders does
 * not make another line's one render wait for all of them). Each worker's
 * JavaScript heap is bounded (`resourceLimits`): a job that outgrows it ends its worker and is
 * refused with a 413 naming what was too large, instead of growing the process without bound.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HetongError } from '../../shared/errors.js';
import { FairQueue } from '../../shared/fair-queue.js';
import { shippedFontPaths } from '../fonts/index.js';
import type { CompileJobInput } from './compile-job.js';
import type { RunResult } from '../typst/runner.js';
import type { CompileMessage, FromWorker, RenderMessage, WorkerInit } from './protocol.js';

export interface PoolOptions {
  /** Number of worker threads (default: the number of cores). */
  workers?: number;
  /** Time limit of one render, milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Registered fonts added to every worker. */
  fontBlobs?: Uint8Array[];
  /**
   * Replace a worker after this many documents (default 10,000), a safety valve only: with the
   * data in a file and the static module cached (src/render/typst/codegen.ts), the compiler's
   * memory is flat (`npm run bench -- render --long`: one worker, 10,000 standard contracts; its
   * "RSS every 1,000 documents" line). A fresh worker renders its first documents cold, so recycling often
   * costs tail latency.
   */
  recycleAfter?: number;
  /** JavaScript heap of one worker, MiB (default 1,024); Typst's own memory is native. */
  heapLimitMb?: number;
}

export interface PoolJob {
  programId: string;
  program: string;
  modules?: Record<string, string>;
  assets: Record<string, Uint8Array>;
  data: string;
  theme?: string;
  shadows?: Record<string, Uint8Array>;
  format: 'pdf' | 'svg' | 'png';
  /** For `png`: the pages (1-based; all when omitted) and the width in pixels. */
  png?: { width: number; pages?: number[] };
  timeoutMs?: number;
  /** The business line the render is for: each line's jobs wait in their own lane. */
  tenant?: string;
}

export interface CompileJob extends CompileJobInput {
  timeoutMs?: number;
  tenant?: string;
}

type Pending =
  | { kind: 'render'; job: PoolJob; resolve: (r: RunResult) => void; reject: (e: unknown) => void }
  | { kind: 'compile'; job: CompileJob; resolve: (json: string) => void; reject: (e: unknown) => void };

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  programs: Set<string>;
  isReady: boolean;
  /** Documents rendered by this worker. */
  count: number;
  /** A replacement is warming up; terminate this worker once it is idle and replaced. */
  retiring: boolean;
  replaced: boolean;
  busy?: { id: number; pending: Pending; timer: NodeJS.Timeout };
  rss: number;
  /** The worker is ending because its heap limit was reached (ERR_WORKER_OUT_OF_MEMORY). */
  outOfMemory: boolean;
}

const runningTs = import.meta.url.endsWith('.ts');
const workerUrl = new URL(runningTs ? './worker.ts' : './worker.js', import.meta.url);

/**
 * From TypeScript sources (tests, `tsx`), `--import tsx` in a worker's execArgv does not reach the
 * worker's entry module on Node 20, so the worker starts from a tiny script that registers tsx's
 * loader first and then imports the real entry.
 */
function startWorker(workerData: WorkerInit, heapLimitMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapLimitMb };
  if (!runningTs) return new Worker(workerUrl, { workerData, resourceLimits });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

/** What a job that ran its worker out of memory is told. */
function outOfMemory(pending: Pending, heapLimitMb: number): HetongError {
  const details = { heapLimitMb };
  return pending.kind === 'compile'
    ? new HetongError(
        'TEMPLATE_TOO_LARGE',
        413,
        `Compiling this template needs more than the ${heapLimitMb} MiB a compile may use; split it into smaller templates.`,
        details,
      )
    : new HetongError(
        'RENDER_TOO_LARGE',
        413,
        `Rendering this contract needs more than the ${heapLimitMb} MiB a render may use; send less data (fewer rows or smaller images).`,
        details,
      );
}

export class RenderPool {
  readonly size: number;
  readonly #timeoutMs: number;
  readonly #init: WorkerInit;
  readonly #slots: Slot[] = [];
  readonly #queue = new FairQueue<Pending>();
  readonly #warming = new Set<Slot>();
  readonly #recycleAfter: number;
  readonly #heapLimitMb: number;
  #nextId = 1;
  #closed = false;
  /** Workers replaced after a timeout or crash (for monitoring and tests). */
  respawns = 0;
  /** Workers replaced after `recycleAfter` documents. */
  recycled = 0;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? availableParallelism());
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#recycleAfter = Math.max(1, options.recycleAfter ?? 10_000);
    this.#heapLimitMb = options.heapLimitMb ?? 1024;
    this.#init = { fontPaths: shippedFontPaths(), fontBlobs: options.fontBlobs ?? [] };
    for (let i = 0; i < this.size; i++) this.#slots.push(this.#spawn());
  }

  /** Resolves when every worker has loaded its fonts. */
  async ready(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.ready));
  }

  /** Peak resident set size reported by the workers' process (one process: same for all). */
  get workerRss(): number {
    return Math.max(0, ...this.#slots.map((s) => s.rss));
  }

  run(job: PoolJob): Promise<RunResult> {
    if (this.#closed)
      return Promise.reject(new HetongError('RENDER_POOL_CLOSED', 503, 'the render pool is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push(job.tenant ?? '', { kind: 'render', job, resolve, reject });
      this.#dispatch();
    });
  }

  /**
   * Compiles a Word template in a worker; resolves with the template as written by
   * serializeCompiledTemplate. Errors are the compiler's own (HetongError code, status, details).
   */
  compile(job: CompileJob): Promise<string> {
    if (this.#closed)
      return Promise.reject(new HetongError('RENDER_POOL_CLOSED', 503, 'the render pool is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push(job.tenant ?? '', { kind: 'compile', job, resolve, reject });
      this.#dispatch();
    });
  }

  /** Makes one idle worker exit abruptly (to check recovery). */
  crashOneWorker(): void {
    const slot = this.#slots.find((s) => s.busy === undefined && s.isReady);
    if (slot === undefined) return;
    slot.isReady = false;
    slot.worker.postMessage({ kind: 'crash' });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const p of this.#queue.drain())
      p.reject(new HetongError('RENDER_POOL_CLOSED', 503, 'the render pool is closed'));
    await Promise.all([...this.#slots, ...this.#warming].map((s) => s.worker.terminate()));
  }

  #spawn(): Slot {
    const worker = startWorker(this.#init, this.#heapLimitMb);
    let markReady: () => void = () => {};
    const ready = new Promise<void>((r) => (markReady = r));
    const slot: Slot = {
      worker,
      ready,
      programs: new Set(),
      rss: 0,
      isReady: false,
      count: 0,
      retiring: false,
      replaced: false,
      outOfMemory: false,
    };
    worker.on('message', (msg: FromWorker) => {
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
      const pending = busy.pending;
      if (msg.kind === 'done' && pending.kind === 'render') {
        slot.rss = Math.max(slot.rss, msg.rss);
        slot.programs.add(pending.job.programId);
        pending.resolve(msg.result);
      } else if (msg.kind === 'compiled' && pending.kind === 'compile') {
        slot.rss = Math.max(slot.rss, msg.rss);
        pending.resolve(msg.compiled);
      } else if (msg.kind === 'failed') {
        if (msg.code === 'RENDER_FAILED' && pending.kind === 'render')
          slot.programs.add(pending.job.programId);
        pending.reject(new HetongError(msg.code, msg.status, msg.message, msg.details));
      } else {
        pending.reject(
          new HetongError('RENDER_FAILED', 500, `unexpected reply ${msg.kind} from the render worker`),
        );
      }
      slot.count++;
      if (slot.replaced) {
        void slot.worker.terminate();
        return;
      }
      if (slot.count >= this.#recycleAfter) this.#recycle(slot);
      this.#dispatch();
    });
    worker.on('error', (e: Error & { code?: string }) => {
      // Followed by 'exit', handled there.
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') slot.outOfMemory = true;
    });
    worker.on('exit', (code) => {
      if (this.#closed) return;
      const busy = slot.busy;
      if (busy !== undefined) {
        clearTimeout(busy.timer);
        busy.pending.reject(
          slot.outOfMemory
            ? outOfMemory(busy.pending, this.#heapLimitMb)
            : new HetongError('RENDER_FAILED', 500, `the render worker stopped (exit code ${code})`, {
                exitCode: code,
              }),
        );
      }
      this.#replace(slot);
    });
    return slot;
  }

  /** Warms up a replacement, then swaps it in; the old worker ends once idle. */
  #recycle(slot: Slot): void {
    if (slot.retiring || this.#closed) return;
    slot.retiring = true;
    const fresh = this.#spawn();
    this.#warming.add(fresh);
    void fresh.ready.then(() => {
      this.#warming.delete(fresh);
      const i = this.#slots.indexOf(slot);
      if (this.#closed || i < 0) {
        void fresh.worker.terminate();
        return;
      }
      this.#slots[i] = fresh;
      this.recycled++;
      slot.replaced = true;
      slot.worker.removeAllListeners('exit');
      if (slot.busy === undefined) void slot.worker.terminate();
      this.#dispatch();
    });
  }

  #replace(slot: Slot): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return;
    this.respawns++;
    this.#slots[i] = this.#spawn();
    this.#dispatch();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.size === 0) return;
      if (slot.busy !== undefined || !slot.isReady) continue;
      const pending = this.#queue.shift()!;
      const id = this.#nextId++;
      let msg: RenderMessage | CompileMessage;
      if (pending.kind === 'render') {
        const { job } = pending;
        const render: RenderMessage = {
          kind: 'render',
          id,
          programId: job.programId,
          data: job.data,
          format: job.format,
        };
        if (!slot.programs.has(job.programId)) {
          render.program = job.program;
          if (job.modules !== undefined) render.modules = job.modules;
          render.assets = job.assets;
        }
        if (job.theme !== undefined) render.theme = job.theme;
        if (job.shadows !== undefined) render.shadows = job.shadows;
        if (job.png !== undefined) render.png = job.png;
        msg = render;
      } else {
        const { job } = pending;
        msg = { kind: 'compile', id, docx: job.docx };
        if (job.delimiters !== undefined) msg.delimiters = job.delimiters;
        if (job.fontAliases !== undefined) msg.fontAliases = job.fontAliases;
      }
      const limit = pending.job.timeoutMs ?? this.#timeoutMs;
      const what = pending.kind === 'render' ? 'rendering' : 'compiling the template';
      const timer = setTimeout(() => {
        if (slot.busy?.id !== id) return;
        slot.busy = undefined;
        pending.reject(
          new HetongError('RENDER_TIMEOUT', 504, `${what} took longer than ${limit} ms`, {
            timeoutMs: limit,
          }),
        );
        // A synchronous compile cannot be interrupted: replace the worker.
        this.#slots.splice(this.#slots.indexOf(slot), 1, this.#spawnAfterKill(slot));
      }, limit);
      slot.busy = { id, pending, timer };
      slot.worker.postMessage(msg);
    }
  }

  #spawnAfterKill(slot: Slot): Slot {
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    this.respawns++;
    return this.#spawn();
  }
}
