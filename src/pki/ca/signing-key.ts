import { sign, type KeyObject } from 'node:crypto';
import { HetongError } from '../../shared/errors.js';
import type { KeyAlgorithm, SigningKey } from '../types.js';

/**
 * A `SigningKey` over a node:crypto private key. With `oneTime` (event certificates) `destroy`
 * drops the only reference to the key object and every later `sign` fails: the key was never
 * written anywhere, so after `destroy` nobody can sign with it again.
 */
export function keyObjectSigningKey(options: {
  privateKey: KeyObject;
  algorithm: KeyAlgorithm;
  serialNumber: string;
  certificate: Uint8Array;
  chain: Uint8Array[];
  oneTime: boolean;
}): SigningKey {
  let key: KeyObject | undefined = options.privateKey;
  const signingKey: SigningKey = {
    algorithm: options.algorithm,
    serialNumber: options.serialNumber,
    certificate: options.certificate,
    chain: options.chain,
    // RFC 5480 §2.2 / RFC 3279 §2.2.3: ECDSA as DER Ecdsa-Sig-Value; RSA as PKCS #1 v1.5.
    async sign(data: Uint8Array): Promise<Uint8Array> {
      if (!key)
        throw new HetongError(
          'SIGNING_KEY_DESTROYED',
          409,
          'this one-time signing key was destroyed after its signature',
        );
      return new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'der' }));
    },
  };
  if (options.oneTime)
    signingKey.destroy = async () => {
      key = undefined;
    };
  return signingKey;
}
