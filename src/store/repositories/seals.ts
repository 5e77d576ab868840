import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../database.js';

export type SealKindColumn = 'round' | 'square' | 'uploaded' | 'handwritten';

/** `seals` (migration 0003): one row per seal image; a replaced seal keeps its row, disabled. */
export interface SealsTable {
  seals: {
    id: string; // seal_…
    business_line_id: string;
    subject_kind: 'person' | 'organisation';
    subject_id_type: string;
    subject_id: string;
    subject_name: string;
    kind: SealKindColumn;
    /** Content key of the PNG in the blob store. */
    blob_key: string;
    width_mm: number;
    height_mm: number;
    status: 'active' | 'disabled';
    /** The seal this one replaced / the seal that replaced this one. */
    replaces: string | null;
    replaced_by: string | null;
    disabled_at: number | null;
    created_at: number;
    updated_at: number;
  };
}

export type SealRow = SealsTable['seals'];

export interface SealListFilter {
  subjectIdType?: string;
  subjectId?: string;
  status?: 'active' | 'disabled';
}

/** Every query is scoped by business line: another line's seal is indistinguishable from none. */
export class SealRepository {
  private readonly db: Kysely<SealsTable>;

  constructor(db: Db | Transaction<object>) {
    // The table is declared here, beside its only user, rather than in the shared schema.ts.
    this.db = db as unknown as Kysely<SealsTable>;
  }

  withDb(db: Db | Transaction<object>): SealRepository {
    return new SealRepository(db);
  }

  async insert(row: SealRow): Promise<void> {
    await this.db.insertInto('seals').values(row).execute();
  }

  async get(businessLineId: string, id: string): Promise<SealRow | undefined> {
    return this.db
      .selectFrom('seals')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Newest first. */
  async list(businessLineId: string, filter: SealListFilter = {}, limit = 200): Promise<SealRow[]> {
    let q = this.db.selectFrom('seals').selectAll().where('business_line_id', '=', businessLineId);
    if (filter.subjectIdType !== undefined) q = q.where('subject_id_type', '=', filter.subjectIdType);
    if (filter.subjectId !== undefined) q = q.where('subject_id', '=', filter.subjectId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** How many active seals each of `subjects` holds (subjects without any are left out). */
  async activeCounts(
    businessLineId: string,
    subjects: readonly { idType: string; id: string }[],
  ): Promise<{ idType: string; id: string; count: number }[]> {
    if (!subjects.length) return [];
    const rows = await this.db
      .selectFrom('seals')
      .select(['subject_id_type', 'subject_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('business_line_id', '=', businessLineId)
      .where('status', '=', 'active')
      .where((eb) =>
        eb.or(
          subjects.map((s) => eb.and([eb('subject_id_type', '=', s.idType), eb('subject_id', '=', s.id)])),
        ),
      )
      .groupBy(['subject_id_type', 'subject_id'])
      .execute();
    return rows.map((r) => ({ idType: r.subject_id_type, id: r.subject_id, count: Number(r.n) }));
  }

  /**
   * Disables an active seal (optionally recording its successor); returns false when the seal was
   * not active — the status test in the WHERE makes two concurrent disables change it once.
   */
  async disable(businessLineId: string, id: string, now: number, replacedBy?: string): Promise<boolean> {
    const result = await this.db
      .updateTable('seals')
      .set({ status: 'disabled', disabled_at: now, updated_at: now, replaced_by: replacedBy ?? null })
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
