/**
 * The built-in CA's algorithms and lifetimes (one place, so they can be reviewed together).
 *
 * - Root CA: ECDSA P-384 / SHA-384, 20 years. Signs only the issuing CA and the root CRL.
 * - Issuing CA: ECDSA P-256 / SHA-256, 10 years, pathLen 0. Signs every signer certificate,
 *   the TSA certificate and the issuing CRL; P-256 keeps issuing fast (~0.1 ms per signature) at
 *   128-bit strength, above the signers' RSA-2048 (112-bit).
 * - TSA: ECDSA P-256 / SHA-256, 10 years (within the issuing CA), EKU timeStamping only, critical
 *   (RFC 3161 §2.3).
 * - Organisation certificates: 2 years, key in custody. Event certificates: 10 minutes.
 * - CRLs: nextUpdate 7 days after thisUpdate; reissued whenever a revocation is added and at
 *   least every 24 hours.
 * The CA certificates carry CRL and AIA URLs under the `publicUrl` of their first start.
 */
export const PROFILE = {
  rootYears: 20,
  issuingYears: 10,
  tsaYears: 10,
  longLivedDays: 2 * 365,
  eventMinutes: 10,
  /** Signer certificates start slightly in the past so a verifier's clock skew does not reject them. */
  backdateSeconds: 60,
  crlValidityDays: 7,
  crlReissueHours: 24,
} as const;

export const ROOT_SIGNING = { name: 'ECDSA', hash: 'SHA-384' } as const;
export const ISSUING_SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

export const urls = (publicUrl: string) => ({
  rootCertificate: `${publicUrl}/pki/ca/root.cer`,
  issuingCertificate: `${publicUrl}/pki/ca/issuing.cer`,
  rootCrl: `${publicUrl}/pki/crl/root.crl`,
  issuingCrl: `${publicUrl}/pki/crl/issuing.crl`,
});

export const addYears = (d: Date, years: number): Date => {
  const out = new Date(d);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
};
