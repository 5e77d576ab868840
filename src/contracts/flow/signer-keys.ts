/**
 * Whose key signs (DESIGN.md "PKI"): a person signing in the cloud gets a one-time event
 * certificate with a fresh key, destroyed after the signing; an organisation signs with its
 * long-lived certificate, issued on first use and kept in custody; click-wrap signatures are the
 * platform's own (business line `*`), so the chain of signatures stays unbroken without claiming
 * a certificate for a person who only ticked a box.
 */
import type { BuiltinCa, CertificateSubject, SigningKey } from '../../pki/index.js';
import { HetongError } from '../../shared/errors.js';
import type { SubjectCertificateRepository } from '../../store/repositories/authorizations.js';
import type { Subject } from '../inputs.js';

export const subjectKey = (s: { idType: string; id: string }): string => `${s.idType}:${s.id}`;

/** The X.509 subject of a contract subject (contracts say `organization`, PKI `organisation`). */
export function certificateSubject(s: Subject): CertificateSubject {
  return {
    kind: s.kind === 'organization' ? 'organisation' : 'person',
    name: s.name,
    idType: s.idType,
    idNumber: s.id,
  };
}

export const PLATFORM_LINE = '*';
const PLATFORM_SUBJECT: CertificateSubject = {
  kind: 'organisation',
  name: 'Hetong 电子合同平台',
  idType: 'PLATFORM',
  idNumber: 'hetong',
};

export class SignerKeys {
  constructor(
    private readonly deps: {
      ca: () => Promise<BuiltinCa>;
      certificates: SubjectCertificateRepository;
      now?: () => number;
    },
  ) {}

  /** A key for `subject` of business line `lineId`; call `destroy` when done (event keys). */
  async forSubject(lineId: string, subject: Subject): Promise<SigningKey> {
    const ca = await this.deps.ca();
    if (subject.kind === 'person') return ca.issueEventKey(certificateSubject(subject), 'ECDSA-P256');
    return this.longLived(lineId, subjectKey(subject), certificateSubject(subject));
  }

  platform(): Promise<SigningKey> {
    return this.longLived(PLATFORM_LINE, 'PLATFORM:hetong', PLATFORM_SUBJECT);
  }

  private async longLived(lineId: string, key: string, subject: CertificateSubject): Promise<SigningKey> {
    const ca = await this.deps.ca();
    const now = (this.deps.now ?? Date.now)();
    const known = await this.deps.certificates.serial(lineId, key);
    if (known) {
      try {
        return await ca.signingKey(known);
      } catch (e) {
        // A revoked or expired certificate is replaced by a new one; anything else is a fault.
        if (
          !(e instanceof HetongError) ||
          !['CA_CERTIFICATE_REVOKED', 'CA_CERTIFICATE_EXPIRED'].includes(e.code)
        )
          throw e;
        const issued = await ca.issueLongLived(subject, 'ECDSA-P256');
        await this.deps.certificates.replace(lineId, key, issued.serialNumber, now);
        return ca.signingKey(issued.serialNumber);
      }
    }
    const issued = await ca.issueLongLived(subject, 'ECDSA-P256');
    return ca.signingKey(await this.deps.certificates.putIfAbsent(lineId, key, issued.serialNumber, now));
  }
}
