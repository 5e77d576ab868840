import type { Db } from '../database.js';

/** The replay window of signed requests: one row per (app, nonce) until it expires. */
export class ApiNonceRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records a nonce; false when it is already recorded and not expired. The primary key makes the
   * check atomic across nodes; an expired row is taken over in the same statement.
   */
  async claim(appId: string, nonce: string, expiresAt: number, now: number): Promise<boolean> {
    const r = await this.db
      .insertInto('api_nonces')
      .values({ app_id: appId, nonce, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .columns(['app_id', 'nonce'])
          .doUpdateSet({ expires_at: expiresAt })
          .where('api_nonces.expires_at', '<=', now),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async sweep(now: number): Promise<number> {
    const r = await this.db.deleteFrom('api_nonces').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
