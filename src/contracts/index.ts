/**
 * The contract capability: create from templates (and uploaded PDFs), read, list, download,
 * previews, revoke, groups, audit. Error codes: CONTRACT_NOT_FOUND, CONTRACT_DOCUMENT_NOT_FOUND,
 * CONTRACT_GROUP_NOT_FOUND, CONTRACT_INPUT_INVALID, CONTRACT_DATA_INVALID (from the render engine,
 * merged over documents), CONTRACT_PDF_INVALID, CONTRACT_STATE_CONFLICT,
 * CONTRACT_PREVIEW_UNAVAILABLE, CURSOR_INVALID, PAGE_NOT_FOUND.
 */
export {
  ContractService,
  type ContractServiceDeps,
  type CreateContractInput,
  type CreatedContract,
  type UploadedPdf,
} from './service.js';
export { checkContractInput, type SignerInput, type Subject } from './inputs.js';
export { effectiveStatus, isFinal, nextStatus, type ContractEvent } from './state.js';
export { inspectUploadedPdf, MAX_PDF_BYTES } from './pdf-upload.js';
export type { ContractDetailView, ContractView, ContractDocumentView } from './view.js';
