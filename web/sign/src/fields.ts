import type { ContractView, FieldPosition } from './api';

/** One of the signer's sign fields, placed on the contract's pages. */
export interface PlacedField {
  /** 1-based page over the whole contract (the page's `data-page`). */
  n: number;
  documentId: string;
  field: FieldPosition;
}

/**
 * The signer's sign fields that the server found on the pages, in page order ("2 处待签"). A keyword
 * field the document does not contain has no position (null) and is not shown.
 */
export function placedFields(contract: ContractView): PlacedField[] {
  const out: PlacedField[] = [];
  let offset = 0;
  for (const doc of contract.documents) {
    for (const field of doc.fields ?? [])
      if (field) out.push({ n: offset + field.page, documentId: doc.id, field });
    offset += doc.pages;
  }
  return out.sort((a, b) => a.n - b.n);
}

/** Whether the signer can still sign this contract now. */
export function signable(contract: ContractView): boolean {
  return (
    contract.status === 'pending_signing' &&
    (contract.signer.status === 'ready' || contract.signer.status === 'read')
  );
}
