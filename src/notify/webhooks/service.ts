/**
 * Webhook endpoints of a business line (业务线): register one (its signing secret is shown once
 * and stored sealed under the master key), list, disable, read the deliveries with their attempt
 * log, and redeliver. A line only ever sees its own endpoints and deliveries (others are 404).
 */
import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../../evidence/audit.js';
import type { MasterKey } from '../../pki/master-key.js';
import { HetongError } from '../../shared/errors.js';
import type { Db } from '../../store/database.js';
import { newId } from '../../store/ids.js';
import type { Dialect } from '../../store/migrations.js';
import type { Page, PageRequest } from '../../store/repositories/keyset.js';
import type { ActorContext } from '../../tenancy/context.js';
import { webhookSecretAad } from './deliver.js';
import { ALL_EVENTS, isWebhookEventType, WEBHOOK_EVENT_TYPES } from './events.js';
import { checkWebhookUrl, hostOf, isBlockedAddress, systemResolver, type Resolver } from './guard.js';
import { enqueueTry, WebhookOutbox } from './outbox.js';
import {
  publicEndpoint,
  WebhookRepository,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './repository.js';

export interface WebhookServiceDeps {
  db: Db;
  dialect: Dialect;
  masterKey: MasterKey;
  audit: AuditTrail;
  /** config.webhookAllowPrivate */
  allowPrivate: boolean;
  outbox?: WebhookOutbox;
  resolver?: Resolver;
  now?: () => number;
}

/** An endpoint as registered: the only time its secret is shown. */
export interface RegisteredEndpoint extends WebhookEndpoint {
  secret: string;
}

/** Endpoints per business line, at most (a line needs a handful). */
export const MAX_ENDPOINTS = 20;

/** How long registration waits for DNS before accepting the name unchecked. */
const RESOLVE_TIMEOUT_MS = 2000;

const endpointNotFound = () => new HetongError('WEBHOOK_NOT_FOUND', 404, 'no such webhook endpoint');
const deliveryNotFound = () => new HetongError('WEBHOOK_DELIVERY_NOT_FOUND', 404, 'no such webhook delivery');

export class WebhookService {
  /** Where the contract and template code emit events (in their own transactions). */
  readonly outbox: WebhookOutbox;
  readonly #repo: WebhookRepository;
  readonly #now: () => number;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.outbox = deps.outbox ?? new WebhookOutbox(deps.dialect);
    this.#repo = new WebhookRepository(deps.db);
    this.#now = deps.now ?? Date.now;
  }

  async create(
    businessLineId: string,
    input: { url: string; events: string[] },
    actor: ActorContext,
  ): Promise<RegisteredEndpoint> {
    const url = checkWebhookUrl(input.url, this.deps.allowPrivate);
    await this.#assertResolvesPublic(url);
    const events = [...new Set(input.events)];
    const unknown = events.filter((e) => e !== ALL_EVENTS && !isWebhookEventType(e));
    if (events.length === 0 || unknown.length > 0)
      throw new HetongError('WEBHOOK_EVENTS_INVALID', 400, 'subscribe to known event types, or "*" for all', {
        unknown,
        known: WEBHOOK_EVENT_TYPES,
      });
    const existing = await this.#repo.endpoints(businessLineId);
    if (existing.filter((e) => e.status === 'active').length >= MAX_ENDPOINTS)
      throw new HetongError(
        'WEBHOOK_LIMIT_REACHED',
        409,
        `a business line has at most ${MAX_ENDPOINTS} endpoints`,
      );
    const now = this.#now();
    const id = newId('wh');
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const row = {
      id,
      businessLineId,
      url: url.href,
      events: events.includes(ALL_EVENTS) ? [ALL_EVENTS] : events,
      status: 'active' as const,
      secretSealed: this.deps.masterKey.seal(secret, webhookSecretAad(id)),
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await this.#repo.withDb(trx).insertEndpoint(row);
      await this.deps.audit.recordBy(trx, actor, businessLineId, 'webhook.created', id, {
        url: row.url,
        events: row.events,
      });
    });
    this.outbox.invalidate(businessLineId);
    return { ...publicEndpoint(row), secret };
  }

  async list(businessLineId: string): Promise<WebhookEndpoint[]> {
    return (await this.#repo.endpoints(businessLineId)).map(publicEndpoint);
  }

  async get(businessLineId: string, id: string): Promise<WebhookEndpoint> {
    const e = await this.#repo.endpoint(businessLineId, id);
    if (!e) throw endpointNotFound();
    return publicEndpoint(e);
  }

  /** Disables an endpoint: no new deliveries; its pending ones end as `failed`. Kept for its log. */
  async disable(businessLineId: string, id: string, actor: ActorContext): Promise<WebhookEndpoint> {
    const e = await this.#repo.endpoint(businessLineId, id);
    if (!e) throw endpointNotFound();
    if (e.status !== 'disabled') {
      await this.deps.db.transaction().execute(async (trx) => {
        await this.#repo.withDb(trx).setEndpointStatus(businessLineId, id, 'disabled', this.#now());
        await this.deps.audit.recordBy(trx, actor, businessLineId, 'webhook.disabled', id, {});
      });
      this.outbox.invalidate(businessLineId);
    }
    return this.get(businessLineId, id);
  }

  async deliveries(
    businessLineId: string,
    endpointId: string,
    page: PageRequest,
  ): Promise<Page<WebhookDelivery>> {
    if (!(await this.#repo.endpoint(businessLineId, endpointId))) throw endpointNotFound();
    return this.#repo.deliveries(businessLineId, endpointId, page);
  }

  /** The deliveries of every event about one contract (none when the contract had no endpoint). */
  async contractDeliveries(
    businessLineId: string,
    contractId: string,
    page: PageRequest,
  ): Promise<Page<WebhookDelivery>> {
    return this.#repo.contractDeliveries(businessLineId, contractId, page);
  }

  async delivery(businessLineId: string, id: string): Promise<WebhookDelivery> {
    const d = await this.#repo.delivery(businessLineId, id);
    if (!d) throw deliveryNotFound();
    return d;
  }

  /**
   * A new try of a delivery now, whatever its state: the same event (id, createdAt, data),
   * signed afresh. A pending delivery keeps its schedule; a delivered or failed one becomes
   * pending until the try is recorded.
   */
  async redeliver(businessLineId: string, id: string, actor: ActorContext): Promise<WebhookDelivery> {
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = this.#repo.withDb(trx);
      const d = await repo.deliveryRow(businessLineId, id);
      if (!d) throw deliveryNotFound();
      const endpoint = await repo.endpoint(businessLineId, d.endpoint_id);
      if (endpoint?.status !== 'active')
        throw new HetongError('WEBHOOK_DISABLED', 409, 'the endpoint of this delivery is disabled', {
          endpointId: d.endpoint_id,
        });
      const now = this.#now();
      if (d.status !== 'pending')
        await trx
          .updateTable('webhook_deliveries')
          .set({ status: 'pending', next_attempt_at: now, updated_at: now })
          .where('id', '=', id)
          .where('status', '=', d.status)
          .execute();
      await enqueueTry(trx, this.deps.dialect, { deliveryId: id, attempt: d.attempts + 1 }, now);
      await this.deps.audit.recordBy(trx, actor, businessLineId, 'webhook.redelivery_requested', id, {
        eventId: d.event_id,
        endpointId: d.endpoint_id,
      });
    });
    return this.delivery(businessLineId, id);
  }

  /**
   * Early feedback at registration: a name that resolves only to refused addresses is refused
   * now rather than failing ten times. A name that does not resolve (yet) is accepted; every
   * delivery checks again.
   */
  async #assertResolvesPublic(url: URL): Promise<void> {
    if (this.deps.allowPrivate) return;
    let addresses: { address: string }[];
    let timer: NodeJS.Timeout | undefined;
    try {
      addresses = await Promise.race([
        (this.deps.resolver ?? systemResolver)(hostOf(url)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('DNS timeout')), RESOLVE_TIMEOUT_MS);
        }),
      ]);
    } catch {
      return;
    } finally {
      clearTimeout(timer);
    }
    const blocked = addresses.find((a) => isBlockedAddress(a.address));
    if (blocked)
      throw new HetongError(
        'WEBHOOK_URL_INVALID',
        400,
        'the webhook URL resolves to a private or reserved address',
        {
          host: hostOf(url),
          address: blocked.address,
        },
      );
  }
}
