/**
 * Authorizations for delegated signing (委托签约): an organisation lets the platform sign for it
 * (automatic signing, 自动签, for the business line) or lets a person sign for it (its 经办人), for
 * all of its templates or some, within a period. Each is recorded with an authorization letter
 * (授权委托书) signed with the organisation's certificate and seal (./delegation/letters.ts); a use
 * needs an active authorization whose letter verifies, and every use is recorded against it with
 * the letter's SHA-256, so the evidence log links each signature to the letter that allowed it.
 * Revoking keeps the letter (it proves what was allowed before) and ends it for the future.
 */
import type { AuditTrail } from '../evidence/audit.js';
import { maskEmail, maskPhone } from '../notify/mask.js';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import { AuthorizationRepository, type AuthorizationRow } from '../store/repositories/authorizations.js';
import { BusinessLineRepository } from '../store/repositories/business-lines.js';
import type { TemplateService } from '../templates/index.js';
import type { ActorContext } from '../tenancy/context.js';
import { maskIdNumber } from '../identity/real-name/index.js';
import { delegateRef, isIdCardType, type Delegate, type DelegateRef } from './delegation/letter.js';
import type { AuthorizationLetters } from './delegation/letters.js';
import {
  authorizationRequestProblems,
  delegateOf,
  unusableReason,
  type AuthorizationRequest,
  type UnusableReason,
} from './delegation/rules.js';
import { subjectKey } from './flow/signer-keys.js';
import type { Subject } from './inputs.js';

export type AuthorizationInput = AuthorizationRequest;

export interface AuthorizationView {
  id: string;
  /** The organisation, as the request gave it (SUBJECT_SCHEMA-validated before it was stored). */
  subject: Subject;
  /** The delegate as shown: a person's ID-card number and contacts masked. */
  delegate: Delegate;
  templateIds: string[] | null;
  validFrom: number;
  validTo: number;
  status: 'active' | 'revoked';
  revokeReason: string | null;
  revokedAt: number | null;
  /** The signed letter (GET /authorizations/{id}/letter.pdf); null for one made before letters. */
  letter: { sha256: string; certificateSerial: string } | null;
  createdAt: number;
  updatedAt: number;
}

function maskedDelegate(d: AuthorizationRow['delegate']): AuthorizationView['delegate'] {
  if (d.kind === 'platform') return d;
  const { mobile, email, ...rest } = d.subject as unknown as Subject;
  return {
    kind: 'person',
    subject: {
      ...rest,
      ...(isIdCardType(rest.idType) ? { id: maskIdNumber(rest.id) } : {}),
      ...(mobile ? { mobile: maskPhone(mobile) } : {}),
      ...(email ? { email: maskEmail(email) } : {}),
    },
  };
}

