import type { CertificateSubject } from './subject.js';
import type { CertificateKind, RevocationReason } from './store/pki-store.js';
import type { KeyAlgorithm, RevocationSource, SigningKey } from './types.js';

/** A certificate a `CaProvider` issued. */
export interface IssuedCertificate {
  /** Lower-case hex serial number. */
  serialNumber: string;
  kind: CertificateKind;
  algorithm: KeyAlgorithm;
  subject: CertificateSubject;
  /** DER of the certificate. */
  certificate: Uint8Array;
  /** DER of the issuing chain, nearest issuer first, ending with the root. */
  chain: Uint8Array[];
  notBefore: Date;
  notAfter: Date;
}

/**
 * A certificate authority a business line signs with: the built-in CA first, external CAs
 * (iTrusChina, CFCA …) behind adapters. Every implementation passes `ca-provider.contract.ts`.
 */
export interface CaProvider {
  /** Stable identifier, e.g. `builtin`. */
  readonly id: string;
  /**
   * A one-time event certificate with a fresh key for a person signing in the cloud (validity:
   * minutes). The key exists only in the returned object; call `destroy` after the signature.
   */
  issueEventKey(subject: CertificateSubject, algorithm: KeyAlgorithm): Promise<SigningKey>;
  /** A long-lived certificate (organisations) whose key stays in custody, encrypted at rest. */
  issueLongLived(subject: CertificateSubject, algorithm: KeyAlgorithm): Promise<IssuedCertificate>;
  /** The custody key of a long-lived certificate. Refuses revoked, expired and unknown serials. */
  signingKey(serialNumber: string): Promise<SigningKey>;
  /** Revokes a certificate this provider issued; revoking twice keeps the first reason. */
  revoke(serialNumber: string, reason: RevocationReason): Promise<void>;
  /** CRLs for chains this provider issued. */
  readonly revocation: RevocationSource;
  /** DER root certificates a verifier should trust for this provider's signatures. */
  trustAnchors(): Promise<Uint8Array[]>;
}
