/** The verification report (src/http/routes/verify.ts VERIFICATION_REPORT_SCHEMA). */
export interface CertSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
}

export interface SignatureReport {
  fieldNames: string[];
  kind: 'signature' | 'document-timestamp';
  subFilter: string;
  signer?: CertSummary;
  chain: CertSummary[];
  trusted: boolean;
  trustProblem?: string;
  integrity: { valid: boolean; problems: string[] };
  revisionLength: number;
  coversWholeDocument: boolean;
  timestamp?: { time: string; valid: boolean; trusted: boolean; tsa: string; problems: string[] };
  certification?: { permissions: number };
  signingTime?: string;
  reason?: string;
  location?: string;
  name?: string;
  modifiedAfterSigning: boolean;
  changesAfter: { allowed: string[]; disallowed: string[] };
  valid: boolean;
}

export interface VerificationReport {
  verdict: 'valid' | 'invalid';
  valid: boolean;
  fileLength: number;
  signatures: SignatureReport[];
  dss?: { certificates: number; crls: number; ocsps: number };
}
