/**
 * Authorizations (委托签约授权) a business line holds from an organisation: for the platform
 * (automatic signing, 自动签) or for a person (经办人), each with its signed authorization letter.
 */
import type { Db } from '../database.js';
import type { AuthorizationsTable } from '../schema.js';

export interface AuthorizationRow {
  id: string;
  businessLineId: string;
  subjectKey: string;
  subject: Record<string, unknown>;
  /** null: every template of the business line. */
  templateIds: string[] | null;
  validFrom: number;
  validTo: number;
  status: 'active' | 'revoked';
  revokeReason: string | null;
  revokedAt: number | null;
  /** Whom it authorises: the platform (automatic signing) or a person subject. */
  delegate: { kind: 'platform' } | { kind: 'person'; subject: Record<string, unknown> };
  letterBlobKey: string | null;
  letterSha256: string | null;
  letterCertificateSerial: string | null;
  createdAt: number;
  updatedAt: number;
}

const rowOf = (r: AuthorizationsTable): AuthorizationRow => ({
  id: r.id,
  businessLineId: r.business_line_id,
  subjectKey: r.subject_key,
  subject: JSON.parse(r.subject_json) as Record<string, unknown>,
  templateIds: r.template_ids_json === null ? null : (JSON.parse(r.template_ids_json) as string[]),
  validFrom: r.valid_from,
  validTo: r.valid_to,
  status: r.status,
  revokeReason: r.revoke_reason,
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  delegate:
    r.delegate_json === null
      ? { kind: 'platform' }
      : (JSON.parse(r.delegate_json) as AuthorizationRow['delegate']),
  letterBlobKey: r.letter_blob_key,
  letterSha256: r.letter_sha256,
  letterCertificateSerial: r.letter_certificate_serial,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class AuthorizationRepository {
  constructor(private readonly db: Db) {}

  async insert(a: AuthorizationRow): Promise<void> {
    await this.db
      .insertInto('authorizations')
      .values({
        id: a.id,
        business_line_id: a.businessLineId,
        subject_key: a.subjectKey,
        subject_json: JSON.stringify(a.subject),
        template_ids_json: a.templateIds === null ? null : JSON.stringify(a.templateIds),
        valid_from: a.validFrom,
        valid_to: a.validTo,
        status: a.status,
        revoke_reason: a.revokeReason,
        revoked_at: a.revokedAt,
        delegate_json: a.delegate.kind === 'platform' ? null : JSON.stringify(a.delegate),
        letter_blob_key: a.letterBlobKey,
        letter_sha256: a.letterSha256,
        letter_certificate_serial: a.letterCertificateSerial,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      })
      .execute();
  }

  async get(businessLineId: string, id: string): Promise<AuthorizationRow | undefined> {
    const r = await this.db
      .selectFrom('authorizations')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && rowOf(r);
  }

  async list(businessLineId: string, subjectKey?: string): Promise<AuthorizationRow[]> {
    let q = this.db.selectFrom('authorizations').selectAll().where('business_line_id', '=', businessLineId);
    if (subjectKey) q = q.where('subject_key', '=', subjectKey);
    return (await q.orderBy('created_at', 'desc').limit(500).execute()).map(rowOf);
  }

  async revoke(businessLineId: string, id: string, reason: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('authorizations')
      .set({ status: 'revoked', revoke_reason: reason, revoked_at: now, updated_at: now })
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

/** The long-lived certificate of an organisation (or of the platform) in this business line. */
export class SubjectCertificateRepository {
  constructor(private readonly db: Db) {}

  async serial(businessLineId: string, subjectKey: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('subject_certificates')
      .select('serial')
      .where('business_line_id', '=', businessLineId)
      .where('subject_key', '=', subjectKey)
      .executeTakeFirst();
    return r?.serial;
  }

  /** Records the certificate unless another node recorded one first; returns the one that holds. */
  async putIfAbsent(
    businessLineId: string,
    subjectKey: string,
    serial: string,
    now: number,
  ): Promise<string> {
    await this.db
      .insertInto('subject_certificates')
      .values({ business_line_id: businessLineId, subject_key: subjectKey, serial, created_at: now })
      .onConflict((oc) => oc.columns(['business_line_id', 'subject_key']).doNothing())
      .execute();
    return (await this.serial(businessLineId, subjectKey)) ?? serial;
  }

  /** Replaces a certificate that can no longer sign (revoked or expired). */
  async replace(businessLineId: string, subjectKey: string, serial: string, now: number): Promise<void> {
    await this.db
      .updateTable('subject_certificates')
      .set({ serial, created_at: now })
      .where('business_line_id', '=', businessLineId)
      .where('subject_key', '=', subjectKey)
      .execute();
  }
}
