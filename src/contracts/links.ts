/**
 * Signing links (签署链接) and the sessions they start. A link is a 256-bit random token, stored
 * only as its SHA-256, for one signer — or for one subject across several contracts (combined
 * signing, 组合签) — short-lived (30 minutes by default, 7 days at most) and revocable. Opening it
 * once starts a signing session bound to an HttpOnly cookie and a CSRF token; the link cannot
 * start a second one (LINK_USED).
 *
 * The URL carries the token in its fragment (`/sign/#token=…`): a fragment is never sent to a
 * server, so the token stays out of access logs, proxies and Referer headers; the page posts it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditTrail } from '../evidence/audit.js';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import { ContractRepository, type ContractSignerRow } from '../store/repositories/contracts.js';
import { SignFlowRepository } from '../store/repositories/sign-flows.js';
import { SignLinkRepository, type SignLinkRow } from '../store/repositories/sign-links.js';
import type { ActorContext } from '../tenancy/context.js';
import { subjectKey } from './flow/signer-keys.js';
import { isSignerFinal } from './flow/signer-state.js';
import type { SceneService } from './scenes.js';
import { effectiveStatus } from './state.js';

export const LINK_POLICY = {
  defaultTtlSeconds: 30 * 60,
  maxTtlSeconds: 7 * 24 * 3600,
  /** A session lives this long after the link is opened (reading a long contract takes time). */
  sessionMs: 2 * 3600_000,
  maxContracts: 100,
} as const;

export interface LinkOptions {
  client?: 'pc' | 'h5' | 'all';
  mode?: 'normal' | 'headless';
  redirectUrl?: string;
  /** Seconds; default 1800, at most 604800. */
  expiresIn?: number;
  sceneId?: string;
}

export interface IssuedLink {
  id: string;
  url: string;
  expiresAt: number;
  signerIds: string[];
}

