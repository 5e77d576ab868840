/**
 * The signing capability: PAdES signatures as incremental updates (B-T, certifying first
 * signature), long-term validation (B-LT DSS, B-LTA document timestamp) and the verifier.
 *
 * Error codes: SIGN_INVALID_PDF (400), SIGN_ENCRYPTED_PDF (422), SIGN_FIELD_KEYWORD_NOT_FOUND (422),
 * SIGN_FIELD_PLACEMENT_INVALID (422), SIGN_SEAL_IMAGE_INVALID (400), SIGN_DOCUMENT_LOCKED (409),
 * SIGN_CERTIFY_NOT_FIRST (409), LTV_NO_SIGNATURES (422), VERIFY_INVALID_PDF (400).
 */
export { signPdf, type SignRequest } from './sign.js';
export { resolvePlacement, type SignFieldPlacement } from './placement.js';
export {
  addLongTermValidation,
  addDss,
  addDocumentTimestamp,
  type LongTermValidationRequest,
} from './ltv.js';
export { verifyPdf, type VerifyOptions } from './verify/verify.js';
export type { VerificationReport, SignatureReport } from './verify/report.js';
