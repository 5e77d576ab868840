/**
 * The signing session (签署会话) behind the signing pages: what the signer sees and must still do,
 * reading progress, the intent check, the seals it may use, signing, rejecting, downloading. It
 * holds no business-line credentials: the session cookie (from a link) is the only key, and every
 * rule (turn, forced reading, intent, deadline) is checked here, not trusted from the page.
 */
import type { IntentMethod, IntentVerifier } from '../identity/intent.js';
import type { RealNameService } from '../identity/real-name/index.js';
import { maskEmail, maskPhone } from '../notify/mask.js';
import type { SealService, SealView } from '../seals/service.js';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import { SignLinkRepository } from '../store/repositories/sign-links.js';
import type { ActorContext } from '../tenancy/context.js';
import { signerOptionsOf } from './flow/options.js';
import type { ReadingProgress } from './flow/reading.js';
import type { SignFlowService, SignOutcome } from './flow/service.js';
import { isSignerActive, nextSignerStatus } from './flow/signer-state.js';
import type { Subject } from './inputs.js';
import type { AuthorizationService } from './authorizations.js';
import { SessionDelegation } from './delegation/session.js';
import { tokenHash, type LinkService } from './links.js';
import type { SceneService, SceneView } from './scenes.js';
import { sealSubjectOf, SignerSeals } from './signer-seals.js';
import type { ContractService } from './service.js';
import {
  intentMethodsOf,
  progressOf,
  sessionView,
  type SessionContext,
  type SessionItem,
} from './session-view.js';
import { effectiveStatus } from './state.js';

export type { SessionContext } from './session-view.js';

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

type Item = SessionItem;

export interface SignRequestBody {
  sealId?: string;
  agree?: boolean;
  contractIds?: string[];
}

export class SigningSessionService {
  readonly #links: SignLinkRepository;
  readonly #seals: SignerSeals;
  readonly #delegation: SessionDelegation | null;

  constructor(
    private readonly deps: {
      db: Db;
      flows: SignFlowService;
      contracts: ContractService;
      links: LinkService;
      scenes: SceneService;
      seals: SealService;
      intent: IntentVerifier;
      /** Real-name standing of signers, for scenes that require it. */
      realName?: Pick<RealNameService, 'standing'>;
      /** Person authorizations (委托签约): an organisation signs through its delegate. */
      authorizations?: AuthorizationService;
      now?: () => number;
    },
  ) {
    this.#links = new SignLinkRepository(deps.db);
    this.#seals = new SignerSeals(deps.seals);
    this.#delegation = deps.authorizations
      ? new SessionDelegation({
          db: deps.db,
          authorizations: deps.authorizations,
          flows: deps.flows,
          links: this.#links,
          ...(deps.realName ? { realName: deps.realName } : {}),
        })
      : null;
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** The session of a cookie token; mutating calls must also present its CSRF token. */
  async authenticate(
    token: string | undefined,
    csrf: string | undefined,
    mutating: boolean,
  ): Promise<SessionContext> {
    if (!token) throw new HetongError('SESSION_REQUIRED', 401, 'open the signing link first');
    const session = await this.#links.session(tokenHash(token));
    if (!session || session.expires_at <= this.#now())
      throw new HetongError('SESSION_EXPIRED', 401, 'the signing session has ended: ask for a new link');
    if (mutating && csrf !== session.csrf_token)
      throw new HetongError('CSRF_INVALID', 403, 'missing or wrong X-CSRF-Token');
    const link = await this.#links.byId(session.link_id);
    if (!link) throw new HetongError('SESSION_EXPIRED', 401, 'the signing session has ended');
    if (link.status === 'revoked')
      throw new HetongError('LINK_REVOKED', 410, 'this signing link was revoked');
    return { session, link };
  }

  actor(ctx: SessionContext, client: ClientInfo, signerId: string): ActorContext {
    return { actor: `signer:${signerId}`, requestId: client.requestId ?? null, ip: client.ip ?? null };
  }

  async #items(ctx: SessionContext): Promise<Item[]> {
    const signers = await this.deps.flows.repository.signersByIds(ctx.link.signerIds);
    const out: Item[] = [];
    for (const signer of signers) {
      const contract = await this.deps.flows.repository.contracts.byId(signer.contractId);
      if (!contract) continue;
      const documents = await this.deps.flows.repository.contracts.documents(contract.id);
      out.push({ contract, signer, options: signerOptionsOf(signer.options), documents });
    }
    return out;
  }

  async #item(ctx: SessionContext, contractId: string): Promise<Item> {
    const item = (await this.#items(ctx)).find((i) => i.contract.id === contractId);
    if (!item) throw new HetongError('CONTRACT_NOT_FOUND', 404, 'no such contract in this signing session');
    return item;
  }

  #subject(item: Item): Subject {
    return item.signer.subject as unknown as Subject;
  }

