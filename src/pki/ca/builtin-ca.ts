import { createHash, type KeyObject } from 'node:crypto';
import { HetongError } from '../../shared/errors.js';
import { certificateFields } from '../asn1/certificate-fields.js';
import type { IssuedCertificate, CaProvider } from '../ca-provider.js';
import type { MasterKey } from '../master-key.js';
import type { CertificateRecord, PkiStore, RevocationReason } from '../store/pki-store.js';
import type { CertificateSubject } from '../subject.js';
import { handleTimestampRequest } from '../tsa/request.js';
import { BuiltinTsa } from '../tsa/tsa.js';
import type { KeyAlgorithm, RevocationSource, SigningKey } from '../types.js';
import { createCaMaterial } from './bootstrap.js';
import { loadCaContext, type CaContext } from './ca-context.js';
import { CrlIssuer } from './crl.js';
import { SignerCertificateIssuer } from './issue.js';
import {
  generateEcKeyPair,
  generateRsaKeyPair,
  keyAlgorithmOf,
  pkcs8,
  privateKeyFromPkcs8,
  RsaKeyPool,
  spki,
  type KeyPair,
} from './keys.js';
import { keyObjectSigningKey } from './signing-key.js';

const OPENED_KEYS_MAX = 1024;

export interface BuiltinCaOptions {
  store: PkiStore;
  masterKey: MasterKey;
  /** Base URL the CRL and CA certificates are published under (`/pki/crl/…`, `/pki/ca/…`). */
  publicUrl: string;
  /** Pre-generated RSA-2048 key pairs kept ready (0 turns the pool off). Default 4. */
  rsaPoolSize?: number;
}

/** The built-in CA: a `CaProvider` plus what the HTTP layer publishes and the TSA. */
export interface BuiltinCa extends CaProvider {
  tsa: BuiltinTsa;
  rootCertificate(): Uint8Array;
  issuingCertificate(): Uint8Array;
  tsaCertificate(): Uint8Array;
  /** Current DER CRL of the root (lists revoked issuing CAs) or of the issuing CA. */
  crl(which: 'root' | 'issuing'): Promise<Uint8Array>;
  /** RFC 3161 over HTTP: DER TimeStampReq in, DER TimeStampResp out. */
  handleTimestampRequest(der: Uint8Array): Promise<Uint8Array>;
  /** Resolves when the RSA key pool is full (benchmarks, warm-up at start). */
  rsaPoolFilled(): Promise<void>;
  /** Stops refilling the RSA key pool. */
  close(): void;
}

export const custodyKeyAad = (serial: string): string => `custody-key:${serial}`;

/**
 * Opens the built-in CA, creating root, issuing CA and TSA on first use. Creation is idempotent:
 * when two processes start at once, the store keeps the first material and both use it.
 */
export async function openBuiltinCa(options: BuiltinCaOptions): Promise<BuiltinCa> {
  const { store, masterKey } = options;
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const material =
    (await store.getCaMaterial()) ??
    (await store.putCaMaterialIfAbsent(await createCaMaterial(masterKey, publicUrl)));
  const ctx = await loadCaContext(material, masterKey);
  return new Ca(store, masterKey, ctx, publicUrl, options.rsaPoolSize ?? 4);
}

class Ca implements BuiltinCa {
  readonly id = 'builtin';
  readonly tsa: BuiltinTsa;
  readonly revocation: RevocationSource;
  private readonly issuer: SignerCertificateIssuer;
  private readonly crls: CrlIssuer;
  private readonly chain: Uint8Array[];
  private readonly pool: RsaKeyPool | undefined;
  /**
   * Custody keys already opened, by serial (a record and its sealed key never change). Opening one
   * costs two reads, an AES-GCM open and OpenSSL 3's PKCS #8 decoding (~1 ms, the most of an
   * organisation's automatic signature after the PDF work); the revocation and expiry checks still
   * run on every use. Bounded: least recently used out.
   */
  private readonly opened = new Map<string, { record: CertificateRecord; privateKey: KeyObject }>();

  constructor(
    private readonly store: PkiStore,
    private readonly masterKey: MasterKey,
    private readonly ctx: CaContext,
    publicUrl: string,
    rsaPoolSize: number,
  ) {
    this.tsa = new BuiltinTsa(ctx.tsa.privateKey, ctx.tsa.der, [ctx.issuing.der]);
    this.issuer = new SignerCertificateIssuer(ctx.issuing, publicUrl);
    this.crls = new CrlIssuer(store, ctx);
    this.chain = [ctx.issuing.der, ctx.root.der];
    this.pool = rsaPoolSize > 0 ? new RsaKeyPool(rsaPoolSize) : undefined;
    const rootFingerprint = fingerprint(ctx.root.der);
    const issuingFingerprint = fingerprint(ctx.issuing.der);
    this.revocation = {
      // ETSI EN 319 142-1 §5.4 (DSS): one CRL per issuer in the chain; the root needs none.
      crlsFor: async (chain) => {
        const out: Uint8Array[] = [];
        if (chain.some((c) => fingerprint(c) === issuingFingerprint || isIssuedBy(c, ctx.issuing.der)))
          out.push(await this.crl('issuing'));
        if (chain.some((c) => fingerprint(c) !== rootFingerprint && isIssuedBy(c, ctx.root.der)))
          out.push(await this.crl('root'));
        return out;
      },
    };
  }

