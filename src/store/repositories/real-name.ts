/** Real-name verifications (实名认证) of a business line's subjects (migration 0010). */
import type { Db } from '../database.js';
import type { RealNameVerificationsTable } from '../schema.js';

export interface RealNameRow {
  id: string;
  businessLineId: string;
  subjectKey: string;
  subject: { idType: string; id: string };
  kind: 'person' | 'organization';
  name: string;
  idNumberHash: string;
  idNumberMasked: string;
  factorsSealed: string;
  details: Record<string, unknown>;
  provider: 'manual' | 'http';
  method: string;
  status: 'pending' | 'verified' | 'failed' | 'rejected';
  reason: string | null;
  providerReference: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const rowOf = (r: RealNameVerificationsTable): RealNameRow => ({
  id: r.id,
  businessLineId: r.business_line_id,
  subjectKey: r.subject_key,
  subject: JSON.parse(r.subject_json) as RealNameRow['subject'],
  kind: r.kind,
  name: r.name,
  idNumberHash: r.id_number_hash,
  idNumberMasked: r.id_number_masked,
  factorsSealed: r.factors_sealed,
  details: JSON.parse(r.details_json) as Record<string, unknown>,
  provider: r.provider,
  method: r.method,
  status: r.status,
  reason: r.reason,
  providerReference: r.provider_reference,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at === null ? null : Number(r.decided_at),
  expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export interface RealNameFilter {
  subjectKey?: string;
  idNumberHash?: string;
  status?: RealNameRow['status'];
  kind?: RealNameRow['kind'];
}

export class RealNameRepository {
  constructor(private readonly db: Db) {}

  async insert(r: RealNameRow): Promise<void> {
    await this.db
      .insertInto('real_name_verifications')
      .values({
        id: r.id,
        business_line_id: r.businessLineId,
        subject_key: r.subjectKey,
        subject_json: JSON.stringify(r.subject),
        kind: r.kind,
        name: r.name,
        id_number_hash: r.idNumberHash,
        id_number_masked: r.idNumberMasked,
        factors_sealed: r.factorsSealed,
        details_json: JSON.stringify(r.details),
        provider: r.provider,
        method: r.method,
        status: r.status,
        reason: r.reason,
        provider_reference: r.providerReference,
        decided_by: r.decidedBy,
        decided_at: r.decidedAt,
        expires_at: r.expiresAt,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
      })
      .execute();
  }

  async get(businessLineId: string, id: string): Promise<RealNameRow | undefined> {
    const r = await this.db
      .selectFrom('real_name_verifications')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && rowOf(r);
  }

  /**
   * Decides a pending record: true when this call moved it (compare-and-set on `pending`, so two
   * operators deciding at once cannot both win).
   */
  async decide(
    businessLineId: string,
    id: string,
    change: Pick<RealNameRow, 'status' | 'reason' | 'decidedBy' | 'decidedAt' | 'expiresAt' | 'updatedAt'>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('real_name_verifications')
      .set({
        status: change.status,
        reason: change.reason,
        decided_by: change.decidedBy,
        decided_at: change.decidedAt,
        expires_at: change.expiresAt,
        updated_at: change.updatedAt,
      })
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Newest first; the cursor is `<createdAt>:<id>` of the last row of the previous page. */
  async list(
    businessLineId: string,
    filter: RealNameFilter,
    page: { after?: { createdAt: number; id: string }; limit: number },
  ): Promise<RealNameRow[]> {
    let q = this.db
      .selectFrom('real_name_verifications')
      .selectAll()
      .where('business_line_id', '=', businessLineId);
    if (filter.subjectKey !== undefined) q = q.where('subject_key', '=', filter.subjectKey);
    if (filter.idNumberHash !== undefined) q = q.where('id_number_hash', '=', filter.idNumberHash);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    const after = page.after;
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
        ]),
      );
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
    return rows.map(rowOf);
  }
}
