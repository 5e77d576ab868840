/**
 * The sign flow on the server (issue 9): signers sign in turn, each signature an incremental
 * PAdES signature stored as a new revision of every document; one rejection ends the contract;
 * the last signature completes it with long-term validation data (PAdES B-LTA).
 *
 * Crash safety and concurrency: the signed PDFs are computed and their blobs stored durably
 * FIRST (content addressed: an unused one is only an orphan for the sweep); then ONE transaction
 * moves every document from the revision it was signed on to the new one (compare-and-set), moves
 * the signer to `signed` (compare-and-set), records the audit events and the webhook outbox rows,
 * and gives the next signers their turn. So after `kill -9` a document is before or after the
 * signature, never between, and the signer's state always matches it. When another signer of the
 * same document (parallel signing) committed first, the work is redone on the newer revision; a
 * second request for the same signer finds it signed and gets 409: exactly one signature.
 * The signer who is the last to sign also gets the completion (B-LTA) in that same transaction;
 * when parallel signers finish together, whoever finds everyone signed completes afterwards,
 * backed up by a job.
 */
import { createHash } from 'node:crypto';
import type { AuditTrail } from '../../evidence/audit.js';
import type { BuiltinCa } from '../../pki/index.js';
import { HetongError } from '../../shared/errors.js';
import type { BlobStore } from '../../store/blobs/blob-store.js';
import type { Db } from '../../store/database.js';
import type {
  ContractDocumentRow,
  ContractRow,
  ContractSignerRow,
} from '../../store/repositories/contracts.js';
import { SignFlowRepository } from '../../store/repositories/sign-flows.js';
import type { TemplateSignField } from '../../templates/index.js';
import type { TemplateService } from '../../templates/index.js';
import { Lru } from '../../templates/index.js';
import type { ActorContext } from '../../tenancy/context.js';
import { SYSTEM_ACTOR } from '../../tenancy/context.js';
import type { DelegateRef } from '../delegation/letter.js';
import type { Subject } from '../inputs.js';
import { effectiveStatus } from '../state.js';
import { signerEventData, type ContractEventSink } from './events.js';
import { fieldPositions, type FieldPosition } from './field-positions.js';
import { completeContract, longTermValidation, recordCompletion } from './completion.js';
import { advanceRevisions, MAX_TRIES, RevisionMoved } from './revisions.js';
import { signerOptionsOf } from './options.js';
import { fieldsFor, signDocument, type SealAppearance } from './sign-documents.js';
import type { SignerKeys } from './signer-keys.js';
import { isSignerActive, nextSignerStatus } from './signer-state.js';
import { everyoneSigned, signersDue } from './turns.js';

/** How the signer signs: its seal in its fields (esign), or ticking the agreement (clickwrap). */
export type SignAction =
  { method: 'esign'; appearance: SealAppearance | null } | { method: 'clickwrap'; agreementText: string };

/** What the signing record keeps about the act (签约明细). */
export interface SignEvidence {
  via: 'session' | 'auto-sign';
  sessionId?: string;
  authorizationId?: string;
  /** SHA-256 of the signed authorization letter the signature was made under. */
  authorizationLetterSha256?: string | null;
  /** The person who signed for an organisation under a person authorization (经办人), id masked. */
  delegate?: DelegateRef | null;
  /** The real-name verification (实名认证) the scene required and the signer stood on. */
  realName?: { verificationId: string; expiresAt: number | null } | null;
  intent?: { method: string; verifiedAt: number } | null;
  ip?: string | null;
  userAgent?: string | null;
  /** The forced reading was done (checked by the session; automatic signing reads nothing). */
  readingDone: boolean;
}

export interface SignOutcome {
  contractId: string;
  signerId: string;
  signerStatus: 'signed';
  contractStatus: ContractRow['status'];
  signatures: number;
}

export interface SignFlowDeps {
  db: Db;
  blobs: BlobStore;
  audit: AuditTrail;
  events: ContractEventSink;
  templates: TemplateService;
  keys: SignerKeys;
  ca: () => Promise<BuiltinCa>;
  /** Enqueues a durable job inside the caller's transaction, to run `delayMs` from now. */
  enqueueIn: (
    db: Db,
    type: string,
    payload: unknown,
    options: { uniqueKey: string; delayMs: number },
  ) => Promise<void>;
  onSigned?: (signatures: number) => void;
  now?: () => number;
}

