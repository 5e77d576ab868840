/**
 * The few fields of an X.509 certificate (RFC 5280 §4.1) CMS needs as raw DER: issuer, serial
 * number and subject, to build and match IssuerAndSerialNumber (RFC 5652 §10.2.4).
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { child, children, readTlv } from './der.js';

export interface CertificateFields {
  der: Uint8Array;
  /** DER of the issuer Name. */
  issuer: Uint8Array;
  /** DER of the serialNumber INTEGER (whole TLV). */
  serial: Uint8Array;
  subject: Uint8Array;
}

const cache = new WeakMap<Uint8Array, CertificateFields>();

export function certificateFields(der: Uint8Array): CertificateFields {
  const hit = cache.get(der);
  if (hit) return hit;
  const cert = readTlv(der);
  const tbs = child(cert, 0);
  const parts = children(tbs);
  // §4.1.2.1: version is an optional [0] EXPLICIT field in front.
  const base = parts[0]?.tag === 0xa0 ? 1 : 0;
  const serial = parts[base];
  const issuer = parts[base + 2];
  const subject = parts[base + 4];
  if (!serial || !issuer || !subject) throw new Error('not an X.509 certificate');
  const fields = { der, issuer: issuer.raw, serial: serial.raw, subject: subject.raw };
  cache.set(der, fields);
  return fields;
}

const x509Cache = new Map<string, X509Certificate>();

/** node:crypto's certificate object, memoised by DER (certificates repeat across signatures). */
export function x509(der: Uint8Array): X509Certificate {
  const key = Buffer.from(der).toString('base64');
  let c = x509Cache.get(key);
  if (!c) {
    c = new X509Certificate(der);
    if (x509Cache.size > 1000) x509Cache.clear();
    x509Cache.set(key, c);
  }
  return c;
}

const publicKeys = new WeakMap<X509Certificate, KeyObject>();

/** The certificate's public key, memoised (creating a KeyObject costs more than a verification). */
export function publicKeyOf(der: Uint8Array): KeyObject {
  const c = x509(der);
  let k = publicKeys.get(c);
  if (!k) {
    k = c.publicKey;
    publicKeys.set(c, k);
  }
  return k;
}
