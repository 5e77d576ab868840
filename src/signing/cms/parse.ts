/**
 * Reading and checking CMS SignedData (RFC 5652 §5) — the PAdES signature itself and the RFC 3161
 * TimeStampToken, which is SignedData over TSTInfo (RFC 3161 §2.4.2).
 */
import { createHash, verify as cryptoVerify, constants } from 'node:crypto';
import { certificateFields } from '../../pki/asn1/certificate-fields.js';
import { publicKeyOf, x509 } from './certificate.js';
import { HetongError } from '../../shared/errors.js';
import { DerError, nodeChild, nodeChildren, decodeOid, readNode, type Node } from '../../pki/asn1/der.js';
import { OID } from '../../pki/asn1/oids.js';
import { HASH_BY_OID, REJECTED_ALGORITHMS, REJECTED_HASHES, SIGNATURE_ALGORITHMS } from './algorithms.js';

export interface SignerInfo {
  issuer?: Uint8Array;
  serial?: Uint8Array;
  digestAlgorithm: string;
  /** DER of the signed attributes re-tagged as SET OF — the bytes the signature covers. */
  signedAttrs?: Uint8Array;
  attrs: Map<string, Node[]>;
  signatureAlgorithm: string;
  signature: Uint8Array;
  unsignedAttrs: Map<string, Node[]>;
}

export interface SignedData {
  certificates: Uint8Array[];
  eContentType: string;
  eContent?: Uint8Array;
  signer: SignerInfo;
}

/** A blob that is not a CMS SignedData we can read (RFC 5652 §5.1): 400 CMS_INVALID. */
export class CmsFormatError extends HetongError {
  constructor(message: string) {
    super('CMS_INVALID', 400, `not a readable CMS SignedData: ${message}`);
  }
}

/** The element a structure must have, or the blob's fault. */
function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new CmsFormatError(`${what} is missing`);
  return v;
}

function attributes(set: Node): Map<string, Node[]> {
  const m = new Map<string, Node[]>();
  for (const a of nodeChildren(set)) {
    const [type, values] = nodeChildren(a);
    if (type && values) m.set(decodeOid(type.content), nodeChildren(values));
  }
  return m;
}

/** An OID's dotted form, or undefined when its bytes are not one (an attribute the signer mangled). */
function oidOrUndefined(content: Uint8Array): string | undefined {
  try {
    return decodeOid(content);
  } catch (e) {
    if (e instanceof DerError) return undefined;
    throw e;
  }
}

/**
 * RFC 5652 §5.1–5.3: ContentInfo { id-signedData, [0] SignedData { version, digestAlgorithms,
 * encapContentInfo, [0] certificates, [1] crls, signerInfos } }; the first SignerInfo only.
 * Throws CmsFormatError for anything else.
 */
export function parseSignedData(der: Uint8Array): SignedData {
  try {
    return readSignedData(der);
  } catch (e) {
    if (e instanceof DerError) throw new CmsFormatError(e.message);
    throw e;
  }
}

function readSignedData(der: Uint8Array): SignedData {
  const ci = readNode(der);
  if (decodeOid(nodeChild(ci, 0).content) !== OID.signedData)
    throw new CmsFormatError('not a CMS SignedData');
  const sd = nodeChild(nodeChild(ci, 1), 0);
  const parts = nodeChildren(sd);
  const encap = need(parts[2], 'encapContentInfo');
  const encapParts = nodeChildren(encap);
  const eContentType = decodeOid(need(encapParts[0], 'eContentType').content);
  const eContentWrapper = encapParts[1];
  const eContent = eContentWrapper ? nodeChild(eContentWrapper, 0).content : undefined;
  let certificates: Uint8Array[] = [];
  let signerInfos: Node | undefined;
  for (const p of parts.slice(3)) {
    if (p.tag === 0xa0)
      certificates = nodeChildren(p)
        .filter((c) => c.tag === 0x30)
        .map((c) => c.raw);
    else if (p.tag === 0x31) signerInfos = p;
  }
  const si = signerInfos && nodeChildren(signerInfos)[0];
  if (!si) throw new CmsFormatError('SignedData has no SignerInfo');
  // §5.3: SignerInfo { version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, [1] unsignedAttrs }
  const f = nodeChildren(si);
  let i = 1;
  const sid = need(f[i++], 'SignerInfo sid');
  const signer: SignerInfo = {
    digestAlgorithm: decodeOid(nodeChild(need(f[i++], 'digestAlgorithm'), 0).content),
    attrs: new Map(),
    signatureAlgorithm: '',
    signature: new Uint8Array(),
    unsignedAttrs: new Map(),
  };
  if (sid.tag === 0x30) {
    signer.issuer = nodeChild(sid, 0).raw;
    signer.serial = nodeChild(sid, 1).raw;
  }
  if (f[i]?.tag === 0xa0) {
    const sa = f[i++]!;
    const retagged = new Uint8Array(sa.raw);
    retagged[0] = 0x31; // RFC 5652 §5.4: digest the EXPLICIT SET OF tag, not [0] IMPLICIT
    signer.signedAttrs = retagged;
    signer.attrs = attributes(sa);
  }
  signer.signatureAlgorithm = decodeOid(nodeChild(need(f[i++], 'signatureAlgorithm'), 0).content);
  signer.signature = need(f[i++], 'signature').content;
  if (f[i]?.tag === 0xa1) signer.unsignedAttrs = attributes(f[i]!);
  const result: SignedData = { certificates, eContentType, signer };
  if (eContent) result.eContent = eContent;
  return result;
}

