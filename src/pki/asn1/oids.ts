/**
 * Object identifiers of the PKI and signing capabilities, named as in their RFCs: CMS (RFC 5652),
 * ESS (RFC 5035), TSP (RFC 3161), PKIX (RFC 5280) and the algorithms (RFC 3279, RFC 4055, RFC 5758).
 */
export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  /** RFC 5652 §5.1 */
  signedData: '1.2.840.113549.1.7.2',
  /** RFC 5652 §11.1 */
  contentType: '1.2.840.113549.1.9.3',
  /** RFC 5652 §11.2 */
  messageDigest: '1.2.840.113549.1.9.4',
  /** RFC 3161 §2.4.2 */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  /** RFC 5035 §3 (ESS signing-certificate-v2), required for TSA tokens by RFC 5816 §2.2.1 */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** RFC 5280 §5.2.3 */
  crlNumber: '2.5.29.20',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
  /** RFC 5280 §4.2.1.2 */
  subjectKeyIdentifier: '2.5.29.14',
  /** RFC 5280 §4.1.2.6 X520SerialNumber */
  serialNumberAttribute: '2.5.4.5',
  data: '1.2.840.113549.1.7.1',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha1: '1.3.14.3.2.26',
  md5: '1.2.840.113549.2.5',
  md5WithRSA: '1.2.840.113549.1.1.4',
  ecdsaWithSha1: '1.2.840.10045.4.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  sha1WithRSA: '1.2.840.113549.1.1.5',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  /**
   * Hetong's TSA policy (RFC 3161 §2.4.2 `policy`). An OID under 2.25 is a UUID read as one
   * integer (ITU-T X.667 §6.3), which needs no registration: UUID 172d4628-1f21-4271-b929-daa67f06680a.
   * It states: tokens are issued by the built-in TSA of one Hetong installation, genTime from the
   * host clock (kept by NTP), accuracy ±1 s, SHA-256/384/512 imprints.
   */
  hetongTsaPolicy: '2.25.30807320209120132138095980169300174858',
} as const;
