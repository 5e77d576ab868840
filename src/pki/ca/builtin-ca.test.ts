import { readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, verify } from 'node:crypto';
import * as pkijs from 'pkijs';
import { afterAll, describe, expect, it } from 'vitest';
import * as x509 from '../x509.js';
import { MasterKey } from '../master-key.js';
import { FilePkiStore } from '../store/file-pki-store.js';
import { MemoryPkiStore } from '../store/memory-pki-store.js';
import type { PkiStore } from '../store/pki-store.js';
import { openssl, scratch } from '../test-support/openssl.js';
import { openBuiltinCa, type BuiltinCa } from './builtin-ca.js';

const masterKey = MasterKey.fromBytes(new Uint8Array(32).fill(3));
const org = {
  kind: 'organisation' as const,
  name: '杭州合同科技有限公司',
  idType: 'USCC',
  idNumber: '91330100MA2XXXXX0Q',
};
const person = { kind: 'person' as const, name: '张三', idType: 'user_id', idNumber: 'u-10086' };

describe('built-in CA', () => {
  const opened: BuiltinCa[] = [];
  afterAll(() => opened.forEach((c) => c.close()));
  const open = async (store: PkiStore = new MemoryPkiStore(), mk = masterKey) => {
    const ca = await openBuiltinCa({
      store,
      masterKey: mk,
      publicUrl: 'https://sign.example.cn/',
      rsaPoolSize: 1,
    });
    opened.push(ca);
    return ca;
  };

  it('issues event certificates that openssl chains to the root, with key usage, CRLDP and AIA', async () => {
    const ca = await open();
    const s = scratch();
    const root = s.pem('root.pem', ca.rootCertificate());
    const issuing = s.pem('issuing.pem', ca.issuingCertificate());
    for (const algorithm of ['ECDSA-P256', 'RSA-2048'] as const) {
      const key = await ca.issueEventKey(person, algorithm);
      expect(key.chain).toHaveLength(2);
      const leaf = s.pem(`leaf-${algorithm}.pem`, key.certificate);
      const verified = openssl('verify', '-CAfile', root, '-untrusted', issuing, leaf);
      expect(verified.out).toContain(': OK');
      const text = openssl('x509', '-in', leaf, '-noout', '-text', '-nameopt', 'utf8').out;
      expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
      expect(text).toContain('URI:https://sign.example.cn/pki/crl/issuing.crl');
      expect(text).toContain('CA Issuers - URI:https://sign.example.cn/pki/ca/issuing.cer');
      expect(text).toContain('X509v3 Subject Key Identifier');
      expect(text).toContain('X509v3 Authority Key Identifier');
      expect(text).toMatch(/Subject: C\s*=\s*CN, CN\s*=\s*张三, serialNumber\s*=\s*USER-ID:u-10086/);
      expect(text).toContain(algorithm === 'RSA-2048' ? 'Public-Key: (2048 bit)' : 'prime256v1');
      // The certificate lives minutes, not years.
      const notAfter = Date.parse(/Not After : (.*)/.exec(text)![1]!);
      expect(notAfter - Date.now()).toBeLessThan(11 * 60_000);

      const data = new TextEncoder().encode('合同内容');
      const signature = await key.sign(data);
      const publicKey = createPublicKey(toPemString(key.certificate));
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
      await key.destroy!();
      await expect(key.sign(data)).rejects.toMatchObject({ code: 'SIGNING_KEY_DESTROYED' });
    }
  });

  it('makes a TSA certificate whose only EKU is critical timeStamping', async () => {
    const ca = await open();
    const s = scratch();
    const text = openssl('x509', '-in', s.pem('tsa.pem', ca.tsaCertificate()), '-noout', '-text').out;
    expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping\s*\n\s*X509v3/);
    const rootText = openssl('x509', '-in', s.pem('root.pem', ca.rootCertificate()), '-noout', '-text').out;
    expect(rootText).toMatch(/CA:TRUE/);
    expect(rootText).toContain('secp384r1');
  });

  it('keeps organisation keys in custody, sealed, and lists revoked certificates in a verifiable CRL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hetong-ca-'));
    const ca = await open(new FilePkiStore(dataDir));
    const issued = await ca.issueLongLived(org, 'RSA-2048');
    expect(issued.notAfter.getTime() - Date.now()).toBeGreaterThan(700 * 86_400_000);
    const keyFile = readFileSync(join(dataDir, 'pki', 'keys', `${issued.serialNumber}.key`), 'utf8');
    expect(keyFile.startsWith('v1.')).toBe(true);
    // No PKCS#8 (SEQUENCE { INTEGER 0, AlgorithmIdentifier rsaEncryption … }) anywhere in the store.
    for (const file of walk(join(dataDir, 'pki'))) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from('2a864886f70d010101', 'hex')) && file.endsWith('.key')).toBe(false);
      expect(bytes.toString('utf8')).not.toContain('PRIVATE KEY');
    }

    // Survives a restart: a new process over the same files signs with the same key.
    const again = await open(new FilePkiStore(dataDir));
    expect(Buffer.from(again.rootCertificate()).equals(Buffer.from(ca.rootCertificate()))).toBe(true);
    const key = await again.signingKey(issued.serialNumber);
    const data = new TextEncoder().encode('x');
    expect(
      verify('sha256', data, createPublicKey(toPemString(issued.certificate)), await key.sign(data)),
    ).toBe(true);
    expect(key.destroy).toBeUndefined();

    // A wrong master key cannot open the CA.
    await expect(
      open(new FilePkiStore(dataDir), MasterKey.fromBytes(new Uint8Array(32).fill(9))),
    ).rejects.toMatchObject({ code: 'CA_KEY_UNAVAILABLE' });

    const before = await again.crl('issuing');
    await again.revoke(issued.serialNumber, 'keyCompromise');
    await again.revoke(issued.serialNumber, 'superseded');
    await expect(again.signingKey(issued.serialNumber)).rejects.toMatchObject({
      code: 'CA_CERTIFICATE_REVOKED',
    });
    await expect(again.revoke('00ff', 'unspecified')).rejects.toMatchObject({
      code: 'CA_CERTIFICATE_NOT_FOUND',
    });
    const crl = await ca.crl('issuing'); // the other instance sees the revocation through the store
    expect(Buffer.from(crl).equals(Buffer.from(before))).toBe(false);
    const s = scratch();
    const crlFile = s.pem('issuing.crl', crl, 'X509 CRL');
    const text = openssl(
      'crl',
      '-in',
      crlFile,
      '-CAfile',
      s.pem('issuing.pem', ca.issuingCertificate()),
      '-noout',
      '-text',
    ).out;
    expect(text).toContain('verify OK');
    expect(text).toContain('Version 2');
    expect(text).toMatch(/X509v3 CRL Number:\s+\d+/);
    expect(text).toContain('Next Update');
    expect(text.toLowerCase()).toContain(`serial number: ${issued.serialNumber}`);
    expect(text).toContain('Key Compromise');
    const rootCrl = s.pem('root.crl', await ca.crl('root'), 'X509 CRL');
    expect(
      openssl('crl', '-in', rootCrl, '-CAfile', s.pem('root.pem', ca.rootCertificate()), '-noout').out,
    ).toContain('verify OK');
    // openssl refuses the revoked certificate when checking CRLs.
    const leaf = s.pem('leaf.pem', issued.certificate);
    const chk = openssl(
      'verify',
      '-crl_check',
      '-CAfile',
      s.pem('root2.pem', ca.rootCertificate()),
      '-untrusted',
      s.pem('i2.pem', ca.issuingCertificate()),
      '-CRLfile',
      crlFile,
      leaf,
    );
    expect(chk.out).toContain('certificate revoked');

    const crls = await ca.revocation.crlsFor([issued.certificate, ...issued.chain]);
    expect(crls).toHaveLength(2);
  });

  it('creates one CA when two processes start at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hetong-ca-'));
    const [a, b] = await Promise.all([open(new FilePkiStore(dataDir)), open(new FilePkiStore(dataDir))]);
    expect(Buffer.from(a.rootCertificate()).equals(Buffer.from(b.rootCertificate()))).toBe(true);
    expect(Buffer.from(a.tsaCertificate()).equals(Buffer.from(b.tsaCertificate()))).toBe(true);
  });

  it('refuses invalid subjects and algorithms with stable codes', async () => {
    const ca = await open();
    await expect(ca.issueEventKey({ ...person, idNumber: '身份证' }, 'ECDSA-P256')).rejects.toMatchObject({
      code: 'CA_SUBJECT_INVALID',
    });
    await expect(ca.issueEventKey({ ...person, name: '' }, 'ECDSA-P256')).rejects.toMatchObject({
      code: 'CA_SUBJECT_INVALID',
    });
    await expect(ca.issueEventKey(person, 'DSA' as never)).rejects.toMatchObject({
      code: 'CA_ALGORITHM_UNSUPPORTED',
    });
    await expect(ca.signingKey('abcdef')).rejects.toMatchObject({ code: 'CA_CERTIFICATE_NOT_FOUND' });
  });
});

