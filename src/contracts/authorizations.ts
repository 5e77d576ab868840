/**
 * Authorizations for automatic signing (自动签授权): an organisation lets the business line sign
 * for it without a person, for all of its templates or some, within a period. Automatic signing
 * is allowed only under an active one, and every use is recorded against it.
 */
import type { AuditTrail } from '../evidence/audit.js';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import { AuthorizationRepository, type AuthorizationRow } from '../store/repositories/authorizations.js';
import type { ActorContext } from '../tenancy/context.js';
import { subjectKey } from './flow/signer-keys.js';
import type { Subject } from './inputs.js';

export interface AuthorizationInput {
  subject: Subject;
  /** Omitted or null: every template of the business line. */
  templateIds?: string[] | null;
  validFrom?: number;
  validTo: number;
}

export type AuthorizationView = Omit<AuthorizationRow, 'businessLineId' | 'subjectKey'>;

const view = ({ businessLineId: _b, subjectKey: _k, ...rest }: AuthorizationRow): AuthorizationView => rest;

export class AuthorizationService {
  readonly #repo: AuthorizationRepository;

  constructor(private readonly deps: { db: Db; audit: AuditTrail; now?: () => number }) {
    this.#repo = new AuthorizationRepository(deps.db);
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async create(lineId: string, input: AuthorizationInput, actor: ActorContext): Promise<AuthorizationView> {
    const now = this.#now();
    const validFrom = input.validFrom ?? now;
    const problems: { path: string; message: string }[] = [];
    if (input.subject.kind !== 'organization')
      problems.push({ path: 'subject.kind', message: 'automatic signing is authorised by an organization' });
    if (input.validTo <= validFrom) problems.push({ path: 'validTo', message: 'must be after validFrom' });
    if (input.validTo <= now) problems.push({ path: 'validTo', message: 'must be in the future' });
    if (problems.length)
      throw new HetongError('AUTHORIZATION_INPUT_INVALID', 422, 'the authorization request has problems', {
        problems,
      });
    const row: AuthorizationRow = {
      id: newId('auth'),
      businessLineId: lineId,
      subjectKey: subjectKey(input.subject),
      subject: { ...input.subject },
      templateIds: input.templateIds ?? null,
      validFrom,
      validTo: input.validTo,
      status: 'active',
      revokeReason: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await new AuthorizationRepository(trx).insert(row);
      await this.deps.audit.recordBy(trx, actor, lineId, 'authorization.created', row.id, {
        subjectKey: row.subjectKey,
        templateIds: row.templateIds,
        validFrom,
        validTo: row.validTo,
      });
    });
    return view(row);
  }

  async list(lineId: string, subject?: { idType: string; id: string }): Promise<AuthorizationView[]> {
    return (await this.#repo.list(lineId, subject && subjectKey(subject))).map(view);
  }

  async get(lineId: string, id: string): Promise<AuthorizationView> {
    const r = await this.#repo.get(lineId, id);
    if (!r) throw new HetongError('AUTHORIZATION_NOT_FOUND', 404, 'no such authorization');
    return view(r);
  }

  async revoke(lineId: string, id: string, reason: string, actor: ActorContext): Promise<AuthorizationView> {
    await this.get(lineId, id);
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await new AuthorizationRepository(trx).revoke(lineId, id, reason, this.#now())))
        throw new HetongError('AUTHORIZATION_STATE_CONFLICT', 409, 'the authorization is revoked already');
      await this.deps.audit.recordBy(trx, actor, lineId, 'authorization.revoked', id, { reason });
    });
    return this.get(lineId, id);
  }

  /** An active authorization of `subject` covering `templateIds` now, or AUTHORIZATION_REQUIRED. */
  async usable(lineId: string, subject: Subject, templateIds: (string | null)[]): Promise<AuthorizationRow> {
    const now = this.#now();
    const found = (await this.#repo.list(lineId, subjectKey(subject))).find(
      (a) =>
        a.status === 'active' &&
        a.validFrom <= now &&
        now < a.validTo &&
        (a.templateIds === null || templateIds.every((t) => t !== null && a.templateIds!.includes(t))),
    );
    if (!found)
      throw new HetongError(
        'AUTHORIZATION_REQUIRED',
        403,
        'the business line holds no active authorization of this organization for automatic signing of these templates',
      );
    return found;
  }
}
