/** Object identifiers used by CMS (RFC 5652), ESS (RFC 5035), TSP (RFC 3161) and PKIX (RFC 5280). */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha1: '1.3.14.3.2.26',
  md5: '1.2.840.113549.2.5',
  md5WithRSA: '1.2.840.113549.1.1.4',
  ecdsaWithSha1: '1.2.840.10045.4.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  sha1WithRSA: '1.2.840.113549.1.1.5',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

/** node:crypto hash names by digest-algorithm OID. */
export const HASH_BY_OID: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** Signature-algorithm OID → the hash it implies (undefined: take the SignerInfo digest algorithm). */
export const SIGNATURE_ALGORITHMS: Record<string, { family: 'rsa' | 'ec'; hash?: string }> = {
  [OID.rsaEncryption]: { family: 'rsa' },
  [OID.sha256WithRSA]: { family: 'rsa', hash: 'sha256' },
  [OID.sha384WithRSA]: { family: 'rsa', hash: 'sha384' },
  [OID.sha512WithRSA]: { family: 'rsa', hash: 'sha512' },
  [OID.sha1WithRSA]: { family: 'rsa', hash: 'sha1' },
  [OID.ecdsaWithSha256]: { family: 'ec', hash: 'sha256' },
  [OID.ecdsaWithSha384]: { family: 'ec', hash: 'sha384' },
  [OID.ecdsaWithSha512]: { family: 'ec', hash: 'sha512' },
};

/**
 * Digest and signature algorithms refused for verification whatever the rest of the signature says:
 * collisions for SHA-1 (SHAttered, 2017; chosen-prefix 2020) and MD5 are practical.
 */
export const REJECTED_ALGORITHMS: Record<string, string> = {
  [OID.sha1]: 'SHA-1 is not accepted: collisions are practical',
  [OID.sha1WithRSA]: 'SHA-1 is not accepted: collisions are practical',
  [OID.ecdsaWithSha1]: 'SHA-1 is not accepted: collisions are practical',
  [OID.md5]: 'MD5 is not accepted: collisions are practical',
  [OID.md5WithRSA]: 'MD5 is not accepted: collisions are practical',
};

/** Hash names (node:crypto) refused for verification, with the reason. */
export const REJECTED_HASHES: Record<string, string> = {
  sha1: 'SHA-1 is not accepted: collisions are practical',
  md5: 'MD5 is not accepted: collisions are practical',
};
