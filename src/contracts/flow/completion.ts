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
import type { ContractRow } from '../../store/repositories/contracts.js';
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
    const done = await Promise.all(
      documents.map(async (doc) => {
        const pdf = await addLongTermValidation(await deps.blobs.get(doc.blobKey), {
          revocation: ca.revocation,
          tsa: ca.tsa,
        });
        return { doc, blobKey: await deps.blobs.put(pdf) };
      }),
    );
    const now = deps.now();
    try {
      const completed = await deps.db.transaction().execute(async (trx) => {
        const repo = deps.repo.withDb(trx);
        // The DSS and the document timestamp are two incremental updates.
        await advanceRevisions(
          repo,
          done.map((d) => ({ doc: d.doc, blobKey: d.blobKey, updates: 2 })),
          'ltv',
          null,
          now,
        );
        if (!(await repo.endContract(contractId, 'completed', now))) throw new RevisionMoved();
        const finals = done.map((d) => ({ id: d.doc.id, sha256: d.blobKey }));
        await deps.audit.recordBy(
          trx,
          SYSTEM_ACTOR,
          contract.businessLineId,
          'contract.completed',
          contractId,
          {
            documents: finals,
          },
        );
        await deps.events.emit(trx, contract.businessLineId, 'contract.completed', {
          contractId,
          title: contract.title,
          completedAt: now,
          documents: finals,
        });
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
