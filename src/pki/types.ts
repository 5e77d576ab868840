/**
 * The small interfaces the signing capability uses from PKI. The built-in CA and TSA are their
 * first implementations; external CAs, HSMs and KMSs plug in behind the same shapes.
 */

/** Signature algorithms Hetong issues keys for. */
export type KeyAlgorithm = 'RSA-2048' | 'ECDSA-P256';

/**
 * A private key that can sign, with its certificate. The key material may live in custody, in an
 * HSM or with an external CA; callers only ever see `sign`.
 */
export interface SigningKey {
  algorithm: KeyAlgorithm;
  /** Lower-case hex serial number of `certificate` (added: lets callers revoke or look it up). */
  serialNumber?: string;
  /** DER of the end-entity certificate. */
  certificate: Uint8Array;
  /** DER of the issuing chain, nearest issuer first, ending with (and including) the root. */
  chain: Uint8Array[];
  /**
   * Signs `data` with SHA-256: RSASSA-PKCS1-v1_5 for RSA, a DER `ECDSA-Sig-Value` (RFC 5480 §2.2
   * / RFC 3279 §2.2.3) for ECDSA, exactly as CMS SignerInfo.signature wants it.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** For one-time event certificates: destroy the private key once the signature exists. */
  destroy?(): Promise<void>;
}

/** An RFC 3161 time-stamping authority. */
export interface TimestampAuthority {
  /**
   * Returns the DER `TimeStampToken` (a CMS ContentInfo wrapping SignedData over TSTInfo,
   * RFC 3161 §2.4.2) for a SHA-256 message imprint.
   */
  timestamp(sha256Digest: Uint8Array): Promise<Uint8Array>;
}

/** Revocation data for long-term validation (PAdES B-LT DSS, ETSI EN 319 142-1 §5.4). */
export interface RevocationSource {
  /** DER CRLs covering every certificate of `chain` (end-entity first). */
  crlsFor(chain: Uint8Array[]): Promise<Uint8Array[]>;
}
