/**
 * The webhook tables (migration 0005): endpoints, the event outbox, deliveries (one per event and
 * endpoint) and the log of their attempts. Every read by a business line is scoped to it.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.js';
import { keysetPage, type Page, type PageRequest } from '../../store/repositories/keyset.js';
import type {
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
} from '../../store/schema.js';

export type EndpointStatus = 'active' | 'disabled';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookEndpoint {
  id: string;
  url: string;
  /** Subscribed event types, or `['*']`. */
  events: string[];
  status: EndpointStatus;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookEndpointRow extends WebhookEndpoint {
  businessLineId: string;
  secretSealed: string;
}

export interface WebhookAttempt {
  attempt: number;
  at: number;
  statusCode: number | null;
  durationMs: number;
  responseHead: string | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  event: { id: string; type: string; createdAt: number };
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** When the next try is due (or, while a try runs, when its claim runs out); null when done. */
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  createdAt: number;
  updatedAt: number;
  attemptLog: WebhookAttempt[];
}

const endpointOf = (r: Selectable<WebhookEndpointsTable>): WebhookEndpointRow => ({
  id: r.id,
  businessLineId: r.business_line_id,
  url: r.url,
  events: JSON.parse(r.events_json) as string[],
  status: r.status,
  secretSealed: r.secret_sealed,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export const publicEndpoint = ({ businessLineId: _l, secretSealed: _s, ...e }: WebhookEndpointRow) => e;

const attemptOf = (r: Selectable<WebhookAttemptsTable>): WebhookAttempt => ({
  attempt: r.attempt,
  at: Number(r.at),
  statusCode: r.status_code,
  durationMs: r.duration_ms,
  responseHead: r.response_head,
  error: r.error,
});

const num = (v: number | null) => (v === null ? null : Number(v));

export class WebhookRepository {
  constructor(private readonly db: Db) {}

  withDb(db: Db): WebhookRepository {
    return new WebhookRepository(db);
  }

  async insertEndpoint(e: WebhookEndpointRow): Promise<void> {
    await this.db
      .insertInto('webhook_endpoints')
      .values({
        id: e.id,
        business_line_id: e.businessLineId,
        url: e.url,
        events_json: JSON.stringify(e.events),
        secret_sealed: e.secretSealed,
        status: e.status,
        created_at: e.createdAt,
        updated_at: e.updatedAt,
      })
      .execute();
  }

  async endpoints(businessLineId: string): Promise<WebhookEndpointRow[]> {
    const rows = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(endpointOf);
  }

  async endpoint(businessLineId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    const r = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && endpointOf(r);
  }

  async setEndpointStatus(businessLineId: string, id: string, status: EndpointStatus, now: number) {
    await this.db
      .updateTable('webhook_endpoints')
      .set({ status, updated_at: now })
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .execute();
  }

  /** The active endpoints of a line with their subscriptions: the outbox's one query. */
  async subscriptions(businessLineId: string): Promise<{ id: string; events: string[] }[]> {
    const rows = await this.db
      .selectFrom('webhook_endpoints')
      .select(['id', 'events_json'])
      .where('business_line_id', '=', businessLineId)
      .where('status', '=', 'active')
      .execute();
    return rows.map((r) => ({ id: r.id, events: JSON.parse(r.events_json) as string[] }));
  }

  async deliveryRow(
    businessLineId: string,
    id: string,
  ): Promise<Selectable<WebhookDeliveriesTable> | undefined> {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Deliveries to one endpoint, newest first, each with its event and its attempts. */
  async deliveries(
    businessLineId: string,
    endpointId: string,
    page: PageRequest,
  ): Promise<Page<WebhookDelivery>> {
    const q = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .where('business_line_id', '=', businessLineId);
    const rows = await keysetPage(q, page, (r) => ({ ...r, id: r.id, createdAt: Number(r.created_at) }));
    return { items: await this.#withDetails(rows.items), nextCursor: rows.nextCursor };
  }

  /** Deliveries of the events about one contract, to any endpoint, newest first. */
  async contractDeliveries(
    businessLineId: string,
    contractId: string,
    page: PageRequest,
  ): Promise<Page<WebhookDelivery>> {
    const q = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where(
        'event_id',
        'in',
        this.db
          .selectFrom('webhook_events')
          .select('id')
          .where('business_line_id', '=', businessLineId)
          .where('contract_id', '=', contractId),
      )
      .where('business_line_id', '=', businessLineId);
    const rows = await keysetPage(q, page, (r) => ({ ...r, id: r.id, createdAt: Number(r.created_at) }));
    return { items: await this.#withDetails(rows.items), nextCursor: rows.nextCursor };
  }

  async delivery(businessLineId: string, id: string): Promise<WebhookDelivery | undefined> {
    const r = await this.deliveryRow(businessLineId, id);
    return r && (await this.#withDetails([r]))[0];
  }

  async #withDetails(rows: Selectable<WebhookDeliveriesTable>[]): Promise<WebhookDelivery[]> {
    if (rows.length === 0) return [];
    const events = await this.db
      .selectFrom('webhook_events')
      .select(['id', 'type', 'created_at'])
      .where('id', 'in', [...new Set(rows.map((r) => r.event_id))])
      .execute();
    const attempts = await this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where(
        'delivery_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('delivery_id')
      .orderBy('attempt')
      .orderBy('at')
      .execute();
    const eventById = new Map(events.map((e) => [e.id, e]));
    return rows.map((r) => {
      const e = eventById.get(r.event_id);
      return {
        id: r.id,
        endpointId: r.endpoint_id,
        event: { id: r.event_id, type: e?.type ?? 'unknown', createdAt: Number(e?.created_at ?? 0) },
        status: r.status,
        attempts: r.attempts,
        lastStatusCode: r.last_status_code,
        lastError: r.last_error,
        nextAttemptAt: num(r.next_attempt_at),
        deliveredAt: num(r.delivered_at),
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
        attemptLog: attempts.filter((a) => a.delivery_id === r.id).map(attemptOf),
      };
    });
  }
}
