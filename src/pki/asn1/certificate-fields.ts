import { bytesOf, children, readRoot } from './der.js';

/** The raw DER of the fields of an X.509 certificate that CMS and CRL code copy verbatim. */
export interface CertificateFields {
  /** The serialNumber INTEGER TLV. */
  serial: Uint8Array;
  /** The issuer Name TLV. */
  issuer: Uint8Array;
  /** The subject Name TLV. */
  subject: Uint8Array;
}

/** RFC 5280 §4.1: TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject, … } */
export function certificateFields(der: Uint8Array): CertificateFields {
  const tbs = children(der, children(der, readRoot(der))[0]!);
  const o = tbs[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, , subject] = tbs.slice(o);
  if (!serial || !issuer || !subject) throw new Error('not an X.509 certificate');
  return { serial: bytesOf(der, serial), issuer: bytesOf(der, issuer), subject: bytesOf(der, subject) };
}
