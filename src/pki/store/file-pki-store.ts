import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CaMaterial, CaRole, CertificateRecord, PkiStore, RevocationRecord } from './pki-store.js';
import { b64, decodeMaterial, encodeMaterial, unb64 } from './material-codec.js';

/**
 * A `PkiStore` in files under `<dataDir>/pki/`:
 *   ca.json                      CA material (keys sealed)
 *   certs/<serial>.json          issued certificates
 *   keys/<serial>.key            custody keys (sealed, mode 0600)
 *   revocations/<issuer>/<serial>.json
 *   counters/<name>              decimal counter, updated under counters/<name>.lock
 * Every write goes to a temporary file first and is then renamed (replace) or hard-linked
 * (create-if-absent), so a reader never sees half a file and two processes never both "win".
 */
export class FilePkiStore implements PkiStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'pki');
  }

  async getCaMaterial(): Promise<CaMaterial | undefined> {
    const text = await readOptional(join(this.dir, 'ca.json'));
    return text === undefined ? undefined : decodeMaterial(text);
  }

  async putCaMaterialIfAbsent(material: CaMaterial): Promise<CaMaterial> {
    await this.createIfAbsent(join(this.dir, 'ca.json'), encodeMaterial(material, 2), 0o600);
    const stored = await this.getCaMaterial();
    if (!stored) throw new Error('CA material vanished after it was written');
    return stored;
  }

  async putCertificate(record: CertificateRecord): Promise<void> {
    const json = JSON.stringify({ ...record, certificate: b64(record.certificate) });
    // Not fsynced: a certificate record is public and also embedded in every signature made with
    // it; losing the last ones in a power cut must not cost every cloud signature an fsync.
    await this.replace(join(this.dir, 'certs', `${safe(record.serial)}.json`), json, 0o644, false);
  }

  async getCertificate(serial: string): Promise<CertificateRecord | undefined> {
    const text = await readOptional(join(this.dir, 'certs', `${safe(serial)}.json`));
    if (text === undefined) return undefined;
    const raw = JSON.parse(text) as CertificateRecord & { certificate: string };
    return { ...raw, certificate: unb64(raw.certificate) };
  }

  async putCustodyKey(serial: string, sealedKey: string): Promise<void> {
    await this.replace(join(this.dir, 'keys', `${safe(serial)}.key`), sealedKey, 0o600);
  }

  async getCustodyKey(serial: string): Promise<string | undefined> {
    return readOptional(join(this.dir, 'keys', `${safe(serial)}.key`));
  }

  async addRevocation(record: RevocationRecord): Promise<boolean> {
    const file = join(this.dir, 'revocations', record.issuer, `${safe(record.serial)}.json`);
    return this.createIfAbsent(file, JSON.stringify(record), 0o644);
  }

  async listRevocations(issuer: CaRole): Promise<RevocationRecord[]> {
    const dir = join(this.dir, 'revocations', issuer);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const records = await Promise.all(
      names
        .filter((n) => n.endsWith('.json'))
        .map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as RevocationRecord),
    );
    return records.sort((a, b) => a.revokedAt.localeCompare(b.revokedAt) || a.serial.localeCompare(b.serial));
  }

  async nextCounter(name: string): Promise<bigint> {
    const file = join(this.dir, 'counters', safe(name));
    await mkdir(join(this.dir, 'counters'), { recursive: true });
    const release = await acquireLock(`${file}.lock`);
    try {
      const current = BigInt(((await readOptional(file)) ?? '0').trim());
      const next = current + 1n;
      await this.replace(file, `${next}\n`, 0o644);
      return next;
    } finally {
      await release();
    }
  }

  private async replace(file: string, content: string, mode: number, durable = true): Promise<void> {
    const temp = await this.writeTemp(file, content, mode, durable);
    await rename(temp, file);
  }

  /** Returns false when `file` already existed (its content is kept). */
  private async createIfAbsent(file: string, content: string, mode: number): Promise<boolean> {
    const temp = await this.writeTemp(file, content, mode);
    try {
      await link(temp, file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    } finally {
      await unlink(temp);
    }
  }

  private async writeTemp(file: string, content: string, mode: number, durable = true): Promise<string> {
    const dir = join(file, '..');
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  }
}

/** An exclusive lock file; a lock older than 30 s is taken to be left by a crashed process. */
async function acquireLock(lock: string): Promise<() => Promise<void>> {
  const token = randomBytes(8).toString('hex');
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(lock, token, { flag: 'wx' });
      return async () => {
        await unlink(lock).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 30_000) await unlink(lock).catch(() => undefined);
      if (attempt > 2000) throw new Error(`could not lock ${lock}`);
      await sleep(Math.min(20, 1 + attempt));
    }
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Serial numbers and counter names become file names: allow only a safe alphabet. */
function safe(name: string): string {
  if (!/^[A-Za-z0-9:._-]{1,128}$/.test(name) || name.startsWith('.'))
    throw new Error(`unsafe store key: ${name}`);
  return name.replace(/:/g, '_');
}
