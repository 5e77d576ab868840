/**
 * Real-name verification (实名认证) of a business line's subjects: checks the factors (GB 11643 /
 * GB 32100, pure), asks the configured provider, stores the record with its method, time and
 * expiry, and records every step in the audit trail (so in the evidence log). ID numbers and
 * phones are sealed under the master key; a keyed hash finds a number without opening them; every
 * view, error and audit event carries them masked.
 */
import { createHmac } from 'node:crypto';
import type { AuditTrail } from '../../evidence/audit.js';
import { maskPhone } from '../../notify/mask.js';
import type { MasterKey } from '../../pki/master-key.js';
import { HetongError } from '../../shared/errors.js';
import type { Db } from '../../store/database.js';
import { newId } from '../../store/ids.js';
import {
  RealNameRepository,
  type RealNameFilter,
  type RealNameRow,
} from '../../store/repositories/real-name.js';
import type { ActorContext } from '../../tenancy/context.js';
import { checkCreditCode } from './credit-code.js';
import { chinaDate, checkIdNumber, maskIdNumber } from './id-number.js';
import type { ProviderAnswer, RealNameProvider } from './provider.js';
import { isRealNameExpired, nextRealNameStatus, realNameGap, type RealNameStatus } from './state.js';

/**
 * Where the end of a verification is announced (the webhook outbox): in the transaction that
 * decides it, so a business line learns of an operator's later decision without polling.
 */
export interface RealNameEventSink {
  emit(
    db: Db,
    businessLineId: string,
    type: 'real_name.verified' | 'real_name.failed' | 'real_name.rejected',
    data: Record<string, unknown>,
  ): Promise<void>;
}

export interface SubjectRef {
  idType: string;
  id: string;
}

export interface PersonVerificationInput {
  subject: SubjectRef;
  name: string;
  idNumber: string;
  mobile: string;
}

export interface OrganizationVerificationInput {
  subject: SubjectRef;
  name: string;
  creditCode: string;
  legalRepresentative: { name: string };
}

/** What the API shows of a record: never a whole ID number or phone. */
export interface RealNameView {
  id: string;
  kind: 'person' | 'organization';
  subject: SubjectRef;
  name: string;
  /** People: masked, e.g. 110***********1234. */
  idNumber?: string;
  /** Organisations: the code is public (国家企业信用信息公示系统), shown whole. */
  creditCode?: string;
  /** People: masked, e.g. 138****5678. */
  mobile?: string;
  legalRepresentative?: { name: string };
  provider: 'manual' | 'http';
  method: string;
  status: RealNameStatus;
  reason: string | null;
  providerReference: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  expiresAt: number | null;
  /** A verified record past its expiry: the subject must be verified again. */
  expired: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Whether a signer's subject is verified now, and if not, what it lacks. */
export interface RealNameStanding {
  verified: boolean;
  /** null when verified. `nameMismatch`: verified, but under another name than the signer's. */
  gap: null | 'none' | 'pending' | 'failed' | 'rejected' | 'expired' | 'nameMismatch';
  verificationId: string | null;
  expiresAt: number | null;
}

export const PERSON_METHOD = 'name_id_phone';
export const ORGANIZATION_METHOD = 'name_code_legal_rep';
const DEFAULT_VALIDITY_MS = 365 * 86_400_000;

const subjectKeyOf = (s: SubjectRef): string => `${s.idType}:${s.id}`;

export class RealNameService {
  readonly #repo: RealNameRepository;
  readonly #hashKey: Buffer;

  constructor(
    private readonly deps: {
      db: Db;
      audit: AuditTrail;
      masterKey: MasterKey;
      provider: RealNameProvider;
      events?: RealNameEventSink;
      /** How long a verification holds; a year unless told. */
      validityMs?: number;
      now?: () => number;
    },
  ) {
    this.#repo = new RealNameRepository(deps.db);
    // Its own key (HKDF purpose), so the lookup hash never shares a key with sealing.
    this.#hashKey = deps.masterKey.deriveKey('real-name-id-hmac');
  }