  rootCertificate(): Uint8Array {
    return this.ctx.root.der;
  }
  issuingCertificate(): Uint8Array {
    return this.ctx.issuing.der;
  }
  tsaCertificate(): Uint8Array {
    return this.ctx.tsa.der;
  }
  async trustAnchors(): Promise<Uint8Array[]> {
    return [this.ctx.root.der];
  }
  crl(which: 'root' | 'issuing'): Promise<Uint8Array> {
    return this.crls.current(which);
  }
  handleTimestampRequest(der: Uint8Array): Promise<Uint8Array> {
    return handleTimestampRequest(this.tsa, der);
  }
  async rsaPoolFilled(): Promise<void> {
    await this.pool?.filled();
  }
  close(): void {
    this.pool?.close();
  }

  async issueEventKey(subject: CertificateSubject, algorithm: KeyAlgorithm): Promise<SigningKey> {
    const keys = await this.newKeyPair(algorithm);
    const issued = await this.issueFor(subject, keys, 'event', algorithm);
    return keyObjectSigningKey({ ...issued, privateKey: keys.privateKey, oneTime: true });
  }

  async issueLongLived(subject: CertificateSubject, algorithm: KeyAlgorithm): Promise<IssuedCertificate> {
    const keys = await this.newKeyPair(algorithm);
    const issued = await this.issueFor(subject, keys, 'long-lived', algorithm, (serial) =>
      this.store.putCustodyKey(serial, this.masterKey.seal(pkcs8(keys.privateKey), custodyKeyAad(serial))),
    );
    return issued;
  }

  async signingKey(serialNumber: string): Promise<SigningKey> {
    const serial = serialNumber.toLowerCase();
    const { record, privateKey } = this.opened.get(serial) ?? (await this.openCustodyKey(serial));
    this.opened.delete(serial);
    this.opened.set(serial, { record, privateKey });
    while (this.opened.size > OPENED_KEYS_MAX) this.opened.delete(this.opened.keys().next().value!);
    if ((await this.store.listRevocations('issuing')).some((r) => r.serial === serial))
      throw new HetongError('CA_CERTIFICATE_REVOKED', 409, `certificate ${serial} is revoked`);
    if (new Date(record.notAfter).getTime() <= Date.now())
      throw new HetongError(
        'CA_CERTIFICATE_EXPIRED',
        409,
        `certificate ${serial} expired at ${record.notAfter}`,
      );
    return keyObjectSigningKey({
      privateKey,
      algorithm: keyAlgorithmOf(privateKey),
      serialNumber: serial,
      certificate: record.certificate,
      chain: this.chain,
      oneTime: false,
    });
  }

  private async openCustodyKey(
    serial: string,
  ): Promise<{ record: CertificateRecord; privateKey: KeyObject }> {
    const record = await this.store.getCertificate(serial);
    const sealed = record?.kind === 'long-lived' ? await this.store.getCustodyKey(serial) : undefined;
    if (!record || !sealed)
      throw new HetongError(
        'CA_CERTIFICATE_NOT_FOUND',
        404,
        `no certificate with a key in custody has serial ${serial}`,
      );
    return { record, privateKey: privateKeyFromPkcs8(this.masterKey.open(sealed, custodyKeyAad(serial))) };
  }

  async revoke(serialNumber: string, reason: RevocationReason): Promise<void> {
    const serial = serialNumber.toLowerCase();
    if (!(await this.store.getCertificate(serial)))
      throw new HetongError(
        'CA_CERTIFICATE_NOT_FOUND',
        404,
        `the built-in CA issued no certificate with serial ${serial}`,
      );
    await this.store.addRevocation({
      serial,
      issuer: 'issuing',
      revokedAt: new Date().toISOString(),
      reason,
    });
  }

  private async newKeyPair(algorithm: KeyAlgorithm): Promise<KeyPair> {
    if (algorithm === 'ECDSA-P256') return generateEcKeyPair('P-256');
    if (algorithm === 'RSA-2048') return this.pool ? this.pool.take() : generateRsaKeyPair();
    throw new HetongError('CA_ALGORITHM_UNSUPPORTED', 400, `unsupported key algorithm ${String(algorithm)}`, {
      supported: ['RSA-2048', 'ECDSA-P256'],
    });
  }

  private async issueFor(
    subject: CertificateSubject,
    keys: KeyPair,
    kind: CertificateRecord['kind'],
    algorithm: KeyAlgorithm,
    beforeRecord?: (serial: string) => Promise<void>,
  ): Promise<IssuedCertificate & { serialNumber: string }> {
    const issued = await this.issuer.issue(subject, spki(keys.publicKey), kind);
    // The custody key is stored before the certificate record, so a recorded long-lived
    // certificate always has its key.
    await beforeRecord?.(issued.serial);
    await this.store.putCertificate({
      serial: issued.serial,
      kind,
      algorithm,
      subject,
      certificate: issued.der,
      notBefore: issued.notBefore.toISOString(),
      notAfter: issued.notAfter.toISOString(),
    });
    return {
      serialNumber: issued.serial,
      kind,
      algorithm,
      subject,
      certificate: issued.der,
      chain: this.chain,
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
    };
  }
}

const fingerprint = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

/** Cheap issuer check by name bytes: the issuer DN of `cert` equals the subject DN of `ca`. */
function isIssuedBy(cert: Uint8Array, ca: Uint8Array): boolean {
  try {
    return Buffer.from(certificateFields(cert).issuer).equals(Buffer.from(certificateFields(ca).subject));
  } catch {
    return false;
  }
}
