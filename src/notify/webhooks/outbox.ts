/**
 * The transactional outbox (DESIGN.md "Notifications"): a change and the webhook event that
 * reports it are written in ONE transaction — the event row, a delivery row per subscribed
 * endpoint and a durable job per delivery — so an event is sent if and only if its change
 * committed, and survives a crash between commit and sending.
 *
 * `emit` sits on the signing hot path, so a line with no subscribed endpoint costs at most one
 * small indexed query (webhook_endpoints by business_line_id), and usually none: the active
 * endpoints of a line are cached for `cacheMs`. Creating or disabling an endpoint clears the
 * cache on this node at once; other nodes see the change within `cacheMs`.
 */
import { DbJobQueue } from '../../jobs/db-queue.js';
import type { Db } from '../../store/database.js';
import { newId } from '../../store/ids.js';
import type { Dialect } from '../../store/migrations.js';
import { subscribes, type WebhookEventType } from './events.js';
import { WebhookRepository } from './repository.js';

export const DELIVER_JOB = 'webhooks.deliver';

/** The payload of a `webhooks.deliver` job: which delivery, and which try of it. */
export interface DeliverJob {
  deliveryId: string;
  attempt: number;
}

/**
 * Generic re-runs of a deliver job itself (a database error, or a try still running elsewhere):
 * enough for the queue's 1 s, 2 s, 4 s … backoff to outlast a running try's claim.
 */
export const DELIVER_JOB_MAX_RUNS = 8;

/** Enqueues one try of a delivery in `db` (a transaction: it is a plain insert). */
export async function enqueueTry(db: Db, dialect: Dialect, job: DeliverJob, runAt: number): Promise<void> {
  await new DbJobQueue(db, dialect).enqueue(DELIVER_JOB, job, { runAt, maxAttempts: DELIVER_JOB_MAX_RUNS });
}

interface Subscriptions {
  until: number;
  endpoints: { id: string; events: string[] }[];
}

export interface OutboxOptions {
  /** How long the endpoints of a line are cached (default 2 s; 0 turns the cache off). */
  cacheMs?: number;
  now?: () => number;
}

/** Lines cached at most; past this the cache starts over (it only saves a query). */
const CACHE_LINES = 10_000;

export class WebhookOutbox {
  readonly #cache = new Map<string, Subscriptions>();
  readonly #cacheMs: number;
  readonly #now: () => number;
  /** Bumped by every invalidation, so a read that raced with one is not cached. */
  #generation = 0;

  constructor(
    private readonly dialect: Dialect,
    options: OutboxOptions = {},
  ) {
    this.#cacheMs = options.cacheMs ?? 2000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Records an event of `type` for `businessLineId` inside the caller's transaction `db`: the
   * event, one delivery per active endpoint subscribed to it, and a job per delivery. Nothing is
   * written when no endpoint is subscribed. A rollback of `db` takes all of it back.
   */
  async emit(
    db: Db,
    businessLineId: string,
    type: WebhookEventType,
    data: Record<string, unknown>,
  ): Promise<void> {
    const endpoints = (await this.#subscriptions(db, businessLineId)).filter((e) =>
      subscribes(e.events, type),
    );
    if (endpoints.length === 0) return;
    const now = this.#now();
    const eventId = newId('evt');
    await db
      .insertInto('webhook_events')
      .values({
        id: eventId,
        business_line_id: businessLineId,
        type,
        data_json: JSON.stringify(data),
        contract_id: typeof data.contractId === 'string' ? data.contractId : null,
        created_at: now,
      })
      .execute();
    for (const endpoint of endpoints) {
      const deliveryId = newId('whd');
      await db
        .insertInto('webhook_deliveries')
        .values({
          id: deliveryId,
          event_id: eventId,
          endpoint_id: endpoint.id,
          business_line_id: businessLineId,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          last_status_code: null,
          last_error: null,
          delivered_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await enqueueTry(db, this.dialect, { deliveryId, attempt: 1 }, now);
    }
  }

  /** Forgets the cached endpoints of a line (after one was created or disabled on this node). */
  invalidate(businessLineId: string): void {
    this.#generation++;
    this.#cache.delete(businessLineId);
  }

  async #subscriptions(db: Db, businessLineId: string): Promise<Subscriptions['endpoints']> {
    const now = this.#now();
    const cached = this.#cache.get(businessLineId);
    if (cached && cached.until > now) return cached.endpoints;
    const generation = this.#generation;
    // Read through the caller's transaction: on SQLite the single connection is held by it.
    const endpoints = await new WebhookRepository(db).subscriptions(businessLineId);
    if (this.#cacheMs > 0 && generation === this.#generation) {
      if (this.#cache.size >= CACHE_LINES) this.#cache.clear();
      this.#cache.set(businessLineId, { until: now + this.#cacheMs, endpoints });
    }
    return endpoints;
  }
}