  get providerName(): 'manual' | 'http' {
    return this.deps.provider.name;
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  #hash(kind: 'person' | 'organization', number: string): string {
    return createHmac('sha256', this.#hashKey).update(`${kind}:${number}`).digest('hex');
  }

  async verifyPerson(
    lineId: string,
    input: PersonVerificationInput,
    actor: ActorContext,
  ): Promise<RealNameView> {
    const checked = checkIdNumber(input.idNumber, chinaDate(this.#now()));
    if (!checked.ok)
      throw new HetongError('ID_NUMBER_INVALID', 422, `the ID number is invalid: ${checked.message}`, {
        check: checked.check,
      });
    const name = input.name.trim();
    const mobile = input.mobile.trim();
    const answer = await this.deps.provider.verifyPerson({ name, idNumber: checked.value, mobile });
    return this.#store(
      lineId,
      {
        kind: 'person',
        subject: input.subject,
        name,
        number: checked.value,
        masked: maskIdNumber(checked.value),
        factors: { idNumber: checked.value, mobile },
        details: { mobile: maskPhone(mobile) },
        method: PERSON_METHOD,
      },
      answer,
      actor,
    );
  }

  async verifyOrganization(
    lineId: string,
    input: OrganizationVerificationInput,
    actor: ActorContext,
  ): Promise<RealNameView> {
    const checked = checkCreditCode(input.creditCode);
    if (!checked.ok)
      throw new HetongError('CREDIT_CODE_INVALID', 422, `the credit code is invalid: ${checked.message}`, {
        check: checked.check,
      });
    const name = input.name.trim();
    const legalRepresentative = { name: input.legalRepresentative.name.trim() };
    const answer = await this.deps.provider.verifyOrganization({
      name,
      creditCode: checked.value,
      legalRepresentative,
    });
    return this.#store(
      lineId,
      {
        kind: 'organization',
        subject: input.subject,
        name,
        number: checked.value,
        masked: checked.value,
        factors: { creditCode: checked.value },
        details: { legalRepresentative },
        method: ORGANIZATION_METHOD,
      },
      answer,
      actor,
    );
  }

  async #store(
    lineId: string,
    r: {
      kind: 'person' | 'organization';
      subject: SubjectRef;
      name: string;
      number: string;
      masked: string;
      factors: Record<string, string>;
      details: Record<string, unknown>;
      method: string;
    },
    answer: ProviderAnswer,
    actor: ActorContext,
  ): Promise<RealNameView> {
    const now = this.#now();
    const id = newId('rn');
    const status: RealNameStatus =
      answer.outcome === 'pending'
        ? 'pending'
        : nextRealNameStatus('pending', answer.outcome === 'verified' ? 'verify' : 'fail');
    const row: RealNameRow = {
      id,
      businessLineId: lineId,
      subjectKey: subjectKeyOf(r.subject),
      subject: { idType: r.subject.idType, id: r.subject.id },
      kind: r.kind,
      name: r.name,
      idNumberHash: this.#hash(r.kind, r.number),
      idNumberMasked: r.masked,
      factorsSealed: this.deps.masterKey.seal(JSON.stringify(r.factors), `real-name:${id}`),
      details: r.details,
      provider: this.deps.provider.name,
      method: r.method,
      status,
      reason: answer.outcome === 'failed' ? scrubbed(answer.reason) : null,
      providerReference: answer.outcome === 'pending' ? null : (answer.reference ?? null),
      decidedBy: status === 'pending' ? null : `provider:${this.deps.provider.name}`,
      decidedAt: status === 'pending' ? null : now,
      expiresAt: status === 'verified' ? now + this.#validityMs() : null,
      createdAt: now,
      updatedAt: now,
    };
    const shown = view(row, now);
    await this.deps.db.transaction().execute(async (trx) => {
      await new RealNameRepository(trx).insert(row);
      await this.deps.audit.recordBy(trx, actor, lineId, 'real_name.requested', id, auditDetails(shown));
      if (status !== 'pending') {
        await this.deps.audit.recordBy(trx, actor, lineId, `real_name.${status}`, id, {
          provider: row.provider,
          reason: row.reason,
          providerReference: row.providerReference,
          expiresAt: row.expiresAt,
        });
        await this.deps.events?.emit(trx, lineId, `real_name.${status}`, { ...shown });
      }
    });
    return shown;
  }