export interface SignerCheck {
  signerCertificate?: Uint8Array;
  digestMatches: boolean;
  signatureValid: boolean;
  /** The signing-certificate-v2 attribute names the chosen certificate (false when required and absent). */
  certificateBound: boolean;
  problems: string[];
}

/**
 * RFC 5035 §5.4 / ETSI EN 319 122-1 §5.2.2.3: the signed ESS signing-certificate-v2 attribute binds
 * the signature to one certificate — its first ESSCertIDv2 { hashAlgorithm DEFAULT sha256, certHash,
 * issuerSerial OPTIONAL }. Returns why `cert` is not that certificate, undefined when it is.
 */
export function signingCertificateProblem(s: SignerInfo, cert: Uint8Array): string | undefined {
  const attr = s.attrs.get(OID.signingCertificateV2);
  if (!attr || attr.length === 0) return 'the signing-certificate-v2 attribute is missing';
  try {
    const first = nodeChildren(nodeChild(attr[0]!, 0))[0];
    if (!first) return 'the signing-certificate-v2 attribute names no certificate';
    const parts = nodeChildren(first);
    let i = 0;
    let hashOid: string = OID.sha256;
    if (parts[0]?.tag === 0x30) hashOid = decodeOid(nodeChild(parts[i++]!, 0).content);
    const rejected = REJECTED_ALGORITHMS[hashOid];
    if (rejected) return `signing-certificate-v2: ${rejected}`;
    const hash = HASH_BY_OID[hashOid];
    if (!hash) return `signing-certificate-v2: unsupported hash algorithm ${hashOid}`;
    const certHash = parts[i++];
    if (certHash?.tag !== 0x04) return 'signing-certificate-v2 is malformed';
    if (!createHash(hash).update(cert).digest().equals(certHash.content))
      return 'the signing-certificate-v2 certHash does not match the signer certificate';
    const issuerSerial = parts[i];
    if (issuerSerial) {
      const f = certificateFields(cert);
      const [names, serial] = nodeChildren(issuerSerial);
      const directoryNames = names ? nodeChildren(names).filter((n) => n.tag === 0xa4) : [];
      const issuerMatches = directoryNames.some((n) => Buffer.from(nodeChild(n, 0).raw).equals(f.issuer));
      if (!issuerMatches || !serial || !Buffer.from(serial.raw).equals(f.serial))
        return 'the signing-certificate-v2 issuerSerial does not match the signer certificate';
    }
  } catch (e) {
    return `signing-certificate-v2 unreadable: ${(e as Error).message}`;
  }
  return undefined;
}

/** The issuer and serial of a certificate, undefined when the DER is not one (it cannot be the signer's). */
function readableFields(der: Uint8Array): ReturnType<typeof certificateFields> | undefined {
  try {
    return certificateFields(der);
  } catch {
    return undefined;
  }
}

function isX509(der: Uint8Array): boolean {
  try {
    x509(der);
    return true;
  } catch {
    return false;
  }
}

