import { createHash, sign } from 'node:crypto';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
} from '../x509.js';
import { certificateFields } from '../asn1/certificate-fields.js';
import {
  bitString,
  certificateTime,
  children,
  concat,
  contentOf,
  contextConstructed,
  integer,
  octetString,
  oid,
  readRoot,
  sequence,
  unsignedInteger,
} from '../asn1/der.js';
import { OID } from '../asn1/oids.js';
import { subjectName, type CertificateSubject } from '../subject.js';
import type { CertificateKind } from '../store/pki-store.js';
import type { LoadedCa } from './ca-context.js';
import { randomSerial } from './keys.js';
import { PROFILE, urls } from './profiles.js';

export interface IssuedDer {
  serial: string;
  der: Uint8Array;
  notBefore: Date;
  notAfter: Date;
}

const ECDSA_WITH_SHA256 = sequence(oid(OID.ecdsaWithSha256));

/**
 * Issues RFC 5280 signer certificates from the issuing CA (ECDSA P-256 / SHA-256). Issuing runs
 * on every cloud signature, so the certificate is assembled from pre-encoded DER — issuer name,
 * algorithm, the extensions that never change — and signed with node:crypto: about 0.2 ms, where
 * a generic ASN.1 object builder took ~5 ms.
 */
export class SignerCertificateIssuer {
  private readonly issuerName: Uint8Array;
  private readonly constantExtensions: Uint8Array;

  constructor(
    private readonly issuing: LoadedCa,
    publicUrl: string,
  ) {
    const u = urls(publicUrl);
    this.issuerName = certificateFields(issuing.der).subject;
    this.constantExtensions = concat(
      [
        new BasicConstraintsExtension(false, undefined, true),
        // RFC 5280 §4.2.1.3: digitalSignature + nonRepudiation (contentCommitment) for document signing.
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation, true),
        // RFC 5280 §4.2.1.1
        new AuthorityKeyIdentifierExtension(issuing.keyId),
        // RFC 5280 §4.2.1.13
        new CRLDistributionPointsExtension([u.issuingCrl]),
        // RFC 5280 §4.2.2.1
        new AuthorityInfoAccessExtension({ caIssuers: u.issuingCertificate }),
      ].map((e) => new Uint8Array(e.rawData)),
    );
  }

  async issue(
    subject: CertificateSubject,
    publicKeySpki: Uint8Array,
    kind: CertificateKind,
    now = new Date(),
  ): Promise<IssuedDer> {
    const name = subjectName(subject);
    const serial = randomSerial();
    // Certificate times have whole seconds (RFC 5280 §4.1.2.5.1); report what is encoded.
    const start = Math.floor(now.getTime() / 1000) * 1000;
    const notBefore = new Date(start - PROFILE.backdateSeconds * 1000);
    const notAfter =
      kind === 'event'
        ? new Date(start + PROFILE.eventMinutes * 60_000)
        : new Date(start + PROFILE.longLivedDays * 86_400_000);
    if (notAfter > this.issuing.certificate.notAfter)
      notAfter.setTime(this.issuing.certificate.notAfter.getTime());

    const tbs = sequence(
      contextConstructed(0, integer(2)), // v3
      unsignedInteger(Buffer.from(serial, 'hex')),
      ECDSA_WITH_SHA256,
      this.issuerName,
      sequence(certificateTime(notBefore), certificateTime(notAfter)),
      name,
      publicKeySpki,
      contextConstructed(3, sequence(this.constantExtensions, subjectKeyIdentifier(publicKeySpki))),
    );
    const signature = sign('sha256', tbs, { key: this.issuing.privateKey, dsaEncoding: 'der' });
    const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(signature));
    return { serial, der, notBefore, notAfter };
  }
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's value. */
function subjectKeyIdentifier(spki: Uint8Array): Uint8Array {
  const [, publicKey] = children(spki, readRoot(spki));
  const keyBits = contentOf(spki, publicKey!).subarray(1); // skip the unused-bits octet
  const keyId = createHash('sha1').update(keyBits).digest();
  return sequence(oid(OID.subjectKeyIdentifier), octetString(octetString(keyId)));
}
