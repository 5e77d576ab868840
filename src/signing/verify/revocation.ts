/**
 * Revocation from CRLs (RFC 5280 §5, §6.3, simplified): a CRL counts for a certificate only when
 * its issuer Name is the certificate's issuer and its signature verifies with the issuing
 * certificate's key. A certificate revoked at or before the reference time (the timestamp's
 * genTime) is revoked; one no CRL covers is unknown, which is not a failure by itself.
 */
import { verify as cryptoVerify, constants } from 'node:crypto';
import { X509Crl } from '../../pki/x509.js';
import { certificateFields } from '../../pki/asn1/certificate-fields.js';
import { publicKeyOf } from '../cms/certificate.js';
import { decodeOid, nodeChild, nodeChildren, readNode } from '../../pki/asn1/der.js';
import { REJECTED_ALGORITHMS, SIGNATURE_ALGORITHMS } from '../cms/algorithms.js';

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface RevocationResult {
  status: RevocationStatus;
  problem?: string;
}

interface CrlParts {
  issuer: Buffer;
  crl: X509Crl;
  signed: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

function crlParts(der: Uint8Array): CrlParts | undefined {
  try {
    const top = readNode(der);
    const tbs = nodeChild(top, 0);
    const parts = nodeChildren(tbs);
    const base = parts[0]?.tag === 0x02 ? 1 : 0; // version INTEGER OPTIONAL
    const issuer = parts[base + 1];
    if (!issuer) return undefined;
    const sigBits = nodeChild(top, 2).content;
    return {
      issuer: Buffer.from(issuer.raw),
      crl: new X509Crl(der),
      signed: tbs.raw,
      signatureAlgorithm: decodeOid(nodeChild(nodeChild(top, 1), 0).content),
      signature: sigBits.subarray(1), // BIT STRING: leading unused-bits octet
    };
  } catch {
    return undefined;
  }
}

function signedBy(p: CrlParts, issuerDer: Uint8Array): boolean {
  if (REJECTED_ALGORITHMS[p.signatureAlgorithm]) return false;
  const alg = SIGNATURE_ALGORITHMS[p.signatureAlgorithm];
  if (!alg?.hash) return false;
  try {
    const key = publicKeyOf(issuerDer);
    return cryptoVerify(
      alg.hash,
      p.signed,
      alg.family === 'rsa' ? { key, padding: constants.RSA_PKCS1_PADDING } : key,
      p.signature,
    );
  } catch {
    return false;
  }
}

const normalSerial = (hex: string): string => hex.toLowerCase().replace(/^0+/, '');

function serialHex(der: Uint8Array): string {
  return Buffer.from(readNode(certificateFields(der).serial).content).toString('hex');
}

/** `chain` is leaf first, each certificate followed by its issuer (as built by `buildPath`). */
export function checkRevocation(chain: Uint8Array[], crls: Uint8Array[], at: Date): RevocationResult {
  const parsed = crls.map(crlParts).filter((p): p is CrlParts => p !== undefined);
  let status: RevocationStatus = 'good';
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    const issuer = chain[i + 1]!;
    const issuerName = Buffer.from(certificateFields(cert).issuer);
    const valid = parsed.filter((p) => p.issuer.equals(issuerName) && signedBy(p, issuer));
    if (valid.length === 0) {
      status = 'unknown';
      continue;
    }
    const serial = normalSerial(serialHex(cert));
    for (const p of valid) {
      const entry = p.crl.entries.find((e) => normalSerial(e.serialNumber) === serial);
      if (entry && entry.revocationDate.getTime() <= at.getTime()) {
        return {
          status: 'revoked',
          problem: `certificate serial ${serial} issued by "${p.crl.issuer}" revoked on ${entry.revocationDate.toISOString()}`,
        };
      }
    }
  }
  return { status };
}