/** Finds the signer certificate and checks message-digest and the signature (RFC 5652 §5.6). */
export function checkSigner(
  sd: SignedData,
  contentDigest: (hash: string) => Buffer,
  options: { requireSigningCertificateV2?: boolean } = {},
): SignerCheck {
  const problems: string[] = [];
  const s = sd.signer;
  let signerCertificate = sd.certificates.find((c) => {
    const f = readableFields(c);
    return (
      f &&
      s.issuer &&
      s.serial &&
      Buffer.from(f.issuer).equals(s.issuer) &&
      Buffer.from(f.serial).equals(s.serial)
    );
  });
  // Names the signer but node:crypto cannot read it: no key to check with, nothing to report on.
  const unreadable = signerCertificate !== undefined && !isX509(signerCertificate);
  if (unreadable) {
    problems.push('the signer certificate is not a readable X.509 certificate');
    signerCertificate = undefined;
  }
  const rejected = REJECTED_ALGORITHMS[s.digestAlgorithm] ?? REJECTED_ALGORITHMS[s.signatureAlgorithm];
  const implied = SIGNATURE_ALGORITHMS[s.signatureAlgorithm]?.hash;
  const rejectedHash = rejected ?? (implied ? REJECTED_HASHES[implied] : undefined);
  if (rejectedHash) {
    const out: SignerCheck = {
      digestMatches: false,
      signatureValid: false,
      certificateBound: false,
      problems: [rejectedHash],
    };
    if (signerCertificate) out.signerCertificate = signerCertificate;
    return out;
  }
  const hash = HASH_BY_OID[s.digestAlgorithm];
  if (!hash)
    return {
      digestMatches: false,
      signatureValid: false,
      certificateBound: false,
      problems: [`unsupported digest algorithm ${s.digestAlgorithm}`],
    };
  const digest = contentDigest(hash);
  let digestMatches = false;
  let signed: Uint8Array;
  if (s.signedAttrs) {
    const md = s.attrs.get(OID.messageDigest)?.[0];
    digestMatches = md !== undefined && Buffer.from(md.content).equals(digest);
    if (!digestMatches) problems.push('message-digest does not match the signed bytes');
    const ct = s.attrs.get(OID.contentType)?.[0];
    if (!ct || oidOrUndefined(ct.content) !== sd.eContentType)
      problems.push('content-type attribute missing or wrong');
    signed = s.signedAttrs;
  } else {
    problems.push('no signed attributes');
    signed = new Uint8Array();
  }
  let signatureValid = false;
  if (!signerCertificate) {
    if (!unreadable) problems.push('signer certificate not included in the CMS');
  } else {
    const alg = SIGNATURE_ALGORITHMS[s.signatureAlgorithm];
    if (!alg) problems.push(`unsupported signature algorithm ${s.signatureAlgorithm}`);
    else {
      try {
        const key = publicKeyOf(signerCertificate);
        signatureValid = cryptoVerify(
          alg.hash ?? hash,
          signed,
          alg.family === 'rsa' ? { key, padding: constants.RSA_PKCS1_PADDING } : key,
          s.signature,
        );
      } catch (e) {
        problems.push(`signature check failed: ${(e as Error).message}`);
      }
      if (!signatureValid) problems.push('the CMS signature does not verify with the signer certificate');
    }
  }
  let certificateBound = !options.requireSigningCertificateV2;
  if (signerCertificate && (options.requireSigningCertificateV2 || s.attrs.has(OID.signingCertificateV2))) {
    const ess = signingCertificateProblem(s, signerCertificate);
    certificateBound = ess === undefined;
    if (ess) problems.push(ess);
  }
  const out: SignerCheck = { digestMatches, signatureValid, certificateBound, problems };
  if (signerCertificate) out.signerCertificate = signerCertificate;
  return out;
}

export interface TimestampCheck {
  genTime?: Date;
  imprintMatches: boolean;
  signatureValid: boolean;
  tsaCertificate?: Uint8Array;
  certificates: Uint8Array[];
  problems: string[];
}

/** RFC 3161 §2.4.2: TSTInfo { version, policy, messageImprint, serialNumber, genTime, … }. */
export function checkTimestampToken(token: Uint8Array, imprintOf: (hash: string) => Buffer): TimestampCheck {
  let sd: SignedData;
  try {
    sd = parseSignedData(token);
  } catch (e) {
    return {
      imprintMatches: false,
      signatureValid: false,
      certificates: [],
      problems: [`timestamp token unreadable: ${(e as Error).message}`],
    };
  }
  const problems: string[] = [];
  if (sd.eContentType !== OID.tstInfo || !sd.eContent) {
    return {
      imprintMatches: false,
      signatureValid: false,
      certificates: sd.certificates,
      problems: ['not a TSTInfo token'],
    };
  }
  const eContent = sd.eContent;
  let imprintAlg: string;
  let imprintValue: Uint8Array;
  let genTime: Date;
  try {
    const tst = nodeChildren(readNode(eContent));
    const imprint = need(tst[2], 'TSTInfo messageImprint');
    imprintAlg = decodeOid(nodeChild(nodeChild(imprint, 0), 0).content);
    imprintValue = nodeChild(imprint, 1).content;
    genTime = parseGeneralizedTime(Buffer.from(need(tst[4], 'TSTInfo genTime').content).toString('latin1'));
  } catch (e) {
    if (!(e instanceof DerError || e instanceof CmsFormatError)) throw e;
    return {
      imprintMatches: false,
      signatureValid: false,
      certificates: sd.certificates,
      problems: [`TSTInfo unreadable: ${e.message}`],
    };
  }
  const rejected = REJECTED_ALGORITHMS[imprintAlg];
  const hash = rejected ? undefined : HASH_BY_OID[imprintAlg];
  const imprintMatches = hash !== undefined && imprintOf(hash).equals(imprintValue);
  if (rejected) problems.push(`timestamp message imprint: ${rejected}`);
  else if (!imprintMatches) problems.push('timestamp message imprint does not match');
  // RFC 5816 §2.2.1: the token's signer is bound by ESS signing-certificate(-v2).
  const signer = checkSigner(sd, (h) => createHash(h).update(eContent).digest(), {
    requireSigningCertificateV2: true,
  });
  problems.push(...signer.problems.map((p) => `timestamp: ${p}`));
  const out: TimestampCheck = {
    genTime,
    imprintMatches,
    signatureValid: signer.signatureValid && signer.digestMatches && signer.certificateBound,
    certificates: sd.certificates,
    problems,
  };
  if (signer.signerCertificate) out.tsaCertificate = signer.signerCertificate;
  return out;
}

function parseGeneralizedTime(s: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(s);
  if (!m) return new Date(NaN);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`);
}
