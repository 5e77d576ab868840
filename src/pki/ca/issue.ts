import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  type Extension,
} from '../x509.js';
import { subjectName, type CertificateSubject } from '../subject.js';
import type { CertificateKind } from '../store/pki-store.js';
import type { LoadedCa } from './ca-context.js';
import { randomSerial } from './keys.js';
import { ISSUING_SIGNING, PROFILE, urls } from './profiles.js';

export interface IssuedDer {
  serial: string;
  der: Uint8Array;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Issues RFC 5280 signer certificates from the issuing CA. The extensions that are the same for
 * every certificate are built once.
 */
export class SignerCertificateIssuer {
  private readonly constant: Extension[];

  constructor(
    private readonly issuing: LoadedCa,
    publicUrl: string,
  ) {
    const u = urls(publicUrl);
    this.constant = [
      new BasicConstraintsExtension(false, undefined, true),
      // RFC 5280 §4.2.1.3: digitalSignature + nonRepudiation (contentCommitment) for document signing.
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation, true),
      new AuthorityKeyIdentifierExtension(issuing.keyId),
      new CRLDistributionPointsExtension([u.issuingCrl]),
      new AuthorityInfoAccessExtension({ caIssuers: u.issuingCertificate }),
    ];
  }

  async issue(
    subject: CertificateSubject,
    publicKeySpki: Uint8Array,
    kind: CertificateKind,
    now = new Date(),
  ): Promise<IssuedDer> {
    const name = subjectName(subject);
    const serial = randomSerial();
    const notBefore = new Date(now.getTime() - PROFILE.backdateSeconds * 1000);
    const notAfter =
      kind === 'event'
        ? new Date(now.getTime() + PROFILE.eventMinutes * 60_000)
        : new Date(now.getTime() + PROFILE.longLivedDays * 86_400_000);
    if (notAfter > this.issuing.certificate.notAfter)
      notAfter.setTime(this.issuing.certificate.notAfter.getTime());
    const certificate = await X509CertificateGenerator.create({
      serialNumber: serial,
      subject: name,
      issuer: this.issuing.certificate.subjectName,
      notBefore,
      notAfter,
      signingAlgorithm: ISSUING_SIGNING,
      publicKey: publicKeySpki,
      signingKey: this.issuing.cryptoKey,
      extensions: [...this.constant, await SubjectKeyIdentifierExtension.create(publicKeySpki)],
    });
    return { serial, der: new Uint8Array(certificate.rawData), notBefore, notAfter };
  }
}
