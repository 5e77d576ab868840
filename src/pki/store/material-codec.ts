/**
 * The text form of the CA's material, shared by the stores that persist it (database row, file):
 * certificates as base64, sealed keys as they are. `indent` is for the file a person may read.
 */
import type { CaMaterial } from './pki-store.js';

export const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

export function encodeMaterial(m: CaMaterial, indent?: number): string {
  const entity = (e: CaMaterial['root']) => ({ certificate: b64(e.certificate), sealedKey: e.sealedKey });
  return JSON.stringify(
    { ...m, root: entity(m.root), issuing: entity(m.issuing), tsa: entity(m.tsa) },
    null,
    indent,
  );
}

export function decodeMaterial(text: string): CaMaterial {
  type Raw = { certificate: string; sealedKey: string };
  const raw = JSON.parse(text) as { version: 1; createdAt: string; root: Raw; issuing: Raw; tsa: Raw };
  const entity = (e: Raw) => ({ certificate: unb64(e.certificate), sealedKey: e.sealedKey });
  return {
    version: raw.version,
    createdAt: raw.createdAt,
    root: entity(raw.root),
    issuing: entity(raw.issuing),
    tsa: entity(raw.tsa),
  };
}
