/**
 * Signing links (签署链接), the signing sessions they start, and intent codes (意愿验证码). Tokens
 * are stored only as their SHA-256: a copy of the database opens no link and no session.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { IntentCodesTable, SignLinksTable, SigningSessionsTable } from '../schema.js';

export interface SignLinkRow {
  id: string;
  tokenHash: string;
  businessLineId: string;
  subjectKey: string;
  signerIds: string[];
  client: SignLinksTable['client'];
  mode: SignLinksTable['mode'];
  sceneId: string | null;
  redirectUrl: string | null;
  status: SignLinksTable['status'];
  expiresAt: number;
  usedAt: number | null;
  createdAt: number;
}

export type SigningSessionRow = SigningSessionsTable;
export type IntentCodeRow = IntentCodesTable;

const linkOf = (r: SignLinksTable): SignLinkRow => ({
  id: r.id,
  tokenHash: r.token_hash,
  businessLineId: r.business_line_id,
  subjectKey: r.subject_key,
  signerIds: JSON.parse(r.signer_ids_json) as string[],
  client: r.client,
  mode: r.mode,
  sceneId: r.scene_id,
  redirectUrl: r.redirect_url,
  status: r.status,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  createdAt: r.created_at,
});

export class SignLinkRepository {
  constructor(private readonly db: Db) {}

  withDb(db: Db): SignLinkRepository {
    return new SignLinkRepository(db);
  }

  async insert(link: SignLinkRow): Promise<void> {
    await this.db
      .insertInto('sign_links')
      .values({
        id: link.id,
        token_hash: link.tokenHash,
        business_line_id: link.businessLineId,
        subject_key: link.subjectKey,
        signer_ids_json: JSON.stringify(link.signerIds),
        client: link.client,
        mode: link.mode,
        scene_id: link.sceneId,
        redirect_url: link.redirectUrl,
        status: link.status,
        expires_at: link.expiresAt,
        used_at: link.usedAt,
        created_at: link.createdAt,
      })
      .execute();
  }

  async byTokenHash(tokenHash: string): Promise<SignLinkRow | undefined> {
    const r = await this.db
      .selectFrom('sign_links')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return r && linkOf(r);
  }

  async get(businessLineId: string, id: string): Promise<SignLinkRow | undefined> {
    const r = await this.db
      .selectFrom('sign_links')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && linkOf(r);
  }

  async byId(id: string): Promise<SignLinkRow | undefined> {
    const r = await this.db.selectFrom('sign_links').selectAll().where('id', '=', id).executeTakeFirst();
    return r && linkOf(r);
  }

  /** active → used, once: false when the link was used (or revoked) meanwhile. */
  async markUsed(id: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('sign_links')
      .set({ status: 'used', used_at: now })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async revoke(businessLineId: string, id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('sign_links')
      .set({ status: 'revoked' })
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .where('status', '!=', 'revoked')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async insertSession(row: SigningSessionRow): Promise<void> {
    await this.db.insertInto('signing_sessions').values(row).execute();
  }

  async session(id: string): Promise<SigningSessionRow | undefined> {
    return this.db.selectFrom('signing_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async sessionOfLink(linkId: string): Promise<SigningSessionRow | undefined> {
    return this.db
      .selectFrom('signing_sessions')
      .selectAll()
      .where('link_id', '=', linkId)
      .executeTakeFirst();
  }

  async setIntentVerified(sessionId: string, method: string, now: number): Promise<void> {
    await this.db
      .updateTable('signing_sessions')
      .set({ intent_verified_at: now, intent_method: method })
      .where('id', '=', sessionId)
      .execute();
  }

  async insertCode(row: IntentCodeRow): Promise<void> {
    await this.db.insertInto('intent_codes').values(row).execute();
  }

  /** The newest code of a session. */
  async latestCode(sessionId: string): Promise<IntentCodeRow | undefined> {
    return this.db
      .selectFrom('intent_codes')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * The code whose check verified the session's intent at `verifiedAt` (it is consumed at that
   * very time): where the code went is who proved intent.
   */
  async verifiedCode(sessionId: string, verifiedAt: number): Promise<IntentCodeRow | undefined> {
    return this.db
      .selectFrom('intent_codes')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('consumed_at', '=', verifiedAt)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Counts one wrong try of an unconsumed code; returns the tries made, or undefined if consumed. */
  async countTry(id: string): Promise<number | undefined> {
    const r = await this.db
      .updateTable('intent_codes')
      .set({ attempts: sql<number>`attempts + 1` })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .returning('attempts')
      .executeTakeFirst();
    return r ? Number(r.attempts) : undefined;
  }

  /** Uses a code once: false when it was consumed meanwhile. */
  async consume(id: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('intent_codes')
      .set({ consumed_at: now })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
