/**
 * Signing records (签约明细): every signature and click-wrap agreement of a business line's
 * contracts, newest first, from the signers' rows (their `signature_json` says how each signed).
 * Keyset-paginated over (signed_at, signer id) through the contract_signers_signed index.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from './keyset.js';

export interface SigningRecordFilter {
  signedFrom?: number;
  signedTo?: number;
  method?: 'esign' | 'clickwrap';
  signerId?: string;
  contractId?: string;
}

export interface SigningRecordRow {
  signerId: string;
  contractId: string;
  contractTitle: string;
  role: string;
  subject: { kind: string; idType: string; id: string; name: string; mobile?: string; email?: string };
  method: 'esign' | 'clickwrap';
  signedAt: number;
  /** How it was signed (SignFlowService's record): via, intent check, address, device, seal. */
  signature: Record<string, unknown>;
}

export class SigningRecordRepository {
  constructor(private readonly db: Db) {}

  async list(
    lineId: string,
    filter: SigningRecordFilter,
    page: PageRequest,
  ): Promise<Page<SigningRecordRow>> {
    let q = this.db
      .selectFrom('contract_signers as s')
      .innerJoin('contracts as c', 'c.id', 's.contract_id')
      .select([
        's.id as id',
        's.contract_id as contract_id',
        'c.title as title',
        's.role as role',
        's.subject_json as subject_json',
        's.method as method',
        's.signed_at as signed_at',
        's.signature_json as signature_json',
      ])
      .where('c.business_line_id', '=', lineId)
      .where('s.status', '=', 'signed')
      .where('s.signed_at', 'is not', null);
    if (filter.signedFrom !== undefined) q = q.where('s.signed_at', '>=', filter.signedFrom);
    if (filter.signedTo !== undefined) q = q.where('s.signed_at', '<', filter.signedTo);
    if (filter.method) q = q.where('s.method', '=', filter.method);
    if (filter.signerId) q = q.where('s.subject_id', '=', filter.signerId);
    if (filter.contractId) q = q.where('s.contract_id', '=', filter.contractId);
    if (page.cursor) {
      const c = decodeCursor(page.cursor);
      q = q.where(
        sql<boolean>`(s.signed_at < ${c.createdAt} or (s.signed_at = ${c.createdAt} and s.id < ${c.id}))`,
      );
    }
    const rows = await q
      .orderBy('s.signed_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const items = rows.slice(0, page.limit).map((r): SigningRecordRow => ({
      signerId: r.id,
      contractId: r.contract_id,
      contractTitle: r.title,
      role: r.role,
      subject: JSON.parse(r.subject_json) as SigningRecordRow['subject'],
      method: r.method,
      signedAt: Number(r.signed_at),
      signature: r.signature_json ? (JSON.parse(r.signature_json) as Record<string, unknown>) : {},
    }));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > page.limit && last ? encodeCursor(last.signedAt, last.signerId) : null,
    };
  }
}
