import { describe, expect, it } from 'vitest';
import type { CaMaterial, CertificateRecord, PkiStore } from './pki-store.js';

const material = (tag: string): CaMaterial => ({
  version: 1,
  createdAt: new Date().toISOString(),
  root: { certificate: Uint8Array.of(1, 2, 3), sealedKey: `v1.root-${tag}` },
  issuing: { certificate: Uint8Array.of(4, 5), sealedKey: `v1.issuing-${tag}` },
  tsa: { certificate: Uint8Array.of(6), sealedKey: `v1.tsa-${tag}` },
});

const record = (serial: string): CertificateRecord => ({
  serial,
  kind: 'long-lived',
  algorithm: 'ECDSA-P256',
  subject: {
    kind: 'organisation',
    name: '杭州合同科技有限公司',
    idType: 'USCC',
    idNumber: '91330100MA2XXXXX0Q',
  },
  certificate: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x07),
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2028-01-01T00:00:00.000Z',
});

/**
 * The behaviour every `PkiStore` must have. `make` returns a fresh store; `reopen` (when the
 * implementation is durable) returns a second instance over the same storage.
 */
export function pkiStoreContract(
  name: string,
  make: () => Promise<{ store: PkiStore; reopen?: () => Promise<PkiStore> }>,
): void {
  describe(`PkiStore: ${name}`, () => {
    it('keeps the first CA material when two writers race', async () => {
      const { store } = await make();
      expect(await store.getCaMaterial()).toBeUndefined();
      const [a, b] = await Promise.all([
        store.putCaMaterialIfAbsent(material('a')),
        store.putCaMaterialIfAbsent(material('b')),
      ]);
      expect(a.root.sealedKey).toBe(b.root.sealedKey);
      const stored = await store.getCaMaterial();
      expect(stored?.root.sealedKey).toBe(a.root.sealedKey);
      expect([...stored!.issuing.certificate]).toEqual([4, 5]);
      expect(await store.putCaMaterialIfAbsent(material('c'))).toMatchObject({
        root: { sealedKey: a.root.sealedKey },
      });
    });

    it('stores certificates and custody keys by serial', async () => {
      const { store } = await make();
      await store.putCertificate(record('0a1b'));
      const got = await store.getCertificate('0a1b');
      expect(got?.subject.name).toBe('杭州合同科技有限公司');
      expect([...got!.certificate]).toEqual([0x30, 0x03, 0x02, 0x01, 0x07]);
      expect(await store.getCertificate('ffff')).toBeUndefined();
      await store.putCustodyKey('0a1b', 'v1.sealed');
      expect(await store.getCustodyKey('0a1b')).toBe('v1.sealed');
      expect(await store.getCustodyKey('ffff')).toBeUndefined();
    });

    it('records a revocation once and lists them per issuer', async () => {
      const { store } = await make();
      const first = {
        serial: '01',
        issuer: 'issuing' as const,
        revokedAt: '2026-01-01T00:00:00.000Z',
        reason: 'keyCompromise' as const,
      };
      expect(await store.addRevocation(first)).toBe(true);
      expect(
        await store.addRevocation({ ...first, reason: 'superseded', revokedAt: '2026-02-01T00:00:00.000Z' }),
      ).toBe(false);
      expect(
        await store.addRevocation({
          ...first,
          serial: '02',
          revokedAt: '2026-01-02T00:00:00.000Z',
          reason: 'superseded',
        }),
      ).toBe(true);
      expect(await store.addRevocation({ ...first, issuer: 'root' })).toBe(true);
      const issuing = await store.listRevocations('issuing');
      expect(issuing.map((r) => [r.serial, r.reason])).toEqual([
        ['01', 'keyCompromise'],
        ['02', 'superseded'],
      ]);
      expect((await store.listRevocations('root')).map((r) => r.serial)).toEqual(['01']);
      expect(await store.listRevocations('tsa')).toEqual([]);
    });

    it('hands out each counter value exactly once under concurrency', async () => {
      const { store } = await make();
      const values = await Promise.all(
        Array.from({ length: 12 }, () => store.nextCounter('crl-number:issuing')),
      );
      expect(values.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(await store.nextCounter('other')).toBe(1n);
    });

    it('survives a restart when durable', async () => {
      const { store, reopen } = await make();
      if (!reopen) return;
      await store.putCaMaterialIfAbsent(material('x'));
      await store.putCertificate(record('beef'));
      await store.putCustodyKey('beef', 'v1.k');
      await store.nextCounter('n');
      const again = await reopen();
      expect((await again.getCaMaterial())?.tsa.sealedKey).toBe('v1.tsa-x');
      expect((await again.getCertificate('beef'))?.kind).toBe('long-lived');
      expect(await again.getCustodyKey('beef')).toBe('v1.k');
      expect(await again.nextCounter('n')).toBe(2n);
    });
  });
}
