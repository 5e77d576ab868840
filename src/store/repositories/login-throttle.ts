import { sql } from 'kysely';
import type { Db } from '../database.js';

export interface ThrottleState {
  failures: number;
  lockedUntil: number;
}

/** Failure counters for login throttling, in the database so every node sees the same lockouts. */
export class LoginThrottleRepository {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<ThrottleState> {
    const r = await this.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return r ? { failures: r.failures, lockedUntil: r.locked_until } : { failures: 0, lockedUntil: 0 };
  }

  async put(key: string, state: ThrottleState, now: number): Promise<void> {
    await this.db
      .insertInto('login_throttle')
      .values({ key, failures: state.failures, locked_until: state.lockedUntil, updated_at: now })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ failures: state.failures, locked_until: state.lockedUntil, updated_at: now }),
      )
      .execute();
  }

  /**
   * Counts one login attempt in ONE atomic statement (SQLite and PostgreSQL alike), before the
   * password is checked, so parallel attempts cannot all pass a stale read:
   * `INSERT … ON CONFLICT (key) DO UPDATE SET failures = failures + 1 … WHERE locked_until <= now
   * RETURNING failures`. The attempt that brings the count to `holdFrom` also locks the key until
   * `holdUntil` at once, so nothing else gets in while its password is being checked (the caller
   * then sets the real lock, or clears the key on success). Returns the new count, or undefined
   * when the key is locked (the row is left untouched: the WHERE fails, nothing is returned).
   */
  async attempt(key: string, now: number, holdFrom: number, holdUntil: number): Promise<number | undefined> {
    const r = await this.db
      .insertInto('login_throttle')
      .values({ key, failures: 1, locked_until: 1 >= holdFrom ? holdUntil : 0, updated_at: now })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            failures: sql<number>`login_throttle.failures + 1`,
            locked_until: sql<number>`CASE WHEN login_throttle.failures + 1 >= ${holdFrom} THEN CAST(${holdUntil} AS BIGINT) ELSE 0 END`,
            updated_at: now,
          })
          .where('login_throttle.locked_until', '<=', now),
      )
      .returning('failures')
      .executeTakeFirst();
    return r ? Number(r.failures) : undefined;
  }

  /** Adds one to a plain counter, atomically, and returns the new count (it never locks). */
  async increment(key: string, now: number): Promise<number> {
    const r = await this.db
      .insertInto('login_throttle')
      .values({ key, failures: 1, locked_until: 0, updated_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures: sql<number>`login_throttle.failures + 1`, updated_at: now }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    return Number(r.failures);
  }

  /** Sets the lock of a key whose attempt is in progress (it holds the key: see attempt). */
  async lock(key: string, lockedUntil: number, now: number): Promise<void> {
    await this.db
      .updateTable('login_throttle')
      .set({ locked_until: lockedUntil, updated_at: now })
      .where('key', '=', key)
      .execute();
  }

  /** Deletes counters untouched since `before` whose lock has passed (the expired-rows sweep). */
  async sweep(before: number, now: number): Promise<void> {
    await this.db
      .deleteFrom('login_throttle')
      .where('updated_at', '<', before)
      .where('locked_until', '<=', now)
      .execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }
}
