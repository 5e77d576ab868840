import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import type { Dialect } from '../store/migrations.js';
import { backoffMs, type EnqueueOptions, type Job, type JobQueue } from './queue.js';

/**
 * The queue in the application database (the embedded default; also correct on PostgreSQL with
 * several nodes: the claim uses `FOR UPDATE SKIP LOCKED`, so two nodes never lease one job).
 */
const releasedKey = sql<string | null>`case when unique_scope = 'always' then unique_key else null end`;

export class DbJobQueue implements JobQueue {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly now: () => number = Date.now,
  ) {}

  async enqueue(type: string, payload: unknown, options: EnqueueOptions = {}): Promise<string | undefined> {
    const now = this.now();
    const id = newId('job');
    const r = await this.db
      .insertInto('jobs')
      .values({
        id,
        type,
        payload_json: JSON.stringify(payload ?? null),
        status: 'pending',
        run_at: options.runAt ?? now,
        attempts: 0,
        max_attempts: options.maxAttempts ?? 10,
        locked_until: null,
        lock_token: null,
        unique_key: options.uniqueKey ?? null,
        unique_scope: options.uniqueScope ?? 'pending',
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('unique_key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0 ? id : undefined;
  }

  async claim(limit: number, leaseMs: number, types?: string[]): Promise<Job[]> {
    const now = this.now();
    const token = randomBytes(12).toString('hex');
    const rows = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        locked_until: now + leaseMs,
        lock_token: token,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', (eb) => {
        let q = eb
          .selectFrom('jobs')
          .select('id')
          .where('status', '=', 'pending')
          .where('run_at', '<=', now)
          .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', now)]));
        if (types && types.length > 0) q = q.where('type', 'in', types);
        q = q.orderBy('run_at').limit(limit);
        // SQLite has a single writer, so the UPDATE … WHERE id IN (SELECT …) is already atomic.
        return this.dialect === 'postgres' ? q.forUpdate().skipLocked() : q;
      })
      .returningAll()
      .execute();
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      payload: JSON.parse(r.payload_json) as unknown,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      runAt: r.run_at,
      lockToken: token,
    }));
  }

  async renew(job: Job, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const r = await this.db
      .updateTable('jobs')
      .set({ locked_until: now + leaseMs, updated_at: now })
      .where('id', '=', job.id)
      .where('lock_token', '=', job.lockToken)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async complete(job: Job): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'done',
        unique_key: releasedKey,
        locked_until: null,
        lock_token: null,
        updated_at: this.now(),
      })
      .where('id', '=', job.id)
      .where('lock_token', '=', job.lockToken)
      .execute();
  }

  async fail(job: Job, error: string): Promise<void> {
    const now = this.now();
    const last = job.attempts >= job.maxAttempts;
    await this.db
      .updateTable('jobs')
      .set({
        status: last ? 'failed' : 'pending',
        run_at: last ? job.runAt : now + backoffMs(job.attempts),
        unique_key: last ? releasedKey : undefined,
        locked_until: null,
        lock_token: null,
        last_error: error.slice(0, 2000),
        updated_at: now,
      })
      .where('id', '=', job.id)
      .where('lock_token', '=', job.lockToken)
      .execute();
  }

  async depth(): Promise<number> {
    const r = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Removes finished jobs older than `before` (housekeeping). */
  async purgeFinished(before: number): Promise<number> {
    const r = await this.db
      .deleteFrom('jobs')
      .where('status', 'in', ['done', 'failed'])
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
