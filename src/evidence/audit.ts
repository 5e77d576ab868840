/**
 * The audit trail: one row per state change — who (actor), did what (action), to what (target),
 * under which request, from where. Every service that changes state records through `record`.
 * Rows are never updated or deleted by the application.
 */
import { sql, type Selectable } from 'kysely';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import type { AuditEventsTable } from '../store/schema.js';
import { leafData, leafHashHex, type LeafEvent } from './log/leaf.js';

type AuditEventRow = Selectable<AuditEventsTable>;

export interface AuditEntry {
  /** `admin:<accountId>`, `app:<appId>`, `system`, `cli`. */
  actor: string;
  /** Dotted verb, e.g. `business_line.created`, `admin.login_failed`. */
  action: string;
  /** The id of the object acted on. */
  target: string;
  /** The business line owning the target; null for platform-level objects. */
  businessLineId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEvent extends Required<Omit<AuditEntry, 'details'>> {
  id: number;
  details: Record<string, unknown>;
  at: number;
}

export class AuditTrail {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records an event, inside the caller's transaction `db` when given. Its evidence-log leaf hash
   * is written with it (same row, same transaction); the sequencer adds it to the tree.
   */
  async record(entry: AuditEntry, db: Db = this.db): Promise<void> {
    const detailsJson = JSON.stringify(entry.details ?? {});
    const row = {
      business_line_id: entry.businessLineId ?? null,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      request_id: entry.requestId ?? null,
      ip: entry.ip ?? null,
      details_json: detailsJson,
      at: this.now(),
    };
    await db
      .insertInto('audit_events')
      .values({ ...row, leaf_hash: leafHashHex(leafData(leafEventOf(row))) })
      .execute();
  }

  /**
   * Records a change that `by` (the request's actor, request id and address) made to `target`, an
   * object of business line `businessLineId`, inside the caller's transaction `db`.
   */
  recordBy(
    db: Db,
    by: { actor: string; requestId?: string | null; ip?: string | null },
    businessLineId: string,
    action: string,
    target: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    const { actor, requestId, ip } = by;
    return this.record({ actor, requestId, ip, businessLineId, action, target, details }, db);
  }

  /**
   * Events of one target, oldest first. With `businessLineId` only that line's events are
   * returned (a business line never sees another's history).
   */
  async forTarget(
    target: string,
    options: { businessLineId?: string; limit?: number } = {},
  ): Promise<AuditEvent[]> {
    let q = this.db.selectFrom('audit_events').selectAll().where('target', '=', target);
    if (options.businessLineId !== undefined) q = q.where('business_line_id', '=', options.businessLineId);
    const rows = await q
      .orderBy('id')
      .limit(options.limit ?? 500)
      .execute();
    return rows.map(eventOf);
  }

  /**
   * Events newest first, for the console's audit search and dashboard: by business line (null for
   * platform events such as logins), actor, target, and action prefix (`contract.` finds every
   * contract event). The cursor is the id of the last event of the previous page.
   */
  async search(
    filter: AuditFilter,
    page: { cursor?: string; limit: number },
  ): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
    let q = this.db.selectFrom('audit_events').selectAll();
    if (filter.businessLineId !== undefined)
      q =
        filter.businessLineId === null
          ? q.where('business_line_id', 'is', null)
          : q.where('business_line_id', '=', filter.businessLineId);
    if (filter.actor) q = q.where('actor', '=', filter.actor);
    if (filter.target) q = q.where('target', '=', filter.target);
    // LIKE with the prefix's own % and _ escaped, so a prefix matches only itself.
    if (filter.actionPrefix)
      q = q.where(
        sql<boolean>`action like ${filter.actionPrefix.replace(/[!%_]/g, (c) => `!${c}`) + '%'} escape '!'`,
      );
    if (page.cursor !== undefined) {
      const before = Number(page.cursor);
      if (!Number.isSafeInteger(before))
        throw new HetongError('VALIDATION_FAILED', 400, 'cursor is not one this list gave');
      q = q.where('id', '<', before);
    }
    const rows = await q
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const items = rows.slice(0, page.limit).map(eventOf);
    return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.id) : null };
  }
}

export interface AuditFilter {
  /** A line's events; `null` for platform events (logins, accounts, business lines). */
  businessLineId?: string | null;
  actor?: string;
  target?: string;
  actionPrefix?: string;
}

/**
 * The leaf an event row stands for. Details are read back from their stored JSON so the leaf is
 * the same whether computed at recording or later from the row.
 */
export function leafEventOf(
  r: Pick<
    AuditEventRow,
    'at' | 'actor' | 'action' | 'target' | 'business_line_id' | 'request_id' | 'ip' | 'details_json'
  >,
): LeafEvent {
  return {
    at: r.at,
    actor: r.actor,
    action: r.action,
    target: r.target,
    businessLineId: r.business_line_id,
    requestId: r.request_id,
    ip: r.ip,
    details: JSON.parse(r.details_json) as Record<string, unknown>,
  };
}

function eventOf(r: AuditEventRow): AuditEvent {
  return {
    id: Number(r.id),
    businessLineId: r.business_line_id,
    actor: r.actor,
    action: r.action,
    target: r.target,
    requestId: r.request_id,
    ip: r.ip,
    details: JSON.parse(r.details_json) as Record<string, unknown>,
    at: r.at,
  };
}