  /** Everything the signing page shows, and what the signer must still do. */
  async view(ctx: SessionContext) {
    const now = this.#now();
    const items = await this.#items(ctx);
    const scene = await this.deps.scenes.forLink(ctx.link.businessLineId, ctx.link.sceneId);
    // Reading with no rule is done as soon as the contract is open: the signer moves to `read`.
    let moved = false;
    for (const item of items)
      if (
        item.signer.status === 'ready' &&
        effectiveStatus(item.contract, now) === 'pending_signing' &&
        progressOf(item, scene, now).done
      ) {
        await this.deps.flows.markRead(item.contract, item.signer, {
          actor: `signer:${item.signer.id}`,
          ip: ctx.session.ip,
        });
        moved = true;
      }
    const fresh = moved ? await this.#items(ctx) : items;
    const fields = await Promise.all(
      fresh.map((item) => this.deps.flows.fieldPositions(item.signer, item.documents)),
    );
    const first = fresh[0];
    const realName =
      scene.settings.requireRealName && first ? await this.#realName(ctx, this.#subject(first)) : null;
    const delegate = (await this.#delegation?.intentTarget(ctx, fresh, scene.settings.intentMethods)) ?? null;
    return sessionView(ctx, fresh, fields, scene, now, realName, delegate);
  }

  /**
   * Starts drawing the first page a signer will see at the width their page will ask for, so that
   * its own ask (made once the page's scripts have run, most of a second later on a cheap phone)
   * finds the image made or joins the render under way (PageImageCache shares it). Only a single
   * contract with something left to do, in the phone layout; a failure is left for that ask to meet
   * and report.
   */
  warmFirstPage(
    ctx: SessionContext,
    view: Awaited<ReturnType<SigningSessionService['view']>>,
    width: number,
  ): void {
    // A PC link lays pages out in a pane whose width the phone's width says nothing of.
    const contract = view.contracts.length === 1 && view.client !== 'pc' ? view.contracts[0] : undefined;
    const doc = contract?.documents[0];
    if (!contract || !doc || doc.pages < 1 || contract.todo.length === 0) return;
    this.previewPng(ctx, contract.id, doc.id, { page: 1, width }).catch(() => undefined);
  }

  /** The standing of a subject; a scene that requires real-name fails closed when none is wired. */
  async #realName(ctx: SessionContext, subject: Subject) {
    if (!this.deps.realName)
      return { verified: false, gap: 'none' as const, expiresAt: null, verificationId: null };
    return this.deps.realName.standing(ctx.link.businessLineId, subject);
  }

