/** Algorithm tables of CMS verification: hash names, signature families, and what is refused. */
import { OID } from '../../pki/asn1/oids.js';

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
