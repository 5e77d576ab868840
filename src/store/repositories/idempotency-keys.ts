import type { Db } from '../database.js';

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
  createdAt: number;
}

export class IdempotencyKeyRepository {
  constructor(private readonly db: Db) {}

  async find(businessLineId: string, key: string): Promise<StoredResponse | undefined> {
    const r = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('key', '=', key)
      .executeTakeFirst();
    return (
      r && {
        requestHash: r.request_hash,
        statusCode: r.status_code,
        body: JSON.parse(r.response_json) as unknown,
        createdAt: r.created_at,
      }
    );
  }

  /**
   * Reserves a key before the handler runs (status 0 = in progress), so two concurrent requests
   * with one key cannot both create. False when the key is already taken.
   */
  async reserve(businessLineId: string, key: string, requestHash: string, now: number): Promise<boolean> {
    return this.save(businessLineId, key, { requestHash, statusCode: 0, body: null, createdAt: now });
  }

  async complete(businessLineId: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ status_code: statusCode, response_json: JSON.stringify(body) })
      .where('business_line_id', '=', businessLineId)
      .where('key', '=', key)
      .execute();
  }

  /** Frees a reservation (the handler failed, or an in-progress reservation went stale). */
  async release(businessLineId: string, key: string, onlyInProgress = true): Promise<void> {
    let q = this.db
      .deleteFrom('idempotency_keys')
      .where('business_line_id', '=', businessLineId)
      .where('key', '=', key);
    if (onlyInProgress) q = q.where('status_code', '=', 0);
    await q.execute();
  }

  /**
   * Frees an in-progress reservation that went stale, but only the very row seen (same
   * created_at): when two requests take over one stale reservation, only one deletes it, and a
   * fresh reservation made meanwhile by another request is left alone.
   */
  async releaseStale(businessLineId: string, key: string, createdAt: number): Promise<boolean> {
    const r = await this.db
      .deleteFrom('idempotency_keys')
      .where('business_line_id', '=', businessLineId)
      .where('key', '=', key)
      .where('status_code', '=', 0)
      .where('created_at', '=', createdAt)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Saves the first response for a key; false if another request saved one first. */
  async save(businessLineId: string, key: string, response: StoredResponse): Promise<boolean> {
    const r = await this.db
      .insertInto('idempotency_keys')
      .values({
        business_line_id: businessLineId,
        key,
        request_hash: response.requestHash,
        status_code: response.statusCode,
        response_json: JSON.stringify(response.body),
        created_at: response.createdAt,
      })
      .onConflict((oc) => oc.columns(['business_line_id', 'key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async sweep(olderThan: number): Promise<number> {
    const r = await this.db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', olderThan)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
