/**
 * Sign-flow progress: signer transitions, reading progress, document revisions and the contract's
 * end states. Every change is a compare-and-set on the state it expects, so two nodes (or two
 * requests) acting on one signer or one document cannot both win: the loser sees `false`.
 */
import type { Db } from '../database.js';
import type { ContractDocumentRevisionsTable } from '../schema.js';
import {
  ContractRepository,
  type ContractSignerRow,
  type ContractStatus,
  type SignerStatus,
} from './contracts.js';

export type RevisionRow = ContractDocumentRevisionsTable;

export class SignFlowRepository {
  constructor(private readonly db: Db) {}

  withDb(db: Db): SignFlowRepository {
    return new SignFlowRepository(db);
  }

  get contracts(): ContractRepository {
    return new ContractRepository(this.db);
  }

  async signer(id: string): Promise<ContractSignerRow | undefined> {
    return (await this.signersByIds([id]))[0];
  }

  async signersByIds(ids: readonly string[]): Promise<ContractSignerRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('contract_signers').selectAll().where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [ContractRepository.signerOf(r)] : [];
    });
  }

  /** Signers of `subjectId` in the given contracts of a business line. */
  async signersOfSubject(
    businessLineId: string,
    subjectId: string,
    contractIds: readonly string[],
  ): Promise<ContractSignerRow[]> {
    if (contractIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('contract_signers')
      .innerJoin('contracts', 'contracts.id', 'contract_signers.contract_id')
      .selectAll('contract_signers')
      .where('contracts.business_line_id', '=', businessLineId)
      .where('contract_signers.subject_id', '=', subjectId)
      .where('contract_signers.contract_id', 'in', contractIds)
      .execute();
    return rows.map((r) => ContractRepository.signerOf(r));
  }

  /**
   * Moves a signer from one of `from` to `to`, setting the given columns with it; false when the
   * signer was in none of `from` any more.
   */
  async transitionSigner(
    id: string,
    from: readonly SignerStatus[],
    to: SignerStatus,
    now: number,
    set: {
      readAt?: number;
      signedAt?: number;
      rejectReason?: string;
      signature?: Record<string, unknown>;
    } = {},
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('contract_signers')
      .set({
        status: to,
        updated_at: now,
        ...(set.readAt !== undefined ? { read_at: set.readAt } : {}),
        ...(set.signedAt !== undefined ? { signed_at: set.signedAt } : {}),
        ...(set.rejectReason !== undefined ? { reject_reason: set.rejectReason } : {}),
        ...(set.signature !== undefined ? { signature_json: JSON.stringify(set.signature) } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Starts the reading clock of a signer (first time only). */
  async startReading(id: string, now: number): Promise<void> {
    await this.db
      .updateTable('contract_signers')
      .set({ reading_started_at: now })
      .where('id', '=', id)
      .where('reading_started_at', 'is', null)
      .execute();
  }

  /** Records the furthest page seen (pages only ever go up). */
  async reportPage(id: string, page: number): Promise<void> {
    await this.db
      .updateTable('contract_signers')
      .set({ last_page_seen: page })
      .where('id', '=', id)
      .where('last_page_seen', '<', page)
      .execute();
  }

  /** Marks a reminder sent unless one went out after `notAfter`; false when too soon. */
  async markReminded(id: string, now: number, notAfter: number): Promise<boolean> {
    const r = await this.db
      .updateTable('contract_signers')
      .set({ last_reminded_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_reminded_at', 'is', null), eb('last_reminded_at', '<=', notAfter)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Puts back the reminder time a failed reminder took (only if nothing newer was recorded). */
  async unmarkReminded(id: string, marked: number, previous: number | null): Promise<void> {
    await this.db
      .updateTable('contract_signers')
      .set({ last_reminded_at: previous })
      .where('id', '=', id)
      .where('last_reminded_at', '=', marked)
      .execute();
  }

  /**
   * Signers whose turn came at least `quietMs` ago and who have not been reminded for `quietMs`,
   * in pending contracts, with their business line: the scheduled reminder's work list.
   */
  async dueForReminder(
    now: number,
    quietMs: number,
    limit: number,
  ): Promise<{ businessLineId: string; contractId: string; signerId: string }[]> {
    const before = now - quietMs;
    const rows = await this.db
      .selectFrom('contract_signers')
      .innerJoin('contracts', 'contracts.id', 'contract_signers.contract_id')
      .select([
        'contracts.business_line_id as line',
        'contracts.id as contract',
        'contract_signers.id as signer',
      ])
      .where('contracts.status', '=', 'pending_signing')
      .where((eb) => eb.or([eb('contracts.expires_at', 'is', null), eb('contracts.expires_at', '>', now)]))
      .where('contract_signers.status', 'in', ['ready', 'read'])
      .where('contract_signers.updated_at', '<=', before)
      .where((eb) =>
        eb.or([
          eb('contract_signers.last_reminded_at', 'is', null),
          eb('contract_signers.last_reminded_at', '<=', before),
        ]),
      )
      .orderBy('contract_signers.updated_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ businessLineId: r.line, contractId: r.contract, signerId: r.signer }));
  }

  /**
   * Points a document at a new revision, if it is still at `fromRevision`; false when another
   * signature got there first (the caller signs the newer revision again).
   */
  async advanceDocument(
    documentId: string,
    fromRevision: number,
    next: { blobKey: string; sha256: string; revision: number },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('contract_documents')
      .set({ blob_key: next.blobKey, sha256: next.sha256, revision: next.revision })
      .where('id', '=', documentId)
      .where('revision', '=', fromRevision)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async insertRevision(row: RevisionRow): Promise<void> {
    await this.db.insertInto('contract_document_revisions').values(row).execute();
  }

  async revisions(documentId: string): Promise<RevisionRow[]> {
    return this.db
      .selectFrom('contract_document_revisions')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('revision')
      .execute();
  }

  /** Ends a pending contract (`completed` or `rejected`); false when it was not pending any more. */
  async endContract(
    id: string,
    to: Extract<ContractStatus, 'completed' | 'rejected'>,
    now: number,
    rejectReason?: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('contracts')
      .set({
        status: to,
        updated_at: now,
        ...(to === 'completed' ? { completed_at: now } : {}),
        ...(rejectReason !== undefined ? { reject_reason: rejectReason } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending_signing')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
