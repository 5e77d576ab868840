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

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }
}
