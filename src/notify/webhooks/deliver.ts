/**
 * The `webhooks.deliver` job: one try of one delivery. Each job names the try it makes
 * (`attempt`); a try is claimed by a compare-and-set on the delivery's `attempts`, so a duplicate
 * job, a redelivery racing a scheduled retry, or a delivery already `delivered` sends nothing.
 * After the try, its attempt row, the delivery's new state and the job of the next try (at
 * `retryDelayMs`) are written in one transaction; the queue's own backoff is only for a job that
 * could not run at all.
 *
 * Crash safety: a claimed try marks `next_attempt_at` as "claimed until"; if the process dies
 * before recording it, the re-run job finds no attempt row and an expired claim, and takes the
 * try over (at-least-once, as receivers are told: they deduplicate on the event id).
 */
import type { JobRunner } from '../../jobs/runner.js';
import type { MasterKey } from '../../pki/master-key.js';
import type { Db } from '../../store/database.js';
import { newId } from '../../store/ids.js';
import type { Dialect } from '../../store/migrations.js';
import type { Resolver } from './guard.js';
import { DEFAULT_TIMEOUT_MS, postJson, storableText, type PostResult } from './http-post.js';
import { DELIVER_JOB, enqueueTry, type DeliverJob } from './outbox.js';
import { deliveryHeaders, eventBody } from './payload.js';
import { retryDelayMs } from './schedule.js';

/** The aad binding a sealed endpoint secret to its endpoint id. */
export const webhookSecretAad = (endpointId: string) => `webhook-secret:${endpointId}`;

/** How long a claimed try may run before another job may take it over (≫ the 10 s deadline). */
export const CLAIM_MS = 60_000;

export interface DeliveryDeps {
  db: Db;
  dialect: Dialect;
  masterKey: MasterKey;
  /** config.webhookAllowPrivate: deliver to private and loopback addresses too. */
  allowPrivate: boolean;
  timeoutMs?: number;
  resolver?: Resolver;
  now?: () => number;
  /** Test hook: the HTTP exchange. */
  post?: typeof postJson;
}

export type TryOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

/** Thrown while the previous try of a delivery still runs: the queue re-runs the job later. */
export class TryInFlightError extends Error {
  constructor(deliveryId: string) {
    super(`a try of ${deliveryId} is still running`);
    this.name = 'TryInFlightError';
  }
}

export class WebhookDeliverer {
  readonly #now: () => number;

  constructor(private readonly deps: DeliveryDeps) {
    this.#now = deps.now ?? Date.now;
  }

