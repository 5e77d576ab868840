import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaProvider } from './ca-provider.js';
import type { CertificateSubject } from './subject.js';

const person: CertificateSubject = {
  kind: 'person',
  name: '李四',
  idType: 'ID_CARD',
  idNumber: '11010519491231002X',
};
const org: CertificateSubject = {
  kind: 'organisation',
  name: '上海合同示例有限公司',
  idType: 'USCC',
  idNumber: '91310000MA1FL0XXXX',
};

const x509 = (der: Uint8Array) => new X509Certificate(Buffer.from(der));

/**
 * The behaviour every `CaProvider` (built-in or an external CA's adapter) must have: issued
 * chains end in a trust anchor, keys sign verifiably, event keys die with `destroy`, custody keys
 * come back by serial until revoked, and revocations reach the CRLs.
 */
export function caProviderContract(name: string, make: () => Promise<CaProvider & { close?(): void }>): void {
  describe(`CaProvider: ${name}`, () => {
    it('issues event keys whose chain ends in a trust anchor and which die with destroy()', async () => {
      const ca = await make();
      try {
        const anchors = (await ca.trustAnchors()).map(x509);
        for (const algorithm of ['ECDSA-P256', 'RSA-2048'] as const) {
          const key = await ca.issueEventKey(person, algorithm);
          expect(key.algorithm).toBe(algorithm);
          const chain = [key.certificate, ...key.chain].map(x509);
          for (let i = 0; i + 1 < chain.length; i++)
            expect(chain[i]!.verify(chain[i + 1]!.publicKey)).toBe(true);
          expect(anchors.some((a) => a.fingerprint256 === chain[chain.length - 1]!.fingerprint256)).toBe(
            true,
          );
          const leaf = chain[0]!;
          expect(leaf.subject).toContain('李四');
          expect(new Date(leaf.validTo).getTime() - Date.now()).toBeLessThan(24 * 3_600_000);
          const data = new TextEncoder().encode('event');
          expect(
            verify('sha256', data, { key: leaf.publicKey, dsaEncoding: 'der' }, await key.sign(data)),
          ).toBe(true);
          await key.destroy?.();
          expect(key.destroy).toBeTypeOf('function');
          await expect(key.sign(data)).rejects.toThrow();
        }
      } finally {
        ca.close?.();
      }
    });

    it('keeps long-lived keys in custody until revoked, and lists the revocation in a CRL', async () => {
      const ca = await make();
      try {
        const issued = await ca.issueLongLived(org, 'ECDSA-P256');
        expect(issued.kind).toBe('long-lived');
        expect(issued.notAfter.getTime() - Date.now()).toBeGreaterThan(300 * 86_400_000);
        const key = await ca.signingKey(issued.serialNumber);
        const data = new TextEncoder().encode('org');
        const publicKey = createPublicKey(
          x509(issued.certificate).publicKey.export({ format: 'pem', type: 'spki' }),
        );
        expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, await key.sign(data))).toBe(
          true,
        );
        const crlsBefore = await ca.revocation.crlsFor([issued.certificate, ...issued.chain]);
        expect(crlsBefore.length).toBeGreaterThan(0);
        await ca.revoke(issued.serialNumber, 'cessationOfOperation');
        await expect(ca.signingKey(issued.serialNumber)).rejects.toThrow();
        const crls = await ca.revocation.crlsFor([issued.certificate, ...issued.chain]);
        const serial = Buffer.from(issued.serialNumber, 'hex');
        expect(crls.some((crl) => Buffer.from(crl).includes(serial))).toBe(true);
      } finally {
        ca.close?.();
      }
    });
  });
}
