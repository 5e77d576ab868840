import type { KeyObject, webcrypto } from 'node:crypto';
import { SubjectKeyIdentifierExtension, X509Certificate } from '../x509.js';
import { HetongError } from '../../shared/errors.js';
import type { MasterKey } from '../master-key.js';
import type { CaEntity, CaMaterial } from '../store/pki-store.js';
import { caKeyAad } from './bootstrap.js';
import { ecCryptoKey, privateKeyFromPkcs8 } from './keys.js';

/** A CA certificate with its private key opened from custody, in both node:crypto and WebCrypto form. */
export interface LoadedCa {
  der: Uint8Array;
  certificate: X509Certificate;
  serial: string;
  keyId: string;
  privateKey: KeyObject;
  cryptoKey: webcrypto.CryptoKey;
}

export interface CaContext {
  root: LoadedCa;
  issuing: LoadedCa;
  tsa: LoadedCa;
}

export async function loadCaContext(material: CaMaterial, masterKey: MasterKey): Promise<CaContext> {
  return {
    root: await loadCa('root', material.root, masterKey, 'P-384'),
    issuing: await loadCa('issuing', material.issuing, masterKey, 'P-256'),
    tsa: await loadCa('tsa', material.tsa, masterKey, 'P-256'),
  };
}

async function loadCa(
  role: string,
  entity: CaEntity,
  masterKey: MasterKey,
  curve: 'P-256' | 'P-384',
): Promise<LoadedCa> {
  const certificate = new X509Certificate(entity.certificate);
  const serial = certificate.serialNumber.toLowerCase();
  let privateKey: KeyObject;
  try {
    privateKey = privateKeyFromPkcs8(masterKey.open(entity.sealedKey, caKeyAad(role, serial)));
  } catch (e) {
    throw new HetongError(
      'CA_KEY_UNAVAILABLE',
      500,
      `the ${role} CA key cannot be opened: is HETONG_MASTER_KEY the one it was created with?`,
      {
        role,
        cause: (e as Error).message,
      },
    );
  }
  const ski = certificate.getExtension(SubjectKeyIdentifierExtension);
  if (!ski)
    throw new HetongError(
      'CA_KEY_UNAVAILABLE',
      500,
      `the ${role} CA certificate has no subject key identifier`,
    );
  return {
    der: entity.certificate,
    certificate,
    serial,
    keyId: ski.keyId,
    privateKey,
    cryptoKey: await ecCryptoKey(privateKey, curve),
  };
}
