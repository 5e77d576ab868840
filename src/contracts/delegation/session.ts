/**
 * Delegated signing in the signing session (委托签约 by a person, 经办人签署). When an organisation
 * has authorised a person for the contract's templates (an active authorization with a letter that
 * verifies), the organisation's signer signs through that person: the intent code goes to the
 * delegate's phone or e-mail (not to the organisation's contact), the signature is still the
 * organisation's (its certificate and seal), and the record names the authorization, its letter's
 * SHA-256 and the delegate. This is how e签宝 signs for a company: an 经办人 (a real person the
 * company authorised, by 授权书 or as its administrator) proves intent in person and applies the
 * company's seal; the platform keeps the authorization as evidence.
 *
 * Without a usable person authorization the organisation's signer keeps the behaviour it had
 * before delegation existed (intent by the organisation's own contact). In both cases the code the
 * session verified must have gone to someone allowed now: a delegate whose authorization was revoked
 * after verifying cannot sign with that verification, for the organisation or otherwise.
 */
import type { IntentMethod } from '../../identity/intent.js';
import type { RealNameService } from '../../identity/real-name/index.js';
import { maskEmail, maskPhone } from '../../notify/mask.js';
import { HetongError } from '../../shared/errors.js';
import type { Db } from '../../store/database.js';
import type { SignLinkRepository } from '../../store/repositories/sign-links.js';
import type { ActorContext } from '../../tenancy/context.js';
import type { AuthorizationService, PersonAuthorization } from '../authorizations.js';
import type { SignEvidence, SignFlowService } from '../flow/service.js';
import { subjectKey } from '../flow/signer-keys.js';
import { isSignerActive } from '../flow/signer-state.js';
import type { Subject } from '../inputs.js';
import { delegateRef } from './letter.js';
import type { SessionContext, SessionItem } from '../session-view.js';

/** Where a subject can receive an intent code, by method. */
export function contactsOf(s: Pick<Subject, 'mobile' | 'email'>): { method: IntentMethod; to: string }[] {
  return [
    ...(s.mobile ? [{ method: 'sms' as const, to: s.mobile }] : []),
    ...(s.email ? [{ method: 'email' as const, to: s.email }] : []),
  ];
}

/** The methods a delegate can be checked by, narrowed to the scene's when they meet. */
export function delegateIntentMethods(
  delegate: Subject,
  sceneMethods?: readonly IntentMethod[],
): IntentMethod[] {
  const own = contactsOf(delegate).map((c) => c.method);
  const offered = own.filter((m) => sceneMethods?.includes(m) ?? true);
  return offered.length > 0 ? offered : own;
}

/** The authorization whose delegate received the code the session verified, if any. */
export function authorizationReached(
  candidates: readonly PersonAuthorization[],
  verified: { method: string; to: string } | null,
): PersonAuthorization | undefined {
  if (!verified) return undefined;
  return candidates.find((a) =>
    contactsOf(a.delegate.subject).some((c) => c.method === verified.method && c.to === verified.to),
  );
}

/** What signing an organisation's item under a delegation adds to the sign call. */
export interface DelegatedSigning {
  evidence: Pick<SignEvidence, 'authorizationId' | 'authorizationLetterSha256' | 'delegate' | 'intent'>;
  /** Records `authorization.used` once the signature is made. */
  recordUse(actor: ActorContext, contractId: string, signerId: string): Promise<void>;
}

const isOrganizationSigner = (i: SessionItem) =>
  (i.signer.subject as unknown as Subject).kind === 'organization' && i.signer.method === 'esign';

export class SessionDelegation {
  constructor(
    private readonly deps: {
      db: Db;
      authorizations: AuthorizationService;
      flows: SignFlowService;
      links: SignLinkRepository;
      /** Real-name standing, for scenes that require it: the delegate is verified too. */
      realName?: Pick<RealNameService, 'standing'>;
    },
  ) {}

