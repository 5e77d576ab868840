/**
 * Builds the CAdES-detached CMS SignedData of a PAdES signature (RFC 5652 §5, ETSI EN 319 122-1
 * §5.2, ETSI EN 319 142-1 §5.2.1): signed attributes content-type, message-digest and
 * signing-certificate-v2 (RFC 5035), deliberately NO signing-time (PAdES takes the time from /M
 * and the timestamp), then the RFC 3161 token over the signature value as the unsigned attribute
 * id-aa-signatureTimeStampToken (RFC 3161 Appendix A), which makes it PAdES B-T.
 *
 * The DER is assembled from pre-encoded pieces cached per certificate, so a signature costs one
 * private-key operation, one timestamp and a few buffer concatenations.
 */
import { createHash } from 'node:crypto';
import type { SigningKey, TimestampAuthority } from '../../pki/types.js';
import { certificateFields } from '../../pki/asn1/certificate-fields.js';
import { integer, nullValue, octetString, oid, readTlv, sequence, setOf, tlv } from '../../pki/asn1/der.js';
import { OID } from '../../pki/asn1/oids.js';

interface PreparedSigner {
  issuerAndSerial: Uint8Array;
  signingCertificateV2: Uint8Array;
  certificates: Uint8Array;
  signatureAlgorithm: Uint8Array;
}

const SHA256_ALG = sequence(oid(OID.sha256));
const ID_DATA = sequence(oid(OID.data));
const CONTENT_TYPE_ATTR = sequence(oid(OID.contentType), setOf(oid(OID.data)));
const SIGNED_DATA_OID = oid(OID.signedData);
const VERSION_1 = integer(1);

const prepared = new WeakMap<Uint8Array, PreparedSigner>();

function prepare(key: SigningKey): PreparedSigner {
  const hit = prepared.get(key.certificate);
  if (hit) return hit;
  const cert = certificateFields(key.certificate);
  const issuerAndSerial = sequence(cert.issuer, cert.serial);
  // RFC 5035 §5.4: ESSCertIDv2 { hashAlgorithm DEFAULT sha256 (omitted), certHash, issuerSerial }
  // where IssuerSerial { issuer GeneralNames ([4] directoryName), serialNumber }.
  const certHash = createHash('sha256').update(key.certificate).digest();
  const issuerSerial = sequence(sequence(tlv(0xa4, cert.issuer)), cert.serial);
  const essCertIdV2 = sequence(octetString(certHash), issuerSerial);
  const signingCertificateV2 = sequence(
    oid(OID.signingCertificateV2),
    setOf(sequence(sequence(essCertIdV2))),
  );
  // Certificates: signer first, then its chain (RFC 5652 §5.1 CertificateSet, [0] IMPLICIT).
  const seen = new Set<string>();
  const certs: Uint8Array[] = [];
  for (const c of [key.certificate, ...key.chain]) {
    const k = Buffer.from(c).toString('base64');
    if (!seen.has(k)) {
      seen.add(k);
      certs.push(c);
    }
  }
  const p: PreparedSigner = {
    issuerAndSerial,
    signingCertificateV2,
    certificates: tlv(0xa0, ...certs),
    signatureAlgorithm:
      key.algorithm === 'RSA-2048'
        ? sequence(oid(OID.sha256WithRSA), nullValue())
        : sequence(oid(OID.ecdsaWithSha256)),
  };
  prepared.set(key.certificate, p);
  return p;
}

/** An upper bound of the CMS size for this key, before the timestamp token is known. */
export function estimateCmsSize(key: SigningKey): number {
  const p = prepare(key);
  return p.certificates.length + p.signingCertificateV2.length + p.issuerAndSerial.length + 600;
}

/**
 * Signs the SHA-256 `contentDigest` of the PDF's ByteRange. Returns the DER ContentInfo.
 */
export async function buildCadesSignature(
  key: SigningKey,
  tsa: TimestampAuthority,
  contentDigest: Uint8Array,
): Promise<Buffer> {
  const p = prepare(key);
  const messageDigest = sequence(oid(OID.messageDigest), setOf(octetString(contentDigest)));
  // RFC 5652 §5.4: the signature is over the DER of SignedAttributes with an explicit SET OF tag.
  const signedAttrs = setOf(CONTENT_TYPE_ATTR, messageDigest, p.signingCertificateV2);
  const signature = await key.sign(signedAttrs);
  const token = await tsa.timestamp(createHash('sha256').update(signature).digest());
  const unsignedAttrs = sequence(oid(OID.signatureTimeStampToken), setOf(token));
  const signerInfo = sequence(
    VERSION_1,
    p.issuerAndSerial,
    SHA256_ALG,
    // The same content as [0] IMPLICIT in the SignerInfo.
    tlv(0xa0, signedAttrs.subarray(readTlv(signedAttrs).contentStart)),
    p.signatureAlgorithm,
    octetString(signature),
    tlv(0xa1, unsignedAttrs),
  );
  const signedData = sequence(VERSION_1, setOf(SHA256_ALG), ID_DATA, p.certificates, setOf(signerInfo));
  const der = sequence(SIGNED_DATA_OID, tlv(0xa0, signedData));
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength);
}
