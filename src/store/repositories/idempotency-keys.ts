import type { Db } from '../database.js';

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
  createdAt: number;
  /** While in progress (statusCode 0): the reservation is its request's until then (ms). */
  leaseUntil: number;
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
        leaseUntil: r.lease_until,
      }
    );
  }

  /**
   * Reserves a key before the handler runs (status 0 = in progress) with a lease until
   * `leaseUntil`, so two concurrent requests with one key cannot both create. False when the key
   * is already taken. The reservation is named by its `createdAt` in the calls below.
   */
  async reserve(
    businessLineId: string,
    key: string,
    requestHash: string,
    now: number,
    leaseUntil: number,
  ): Promise<boolean> {
    return this.save(businessLineId, key, {
      requestHash,
      statusCode: 0,
      body: null,
      createdAt: now,
      leaseUntil,
    });
  }

  /**
   * Extends the lease of the running request's own reservation; false when it is no longer
   * there (taken over after the lease ran out, or swept).
   */
  async renew(businessLineId: string, key: string, createdAt: number, leaseUntil: number): Promise<boolean> {
    const r = await this.db
      .updateTable('idempotency_keys')
      .set({ lease_until: leaseUntil })
      .where('business_line_id', '=', businessLineId)
      .where('key', '=', key)
      .where('created_at', '=', createdAt)
      .where('status_code', '=', 0)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Stores the response of the reservation made at `createdAt`; false if it is no longer there. */
  async complete(
    businessLineId: string,
    key: string,
    createdAt: number,
    statusCode: number,
    body: unknown,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('idempotency_keys')
      .set({ status_code: statusCode, response_json: JSON.stringify(body) })
      .where('business_line_id', '=', businessLineId)
      .where('key', '=', key)
      .where('created_at', '=', createdAt)
      .where('status_code', '=', 0)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Frees the in-progress reservation made at `createdAt`: its handler failed (and may be
   * retried), or its lease ran out (its process is gone) and another request takes it over. Only
   * the very row named is deleted: when two requests take over one expired reservation only one
   * deletes it, and a fresh reservation made meanwhile by another request is left alone.
   */
  async release(businessLineId: string, key: string, createdAt: number): Promise<boolean> {
    const r = await this.db
      .deleteFrom('idempotency_keys')
      .where('business_line_id', '=', businessLineId)
      .where('key', '=', key)
      .where('created_at', '=', createdAt)
      .where('status_code', '=', 0)
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
        lease_until: response.leaseUntil,
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
