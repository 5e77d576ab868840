import type { KeyAlgorithm } from '../types.js';
import type { CertificateSubject } from '../subject.js';

/**
 * Storage port of the PKI capability. Secrets arrive already sealed by `MasterKey` (AES-256-GCM,
 * see master-key.ts): the store never sees a private key in the clear. Implementations: in memory
 * (tests, single process), files under `DATA_DIR/pki/` (CLI, embedded default); a database one
 * follows against the same contract suite (`pki-store.contract.ts`).
 */
export interface PkiStore {
  /** The built-in CA's material, or undefined before its first start. */
  getCaMaterial(): Promise<CaMaterial | undefined>;
  /**
   * Stores `material` unless some material exists already, and returns what is stored afterwards:
   * when two processes create a CA at once, both end up using the first one written.
   */
  putCaMaterialIfAbsent(material: CaMaterial): Promise<CaMaterial>;

  putCertificate(record: CertificateRecord): Promise<void>;
  getCertificate(serial: string): Promise<CertificateRecord | undefined>;

  /** A custody key: PKCS#8 sealed with aad `custody-key:<serial>`. */
  putCustodyKey(serial: string, sealedKey: string): Promise<void>;
  getCustodyKey(serial: string): Promise<string | undefined>;

  /** Records a revocation; returns false (and keeps the first) when `serial` is already revoked. */
  addRevocation(record: RevocationRecord): Promise<boolean>;
  /** Revocations of certificates issued by `issuer`, oldest first. */
  listRevocations(issuer: CaRole): Promise<RevocationRecord[]>;

  /** Atomically increments the named counter (starting at 1) and returns the new value. */
  nextCounter(name: string): Promise<bigint>;
}

export type CaRole = 'root' | 'issuing' | 'tsa';

/** A CA certificate (DER) and its private key, PKCS#8 sealed with aad `ca-key:<role>:<serial>`. */
export interface CaEntity {
  certificate: Uint8Array;
  sealedKey: string;
}

export interface CaMaterial {
  version: 1;
  createdAt: string;
  root: CaEntity;
  issuing: CaEntity;
  tsa: CaEntity;
}

export type CertificateKind = 'event' | 'long-lived';

export interface CertificateRecord {
  /** Lower-case hex of the certificate serial number. */
  serial: string;
  kind: CertificateKind;
  algorithm: KeyAlgorithm;
  subject: CertificateSubject;
  certificate: Uint8Array;
  notBefore: string;
  notAfter: string;
}

/** RFC 5280 §5.3.1 CRLReason names. */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'privilegeWithdrawn';

export interface RevocationRecord {
  serial: string;
  /** The CA whose CRL lists this certificate. */
  issuer: CaRole;
  revokedAt: string;
  reason: RevocationReason;
}