function toPemString(der: Uint8Array): string {
  return `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('signer certificates from the DER fast path', () => {
  it('parse with pkijs and @peculiar/x509, with the SKI RFC 5280 §4.2.1.2 method 1 gives', async () => {
    const ca = await openBuiltinCa({
      store: new MemoryPkiStore(),
      masterKey,
      publicUrl: 'http://h',
      rsaPoolSize: 0,
    });
    const key = await ca.issueEventKey({ ...person, organisation: '某某公司' }, 'ECDSA-P256');
    const cert = new x509.X509Certificate(key.certificate);
    const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)!;
    const expected = await x509.SubjectKeyIdentifierExtension.create(cert.publicKey);
    expect(ski.keyId).toBe(expected.keyId);
    expect(cert.subject).toBe('C=CN, O=某某公司, CN=张三, 2.5.4.5=USER-ID:u-10086');
    expect(
      await cert.verify({
        publicKey: new x509.X509Certificate(ca.issuingCertificate()).publicKey,
        signatureOnly: true,
      }),
    ).toBe(true);
    const parsed = pkijs.Certificate.fromBER(key.certificate);
    expect(parsed.serialNumber.valueBlock.toString()).toBeTruthy();
    expect(parsed.version).toBe(2);
    expect(Buffer.from(parsed.serialNumber.valueBlock.valueHexView).toString('hex')).toBe(key.serialNumber);
    ca.close();
  });
});
