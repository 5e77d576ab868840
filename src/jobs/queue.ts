/**
 * The durable job queue port. Jobs are at-least-once: a handler may see a job again after a crash
 * or an expired lease, so every handler must be idempotent.
 */
export interface EnqueueOptions {
  /** Earliest run time (ms); default now. */
  runAt?: number;
  /** At most one live (pending) job per unique key; a duplicate enqueue is a no-op. */
  uniqueKey?: string;
  /** 'pending' (default): the key frees when the job finishes; 'always': it stays taken. */
  uniqueScope?: 'pending' | 'always';
  maxAttempts?: number;
}

export interface Job {
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  /** Proves the lease: complete/fail only act while this token still holds the job. */
  lockToken: string;
}

export interface JobQueue {
  /** Returns the job id, or undefined when a live job with the same unique key exists. */
  enqueue(type: string, payload: unknown, options?: EnqueueOptions): Promise<string | undefined>;
  /** Leases up to `limit` due jobs for `leaseMs`; expired leases are claimable again. */
  claim(limit: number, leaseMs: number, types?: string[]): Promise<Job[]>;
  /**
   * Extends the lease of a job still running to `leaseMs` from now; false when the lease was lost
   * (expired and claimed by another runner), so the holder knows it is no longer alone.
   */
  renew(job: Job, leaseMs: number): Promise<boolean>;
  complete(job: Job): Promise<void>;
  /** Reschedules with exponential backoff, or marks failed after the last attempt. */
  fail(job: Job, error: string): Promise<void>;
  /** Pending jobs (for the queue-depth metric). */
  depth(): Promise<number>;
}

/** Backoff after the n-th failed attempt: 1 s, 2 s, 4 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 1000 * 2 ** Math.max(0, attempts - 1));
}
