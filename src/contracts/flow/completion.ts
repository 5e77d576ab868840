/**
 * Completing a contract whose signers have all signed (ETSI EN 319 142-1 §5.4): a DSS with every
 * certificate and CRL the signatures need, then a document timestamp (PAdES B-LTA), on every
 * document; the contract becomes `completed` with the final SHA-256s. Idempotent: the job that
 * backs up the inline completion finds the contract completed and does nothing.
 */
import type { AuditTrail } from '../../evidence/audit.js';
import type { BuiltinCa } from '../../pki/index.js';
import { HetongError } from '../../shared/errors.js';
import { addLongTermValidation } from '../../signing/index.js';
import type { BlobStore } from '../../store/blobs/blob-store.js';
import type { Db } from '../../store/database.js';
import type { ContractDocumentRow, ContractRow } from '../../store/repositories/contracts.js';
import type { SignFlowRepository } from '../../store/repositories/sign-flows.js';
import { SYSTEM_ACTOR } from '../../tenancy/context.js';
import type { ContractEventSink } from './events.js';
import { advanceRevisions, MAX_TRIES, RevisionMoved } from './revisions.js';
import { everyoneSigned } from './turns.js';

export interface CompletionDeps {
  db: Db;
  blobs: BlobStore;
  audit: AuditTrail;
  events: ContractEventSink;
  ca: () => Promise<BuiltinCa>;
  repo: SignFlowRepository;
  now: () => number;
}

export async function completeContract(
  deps: CompletionDeps,
  contractId: string,
): Promise<ContractRow['status']> {
  const ca = await deps.ca();
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const contract = await deps.repo.contracts.byId(contractId);
    if (!contract) return 'pending_signing';
    if (contract.status !== 'pending_signing') return contract.status;
    if (!everyoneSigned(await deps.repo.contracts.signers(contractId))) return contract.status;
    const documents = await deps.repo.contracts.documents(contractId);
    const done = await longTermValidation(deps, ca, documents, (doc) => deps.blobs.get(doc.blobKey));
    const now = deps.now();
    try {
      const completed = await deps.db.transaction().execute(async (trx) => {
        await recordCompletion(deps, trx, contract, done, now);
        return true;
      });
      if (completed) return 'completed';
    } catch (e) {
      if (e instanceof RevisionMoved) continue;
      throw e;
    }
  }
  throw new HetongError('SIGN_CONTENTION', 503, 'the contract changed too often while completing; try again');
}

/** A document with its DSS and document timestamp added (two incremental updates), stored. */
export interface CompletedDocument {
  doc: ContractDocumentRow;
  blobKey: string;
}

/**
 * The B-LTA step on each document (`bytes` reads the revision the DSS is added to), each result
 * stored durably before any transaction names it (an unused one is only an orphan for the sweep).
 */
export async function longTermValidation(
  deps: Pick<CompletionDeps, 'blobs'>,
  ca: BuiltinCa,
  documents: readonly ContractDocumentRow[],
  bytes: (doc: ContractDocumentRow) => Promise<Uint8Array>,
): Promise<CompletedDocument[]> {
  return Promise.all(
    documents.map(async (doc) => {
      const pdf = await addLongTermValidation(await bytes(doc), {
        revocation: ca.revocation,
        tsa: ca.tsa,
      });
      return { doc, blobKey: await deps.blobs.put(pdf) };
    }),
  );
}

/**
 * Inside a transaction: moves every document to its B-LTA revision and the contract to
 * `completed`, with its audit event and webhook. RevisionMoved (roll back, redo) when a document
 * or the contract moved on meanwhile.
 */
export async function recordCompletion(
  deps: Pick<CompletionDeps, 'repo' | 'audit' | 'events'>,
  trx: Db,
  contract: ContractRow,
  done: readonly CompletedDocument[],
  now: number,
): Promise<void> {
  const repo = deps.repo.withDb(trx);
  // The DSS and the document timestamp are two incremental updates.
  await advanceRevisions(
    repo,
    done.map((d) => ({ doc: d.doc, blobKey: d.blobKey, updates: 2 })),
    'ltv',
    null,
    now,
  );
  if (!(await repo.endContract(contract.id, 'completed', now))) throw new RevisionMoved();
  const finals = done.map((d) => ({ id: d.doc.id, sha256: d.blobKey }));
  await deps.audit.recordBy(trx, SYSTEM_ACTOR, contract.businessLineId, 'contract.completed', contract.id, {
    documents: finals,
  });
  await deps.events.emit(trx, contract.businessLineId, 'contract.completed', {
    contractId: contract.id,
    title: contract.title,
    completedAt: now,
    documents: finals,
  });
}