export interface OpenedSession {
  /** The cookie value (shown once; stored as its SHA-256). */
  token: string;
  /** The link's mode: a headless session also takes its token as a bearer header (no cookie in a cross-site frame). */
  mode: SignLinkRow['mode'];
  csrfToken: string;
  expiresAt: number;
  sessionId: string;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export class LinkService {
  readonly #links: SignLinkRepository;
  readonly #flows: SignFlowRepository;

  constructor(
    private readonly deps: {
      db: Db;
      audit: AuditTrail;
      scenes: SceneService;
      publicUrl: string;
      now?: () => number;
    },
  ) {
    this.#links = new SignLinkRepository(deps.db);
    this.#flows = new SignFlowRepository(deps.db);
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** A link for one signer of one contract. */
  async forSigner(
    lineId: string,
    contractId: string,
    signerId: string,
    options: LinkOptions,
    actor: ActorContext,
  ) {
    const contract = await new ContractRepository(this.deps.db).get(lineId, contractId);
    if (!contract) throw new HetongError('CONTRACT_NOT_FOUND', 404, 'no such contract');
    const signer = (await this.#flows.contracts.signers(contractId)).find((s) => s.id === signerId);
    if (!signer)
      throw new HetongError('SIGNER_NOT_FOUND', 404, 'no such signer in this contract', { signerId });
    const status = effectiveStatus(contract, this.#now());
    if (status !== 'pending_signing')
      throw new HetongError('CONTRACT_STATE_CONFLICT', 409, `the contract is ${status}`, { status });
    if (isSignerFinal(signer.status))
      throw new HetongError('SIGNER_STATE_CONFLICT', 409, `the signer has ${signer.status}`, {
        status: signer.status,
      });
    return this.#issue(lineId, [signer], options, actor);
  }

  /** One link for every contract `subject` signs among `contractIds` (组合签). */
  async forSubject(
    lineId: string,
    subject: { idType: string; id: string },
    contractIds: string[],
    options: LinkOptions,
    actor: ActorContext,
  ) {
    const ids = [...new Set(contractIds)];
    if (ids.length === 0 || ids.length > LINK_POLICY.maxContracts)
      throw new HetongError('VALIDATION_FAILED', 400, `1–${LINK_POLICY.maxContracts} contracts per link`);
    const signers = (await this.#flows.signersOfSubject(lineId, subject.id, ids)).filter(
      (s) => (s.subject as { idType?: string }).idType === subject.idType,
    );
    const covered = new Set(signers.map((s) => s.contractId));
    const missing = ids.filter((id) => !covered.has(id));
    if (missing.length)
      throw new HetongError('SIGNER_NOT_FOUND', 404, 'the subject signs none of these contracts', {
        contractIds: missing,
      });
    const now = this.#now();
    const contracts = new ContractRepository(this.deps.db);
    const ended: string[] = [];
    for (const id of ids) {
      const c = await contracts.get(lineId, id);
      if (!c || effectiveStatus(c, now) !== 'pending_signing') ended.push(id);
    }
    if (ended.length)
      throw new HetongError('CONTRACT_STATE_CONFLICT', 409, 'some contracts are not pending signing', {
        contractIds: ended,
      });
    // The session lists the contracts in the order the business system gave them.
    const rank = new Map(ids.map((id, i) => [id, i]));
    const open = signers
      .filter((s) => !isSignerFinal(s.status))
      .sort((a, b) => rank.get(a.contractId)! - rank.get(b.contractId)! || a.position - b.position);
    if (open.length === 0)
      throw new HetongError('SIGNER_STATE_CONFLICT', 409, 'the subject has signed or rejected them all');
    return this.#issue(lineId, open, options, actor);
  }

  async #issue(
    lineId: string,
    signers: ContractSignerRow[],
    options: LinkOptions,
    actor: ActorContext,
  ): Promise<IssuedLink> {
    const ttl = options.expiresIn ?? LINK_POLICY.defaultTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > LINK_POLICY.maxTtlSeconds)
      throw new HetongError('VALIDATION_FAILED', 400, `expiresIn is 60–${LINK_POLICY.maxTtlSeconds} seconds`);
    if (options.redirectUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(options.redirectUrl))
      throw new HetongError('VALIDATION_FAILED', 400, 'redirectUrl must be an http(s) URL');
    if (options.sceneId) await this.deps.scenes.get(lineId, options.sceneId);
    const now = this.#now();
    const token = randomBytes(32).toString('base64url');
    const first = signers[0]!.subject as { idType: string; id: string };
    const link: SignLinkRow = {
      id: newId('sl'),
      tokenHash: tokenHash(token),
      businessLineId: lineId,
      subjectKey: subjectKey(first),
      signerIds: signers.map((s) => s.id),
      client: options.client ?? 'all',
      mode: options.mode ?? 'normal',
      sceneId: options.sceneId ?? null,
      redirectUrl: options.redirectUrl ?? null,
      status: 'active',
      expiresAt: now + ttl * 1000,
      usedAt: null,
      createdAt: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await new SignLinkRepository(trx).insert(link);
      for (const contractId of new Set(signers.map((s) => s.contractId)))
        await this.deps.audit.recordBy(trx, actor, lineId, 'contract.sign_link.created', contractId, {
          linkId: link.id,
          signerIds: link.signerIds,
          client: link.client,
          mode: link.mode,
          expiresAt: link.expiresAt,
        });
    });
    // A headless link names itself in the query: the page's CSP then lets the scene's origins frame it.
    const query = link.mode === 'headless' ? `?l=${link.id}` : '';
    return {
      id: link.id,
      url: `${this.deps.publicUrl}/sign/${query}#token=${token}`,
      expiresAt: link.expiresAt,
      signerIds: link.signerIds,
    };
  }

  /** The origins that may frame the page of a headless link: its scene's `embedOrigins`. */
  async embedOrigins(linkId: string): Promise<string[]> {
    const link = await this.#links.byId(linkId);
    if (!link || link.mode !== 'headless') return [];
    return (await this.deps.scenes.forLink(link.businessLineId, link.sceneId)).settings.embedOrigins ?? [];
  }

  async revoke(lineId: string, id: string, actor: ActorContext): Promise<void> {
    const link = await this.#links.get(lineId, id);
    if (!link) throw new HetongError('LINK_NOT_FOUND', 404, 'no such signing link');
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await new SignLinkRepository(trx).revoke(lineId, id))) return;
      await this.deps.audit.recordBy(trx, actor, lineId, 'sign_link.revoked', id, {});
    });
  }

  /** Opens a link: its one signing session starts (410 when expired, used or revoked). */
  async open(
    token: string,
    client: { ip?: string | null; userAgent?: string | null },
  ): Promise<OpenedSession> {
    const link = await this.#links.byTokenHash(tokenHash(token));
    if (!link) throw new HetongError('LINK_NOT_FOUND', 404, 'no such signing link');
    const now = this.#now();
    this.checkUsable(link, now);
    await this.#checkContractsOpen(link, now);
    const sessionToken = randomBytes(32).toString('base64url');
    const session = {
      id: tokenHash(sessionToken),
      link_id: link.id,
      business_line_id: link.businessLineId,
      csrf_token: randomBytes(24).toString('base64url'),
      intent_verified_at: null,
      intent_method: null,
      ip: client.ip ?? null,
      user_agent: client.userAgent?.slice(0, 512) ?? null,
      created_at: now,
      expires_at: now + LINK_POLICY.sessionMs,
    };
    const signers = await this.#flows.signersByIds(link.signerIds);
    await this.deps.db.transaction().execute(async (trx) => {
      const links = new SignLinkRepository(trx);
      if (!(await links.markUsed(link.id, now)))
        throw new HetongError('LINK_USED', 410, 'this signing link was opened already');
      await links.insertSession(session);
      const flows = new SignFlowRepository(trx);
      for (const s of signers) {
        await flows.startReading(s.id, now);
        await this.deps.audit.record(
          {
            actor: `signer:${s.id}`,
            action: 'contract.sign_link.opened',
            target: s.contractId,
            businessLineId: link.businessLineId,
            ip: session.ip,
            details: { linkId: link.id, signerId: s.id, userAgent: session.user_agent },
          },
          trx,
        );
      }
    });
    return {
      token: sessionToken,
      mode: link.mode,
      csrfToken: session.csrf_token,
      expiresAt: session.expires_at,
      sessionId: session.id,
    };
  }

  checkUsable(link: SignLinkRow, now: number): void {
    if (link.status === 'revoked')
      throw new HetongError('LINK_REVOKED', 410, 'this signing link was revoked');
    if (link.status === 'used')
      throw new HetongError('LINK_USED', 410, 'this signing link was opened already');
    if (link.expiresAt <= now) throw new HetongError('LINK_EXPIRED', 410, 'this signing link has expired');
  }

  /** A link whose contracts all ended (rejected, revoked, expired, completed) is dead. */
  async #checkContractsOpen(link: SignLinkRow, now: number): Promise<void> {
    const signers = await this.#flows.signersByIds(link.signerIds);
    const statuses: string[] = [];
    for (const contractId of new Set(signers.map((s) => s.contractId))) {
      const c = await this.#flows.contracts.byId(contractId);
      if (c) statuses.push(effectiveStatus(c, now));
    }
    if (!statuses.includes('pending_signing'))
      throw new HetongError('LINK_REVOKED', 410, 'the contract of this link has ended', { statuses });
  }
}