  #validityMs(): number {
    return this.deps.validityMs ?? DEFAULT_VALIDITY_MS;
  }

  async #row(lineId: string, id: string): Promise<RealNameRow> {
    const row = await this.#repo.get(lineId, id);
    // Another line's record is indistinguishable from a missing one.
    if (!row) throw new HetongError('REAL_NAME_NOT_FOUND', 404, 'no such real-name verification', { id });
    return row;
  }

  async get(lineId: string, id: string): Promise<RealNameView> {
    return view(await this.#row(lineId, id), this.#now());
  }

  /**
   * A line's records newest first: of one subject, of one ID number or credit code (found by its
   * keyed hash; an invalid number finds nothing rather than an error), by status (the pending queue
   * of the console) and kind.
   */
  async list(
    lineId: string,
    filter: {
      subject?: SubjectRef;
      idNumber?: string;
      creditCode?: string;
      status?: RealNameStatus;
      kind?: 'person' | 'organization';
    },
    page: { cursor?: string; limit: number },
  ): Promise<{ items: RealNameView[]; nextCursor: string | null }> {
    const f: RealNameFilter = {};
    if (filter.subject) f.subjectKey = subjectKeyOf(filter.subject);
    if (filter.status) f.status = filter.status;
    if (filter.kind) f.kind = filter.kind;
    if (filter.idNumber !== undefined && filter.creditCode !== undefined)
      throw new HetongError('VALIDATION_FAILED', 400, 'filter by idNumber or by creditCode, not both');
    if (filter.idNumber !== undefined) {
      f.idNumberHash = this.#hash('person', filter.idNumber.trim().toUpperCase());
      f.kind = 'person';
    }
    if (filter.creditCode !== undefined) {
      f.idNumberHash = this.#hash('organization', filter.creditCode.trim().toUpperCase());
      f.kind = 'organization';
    }
    const rows = await this.#repo.list(lineId, f, {
      ...(page.cursor ? { after: parseCursor(page.cursor) } : {}),
      limit: page.limit + 1,
    });
    const now = this.#now();
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map((r) => view(r, now)),
      nextCursor: rows.length > page.limit && last ? `${last.createdAt}:${last.id}` : null,
    };
  }

  /** An operator's approval of a pending manual verification: it holds from now until its expiry. */
  approve(lineId: string, id: string, note: string | undefined, actor: ActorContext): Promise<RealNameView> {
    return this.#decide(lineId, id, 'approve', note?.trim() ? scrubbed(note.trim()) : null, actor);
  }

  reject(lineId: string, id: string, reason: string, actor: ActorContext): Promise<RealNameView> {
    // An operator's words are free text too: a number typed into them is masked like a provider's.
    return this.#decide(lineId, id, 'reject', scrubbed(reason.trim()), actor);
  }

  async #decide(
    lineId: string,
    id: string,
    event: 'approve' | 'reject',
    reason: string | null,
    actor: ActorContext,
  ): Promise<RealNameView> {
    const row = await this.#row(lineId, id);
    const status = nextRealNameStatus(row.status, event);
    const now = this.#now();
    const change = {
      status,
      reason,
      decidedBy: actor.actor,
      decidedAt: now,
      expiresAt: status === 'verified' ? now + this.#validityMs() : null,
      updatedAt: now,
    };
    const shown = view({ ...row, ...change }, now);
    await this.deps.db.transaction().execute(async (trx) => {
      // Someone else decided between our read and this write: theirs stands.
      if (!(await new RealNameRepository(trx).decide(lineId, id, change)))
        throw new HetongError('REAL_NAME_STATE_CONFLICT', 409, 'the verification was decided meanwhile', {
          event,
        });
      await this.deps.audit.recordBy(
        trx,
        actor,
        lineId,
        `real_name.${event === 'approve' ? 'approved' : 'rejected'}`,
        id,
        {
          kind: row.kind,
          name: row.name,
          [row.kind === 'person' ? 'idNumber' : 'creditCode']: row.idNumberMasked,
          reason,
          expiresAt: change.expiresAt,
        },
      );
      await this.deps.events?.emit(
        trx,
        lineId,
        status === 'verified' ? 'real_name.verified' : 'real_name.rejected',
        {
          ...shown,
        },
      );
    });
    return shown;
  }

  /**
   * Whether `subject` (a signer's) is verified now: a verified, unexpired record of its kind under
   * its name. Used by the signing session when the scene requires real-name.
   */
  async standing(
    lineId: string,
    subject: SubjectRef & { kind: 'person' | 'organization'; name: string },
  ): Promise<RealNameStanding> {
    const now = this.#now();
    const filter = { subjectKey: subjectKeyOf(subject), kind: subject.kind };
    // The verified records apart from the newest attempts: many failed retries after a valid
    // verification must not push it out of sight.
    const [verified, newest] = await Promise.all([
      this.#repo.list(lineId, { ...filter, status: 'verified' }, { limit: 20 }),
      this.#repo.list(lineId, filter, { limit: 20 }),
    ]);
    const records = [...new Map([...verified, ...newest].map((r) => [r.id, r])).values()];
    const name = subject.name.trim();
    const named = records.filter((r) => r.name === name);
    const gap = realNameGap(named, now);
    if (gap === null) {
      const valid = named
        .filter((r) => r.status === 'verified' && !isRealNameExpired(r, now))
        .sort((a, b) => (b.expiresAt ?? 0) - (a.expiresAt ?? 0))[0]!;
      return { verified: true, gap: null, verificationId: valid.id, expiresAt: valid.expiresAt };
    }
    const otherName = realNameGap(records, now) === null;
    return {
      verified: false,
      gap: otherName ? 'nameMismatch' : gap,
      verificationId: named[0]?.id ?? null,
      expiresAt: null,
    };
  }
}

