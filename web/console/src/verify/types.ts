/** The verification report: the wire contract of POST /verify (src/http/wire/verify.ts). */
export type { CertSummary, ChangedRegion, SignatureReport, VerificationReport } from '../wire';
