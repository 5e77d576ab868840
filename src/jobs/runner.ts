import type { Job, JobQueue } from './queue.js';

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;

export interface Schedule {
  type: string;
  everyMs: number;
  payload?: unknown;
}

export interface RunnerOptions {
  /**
   * How often an idle runner looks for due jobs (default 250 ms: a webhook goes out within about
   * a quarter of a second of its commit; the look is one indexed query).
   */
  pollMs?: number;
  leaseMs?: number;
  concurrency?: number;
  onError?: (job: Job, error: unknown) => void;
}

/**
 * Polls the queue, runs handlers, completes or fails jobs, and enqueues scheduled jobs (each with
 * a unique key per period, so several nodes scheduling the same job add it once).
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly schedules: Schedule[] = [];
  private readonly enqueuedPeriod = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly queue: JobQueue,
    private readonly options: RunnerOptions = {},
  ) {}

  register(type: string, handler: JobHandler): this {
    this.handlers.set(type, handler);
    return this;
  }

  schedule(s: Schedule): this {
    this.schedules.push(s);
    return this;
  }

  /** A periodic job: `handler` registered for `type`, and `type` enqueued once every `everyMs`. */
  every(type: string, everyMs: number, handler: () => Promise<unknown>): this {
    return this.register(type, async () => {
      await handler();
    }).schedule({ type, everyMs });
  }

  /** One poll: schedules due periodic jobs, then runs what is due. Returns jobs handled. */
  async tick(now = Date.now()): Promise<number> {
    for (const s of this.schedules) {
      const period = Math.floor(now / s.everyMs);
      // Once per period from this runner (the unique key makes it once across runners).
      if (this.enqueuedPeriod.get(s.type) === period) continue;
      await this.queue.enqueue(s.type, s.payload ?? {}, {
        uniqueKey: `schedule:${s.type}:${period}`,
        uniqueScope: 'always',
        maxAttempts: 3,
      });
      this.enqueuedPeriod.set(s.type, period);
    }
    const jobs = await this.queue.claim(this.options.concurrency ?? 4, this.options.leaseMs ?? 60_000, [
      ...this.handlers.keys(),
    ]);
    await Promise.all(jobs.map((job) => this.runOne(job)));
    return jobs.length;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      let handled = 0;
      this.running = this.tick()
        .then((n) => {
          handled = n;
        })
        .catch((e: unknown) => this.options.onError?.({ id: '-', type: 'poll' } as Job, e));
      await this.running;
      // A full batch means more may be due: go on at once instead of waiting a poll interval, so
      // a burst of jobs (webhook deliveries) drains at the handlers' pace.
      const full = handled >= (this.options.concurrency ?? 4);
      if (!this.stopped) this.timer = setTimeout(() => void loop(), full ? 0 : (this.options.pollMs ?? 250));
    };
    void loop();
  }

  /** Stops polling and waits for jobs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async runOne(job: Job): Promise<void> {
    const handler = this.handlers.get(job.type);
    if (!handler) return;
    // A handler may run longer than its lease (a sweep over a large store): renew the lease at a
    // third of its length, so that no other runner claims the job meanwhile.
    const leaseMs = this.options.leaseMs ?? 60_000;
    let finished = false;
    const renewal = setInterval(() => {
      this.queue.renew(job, leaseMs).then(
        (held) => {
          // A renewal that lands after complete/fail finds the lease released: not a loss.
          if (!held && !finished) this.options.onError?.(job, new Error('job lease lost while running'));
        },
        (e: unknown) => this.options.onError?.(job, e),
      );
    }, leaseMs / 3);
    renewal.unref();
    try {
      await handler(job.payload, job);
      finished = true;
      await this.queue.complete(job);
    } catch (e) {
      finished = true;
      this.options.onError?.(job, e);
      await this.queue.fail(job, e instanceof Error ? e.message : String(e));
    } finally {
      clearInterval(renewal);
    }
  }
}
