/**
 * One-time carry-over of a file-based CA (`DATA_DIR/pki/`, what `hetong` used before the CA moved
 * into the database) into the database store. Without it, an installation that signed with the
 * file CA would silently get a NEW root on upgrade, and the custody keys of its organisations'
 * long-lived certificates would be left behind. Runs only while the database has no CA; idempotent
 * (every write is create-if-absent or an upsert of the same value).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DbPkiStore } from './db-pki-store.js';
import { FilePkiStore } from './file-pki-store.js';
import type { CaRole } from './pki-store.js';

export interface ImportResult {
  imported: boolean;
  certificates: number;
  custodyKeys: number;
  revocations: number;
}

const list = async (dir: string): Promise<string[]> => {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
};

export async function importFilePkiStore(dataDir: string, db: DbPkiStore): Promise<ImportResult> {
  const none = { imported: false, certificates: 0, custodyKeys: 0, revocations: 0 };
  if (await db.getCaMaterial()) return none;
  const files = new FilePkiStore(dataDir);
  const material = await files.getCaMaterial();
  if (!material) return none;
  const result = { ...none, imported: true };
  // Certificates, keys, revocations and counters first, the CA material last: a crash half-way
  // leaves the database without a CA, so the next start imports again instead of skipping the rest.
  for (const name of await list(join(files.dir, 'certs'))) {
    const record = await files.getCertificate(name.replace(/\.json$/, ''));
    if (record) {
      await db.putCertificate(record);
      result.certificates++;
    }
  }
  for (const name of await list(join(files.dir, 'keys'))) {
    const serial = name.replace(/\.key$/, '');
    const sealed = await files.getCustodyKey(serial);
    if (sealed) {
      await db.putCustodyKey(serial, sealed);
      result.custodyKeys++;
    }
  }
  for (const issuer of ['root', 'issuing', 'tsa'] as CaRole[])
    for (const r of await files.listRevocations(issuer)) if (await db.addRevocation(r)) result.revocations++;
  // Counters (CRL numbers …) must keep increasing: RFC 5280 §5.2.3.
  for (const name of await list(join(files.dir, 'counters'))) {
    if (name.endsWith('.lock')) continue;
    const value = BigInt((await readFile(join(files.dir, 'counters', name), 'utf8')).trim() || '0');
    // FilePkiStore writes the counter name's ':' as '_'.
    await db.raiseCounter(name.replace(/_/g, ':'), value);
  }
  await db.putCaMaterialIfAbsent(material);
  return result;
}
