import type { CaMaterial, CaRole, CertificateRecord, PkiStore, RevocationRecord } from './pki-store.js';

/** A `PkiStore` in process memory: tests and single-process tools. */
export class MemoryPkiStore implements PkiStore {
  private material: CaMaterial | undefined;
  private readonly certificates = new Map<string, CertificateRecord>();
  private readonly custody = new Map<string, string>();
  private readonly revocations: RevocationRecord[] = [];
  private readonly counters = new Map<string, bigint>();

  async getCaMaterial(): Promise<CaMaterial | undefined> {
    return this.material;
  }

  async putCaMaterialIfAbsent(material: CaMaterial): Promise<CaMaterial> {
    this.material ??= material;
    return this.material;
  }

  async putCertificate(record: CertificateRecord): Promise<void> {
    this.certificates.set(record.serial, record);
  }

  async getCertificate(serial: string): Promise<CertificateRecord | undefined> {
    return this.certificates.get(serial);
  }

  async putCustodyKey(serial: string, sealedKey: string): Promise<void> {
    this.custody.set(serial, sealedKey);
  }

  async getCustodyKey(serial: string): Promise<string | undefined> {
    return this.custody.get(serial);
  }

  async addRevocation(record: RevocationRecord): Promise<boolean> {
    if (this.revocations.some((r) => r.serial === record.serial && r.issuer === record.issuer)) return false;
    this.revocations.push(record);
    return true;
  }

  async listRevocations(issuer: CaRole): Promise<RevocationRecord[]> {
    return this.revocations.filter((r) => r.issuer === issuer);
  }

  async nextCounter(name: string): Promise<bigint> {
    const next = (this.counters.get(name) ?? 0n) + 1n;
    this.counters.set(name, next);
    return next;
  }
}
