import { nodeChild, nodeChildren, readNode } from './der.js';

/**
 * The raw DER of the fields of an X.509 certificate that CMS, CRL and TSA code copy verbatim or
 * match: IssuerAndSerialNumber (RFC 5652 §10.2.4), ESS issuerSerial (RFC 5035 §4), CRL issuers.
 */
export interface CertificateFields {
  /** The serialNumber INTEGER TLV. */
  serial: Uint8Array;
  /** The issuer Name TLV. */
  issuer: Uint8Array;
  /** The subject Name TLV. */
  subject: Uint8Array;
}

// Certificates repeat across signatures (the same signer, CA and TSA): memoised by their bytes.
const memo = new WeakMap<Uint8Array, CertificateFields>();

/** RFC 5280 §4.1: TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject, … } */
export function certificateFields(der: Uint8Array): CertificateFields {
  const hit = memo.get(der);
  if (hit) return hit;
  // Read leniently (readNode): certificates inside strangers' signatures are not always strict DER.
  const tbs = nodeChildren(nodeChild(readNode(der), 0));
  // §4.1.2.1: version is an optional [0] EXPLICIT field in front.
  const o = tbs[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, , subject] = tbs.slice(o);
  if (!serial || !issuer || !subject) throw new Error('not an X.509 certificate');
  const fields = { serial: serial.raw, issuer: issuer.raw, subject: subject.raw };
  memo.set(der, fields);
  return fields;
}