export const COMPLETE_CONTRACT = 'contracts.complete';
const COMPLETION_BACKUP_DELAY_MS = 60_000;

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export class SignFlowService {
  readonly #repo: SignFlowRepository;
  readonly #now: () => number;
  /** Sign fields per template version (versions are immutable). */
  readonly #fields = new Lru<string, TemplateSignField[]>(500);

  constructor(private readonly deps: SignFlowDeps) {
    this.#repo = new SignFlowRepository(deps.db);
    this.#now = deps.now ?? Date.now;
  }

  get repository(): SignFlowRepository {
    return this.#repo;
  }

  /** The signer and its contract, checked to belong to business line `lineId` (404 otherwise). */
  async load(
    lineId: string,
    signerId: string,
  ): Promise<{ contract: ContractRow; signer: ContractSignerRow }> {
    const signer = await this.#repo.signer(signerId);
    const contract = signer && (await this.#repo.contracts.byId(signer.contractId));
    if (!signer || !contract || contract.businessLineId !== lineId)
      throw new HetongError('SIGNER_NOT_FOUND', 404, 'no such signer in this contract');
    return { contract, signer };
  }

  #checkOpen(contract: ContractRow, now: number): void {
    const status = effectiveStatus(contract, now);
    if (status !== 'pending_signing')
      throw new HetongError('CONTRACT_STATE_CONFLICT', 409, `the contract is ${status}`, { status });
  }

  async #templateFields(versionId: string | null): Promise<TemplateSignField[]> {
    if (!versionId) return [];
    const cached = this.#fields.get(versionId);
    if (cached) return cached;
    const version = await this.deps.templates.repository.version(versionId);
    const fields = (version?.signFields ?? []) as TemplateSignField[];
    this.#fields.set(versionId, fields);
    return fields;
  }

  /**
   * Where the signer's fields are in each of its contract's documents (by document id), for the
   * signing page; empty for a click-wrap signer.
   */
  async fieldPositions(
    signer: ContractSignerRow,
    documents: readonly ContractDocumentRow[],
  ): Promise<Record<string, (FieldPosition | null)[]>> {
    const out: Record<string, (FieldPosition | null)[]> = {};
    if (signer.method !== 'esign') return out;
    const options = signerOptionsOf(signer.options);
    for (const doc of documents) {
      const fields = fieldsFor(
        doc.position,
        options.signFields,
        signer.role,
        await this.#templateFields(doc.templateVersionId),
      );
      out[doc.id] = fields.length
        ? fieldPositions(doc.originalSha256, await this.deps.blobs.get(doc.blobKey), fields)
        : [];
    }
    return out;
  }

  /** The template of each document (null for an uploaded PDF). */
  async templateIds(documents: readonly ContractDocumentRow[]): Promise<(string | null)[]> {
    return Promise.all(
      documents.map(async (d) =>
        d.templateVersionId
          ? ((await this.deps.templates.repository.version(d.templateVersionId))?.templateId ?? null)
          : null,
      ),
    );
  }

  /** ready → read, once the reading the flow asks for is done (the session checks that). */
  async markRead(contract: ContractRow, signer: ContractSignerRow, actor: ActorContext): Promise<void> {
    if (signer.status !== 'ready') return;
    const now = this.#now();
    const to = nextSignerStatus('ready', 'read');
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.#repo.withDb(trx).transitionSigner(signer.id, ['ready'], to, now, { readAt: now })))
        return;
      await this.#recordSigner(trx, actor, contract, signer, 'contract.signer.read', {});
    });
  }

  async #recordSigner(
    trx: Db,
    actor: ActorContext,
    contract: ContractRow,
    signer: ContractSignerRow,
    type:
      | 'contract.signer.ready'
      | 'contract.signer.read'
      | 'contract.signer.signed'
      | 'contract.signer.rejected',
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.recordBy(trx, actor, contract.businessLineId, type, contract.id, {
      signerId: signer.id,
      role: signer.role,
      ...details,
    });
    await this.deps.events.emit(
      trx,
      contract.businessLineId,
      type,
      signerEventData(contract, signer, details),
    );
  }

  /**
   * Signs every field of the signer in every document of its contract, then gives the next
   * signers their turn; the last signature completes the contract (B-LTA) before this returns.
   */
  async sign(
    lineId: string,
    signerId: string,
    action: SignAction,
    evidence: SignEvidence,
    actor: ActorContext,
  ): Promise<SignOutcome> {
    const ca = await this.deps.ca();
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const { contract, signer } = await this.load(lineId, signerId);
      const now = this.#now();
      this.#checkOpen(contract, now);
      this.#checkCanSign(signer, action, evidence, now);
      const documents = await this.#repo.contracts.documents(contract.id);
      const subject = signer.subject as unknown as Subject;
      const key =
        action.method === 'esign'
          ? await this.deps.keys.forSubject(lineId, subject)
          : await this.deps.keys.platform();
      // The last signer's signature and the completion are one transaction (below): fewer reads,
      // no second transaction, and no completion job left to run after the answer.
      const last = (await this.#repo.contracts.signers(contract.id)).every(
        (s) => s.id === signer.id || s.status === 'signed',
      );
      let signed: {
        doc: ContractDocumentRow;
        blobKey: string;
        sha256: string;
        signatures: number;
        pdf: Uint8Array;
      }[];
      try {
        signed = await Promise.all(
          documents.map(async (doc) => {
            const bytes = await this.deps.blobs.get(doc.blobKey);
            const options = signerOptionsOf(signer.options);
            const fields =
              action.method === 'esign'
                ? fieldsFor(
                    doc.position,
                    options.signFields,
                    signer.role,
                    await this.#templateFields(doc.templateVersionId),
                  )
                : [];
            const r = await signDocument(bytes, {
              key,
              tsa: ca.tsa,
              fields,
              appearance: action.method === 'esign' ? action.appearance : null,
              name: action.method === 'esign' ? subject.name : 'Hetong 电子合同平台',
              reason:
                action.method === 'esign'
                  ? `${signer.role} ${subject.name} 签署`
                  : `${subject.name}（${subject.idType}:${subject.id}）点击同意《${contract.title}》`,
            });
            const blobKey = await this.deps.blobs.put(r.pdf);
            return { doc, blobKey, sha256: blobKey, signatures: r.signatures, pdf: r.pdf };
          }),
        );
      } finally {
        await key.destroy?.();
      }
      const signatures = signed.reduce((n, d) => n + d.signatures, 0);
      // Each document as it will be once this signature commits, and its B-LTA revision.
      const completion = last
        ? await longTermValidation(
            this.deps,
            ca,
            signed.map((d) => ({
              ...d.doc,
              blobKey: d.blobKey,
              sha256: d.sha256,
              revision: d.doc.revision + d.signatures,
            })),
            async (doc) => signed.find((d) => d.doc.id === doc.id)!.pdf,
          )
        : null;
      const record = {
        method: action.method,
        at: now,
        certificateSerial: action.method === 'esign' ? key.serialNumber : undefined,
        platformCertificateSerial: action.method === 'clickwrap' ? key.serialNumber : undefined,
        certificateSha256: sha256(key.certificate),
        sealId: action.method === 'esign' ? (action.appearance?.sealId ?? null) : null,
        agreementText: action.method === 'clickwrap' ? action.agreementText : undefined,
        via: evidence.via,
        sessionId: evidence.sessionId,
        authorizationId: evidence.authorizationId,
        authorizationLetterSha256: evidence.authorizationLetterSha256 ?? undefined,
        delegate: evidence.delegate ?? undefined,
        realName: evidence.realName ?? undefined,
        intent: evidence.intent ?? null,
        ip: evidence.ip ?? null,
        userAgent: evidence.userAgent ?? null,
        documents: signed.map((d) => ({
          id: d.doc.id,
          sha256Before: d.doc.sha256,
          sha256After: d.sha256,
          revision: d.doc.revision + d.signatures,
          signatures: d.signatures,
        })),
      };
      let allSigned = false;
      let completedHere = false;
      try {
        await this.deps.db.transaction().execute(async (trx) => {
          const repo = this.#repo.withDb(trx);
          await advanceRevisions(
            repo,
            signed.map((d) => ({ doc: d.doc, blobKey: d.blobKey, updates: d.signatures })),
            action.method === 'esign' ? 'signature' : 'clickwrap',
            signer.id,
            now,
          );
          if (
            !(await repo.transitionSigner(signer.id, ['ready', 'read'], 'signed', now, {
              signedAt: now,
              signature: record,
              ...(signer.readAt === null ? { readAt: now } : {}),
            }))
          )
            throw new HetongError('SIGNER_STATE_CONFLICT', 409, 'the signer signed or rejected meanwhile');
          if (signer.status === 'ready')
            await this.#recordSigner(trx, actor, contract, signer, 'contract.signer.read', {});
          await this.#recordSigner(trx, actor, contract, signer, 'contract.signer.signed', {
            method: action.method,
            via: evidence.via,
            certificateSerial: key.serialNumber,
            documents: record.documents.map((d) => ({ id: d.id, sha256: d.sha256After })),
            ...(action.method === 'clickwrap'
              ? { agreementSha256: sha256(Buffer.from(action.agreementText)) }
              : {}),
            ...(evidence.authorizationId
              ? {
                  authorizationId: evidence.authorizationId,
                  authorizationLetterSha256: evidence.authorizationLetterSha256 ?? null,
                }
              : {}),
            ...(evidence.delegate ? { delegate: evidence.delegate } : {}),
            ...(evidence.realName ? { realNameVerificationId: evidence.realName.verificationId } : {}),
          });
          allSigned = await this.#advanceTurns(trx, contract, now);
          if (allSigned && completion) {
            await recordCompletion({ ...this.deps, repo: this.#repo }, trx, contract, completion, now);
            completedHere = true;
          } else if (allSigned)
            // The backup of the completion done inline below: it only acts if this process died
            // before completing, so it waits long enough to find the work done.
            await this.deps.enqueueIn(
              trx,
              COMPLETE_CONTRACT,
              { contractId: contract.id },
              {
                uniqueKey: `complete:${contract.id}`,
                delayMs: COMPLETION_BACKUP_DELAY_MS,
              },
            );
        });
      } catch (e) {
        if (e instanceof RevisionMoved) continue;
        throw e;
      }
      this.deps.onSigned?.(signatures);
      const status = completedHere
        ? 'completed'
        : allSigned
          ? await this.complete(contract.id)
          : contract.status;
      return {
        contractId: contract.id,
        signerId: signer.id,
        signerStatus: 'signed',
        contractStatus: status,
        signatures,
      };
    }
    throw new HetongError('SIGN_CONTENTION', 503, 'the documents changed too often while signing; try again');
  }

  #checkCanSign(signer: ContractSignerRow, action: SignAction, evidence: SignEvidence, now: number): void {
    if (!isSignerActive(signer.status)) nextSignerStatus(signer.status, 'sign');
    if (signer.method !== action.method)
      throw new HetongError('SIGNING_METHOD_MISMATCH', 409, `this signer signs by ${signer.method}`, {
        method: signer.method,
      });
    const options = signerOptionsOf(signer.options);
    if (options.deadline !== null && options.deadline <= now)
      throw new HetongError('SIGNER_DEADLINE_PASSED', 409, 'the signing deadline of this signer has passed', {
        deadline: options.deadline,
      });
    if (signer.status === 'ready' && !evidence.readingDone) nextSignerStatus('ready', 'sign');
  }

  /**
   * Inside the signing transaction: gives the next signers their turn. Returns true when every
   * signer has signed (the contract is ready to complete).
   */
  async #advanceTurns(trx: Db, contract: ContractRow, now: number): Promise<boolean> {
    const repo = this.#repo.withDb(trx);
    const signers = await repo.contracts.signers(contract.id);
    for (const id of signersDue(signers)) {
      if (!(await repo.transitionSigner(id, ['waiting'], nextSignerStatus('waiting', 'turn'), now))) continue;
      const s = signers.find((x) => x.id === id)!;
      await this.#recordSigner(trx, SYSTEM_ACTOR, contract, s, 'contract.signer.ready', {});
    }
    return everyoneSigned(signers);
  }

  /**
   * Completes a contract whose signers have all signed: a DSS and a document timestamp on every
   * document (PAdES B-LTA), then `completed` with the final SHA-256s. Idempotent: the job that
   * backs it up (enqueued with the last signature) finds the contract completed and does nothing.
   */
  async complete(contractId: string): Promise<ContractRow['status']> {
    return completeContract({ ...this.deps, repo: this.#repo, now: this.#now }, contractId);
  }

  /** The signer refuses to sign: the signer and the contract are `rejected`, every link ends. */
  async reject(lineId: string, signerId: string, reason: string, actor: ActorContext): Promise<void> {
    const { contract, signer } = await this.load(lineId, signerId);
    const now = this.#now();
    this.#checkOpen(contract, now);
    const to = nextSignerStatus(signer.status, 'reject');
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = this.#repo.withDb(trx);
      if (!(await repo.transitionSigner(signer.id, ['ready', 'read'], to, now, { rejectReason: reason })))
        throw new HetongError('SIGNER_STATE_CONFLICT', 409, 'the signer signed or rejected meanwhile');
      if (!(await repo.endContract(contract.id, 'rejected', now, reason)))
        throw new HetongError('CONTRACT_STATE_CONFLICT', 409, 'the contract changed meanwhile');
      await this.#recordSigner(trx, actor, contract, signer, 'contract.signer.rejected', { reason });
      await this.deps.audit.recordBy(trx, actor, lineId, 'contract.rejected', contract.id, {
        signerId: signer.id,
        reason,
      });
      await this.deps.events.emit(trx, lineId, 'contract.rejected', {
        contractId: contract.id,
        title: contract.title,
        signerId: signer.id,
        reason,
      });
    });
  }
}
