import { createHash, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { X509CertificateGenerator } from '../../pki/x509.js';
import { certificateFields } from '../../pki/asn1/certificate-fields.js';
import { integer, nullValue, octetString, oid, readNode, sequence, tlv } from '../../pki/asn1/der.js';
import { OID } from '../../pki/asn1/oids.js';
import { signingCertificateProblem, type SignerInfo } from './parse.js';

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

async function cert(serial: string): Promise<Uint8Array> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const c = await X509CertificateGenerator.createSelfSigned({
    serialNumber: serial,
    name: 'CN=ESS Test',
    notBefore: new Date('2025-01-01'),
    notAfter: new Date('2035-01-01'),
    signingAlgorithm: alg,
    keys,
  });
  return new Uint8Array(c.rawData);
}

function signer(essCertIdV2?: Uint8Array): SignerInfo {
  const attrs = new Map();
  if (essCertIdV2) attrs.set(OID.signingCertificateV2, [readNode(sequence(sequence(essCertIdV2)))]);
  return {
    digestAlgorithm: OID.sha256,
    attrs,
    signatureAlgorithm: OID.ecdsaWithSha256,
    signature: new Uint8Array(),
    unsignedAttrs: new Map(),
  };
}

const issuerSerial = (c: Uint8Array): Uint8Array => {
  const f = certificateFields(c);
  return sequence(sequence(tlv(0xa4, f.issuer)), f.serial);
};
const sha256 = (c: Uint8Array): Buffer => createHash('sha256').update(c).digest();

describe('ESS signing-certificate-v2 (RFC 5035)', () => {
  it('accepts the certificate it names (default SHA-256, stated SHA-512, with or without issuerSerial)', async () => {
    const c = await cert('0a');
    expect(signingCertificateProblem(signer(sequence(octetString(sha256(c)), issuerSerial(c))), c)).toBe(
      undefined,
    );
    expect(signingCertificateProblem(signer(sequence(octetString(sha256(c)))), c)).toBe(undefined);
    const sha512 = createHash('sha512').update(c).digest();
    expect(
      signingCertificateProblem(
        signer(sequence(sequence(oid(OID.sha512), nullValue()), octetString(sha512))),
        c,
      ),
    ).toBe(undefined);
  });

  it('is required', async () => {
    expect(signingCertificateProblem(signer(), await cert('0b'))).toBe(
      'the signing-certificate-v2 attribute is missing',
    );
  });

  it('refuses a certHash of another certificate', async () => {
    const c = await cert('0c');
    const other = await cert('0c');
    expect(
      signingCertificateProblem(signer(sequence(octetString(sha256(other)), issuerSerial(other))), c),
    ).toBe('the signing-certificate-v2 certHash does not match the signer certificate');
  });

  it('refuses a matching certHash with another issuerSerial', async () => {
    const c = await cert('0d');
    const wrongSerial = sequence(sequence(tlv(0xa4, certificateFields(c).issuer)), integer(99));
    expect(signingCertificateProblem(signer(sequence(octetString(sha256(c)), wrongSerial)), c)).toBe(
      'the signing-certificate-v2 issuerSerial does not match the signer certificate',
    );
  });

  it('refuses a SHA-1 certHash', async () => {
    const c = await cert('0e');
    const sha1 = createHash('sha1').update(c).digest();
    expect(
      signingCertificateProblem(signer(sequence(sequence(oid(OID.sha1), nullValue()), octetString(sha1))), c),
    ).toBe('signing-certificate-v2: SHA-1 is not accepted: collisions are practical');
  });
});
