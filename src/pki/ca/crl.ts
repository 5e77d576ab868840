import { AuthorityKeyIdentifierExtension, Extension, X509CrlGenerator, X509CrlReason } from '../x509.js';
import { integer } from '../asn1/der.js';
import type { CaRole, PkiStore, RevocationReason } from '../store/pki-store.js';
import type { LoadedCa } from './ca-context.js';
import { ISSUING_SIGNING, PROFILE, ROOT_SIGNING } from './profiles.js';
import { OID } from '../asn1/oids.js';

/**
 * Issues and caches the CRLs (RFC 5280 §5: v2, cRLNumber, authorityKeyIdentifier, nextUpdate) of
 * the root and the issuing CA. A CRL is reissued when a revocation was added (by any process
 * sharing the store) or when it is older than `PROFILE.crlReissueHours`.
 */
export class CrlIssuer {
  private readonly cache = new Map<CaRole, { der: Uint8Array; revocations: number; thisUpdate: number }>();
  private readonly pending = new Map<CaRole, Promise<Uint8Array>>();

  constructor(
    private readonly store: PkiStore,
    private readonly cas: { root: LoadedCa; issuing: LoadedCa },
  ) {}

  async current(role: 'root' | 'issuing', now = new Date()): Promise<Uint8Array> {
    const revocations = await this.store.listRevocations(role);
    const cached = this.cache.get(role);
    const fresh = cached && now.getTime() - cached.thisUpdate < PROFILE.crlReissueHours * 3_600_000;
    if (cached && fresh && cached.revocations === revocations.length) return cached.der;
    let inFlight = this.pending.get(role);
    if (!inFlight) {
      inFlight = this.issue(role, now).finally(() => this.pending.delete(role));
      this.pending.set(role, inFlight);
    }
    return inFlight;
  }

  private async issue(role: 'root' | 'issuing', now: Date): Promise<Uint8Array> {
    const ca = this.cas[role];
    const revocations = await this.store.listRevocations(role);
    const number = await this.store.nextCounter(`crl-number:${role}`);
    const crl = await X509CrlGenerator.create({
      issuer: ca.certificate.subjectName,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + PROFILE.crlValidityDays * 86_400_000),
      signingAlgorithm: role === 'root' ? ROOT_SIGNING : ISSUING_SIGNING,
      signingKey: ca.cryptoKey,
      extensions: [
        new AuthorityKeyIdentifierExtension(ca.keyId),
        // RFC 5280 §5.2.3: monotonically increasing, shared by every process through the store.
        new Extension(OID.crlNumber, false, integer(number)),
      ],
      entries: revocations.map((r) => ({
        serialNumber: r.serial,
        revocationDate: new Date(r.revokedAt),
        // RFC 5280 §5.3.1: reasonCode is absent rather than "unspecified".
        ...(r.reason === 'unspecified' ? {} : { reason: reasonCode(r.reason) }),
      })),
    });
    const der = new Uint8Array(crl.rawData);
    this.cache.set(role, { der, revocations: revocations.length, thisUpdate: now.getTime() });
    return der;
  }
}

export function reasonCode(reason: RevocationReason): X509CrlReason {
  return X509CrlReason[reason];
}