  async #candidates(lineId: string, items: readonly SessionItem[]): Promise<PersonAuthorization[]> {
    const orgItems = items.filter((i) => isOrganizationSigner(i) && isSignerActive(i.signer.status));
    const org = orgItems[0]?.signer.subject as unknown as Subject | undefined;
    if (!org || orgItems.some((i) => subjectKey(i.signer.subject as unknown as Subject) !== subjectKey(org)))
      return [];
    const templateIds = (
      await Promise.all(orgItems.map((i) => this.deps.flows.templateIds(i.documents)))
    ).flat();
    return this.deps.authorizations.personDelegates(lineId, org, templateIds);
  }

  /**
   * Whom the session's intent code goes to when its organisation signs through a delegate: the
   * newest usable person authorization covering every contract of the session; null otherwise.
   */
  async intentTarget(
    ctx: SessionContext,
    items: readonly SessionItem[],
    sceneMethods?: readonly IntentMethod[],
  ): Promise<{
    authorizationId: string;
    name: string;
    subjectKey: string;
    methods: IntentMethod[];
    mobile?: string;
    email?: string;
  } | null> {
    const a = (await this.#candidates(ctx.link.businessLineId, items))[0];
    if (!a) return null;
    const d = a.delegate.subject;
    return {
      authorizationId: a.id,
      name: d.name,
      subjectKey: subjectKey(d),
      methods: delegateIntentMethods(d, sceneMethods),
      ...(d.mobile ? { mobile: d.mobile } : {}),
      ...(d.email ? { email: d.email } : {}),
    };
  }

  /** The method and destination of the code the session verified (null: not verified). */
  async #verified(ctx: SessionContext): Promise<{ method: string; to: string; at: number } | null> {
    const at = ctx.session.intent_verified_at;
    if (at === null) return null;
    const code = await this.deps.links.verifiedCode(ctx.session.id, at);
    return code ? { method: code.channel, to: code.destination, at } : null;
  }

  /**
   * For an organisation's item about to be signed: the delegation it signs under (its intent
   * proven by the delegate), or null when it signs as before. Throws DELEGATE_INTENT_REQUIRED
   * (403) when the organisation signs through a delegate who has not verified a code, and
   * INTENT_REQUIRED (403) when the code verified went to someone the organisation no longer allows.
   * When the scene requires real names (`requireRealName`), the delegate needs a verified one of
   * their own (REAL_NAME_REQUIRED, 403, `details.delegate` true), as e签宝 requires of an 经办人.
   */
  async forSigning(
    ctx: SessionContext,
    item: SessionItem,
    options: { requireRealName?: boolean } = {},
  ): Promise<DelegatedSigning | null> {
    if (!isOrganizationSigner(item)) return null;
    const lineId = ctx.link.businessLineId;
    const candidates = await this.#candidates(lineId, [item]);
    const verified = await this.#verified(ctx);
    if (candidates.length === 0) {
      const org = item.signer.subject as unknown as Subject;
      // The code verified went to a person this organisation authorised once but no longer does
      // (revoked, lapsed): that person's will is not the organisation's any more.
      if (
        item.options.intent.length > 0 &&
        verified &&
        !contactsOf(org).some((c) => c.to === verified.to) &&
        (await this.deps.authorizations.delegateContacts(lineId, org)).has(verified.to)
      )
        throw new HetongError(
          'INTENT_REQUIRED',
          403,
          "verify a code sent to the organization's own contact: the one verified went to someone no longer authorised",
          { methods: item.options.intent },
        );
      return null;
    }
    const a = authorizationReached(candidates, verified);
    const realName = options.requireRealName
      ? await this.#delegateRealName(lineId, (a ?? candidates[0]!).delegate.subject)
      : null;
    if (!a || !verified) {
      const d = candidates[0]!.delegate.subject;
      throw new HetongError(
        'DELEGATE_INTENT_REQUIRED',
        403,
        'this organization signs through the person it authorised: verify the code sent to them',
        { authorizationId: candidates[0]!.id, methods: delegateIntentMethods(d) },
      );
    }
    const delegate = a.delegate.subject;
    return {
      evidence: {
        authorizationId: a.id,
        authorizationLetterSha256: a.letterSha256,
        delegate: {
          ...delegateRef(delegate),
          contact: verified.method === 'sms' ? maskPhone(verified.to) : maskEmail(verified.to),
          ...(realName ? { realNameVerificationId: realName.verificationId } : {}),
        },
        intent: { method: verified.method, verifiedAt: verified.at },
      },
      recordUse: (actor, contractId, signerId) =>
        this.deps.authorizations.recordUse(this.deps.db, actor, lineId, a, {
          contractId,
          signerId,
          delegate: delegateRef(delegate),
        }),
    };
  }

  async #delegateRealName(lineId: string, delegate: Subject): Promise<{ verificationId: string }> {
    // Without the service nobody is verified (as for the signer itself in ../session.ts).
    const standing = this.deps.realName
      ? await this.deps.realName.standing(lineId, delegate)
      : { verified: false, gap: 'none' as const, verificationId: null };
    if (!standing.verified || !standing.verificationId)
      throw new HetongError(
        'REAL_NAME_REQUIRED',
        403,
        'this signing requires a verified real name (实名认证) of the person signing for the organization',
        { kind: 'person', missing: standing.gap, delegate: true },
      );
    return { verificationId: standing.verificationId };
  }
}