  /** Makes try `attempt` of the delivery, if it is still due. */
  async run({ deliveryId, attempt }: DeliverJob): Promise<TryOutcome> {
    const { db } = this.deps;
    const d = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
      .select([
        'd.status',
        'd.attempts',
        'd.next_attempt_at',
        'e.id as event_id',
        'e.type',
        'e.data_json',
        'e.created_at as event_created_at',
        'w.id as endpoint_id',
        'w.url',
        'w.status as endpoint_status',
        'w.secret_sealed',
      ])
      .where('d.id', '=', deliveryId)
      .executeTakeFirst();
    if (!d || d.status !== 'pending') return 'skipped';
    const now = this.#now();
    if (d.endpoint_status !== 'active') {
      await db
        .updateTable('webhook_deliveries')
        .set({
          status: 'failed',
          last_error: 'the endpoint was disabled',
          next_attempt_at: null,
          updated_at: now,
        })
        .where('id', '=', deliveryId)
        .where('status', '=', 'pending')
        .execute();
      return 'failed';
    }
    if (!(await this.#claim(deliveryId, attempt, d.attempts, d.next_attempt_at, now))) return 'skipped';

    const at = this.#now();
    let result: PostResult;
    // Whatever goes wrong from here on is this try's failure, recorded like a refused connection:
    // an exception would leave the try claimed and unrecorded until its claim ran out.
    try {
      const body = eventBody({
        id: d.event_id,
        type: d.type,
        createdAt: Number(d.event_created_at),
        data: JSON.parse(d.data_json) as Record<string, unknown>,
      });
      const secret = this.deps.masterKey
        .open(d.secret_sealed, webhookSecretAad(d.endpoint_id))
        .toString('utf8');
      result = await (this.deps.post ?? postJson)(
        d.url,
        body,
        deliveryHeaders(secret, body, d, deliveryId, at),
        {
          allowPrivate: this.deps.allowPrivate,
          timeoutMs: this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          ...(this.deps.resolver ? { resolver: this.deps.resolver } : {}),
        },
      );
    } catch (e) {
      result = { statusCode: null, durationMs: 0, responseHead: null, error: String(e) };
    }
    return this.#record(deliveryId, attempt, at, result);
  }

  /**
   * Takes try `attempt`: normally the next one after a recorded try; or, when an earlier run of
   * this very try died before recording it, that try again once its claim ran out.
   */
  async #claim(
    deliveryId: string,
    attempt: number,
    attempts: number,
    claimedUntil: number | null,
    now: number,
  ): Promise<boolean> {
    const { db } = this.deps;
    const recorded = async (n: number) =>
      n === 0 ||
      (await db
        .selectFrom('webhook_attempts')
        .select('id')
        .where('delivery_id', '=', deliveryId)
        .where('attempt', '=', n)
        .executeTakeFirst()) !== undefined;
    let from: 'next' | 'takeover';
    if (attempt === attempts + 1) {
      if (!(await recorded(attempts))) throw new TryInFlightError(deliveryId);
      from = 'next';
    } else if (attempt === attempts && !(await recorded(attempts))) {
      if (claimedUntil !== null && claimedUntil > now) throw new TryInFlightError(deliveryId);
      from = 'takeover';
    } else return false; // an older try (already recorded) or one out of turn
    let q = db
      .updateTable('webhook_deliveries')
      .set({ attempts: attempt, next_attempt_at: now + CLAIM_MS, updated_at: now })
      .where('id', '=', deliveryId)
      .where('status', '=', 'pending')
      .where('attempts', '=', attempts);
    if (from === 'takeover')
      q = q.where((w) =>
        claimedUntil === null ? w('next_attempt_at', 'is', null) : w('next_attempt_at', '=', claimedUntil),
      );
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async #record(deliveryId: string, attempt: number, at: number, result: PostResult): Promise<TryOutcome> {
    const code = result.statusCode;
    const ok = code !== null && code >= 200 && code < 300 && result.error === null;
    const error = ok ? null : (result.error ?? `HTTP ${code}`);
    const delay = ok ? null : retryDelayMs(attempt);
    const finishedAt = Math.max(this.#now(), at + result.durationMs);
    const outcome: TryOutcome = ok ? 'delivered' : delay === null ? 'failed' : 'retry';
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({
          id: newId('wha'),
          delivery_id: deliveryId,
          attempt,
          at,
          status_code: code,
          duration_ms: result.durationMs,
          response_head: result.responseHead,
          error: error === null ? null : storableText(error, 1000),
        })
        .execute();
      await trx
        .updateTable('webhook_deliveries')
        .set({
          status: outcome === 'retry' ? 'pending' : outcome,
          last_status_code: code,
          last_error: error === null ? null : storableText(error, 1000),
          delivered_at: ok ? finishedAt : null,
          next_attempt_at: delay === null ? null : finishedAt + delay,
          updated_at: finishedAt,
        })
        .where('id', '=', deliveryId)
        .execute();
      if (delay !== null)
        await enqueueTry(trx, this.deps.dialect, { deliveryId, attempt: attempt + 1 }, finishedAt + delay);
    });
    return outcome;
  }
}

/** Registers the `webhooks.deliver` handler with the job runner. */
export function registerWebhookJobs(runner: JobRunner, deps: DeliveryDeps): WebhookDeliverer {
  const deliverer = new WebhookDeliverer(deps);
  runner.register(DELIVER_JOB, async (payload) => {
    await deliverer.run(payload as DeliverJob);
  });
  return deliverer;
}