const view = (a: AuthorizationRow): AuthorizationView => ({
  id: a.id,
  subject: a.subject as unknown as Subject,
  delegate: maskedDelegate(a.delegate),
  templateIds: a.templateIds,
  validFrom: a.validFrom,
  validTo: a.validTo,
  status: a.status,
  revokeReason: a.revokeReason,
  revokedAt: a.revokedAt,
  letter:
    a.letterSha256 && a.letterCertificateSerial
      ? { sha256: a.letterSha256, certificateSerial: a.letterCertificateSerial }
      : null,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

/** An authorization for a person (经办人): its delegate is a person subject. */
export type PersonAuthorization = AuthorizationRow & { delegate: { kind: 'person'; subject: Subject } };

export class AuthorizationService {
  readonly #repo: AuthorizationRepository;

  constructor(
    private readonly deps: {
      db: Db;
      audit: AuditTrail;
      letters: AuthorizationLetters;
      templates: Pick<TemplateService, 'repository'>;
      now?: () => number;
    },
  ) {
    this.#repo = new AuthorizationRepository(deps.db);
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async create(lineId: string, input: AuthorizationInput, actor: ActorContext): Promise<AuthorizationView> {
    const now = this.#now();
    const validFrom = input.validFrom ?? now;
    const problems = authorizationRequestProblems(input, now);
    const templates: { id: string; name: string }[] = [];
    for (const [i, id] of (input.templateIds ?? []).entries()) {
      const t = await this.deps.templates.repository.get(lineId, id);
      if (t) templates.push({ id, name: t.name });
      else problems.push({ path: `templateIds[${i}]`, message: 'no such template in this business line' });
    }
    if (problems.length)
      throw new HetongError('AUTHORIZATION_INPUT_INVALID', 422, 'the authorization request has problems', {
        problems,
      });
    const line = await new BusinessLineRepository(this.deps.db).byId(lineId);
    const id = newId('auth');
    const delegate = delegateOf(input.delegate);
    // The letter is signed and stored before the row that names it (an orphan blob is swept).
    const letter = await this.deps.letters.issue(lineId, {
      letterId: id,
      organization: input.subject,
      delegate,
      businessLineName: line?.name ?? lineId,
      templates: input.templateIds ? templates : null,
      validFrom,
      validTo: input.validTo,
      issuedAt: now,
    });
    const row: AuthorizationRow = {
      id,
      businessLineId: lineId,
      subjectKey: subjectKey(input.subject),
      subject: { ...input.subject },
      templateIds: input.templateIds ?? null,
      validFrom,
      validTo: input.validTo,
      status: 'active',
      revokeReason: null,
      revokedAt: null,
      delegate: delegate.kind === 'person' ? { kind: 'person', subject: { ...delegate.subject } } : delegate,
      letterBlobKey: letter.blobKey,
      letterSha256: letter.sha256,
      letterCertificateSerial: letter.certificateSerial,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await new AuthorizationRepository(trx).insert(row);
      await this.deps.audit.recordBy(trx, actor, lineId, 'authorization.created', row.id, {
        subjectKey: row.subjectKey,
        delegate:
          delegate.kind === 'person' ? { kind: 'person', ...delegateRef(delegate.subject) } : delegate,
        templateIds: row.templateIds,
        validFrom,
        validTo: row.validTo,
        letterSha256: letter.sha256,
        certificateSerial: letter.certificateSerial,
      });
    });
    return view(row);
  }

  async list(lineId: string, subject?: { idType: string; id: string }): Promise<AuthorizationView[]> {
    return (await this.#repo.list(lineId, subject && subjectKey(subject))).map(view);
  }

  async #row(lineId: string, id: string): Promise<AuthorizationRow> {
    const r = await this.#repo.get(lineId, id);
    if (!r) throw new HetongError('AUTHORIZATION_NOT_FOUND', 404, 'no such authorization');
    return r;
  }

  async get(lineId: string, id: string): Promise<AuthorizationView> {
    return view(await this.#row(lineId, id));
  }

  /** The signed letter's PDF (kept after revocation), or AUTHORIZATION_LETTER_MISSING (404). */
  async letter(lineId: string, id: string): Promise<{ pdf: Buffer; sha256: string }> {
    const r = await this.#row(lineId, id);
    const pdf = await this.deps.letters.bytes(r);
    if (!pdf || !r.letterSha256)
      throw new HetongError(
        'AUTHORIZATION_LETTER_MISSING',
        404,
        'this authorization was recorded before authorization letters and has none',
      );
    return { pdf, sha256: r.letterSha256 };
  }

  async revoke(lineId: string, id: string, reason: string, actor: ActorContext): Promise<AuthorizationView> {
    const before = await this.#row(lineId, id);
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await new AuthorizationRepository(trx).revoke(lineId, id, reason, this.#now())))
        throw new HetongError('AUTHORIZATION_STATE_CONFLICT', 409, 'the authorization is revoked already');
      await this.deps.audit.recordBy(trx, actor, lineId, 'authorization.revoked', id, {
        reason,
        letterSha256: before.letterSha256,
      });
    });
    return this.get(lineId, id);
  }

  /**
   * The authorizations of `organization` for `delegate` that can be used now for documents of
   * `templateIds` (letters verified), newest first, and why each other one cannot.
   */
  async #find(
    lineId: string,
    organization: Subject,
    delegate: Delegate['kind'],
    templateIds: readonly (string | null)[],
    /** Stop at the first usable one (its letter is the only one checked). */
    firstOnly = false,
  ): Promise<{
    usable: AuthorizationRow[];
    refused: { id: string; reason: UnusableReason; problem?: string }[];
  }> {
    const now = this.#now();
    const usable: AuthorizationRow[] = [];
    const refused: { id: string; reason: UnusableReason; problem?: string }[] = [];
    for (const a of await this.#repo.list(lineId, subjectKey(organization))) {
      if (a.delegate.kind !== delegate) continue;
      const reason = unusableReason(a, now, templateIds);
      if (reason) {
        refused.push({ id: a.id, reason });
        continue;
      }
      const check = await this.deps.letters.check(a);
      if (check.ok) {
        usable.push(a);
        if (firstOnly) break;
      } else refused.push({ id: a.id, reason: 'letter_invalid', problem: check.problem });
    }
    return { usable, refused };
  }

  /**
   * An authorization of `organization` for automatic signing of `templateIds` now, with a letter
   * that verifies; AUTHORIZATION_REQUIRED (403) otherwise, naming why each one held fails.
   */
  async usable(
    lineId: string,
    organization: Subject,
    templateIds: (string | null)[],
  ): Promise<AuthorizationRow> {
    const { usable, refused } = await this.#find(lineId, organization, 'platform', templateIds, true);
    const found = usable[0];
    if (!found)
      throw new HetongError(
        'AUTHORIZATION_REQUIRED',
        403,
        'the business line holds no usable authorization of this organization, with a valid letter, for automatic signing of these templates',
        { authorizations: refused },
      );
    return found;
  }

  /**
   * The person authorizations of `organization` usable now for `templateIds` (letters verified),
   * newest first; none: the organisation's signer signs as it would without delegation.
   */
  async personDelegates(
    lineId: string,
    organization: Subject,
    templateIds: readonly (string | null)[],
  ): Promise<PersonAuthorization[]> {
    return (await this.#find(lineId, organization, 'person', templateIds)).usable as PersonAuthorization[];
  }

  /** Every phone number and e-mail address of a person `organization` ever authorised (any state). */
  async delegateContacts(lineId: string, organization: Subject): Promise<Set<string>> {
    const out = new Set<string>();
    for (const a of await this.#repo.list(lineId, subjectKey(organization)))
      if (a.delegate.kind === 'person') {
        const { mobile, email } = a.delegate.subject as { mobile?: string; email?: string };
        if (mobile) out.add(mobile);
        if (email) out.add(email);
      }
    return out;
  }

  /**
   * Records one use (`authorization.used`) inside the caller's transaction or after it: the
   * authorization's id and its letter's SHA-256 travel in the details, so the evidence log ties
   * the signature to the letter.
   */
  async recordUse(
    db: Db,
    actor: ActorContext,
    lineId: string,
    a: AuthorizationRow,
    details: { contractId: string; signerId: string; delegate?: DelegateRef },
  ): Promise<void> {
    await this.deps.audit.recordBy(db, actor, lineId, 'authorization.used', a.id, {
      authorizationId: a.id,
      letterSha256: a.letterSha256,
      delegateKind: a.delegate.kind,
      ...details,
    });
  }
}
