import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
  type webcrypto,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyAlgorithm } from '../types.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** ECDSA key generation is cheap (~0.1 ms) and done inline. */
export function generateEcKeyPair(curve: 'P-256' | 'P-384'): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: curve });
}

/** RSA-2048 generation costs 50–100 ms; it runs on libuv's thread pool, off the event loop. */
export function generateRsaKeyPair(): Promise<KeyPair> {
  return generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
}

export const pkcs8 = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'pkcs8' });
export const spki = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' });
export const privateKeyFromPkcs8 = (der: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
export const publicKeyOf = (privateKey: KeyObject): KeyObject => createPublicKey(privateKey);

/** WebCrypto view of an ECDSA private key, for @peculiar/x509 which signs through WebCrypto. */
export function ecCryptoKey(privateKey: KeyObject, curve: 'P-256' | 'P-384'): Promise<webcrypto.CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'pkcs8',
    pkcs8(privateKey),
    { name: 'ECDSA', namedCurve: curve },
    false,
    ['sign'],
  );
}

/**
 * A certificate serial number: 16 random octets, positive and without a leading zero octet, so
 * it is unique without coordination and unpredictable (RFC 5280 §4.1.2.2 allows up to 20 octets).
 */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes.toString('hex');
}

/**
 * A small pool of pre-generated RSA-2048 key pairs, refilled one at a time in the background, so
 * issuing an RSA certificate does not wait for prime generation. `take` falls back to generating
 * when the pool is empty (under a burst).
 */
export class RsaKeyPool {
  private readonly ready: KeyPair[] = [];
  private refilling = false;
  private closed = false;

  constructor(private readonly size = 4) {
    this.refill();
  }

  get available(): number {
    return this.ready.length;
  }

  async take(): Promise<KeyPair> {
    const pair = this.ready.shift();
    this.refill();
    return pair ?? generateRsaKeyPair();
  }

  /** Resolves once the pool is full (tests and benchmarks). */
  async filled(): Promise<void> {
    while (!this.closed && this.ready.length < this.size) await new Promise((r) => setTimeout(r, 10));
  }

  close(): void {
    this.closed = true;
  }

  private refill(): void {
    if (this.refilling || this.closed || this.ready.length >= this.size) return;
    this.refilling = true;
    generateRsaKeyPair().then(
      (pair) => {
        this.refilling = false;
        if (this.closed) return;
        this.ready.push(pair);
        this.refill();
      },
      () => {
        // A failed generation leaves the pool short; `take` generates inline meanwhile.
        this.refilling = false;
      },
    );
  }
}

export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RSA-2048';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return 'ECDSA-P256';
  throw new Error(`unsupported signer key: ${key.asymmetricKeyType}`);
}
