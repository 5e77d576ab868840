/**
 * Contracts (合同), their documents and signers, and contract groups (合同组) — always read through
 * the owning business line, so another line's contract is indistinguishable from a missing one.
 */
import type { Db } from '../database.js';
import type { ContractDocumentsTable, ContractSignersTable, ContractsTable } from '../schema.js';
import { keysetPage } from './keyset.js';

export type ContractStatus = 'pending_signing' | 'completed' | 'rejected' | 'revoked' | 'expired';
export interface ContractStats {
  byStatus: Record<ContractStatus, number>;
  createdSince: number;
  completedSince: number;
}
export type SignerStatus = 'waiting' | 'ready' | 'read' | 'signed' | 'rejected';
export type SigningMethod = 'esign' | 'clickwrap';

export interface ContractRow {
  id: string;
  businessLineId: string;
  groupId: string | null;
  title: string;
  status: ContractStatus;
  templateId: string | null;
  templateVersionId: string | null;
  dataSha256: string;
  /** Per document position: the data it was rendered with (null for an uploaded PDF). */
  data: unknown[];
  expiresAt: number | null;
  revokeReason: string | null;
  rejectReason: string | null;
  completedAt: number | null;
  sceneId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ContractDocumentRow {
  id: string;
  contractId: string;
  position: number;
  templateVersionId: string | null;
  blobKey: string;
  sha256: string;
  pages: number;
  originalSha256: string;
  revision: number;
  createdAt: number;
}

export interface ContractSignerRow {
  id: string;
  contractId: string;
  position: number;
  role: string;
  subject: Record<string, unknown> & { id: string };
  status: SignerStatus;
  signedAt: number | null;
  createdAt: number;
  signOrder: number;
  method: SigningMethod;
  /** The sign flow options of this signer (contracts/flow/options.ts SignerOptions). */
  options: Record<string, unknown>;
  readingStartedAt: number | null;
  lastPageSeen: number;
  readAt: number | null;
  rejectReason: string | null;
  signature: Record<string, unknown> | null;
  lastRemindedAt: number | null;
  updatedAt: number;
}

export interface ContractGroupRow {
  id: string;
  name: string;
  createdAt: number;
}

export interface ContractFilter {
  status?: ContractStatus;
  signerId?: string;
  templateId?: string;
  groupId?: string;
  createdFrom?: number;
  createdTo?: number;
}

export { decodeCursor, encodeCursor } from './keyset.js';

const contractOf = (r: ContractsTable): ContractRow => ({
  id: r.id,
  businessLineId: r.business_line_id,
  groupId: r.group_id,
  title: r.title,
  status: r.status as ContractStatus,
  templateId: r.template_id,
  templateVersionId: r.template_version_id,
  dataSha256: r.data_sha256,
  data: JSON.parse(r.data_json) as unknown[],
  expiresAt: r.expires_at,
  revokeReason: r.revoke_reason,
  rejectReason: r.reject_reason,
  completedAt: r.completed_at,
  sceneId: r.scene_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const documentOf = (r: ContractDocumentsTable): ContractDocumentRow => ({
  id: r.id,
  contractId: r.contract_id,
  position: r.position,
  templateVersionId: r.template_version_id,
  blobKey: r.blob_key,
  sha256: r.sha256,
  pages: r.pages,
  originalSha256: r.original_sha256 ?? r.sha256,
  revision: r.revision,
  createdAt: r.created_at,
});

const signerOf = (r: ContractSignersTable): ContractSignerRow => ({
  id: r.id,
  contractId: r.contract_id,
  position: r.position,
  role: r.role,
  subject: JSON.parse(r.subject_json) as ContractSignerRow['subject'],
  status: r.status,
  signedAt: r.signed_at,
  createdAt: r.created_at,
  signOrder: r.sign_order,
  method: r.method,
  options: JSON.parse(r.options_json) as Record<string, unknown>,
  readingStartedAt: r.reading_started_at,
  lastPageSeen: r.last_page_seen,
  readAt: r.read_at,
  rejectReason: r.reject_reason,
  signature: r.signature_json === null ? null : (JSON.parse(r.signature_json) as Record<string, unknown>),
  lastRemindedAt: r.last_reminded_at,
  updatedAt: r.updated_at,
});

export class ContractRepository {
  constructor(private readonly db: Db) {}

  static readonly signerOf = signerOf;

  withDb(db: Db): ContractRepository {
    return new ContractRepository(db);
  }

  /** Inserts the contract with its documents and signers; call inside one transaction. */
  async insert(
    c: ContractRow,
    documents: ContractDocumentRow[],
    signers: ContractSignerRow[],
  ): Promise<void> {
    await this.db
      .insertInto('contracts')
      .values({
        id: c.id,
        business_line_id: c.businessLineId,
        group_id: c.groupId,
        title: c.title,
        status: c.status,
        template_id: c.templateId,
        template_version_id: c.templateVersionId,
        data_sha256: c.dataSha256,
        data_json: JSON.stringify(c.data),
        expires_at: c.expiresAt,
        revoke_reason: c.revokeReason,
        reject_reason: c.rejectReason,
        completed_at: c.completedAt,
        scene_id: c.sceneId,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
    await this.db
      .insertInto('contract_documents')
      .values(
        documents.map((d) => ({
          id: d.id,
          contract_id: d.contractId,
          position: d.position,
          template_version_id: d.templateVersionId,
          blob_key: d.blobKey,
          sha256: d.sha256,
          pages: d.pages,
          original_sha256: d.originalSha256,
          revision: d.revision,
          created_at: d.createdAt,
        })),
      )
      .execute();
    if (signers.length > 0)
      await this.db
        .insertInto('contract_signers')
        .values(
          signers.map((s) => ({
            id: s.id,
            contract_id: s.contractId,
            position: s.position,
            role: s.role,
            subject_json: JSON.stringify(s.subject),
            subject_id: s.subject.id,
            status: s.status,
            signed_at: s.signedAt,
            created_at: s.createdAt,
            sign_order: s.signOrder,
            method: s.method,
            options_json: JSON.stringify(s.options),
            reading_started_at: s.readingStartedAt,
            last_page_seen: s.lastPageSeen,
            read_at: s.readAt,
            reject_reason: s.rejectReason,
            signature_json: s.signature === null ? null : JSON.stringify(s.signature),
            last_reminded_at: s.lastRemindedAt,
            updated_at: s.updatedAt,
          })),
        )
        .execute();
  }

  /** A contract by id alone (sign flows reach it through a signer already scoped to its line). */
  async byId(id: string): Promise<ContractRow | undefined> {
    const r = await this.db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
    return r && contractOf(r);
  }

  async get(businessLineId: string, id: string): Promise<ContractRow | undefined> {
    const r = await this.db
      .selectFrom('contracts')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && contractOf(r);
  }

  async documents(contractId: string): Promise<ContractDocumentRow[]> {
    const rows = await this.db
      .selectFrom('contract_documents')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('position')
      .execute();
    return rows.map(documentOf);
  }

  async signers(contractId: string): Promise<ContractSignerRow[]> {
    const rows = await this.db
      .selectFrom('contract_signers')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('position')
      .execute();
    return rows.map(signerOf);
  }

  /**
   * Newest first; `limit + 1` rows are read to know whether a next page exists. The status is the
   * one as of `now`: a pending contract past its expiry is `expired` even before the
   * `contracts.expire` job has stored it (contracts/state.ts effectiveStatus).
   */
  async list(
    businessLineId: string,
    filter: ContractFilter,
    page: { cursor?: string; limit: number },
    now: number,
  ): Promise<{ items: ContractRow[]; nextCursor: string | null }> {
    let q = this.db.selectFrom('contracts').selectAll().where('business_line_id', '=', businessLineId);
    if (filter.status === 'expired')
      q = q.where((eb) =>
        eb.or([
          eb('status', '=', 'expired'),
          eb.and([eb('status', '=', 'pending_signing'), eb('expires_at', '<=', now)]),
        ]),
      );
    else if (filter.status === 'pending_signing')
      q = q
        .where('status', '=', 'pending_signing')
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
    else if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.templateId) q = q.where('template_id', '=', filter.templateId);
    if (filter.groupId) q = q.where('group_id', '=', filter.groupId);
    if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom);
    if (filter.createdTo !== undefined) q = q.where('created_at', '<', filter.createdTo);
    if (filter.signerId) {
      const signerId = filter.signerId;
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('contract_signers').select('contract_id').where('subject_id', '=', signerId),
      );
    }
    return keysetPage(q, page, contractOf);
  }

  /**
   * The console dashboard's counts for one line: contracts by status as of `now` (a pending
   * contract past its expiry counts as expired, as in `list`), and how many were created and
   * completed since `since`. Three index-only queries (contracts_bl_status, _bl_created,
   * _bl_completed).
   */
  async stats(businessLineId: string, since: number, now: number): Promise<ContractStats> {
    const [byStatus, lapsed, created, completed] = await Promise.all([
      this.db
        .selectFrom('contracts')
        .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
        .where('business_line_id', '=', businessLineId)
        .groupBy('status')
        .execute(),
      this.db
        .selectFrom('contracts')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('business_line_id', '=', businessLineId)
        .where('status', '=', 'pending_signing')
        .where('expires_at', '<=', now)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('contracts')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('business_line_id', '=', businessLineId)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('contracts')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('business_line_id', '=', businessLineId)
        .where('completed_at', '>=', since)
        .executeTakeFirstOrThrow(),
    ]);
    const counts: Record<ContractStatus, number> = {
      pending_signing: 0,
      completed: 0,
      rejected: 0,
      revoked: 0,
      expired: 0,
    };
    for (const r of byStatus) counts[r.status as ContractStatus] = Number(r.n);
    counts.pending_signing -= Number(lapsed.n);
    counts.expired += Number(lapsed.n);
    return { byStatus: counts, createdSince: Number(created.n), completedSince: Number(completed.n) };
  }

  /** Pending contracts whose expiry has passed by `now`, soonest expired first, across lines. */
  async dueToExpire(
    now: number,
    limit: number,
  ): Promise<{ businessLineId: string; id: string; expiresAt: number }[]> {
    const rows = await this.db
      .selectFrom('contracts')
      .select(['business_line_id', 'id', 'expires_at'])
      .where('status', '=', 'pending_signing')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ businessLineId: r.business_line_id, id: r.id, expiresAt: r.expires_at! }));
  }

  /** Compare-and-set of the status; false when the contract was not in `from` any more. */
  async transition(
    businessLineId: string,
    id: string,
    from: ContractStatus,
    to: ContractStatus,
    now: number,
    revokeReason?: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('contracts')
      .set({
        status: to,
        updated_at: now,
        ...(revokeReason !== undefined ? { revoke_reason: revokeReason } : {}),
      })
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async insertGroup(businessLineId: string, g: ContractGroupRow): Promise<void> {
    await this.db
      .insertInto('contract_groups')
      .values({ id: g.id, business_line_id: businessLineId, name: g.name, created_at: g.createdAt })
      .execute();
  }

  async getGroup(businessLineId: string, id: string): Promise<ContractGroupRow | undefined> {
    const r = await this.db
      .selectFrom('contract_groups')
      .select(['id', 'name', 'created_at'])
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && { id: r.id, name: r.name, createdAt: r.created_at };
  }

  async listGroups(businessLineId: string): Promise<ContractGroupRow[]> {
    const rows = await this.db
      .selectFrom('contract_groups')
      .select(['id', 'name', 'created_at'])
      .where('business_line_id', '=', businessLineId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  /** Ids among `ids` that exist for this business line. */
  async existing(businessLineId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('contracts')
      .select('id')
      .where('business_line_id', '=', businessLineId)
      .where('id', 'in', ids)
      .execute();
    return rows.map((r) => r.id);
  }

  async setGroup(businessLineId: string, ids: string[], groupId: string, now: number): Promise<void> {
    await this.db
      .updateTable('contracts')
      .set({ group_id: groupId, updated_at: now })
      .where('business_line_id', '=', businessLineId)
      .where('id', 'in', ids)
      .execute();
  }
}