/**
 * A provider's free text (its reason for a mismatch) may quote what it was sent: anything shaped
 * like a resident ID number or a mainland mobile number is masked before it is stored or shown.
 */
export function scrubbed(text: string): string {
  return text
    .replace(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, (m) => maskIdNumber(m))
    .replace(/(?<!\d)(\+?86)?1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m));
}

function parseCursor(cursor: string): { createdAt: number; id: string } {
  const m = /^(\d{1,16}):(rn_[0-9a-z]{25})$/.exec(cursor);
  if (!m) throw new HetongError('VALIDATION_FAILED', 400, 'cursor is not one this list gave');
  return { createdAt: Number(m[1]), id: m[2]! };
}

export function view(r: RealNameRow, now: number): RealNameView {
  const details = r.details as { mobile?: string; legalRepresentative?: { name: string } };
  return {
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    name: r.name,
    ...(r.kind === 'person'
      ? { idNumber: r.idNumberMasked, ...(details.mobile ? { mobile: details.mobile } : {}) }
      : {
          creditCode: r.idNumberMasked,
          ...(details.legalRepresentative ? { legalRepresentative: details.legalRepresentative } : {}),
        }),
    provider: r.provider,
    method: r.method,
    status: r.status,
    reason: r.reason,
    providerReference: r.providerReference,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    expiresAt: r.expiresAt,
    expired: isRealNameExpired(r, now),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** The audit event of a request: the view's masked factors, nothing more. */
function auditDetails(v: RealNameView): Record<string, unknown> {
  return {
    kind: v.kind,
    subject: v.subject,
    name: v.name,
    ...(v.idNumber ? { idNumber: v.idNumber } : {}),
    ...(v.creditCode ? { creditCode: v.creditCode } : {}),
    ...(v.mobile ? { mobile: v.mobile } : {}),
    ...(v.legalRepresentative ? { legalRepresentative: v.legalRepresentative } : {}),
    provider: v.provider,
    method: v.method,
    status: v.status,
  };
}
