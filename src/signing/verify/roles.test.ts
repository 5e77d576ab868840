import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509CertificateGenerator,
  type Extension,
} from '../../pki/x509.js';
import { signerRoleProblem, tsaRoleProblem } from './roles.js';

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
let serial = 1;

async function cert(extensions: Extension[]): Promise<Uint8Array> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const c = await X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    name: 'CN=Role Test',
    notBefore: new Date('2025-01-01'),
    notAfter: new Date('2035-01-01'),
    signingAlgorithm: alg,
    keys,
    extensions,
  });
  return new Uint8Array(c.rawData);
}

describe('TSA certificate role (RFC 3161 §2.3)', () => {
  it('accepts a critical EKU of exactly id-kp-timeStamping', async () => {
    expect(
      tsaRoleProblem(await cert([new ExtendedKeyUsageExtension([ExtendedKeyUsage.timeStamping], true)])),
    ).toBe(undefined);
  });
  it('refuses a certificate without EKU', async () => {
    expect(tsaRoleProblem(await cert([]))).toBe(
      'the TSA certificate has no extended key usage (RFC 3161 §2.3)',
    );
  });
  it('refuses a non-critical timeStamping EKU', async () => {
    expect(
      tsaRoleProblem(await cert([new ExtendedKeyUsageExtension([ExtendedKeyUsage.timeStamping], false)])),
    ).toBe('the TSA certificate extended key usage is not critical (RFC 3161 §2.3)');
  });
  it('refuses timeStamping together with another usage', async () => {
    const der = await cert([
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.timeStamping, ExtendedKeyUsage.codeSigning], true),
    ]);
    expect(tsaRoleProblem(der)).toBe(
      'the TSA certificate extended key usage is not exactly id-kp-timeStamping (RFC 3161 §2.3)',
    );
  });
});

describe('signer certificate role', () => {
  it('accepts an end entity with digitalSignature/nonRepudiation', async () => {
    const der = await cert([
      new BasicConstraintsExtension(false),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation, true),
    ]);
    expect(signerRoleProblem(der)).toBe(undefined);
    expect(signerRoleProblem(await cert([new KeyUsagesExtension(KeyUsageFlags.nonRepudiation, true)]))).toBe(
      undefined,
    );
    expect(signerRoleProblem(await cert([]))).toBe(undefined);
  });
  it('refuses a CA certificate', async () => {
    expect(signerRoleProblem(await cert([new BasicConstraintsExtension(true, undefined, true)]))).toBe(
      'the signer certificate is a CA certificate',
    );
  });
  it('refuses a time-stamping-only certificate', async () => {
    expect(
      signerRoleProblem(await cert([new ExtendedKeyUsageExtension([ExtendedKeyUsage.timeStamping], true)])),
    ).toBe('the signer certificate is a time-stamping certificate');
  });
  it('refuses a key usage without digitalSignature or nonRepudiation', async () => {
    expect(signerRoleProblem(await cert([new KeyUsagesExtension(KeyUsageFlags.keyEncipherment, true)]))).toBe(
      'the signer certificate key usage allows neither digitalSignature nor nonRepudiation',
    );
  });
});
