import type { ChangedRegion, DisplayedPage } from './regions.js';
import type { CertificateSummary } from './trust.js';

/** One signature or document timestamp of a PDF, as judged by `verifyPdf`. */
export interface SignatureReport {
  /** Field names showing this signature (several for a cross-page seal). */
  fieldNames: string[];
  kind: 'signature' | 'document-timestamp';
  subFilter?: string;
  signer?: CertificateSummary;
  /** Signer (or TSA, for a document timestamp) first, up to the trust anchor when one was reached. */
  chain: CertificateSummary[];
  trusted: boolean;
  trustProblem?: string;
  /** CRL status of the chain at the reference time: unknown when no valid CRL covers a certificate. */
  revocation?: 'good' | 'revoked' | 'unknown';
  integrity: { valid: boolean; byteRange: [number, number, number, number] | null; problems: string[] };
  /** Byte length of the revision this signature covers. */
  revisionLength: number;
  coversWholeDocument: boolean;
  timestamp?: { time: string; valid: boolean; trusted: boolean; tsa?: string; problems: string[] };
  /** DocMDP permission level when this is the certifying signature (ISO 32000-1 §12.8.2.2). */
  certification?: { permissions: number };
  signingTime?: string;
  reason?: string;
  location?: string;
  name?: string;
  modifiedAfterSigning: boolean;
  changesAfter: { allowed: string[]; disallowed: string[] };
  /** Where on the pages the later revisions changed things (./regions.ts), for page pictures. */
  regionsAfter: ChangedRegion[];
  /** Integrity, trust, a valid timestamp (when present) and no disallowed change after it. */
  valid: boolean;
}

export interface VerificationReport {
  /** Every signature valid, and at least one that is not a document timestamp. */
  valid: boolean;
  /** Why the document as a whole is not valid beyond its signatures' own problems. */
  problems?: string[];
  fileLength: number;
  /** Each page of the newest revision as its picture shows it (crop box, /Rotate), in points. */
  pages: DisplayedPage[];
  signatures: SignatureReport[];
  dss?: { certificates: number; crls: number; ocsps: number };
}