  /** Reading progress from the page: the furthest page seen (1-based over the whole contract). */
  async reading(ctx: SessionContext, contractId: string, page: number): Promise<ReadingProgress> {
    const item = await this.#item(ctx, contractId);
    const total = item.documents.reduce((n, d) => n + d.pages, 0);
    if (!Number.isInteger(page) || page < 1 || page > total)
      throw new HetongError('PAGE_NOT_FOUND', 400, `page must be 1–${total}`, { pages: total });
    await this.deps.flows.repository.reportPage(item.signer.id, page);
    const fresh = await this.#item(ctx, contractId);
    const scene = await this.deps.scenes.forLink(ctx.link.businessLineId, ctx.link.sceneId);
    const now = this.#now();
    const progress = progressOf(fresh, scene, now);
    if (
      progress.done &&
      fresh.signer.status === 'ready' &&
      effectiveStatus(fresh.contract, now) === 'pending_signing'
    )
      await this.deps.flows.markRead(fresh.contract, fresh.signer, {
        actor: `signer:${fresh.signer.id}`,
        ip: ctx.session.ip,
      });
    return progress;
  }

  async #intentSubject(ctx: SessionContext) {
    const items = await this.#items(ctx);
    const scene = await this.deps.scenes.forLink(ctx.link.businessLineId, ctx.link.sceneId);
    const first = items[0];
    if (!first) throw new HetongError('CONTRACT_NOT_FOUND', 404, 'the session has no contract');
    const contractTitle =
      items.length === 1 ? first.contract.title : `${first.contract.title} 等 ${items.length} 份合同`;
    // An organisation that authorised a person signs through them: the code goes to the delegate.
    const delegate = await this.#delegation?.intentTarget(ctx, items, scene.settings.intentMethods);
    if (delegate)
      return {
        sessionId: ctx.session.id,
        businessLineId: ctx.link.businessLineId,
        subjectKey: delegate.subjectKey,
        methods: delegate.methods,
        ...(delegate.mobile ? { mobile: delegate.mobile } : {}),
        ...(delegate.email ? { email: delegate.email } : {}),
        contractTitle,
      };
    const contact = items.map((i) => this.#subject(i));
    const mobile = contact.find((s) => s.mobile)?.mobile;
    const email = contact.find((s) => s.email)?.email;
    return {
      sessionId: ctx.session.id,
      businessLineId: ctx.link.businessLineId,
      subjectKey: ctx.link.subjectKey,
      methods: intentMethodsOf(items, scene),
      ...(mobile ? { mobile } : {}),
      ...(email ? { email } : {}),
      contractTitle,
    };
  }

