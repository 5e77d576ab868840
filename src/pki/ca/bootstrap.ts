import { randomBytes } from 'node:crypto';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  Name,
} from '../x509.js';
import type { MasterKey } from '../master-key.js';
import type { CaMaterial } from '../store/pki-store.js';
import { ecCryptoKey, generateEcKeyPair, pkcs8, randomSerial, spki } from './keys.js';
import { addYears, ISSUING_SIGNING, PROFILE, ROOT_SIGNING, urls } from './profiles.js';

const dn = (cn: string): Name =>
  new Name([
    { C: [{ printableString: 'CN' }] },
    { O: [{ utf8String: 'Hetong' }] },
    { CN: [{ utf8String: cn }] },
  ]);

export const caKeyAad = (role: string, serial: string): string => `ca-key:${role}:${serial}`;

/**
 * Creates a new root, issuing CA and TSA (see profiles.ts). The CA names carry a short random
 * installation tag so two installations never share a distinguished name in one trust store.
 */
export async function createCaMaterial(
  masterKey: MasterKey,
  publicUrl: string,
  now = new Date(),
): Promise<CaMaterial> {
  const tag = randomBytes(4).toString('hex');
  const u = urls(publicUrl);

  const rootKeys = generateEcKeyPair('P-384');
  const rootSigner = await ecCryptoKey(rootKeys.privateKey, 'P-384');
  const rootSerial = randomSerial();
  const rootSki = await SubjectKeyIdentifierExtension.create(spki(rootKeys.publicKey));
  const root = await X509CertificateGenerator.create({
    serialNumber: rootSerial,
    subject: dn(`Hetong Root CA ${tag}`),
    issuer: dn(`Hetong Root CA ${tag}`),
    notBefore: now,
    notAfter: addYears(now, PROFILE.rootYears),
    signingAlgorithm: ROOT_SIGNING,
    publicKey: spki(rootKeys.publicKey),
    signingKey: rootSigner,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      rootSki,
    ],
  });

  const issuingKeys = generateEcKeyPair('P-256');
  const issuingSerial = randomSerial();
  const issuingSki = await SubjectKeyIdentifierExtension.create(spki(issuingKeys.publicKey));
  const issuing = await X509CertificateGenerator.create({
    serialNumber: issuingSerial,
    subject: dn(`Hetong Issuing CA ${tag}`),
    issuer: root.subjectName,
    notBefore: now,
    notAfter: addYears(now, PROFILE.issuingYears),
    signingAlgorithm: ROOT_SIGNING,
    publicKey: spki(issuingKeys.publicKey),
    signingKey: rootSigner,
    extensions: [
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      issuingSki,
      new AuthorityKeyIdentifierExtension(rootSki.keyId),
      new CRLDistributionPointsExtension([u.rootCrl]),
      new AuthorityInfoAccessExtension({ caIssuers: u.rootCertificate }),
    ],
  });

  const tsaKeys = generateEcKeyPair('P-256');
  const tsaSerial = randomSerial();
  const tsa = await X509CertificateGenerator.create({
    serialNumber: tsaSerial,
    subject: dn(`Hetong TSA ${tag}`),
    issuer: issuing.subjectName,
    notBefore: now,
    notAfter: addYears(now, PROFILE.tsaYears),
    signingAlgorithm: ISSUING_SIGNING,
    publicKey: spki(tsaKeys.publicKey),
    signingKey: await ecCryptoKey(issuingKeys.privateKey, 'P-256'),
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation, true),
      // RFC 3161 §2.3: the TSA certificate has exactly one EKU, id-kp-timeStamping, critical.
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.timeStamping], true),
      await SubjectKeyIdentifierExtension.create(spki(tsaKeys.publicKey)),
      new AuthorityKeyIdentifierExtension(issuingSki.keyId),
      new CRLDistributionPointsExtension([u.issuingCrl]),
      new AuthorityInfoAccessExtension({ caIssuers: u.issuingCertificate }),
    ],
  });

  const seal = (role: string, serial: string, key: Parameters<typeof pkcs8>[0]) =>
    masterKey.seal(pkcs8(key), caKeyAad(role, serial));
  return {
    version: 1,
    createdAt: now.toISOString(),
    root: {
      certificate: new Uint8Array(root.rawData),
      sealedKey: seal('root', rootSerial, rootKeys.privateKey),
    },
    issuing: {
      certificate: new Uint8Array(issuing.rawData),
      sealedKey: seal('issuing', issuingSerial, issuingKeys.privateKey),
    },
    tsa: { certificate: new Uint8Array(tsa.rawData), sealedKey: seal('tsa', tsaSerial, tsaKeys.privateKey) },
  };
}
