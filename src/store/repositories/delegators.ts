/**
 * Delegators (委托方): the organisations of a business line that delegate signing, derived from
 * their authorizations (grouped by subject key) — no table of their own, so a delegator exists as
 * long as one authorization names it. Each page also gathers what the console shows beside one:
 * its active seals, its newest real-name verification and its last use (`authorization.used`).
 * Keyset-paginated, newest authorization first, over (max created_at, subject_key).
 */
import { sql } from 'kysely';
import { HetongError } from '../../shared/errors.js';
import type { Db } from '../database.js';
import type { RealNameVerificationsTable } from '../schema.js';
import type { Page, PageRequest } from './keyset.js';
import { SealRepository } from './seals.js';

export interface DelegatorRow {
  /** As its newest authorization names it (validated as a subject before it was stored). */
  subject: { kind: 'person' | 'organization'; idType: string; id: string; name: string };
  authorizations: { active: number; total: number };
  /** Newest authorization's creation time: the list's order. */
  lastAuthorizedAt: number;
  /** When the business line last signed under one of its authorizations. */
  lastUsedAt: number | null;
  activeSeals: number;
  /** Its newest real-name verification, if any. */
  realName: { status: RealNameVerificationsTable['status']; updatedAt: number } | null;
}

function encode(at: number, key: string): string {
  return Buffer.from(JSON.stringify([at, key])).toString('base64url');
}

function decode(cursor: string): { at: number; key: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(v) && Number.isSafeInteger(v[0]) && typeof v[1] === 'string')
      return { at: v[0] as number, key: v[1] };
  } catch {
    // Not JSON: refused below like any other foreign cursor.
  }
  throw new HetongError('CURSOR_INVALID', 400, 'the cursor is not one this API returned');
}

export class DelegatorRepository {
  constructor(private readonly db: Db) {}

  /** One page; `now` decides which authorizations still count as active (not lapsed). */
  async list(lineId: string, now: number, page: PageRequest): Promise<Page<DelegatorRow>> {
    const lastCreated = sql<number>`max(created_at)`;
    let q = this.db
      .selectFrom('authorizations')
      .select([
        'subject_key',
        lastCreated.as('last_created'),
        sql<number>`count(*)`.as('total'),
        sql<number>`sum(case when status = 'active' and valid_to > ${now} then 1 else 0 end)`.as('active'),
      ])
      .where('business_line_id', '=', lineId)
      .groupBy('subject_key');
    if (page.cursor) {
      const c = decode(page.cursor);
      q = q.having(
        sql<boolean>`(max(created_at) < ${c.at} or (max(created_at) = ${c.at} and subject_key < ${c.key}))`,
      );
    }
    const groups = await q
      .orderBy(lastCreated, 'desc')
      .orderBy('subject_key', 'desc')
      .limit(page.limit + 1)
      .execute();
    const shown = groups.slice(0, page.limit);
    const keys = shown.map((g) => g.subject_key);
    if (!keys.length) return { items: [], nextCursor: null };

    // Every authorization of the page's delegators: their newest subject and their ids.
    const rows = await this.db
      .selectFrom('authorizations')
      .select(['id', 'subject_key', 'subject_json'])
      .where('business_line_id', '=', lineId)
      .where('subject_key', 'in', keys)
      .orderBy('created_at', 'desc')
      .execute();
    const subjectOf = new Map<string, DelegatorRow['subject']>();
    const keyOfAuth = new Map<string, string>();
    for (const r of rows) {
      keyOfAuth.set(r.id, r.subject_key);
      if (!subjectOf.has(r.subject_key))
        subjectOf.set(r.subject_key, JSON.parse(r.subject_json) as DelegatorRow['subject']);
    }

    const lastUse = new Map<string, number>();
    const uses = await this.db
      .selectFrom('audit_events')
      .select(['target', sql<number>`max(at)`.as('at')])
      .where('business_line_id', '=', lineId)
      .where('action', '=', 'authorization.used')
      .where('target', 'in', [...keyOfAuth.keys()])
      .groupBy('target')
      .execute();
    for (const u of uses) {
      const key = keyOfAuth.get(u.target)!;
      lastUse.set(key, Math.max(lastUse.get(key) ?? 0, Number(u.at)));
    }

    const realName = new Map<string, DelegatorRow['realName']>();
    for (const v of await this.db
      .selectFrom('real_name_verifications')
      .select(['subject_key', 'status', 'updated_at'])
      .where('business_line_id', '=', lineId)
      .where('subject_key', 'in', keys)
      .orderBy('created_at', 'desc')
      .execute())
      if (!realName.has(v.subject_key))
        realName.set(v.subject_key, { status: v.status, updatedAt: Number(v.updated_at) });

    const seals = new Map<string, number>();
    const subjects = keys.map((k) => subjectOf.get(k)!);
    for (const s of await new SealRepository(this.db).activeCounts(lineId, subjects))
      seals.set(`${s.idType}:${s.id}`, s.count);

    const items = shown.map((g): DelegatorRow => {
      const subject = subjectOf.get(g.subject_key)!;
      return {
        subject: { kind: subject.kind, idType: subject.idType, id: subject.id, name: subject.name },
        authorizations: { active: Number(g.active), total: Number(g.total) },
        lastAuthorizedAt: Number(g.last_created),
        lastUsedAt: lastUse.get(g.subject_key) ?? null,
        activeSeals: seals.get(g.subject_key) ?? 0,
        realName: realName.get(g.subject_key) ?? null,
      };
    });
    const last = shown.at(-1);
    return {
      items,
      nextCursor:
        groups.length > page.limit && last ? encode(Number(last.last_created), last.subject_key) : null,
    };
  }
}