  async sendCode(ctx: SessionContext, method: IntentMethod) {
    const r = await this.deps.intent.send(await this.#intentSubject(ctx), method);
    return {
      method,
      sentTo: method === 'sms' ? maskPhone(r.destination) : maskEmail(r.destination),
      expiresAt: r.expiresAt,
      resendAt: r.resendAt,
      // A duration too, so a device whose clock is off still counts down right.
      resendInSeconds: Math.ceil((r.resendAt - this.#now()) / 1000),
    };
  }

  async verifyCode(ctx: SessionContext, code: string) {
    const method = await this.deps.intent.verify(await this.#intentSubject(ctx), code);
    return { verified: true, method };
  }

  /** The seals the signer may use (its generated seal is made on first use). */
  async seals(ctx: SessionContext): Promise<SealView[]> {
    const item = (await this.#items(ctx)).find((i) => i.signer.method === 'esign');
    if (!item) return [];
    return this.#seals.usable(ctx.link.businessLineId, this.#subject(item), item.options.sealKinds);
  }

  async sealImage(ctx: SessionContext, sealId: string): Promise<Buffer> {
    const usable = await this.seals(ctx);
    if (!usable.some((s) => s.id === sealId))
      throw new HetongError('SEAL_NOT_FOUND', 404, 'no such seal for this signer');
    return this.deps.seals.png(ctx.link.businessLineId, sealId);
  }

  /** A handwritten signature drawn on the page becomes a seal of the signer. */
  async handwritten(ctx: SessionContext, png: Uint8Array, client: ClientInfo): Promise<SealView> {
    const item = (await this.#items(ctx)).find(
      (i) => i.signer.method === 'esign' && isSignerActive(i.signer.status),
    );
    if (!item) throw new HetongError('SIGNER_STATE_CONFLICT', 409, 'nothing left to sign in this session');
    if (!item.options.sealKinds.includes('handwritten'))
      throw new HetongError('SEAL_KIND_NOT_ALLOWED', 403, 'this signer may not sign by hand', {
        sealKinds: item.options.sealKinds,
      });
    return this.deps.seals.create(
      ctx.link.businessLineId,
      sealSubjectOf(this.#subject(item)),
      { kind: 'handwritten', bytes: png },
      this.actor(ctx, client, item.signer.id),
    );
  }

  /**
   * Signs every contract of the session whose signer may sign now (or those of `contractIds`):
   * every field of the signer in every document. One intent check covers them all.
   */
  async sign(ctx: SessionContext, body: SignRequestBody, client: ClientInfo) {
    const now = this.#now();
    const scene = await this.deps.scenes.forLink(ctx.link.businessLineId, ctx.link.sceneId);
    const all = await this.#items(ctx);
    const chosen = body.contractIds ? all.filter((i) => body.contractIds!.includes(i.contract.id)) : all;
    if (body.contractIds && chosen.length !== new Set(body.contractIds).size)
      throw new HetongError('CONTRACT_NOT_FOUND', 404, 'a contract is not in this signing session');
    const pending = chosen.filter((i) => i.signer.status !== 'signed' && i.signer.status !== 'rejected');
    if (pending.length === 0)
      throw new HetongError('SIGNER_STATE_CONFLICT', 409, 'everything in this session is signed already');
    const results: ({ contractId: string; signerId: string } & (
      { ok: true; outcome: SignOutcome } | { ok: false; error: HetongError }
    ))[] = [];
    for (const item of pending) {
      try {
        const outcome = await this.#signOne(ctx, item, body, scene, now, client);
        results.push({ contractId: item.contract.id, signerId: item.signer.id, ok: true, outcome });
      } catch (e) {
        if (!(e instanceof HetongError) || pending.length === 1) throw e;
        results.push({ contractId: item.contract.id, signerId: item.signer.id, ok: false, error: e });
      }
    }
    return {
      results: results.map((r) =>
        r.ok
          ? {
              contractId: r.contractId,
              signerId: r.signerId,
              status: 'signed' as const,
              contractStatus: r.outcome.contractStatus,
              signatures: r.outcome.signatures,
            }
          : {
              contractId: r.contractId,
              signerId: r.signerId,
              status: 'failed' as const,
              error: { code: r.error.code, message: r.error.message, details: r.error.details },
            },
      ),
    };
  }

  async #signOne(
    ctx: SessionContext,
    item: Item,
    body: SignRequestBody,
    scene: SceneView,
    now: number,
    client: ClientInfo,
  ): Promise<SignOutcome> {
    const lineId = ctx.link.businessLineId;
    // Turn first, then real-name, reading, intent: the answer names the first thing the signer lacks.
    if (!isSignerActive(item.signer.status)) nextSignerStatus(item.signer.status, 'sign');
    let realName: { verificationId: string; expiresAt: number | null } | null = null;
    if (scene.settings.requireRealName) {
      const subject = this.#subject(item);
      const standing = await this.#realName(ctx, subject);
      if (!standing.verified)
        throw new HetongError(
          'REAL_NAME_REQUIRED',
          403,
          'this signing requires a verified real name (实名认证) of the signer first',
          { kind: subject.kind, missing: standing.gap },
        );
      realName = { verificationId: standing.verificationId!, expiresAt: standing.expiresAt };
    }
    const progress = progressOf(item, scene, now);
    if (item.signer.status === 'ready' && !progress.done)
      throw new HetongError('READING_REQUIRED', 409, 'read the whole contract first', {
        secondsLeft: progress.secondsLeft,
        pagesLeft: progress.pagesLeft,
      });
    // Under a person authorization the delegate's verified code is the intent (./delegation/session.ts).
    const delegated =
      (await this.#delegation?.forSigning(ctx, item, {
        requireRealName: scene.settings.requireRealName === true,
      })) ?? null;
    if (!delegated && item.options.intent.length > 0) {
      const method = ctx.session.intent_method as IntentMethod | null;
      if (ctx.session.intent_verified_at === null || !method || !item.options.intent.includes(method))
        throw new HetongError('INTENT_REQUIRED', 403, 'verify the code sent to you first', {
          methods: item.options.intent,
        });
    }
    const readingDone = progress.done;
    const evidence = {
      via: 'session' as const,
      sessionId: ctx.session.id,
      intent:
        ctx.session.intent_verified_at !== null
          ? { method: ctx.session.intent_method!, verifiedAt: ctx.session.intent_verified_at }
          : null,
      ip: client.ip ?? ctx.session.ip,
      userAgent: client.userAgent ?? ctx.session.user_agent,
      readingDone,
      realName,
      ...delegated?.evidence,
    };
    const actor = this.actor(ctx, client, item.signer.id);
    if (item.signer.method === 'clickwrap') {
      if (body.agree !== true) throw new HetongError('AGREEMENT_REQUIRED', 400, 'tick the agreement to sign');
      return this.deps.flows.sign(
        lineId,
        item.signer.id,
        { method: 'clickwrap', agreementText: scene.settings.clickwrapText },
        evidence,
        actor,
      );
    }
    const appearance = await this.#seals.appearance(
      lineId,
      this.#subject(item),
      item.options.sealKinds,
      body.sealId,
    );
    const outcome = await this.deps.flows.sign(
      lineId,
      item.signer.id,
      { method: 'esign', appearance },
      evidence,
      actor,
    );
    await delegated?.recordUse(actor, item.contract.id, item.signer.id);
    return outcome;
  }

  async reject(
    ctx: SessionContext,
    contractId: string | undefined,
    reason: string,
    client: ClientInfo,
  ): Promise<void> {
    const items = await this.#items(ctx);
    const item = contractId
      ? items.find((i) => i.contract.id === contractId)
      : items.length === 1
        ? items[0]
        : undefined;
    if (!item)
      throw new HetongError(
        'CONTRACT_NOT_FOUND',
        404,
        contractId ? 'no such contract in this signing session' : 'name the contract to reject',
      );
    const scene = await this.deps.scenes.forLink(ctx.link.businessLineId, ctx.link.sceneId);
    if (!scene.settings.allowReject)
      throw new HetongError('REJECT_NOT_ALLOWED', 403, 'this signing does not allow rejecting');
    await this.deps.flows.reject(
      ctx.link.businessLineId,
      item.signer.id,
      reason,
      this.actor(ctx, client, item.signer.id),
    );
  }

  async previewPng(
    ctx: SessionContext,
    contractId: string,
    documentId: string,
    options: { page: number; width: number },
  ) {
    await this.#item(ctx, contractId);
    return this.deps.contracts.previewPng(ctx.link.businessLineId, contractId, documentId, options);
  }

  async previewHtml(
    ctx: SessionContext,
    contractId: string,
    documentId: string,
    options: { theme?: 'light' | 'dark' },
  ) {
    await this.#item(ctx, contractId);
    return this.deps.contracts.previewHtml(ctx.link.businessLineId, contractId, documentId, options);
  }

  /** The signed document, once the contract is completed. */
  async download(ctx: SessionContext, contractId: string, documentId: string) {
    const item = await this.#item(ctx, contractId);
    if (item.contract.status !== 'completed')
      throw new HetongError(
        'CONTRACT_NOT_COMPLETED',
        409,
        'the contract can be downloaded once every party has signed',
      );
    return this.deps.contracts.download(ctx.link.businessLineId, contractId, documentId);
  }
}
