/** node:crypto's objects of the certificates CMS verification meets, memoised. */
import { X509Certificate, type KeyObject } from 'node:crypto';

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
