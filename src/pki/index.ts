/**
 * The PKI capability: the built-in CA (root, issuing CA, TSA, CRLs), key custody, the
 * `CaProvider` port for external CAs, and the stores.
 *
 * For signing:  const ca = await openBuiltinCa({ store, masterKey, publicUrl });
 *               const key = await ca.issueEventKey(subject, 'ECDSA-P256'); … await key.destroy?.();
 *               ca.tsa.timestamp(sha256) · ca.revocation.crlsFor(chain) · ca.rootCertificate()
 * For HTTP:     ca.rootCertificate() / issuingCertificate() / tsaCertificate() (DER),
 *               ca.crl('issuing' | 'root') (DER), ca.handleTimestampRequest(der)
 *               served at /pki/ca/{root,issuing,tsa}.cer, /pki/crl/{root,issuing}.crl, POST /pki/tsa
 *               (the certificates' CRL and AIA URLs point at /pki/crl/issuing.crl, /pki/ca/issuing.cer …).
 */
export type { KeyAlgorithm, SigningKey, TimestampAuthority, RevocationSource } from './types.js';
export { MasterKey } from './master-key.js';
export type { CaProvider, IssuedCertificate } from './ca-provider.js';
export type { CertificateSubject } from './subject.js';
export { openBuiltinCa, type BuiltinCa, type BuiltinCaOptions } from './ca/builtin-ca.js';
export { PROFILE as CA_PROFILE } from './ca/profiles.js';
export type {
  PkiStore,
  CaMaterial,
  CaRole,
  CertificateKind,
  CertificateRecord,
  RevocationReason,
  RevocationRecord,
} from './store/pki-store.js';
export { MemoryPkiStore } from './store/memory-pki-store.js';
export { FilePkiStore } from './store/file-pki-store.js';
export { DbPkiStore, type PkiTables } from './store/db-pki-store.js';
export { OID as PKI_OID } from './asn1/oids.js';
export { toPem } from './pem.js';
