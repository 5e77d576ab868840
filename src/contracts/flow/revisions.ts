/**
 * Moving a contract's documents from one revision to the next inside a transaction: the
 * compare-and-set that makes concurrent writers (parallel signers, the completion) redo their
 * work on the newer revision instead of overwriting it.
 */
import type { ContractDocumentRow } from '../../store/repositories/contracts.js';
import type { SignFlowRepository } from '../../store/repositories/sign-flows.js';

/** How often the work is redone on a newer revision before giving up (SIGN_CONTENTION). */
export const MAX_TRIES = 8;

/** Thrown inside a transaction to roll it back when a document moved on meanwhile. */
export class RevisionMoved extends Error {}

/**
 * Inside a transaction: moves every document from the revision its new bytes were made from to
 * the new one (`updates` incremental updates later), recording the revision; RevisionMoved when
 * another writer got there first. Blob keys are SHA-256s (content addressed).
 */
export async function advanceRevisions(
  repo: SignFlowRepository,
  docs: { doc: ContractDocumentRow; blobKey: string; updates: number }[],
  kind: 'signature' | 'clickwrap' | 'ltv',
  signerId: string | null,
  now: number,
): Promise<void> {
  for (const d of docs) {
    const revision = d.doc.revision + d.updates;
    const next = { blobKey: d.blobKey, sha256: d.blobKey, revision };
    if (!(await repo.advanceDocument(d.doc.id, d.doc.revision, next))) throw new RevisionMoved();
    // The document as created stays named by a row (the orphan sweep keeps only what rows name).
    if (d.doc.revision === 0)
      await repo.insertRevision({
        document_id: d.doc.id,
        revision: 0,
        blob_key: d.doc.blobKey,
        sha256: d.doc.sha256,
        kind: 'original',
        signer_id: null,
        created_at: now,
      });
    await repo.insertRevision({
      document_id: d.doc.id,
      revision,
      blob_key: d.blobKey,
      sha256: d.blobKey,
      kind,
      signer_id: signerId,
      created_at: now,
    });
  }
}
