import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  assertBlobKey,
  blobNotFound,
  isBlobKey,
  makeTempKey,
  parseTempKey,
  sha256Hex,
  type BlobStore,
} from './blob-store.js';

/**
 * Blobs as files under `<root>/ab/cd/<sha256>`. Every write goes to `<root>/.incoming/`, is
 * fsynced, renamed into place (atomic on POSIX) and the directory fsynced: a crash leaves either
 * the whole blob under its name or nothing (plus a stray incoming file, removed at open). A blob's
 * mtime is when it was last written or freshened; the trash is `<root>/.trash/<sha256>`, where
 * the mtime is when it was trashed.
 */
/** A write takes milliseconds; an incoming file this old belongs to a crashed writer. */
const INCOMING_GRACE_MS = 10 * 60_000;

export class FsBlobStore implements BlobStore {
  private readonly incoming: string;
  private readonly temp: string;

  private readonly trashDir: string;

  private constructor(private readonly root: string) {
    this.incoming = join(root, '.incoming');
    this.temp = join(root, 'tmp');
    this.trashDir = join(root, '.trash');
  }

  static async open(root: string): Promise<FsBlobStore> {
    const store = new FsBlobStore(root);
    await mkdir(store.temp, { recursive: true });
    await mkdir(store.incoming, { recursive: true });
    await mkdir(store.trashDir, { recursive: true });
    await store.dropStaleIncoming(Date.now());
    return store;
  }

  /**
   * Leftovers of writes interrupted by a crash were never acknowledged and are safe to drop — but
   * only old ones: another process (the server, while a CLI command opens the same data directory)
   * may be writing into `.incoming` right now.
   */
  private async dropStaleIncoming(now: number): Promise<void> {
    const cutoff = now - INCOMING_GRACE_MS;
    for (const name of await readdir(this.incoming)) {
      const file = join(this.incoming, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(file, { recursive: true, force: true });
    }
  }

  private path(key: string): string {
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const key = sha256Hex(bytes);
    const target = this.path(key);
    // Freshen what is there. ENOENT (never written, or trashed this instant) writes it anew, and
    // so do EPERM/EACCES (a file another user wrote: only its owner may set its times); the
    // rename then puts a fresh file of ours in its place.
    const now = new Date();
    const freshened = await utimes(target, now, now).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT' || e.code === 'EPERM' || e.code === 'EACCES') return false;
        throw e;
      },
    );
    if (!freshened) await this.writeAtomically(target, bytes);
    return key;
  }

  async get(key: string): Promise<Buffer> {
    assertBlobKey(key);
    const read = () => readFile(this.path(key));
    try {
      return await read();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (await this.restoreIfTrashed(key)) return read();
      throw blobNotFound(key);
    }
  }

  async has(key: string): Promise<boolean> {
    assertBlobKey(key);
    return (await exists(this.path(key))) || this.restoreIfTrashed(key);
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await rm(this.path(key), { force: true });
  }

  async stream(key: string): Promise<Readable> {
    assertBlobKey(key);
    if (!(await this.has(key))) throw blobNotFound(key);
    return createReadStream(this.path(key));
  }

  async *listStale(before: number): AsyncIterable<string> {
    for (const a of await hexDirs(this.root)) {
      for (const b of await hexDirs(join(this.root, a))) {
        const dir = join(this.root, a, b);
        for (const name of await readdir(dir).catch(() => [])) {
          if (!isBlobKey(name)) continue;
          const info = await stat(join(dir, name)).catch(() => undefined);
          if (info && info.mtimeMs < before) yield name;
        }
      }
    }
  }

  async trash(key: string, before: number, now: number): Promise<boolean> {
    assertBlobKey(key);
    const trashed = join(this.trashDir, key);
    try {
      await rename(this.path(key), trashed);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    // rename keeps the mtime: a put that freshened the blob before the move shows here. A reader
    // may put the blob back meanwhile (ENOENT here): then it is live, not trashed.
    try {
      if ((await stat(trashed)).mtimeMs >= before) {
        await this.restore(key);
        return false;
      }
      const at = new Date(now);
      await utimes(trashed, at, at);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async *listTrash(before: number): AsyncIterable<string> {
    for (const name of await readdir(this.trashDir)) {
      if (!isBlobKey(name)) continue;
      const info = await stat(join(this.trashDir, name)).catch(() => undefined);
      if (info && info.mtimeMs < before) yield name;
    }
  }

  async restore(key: string): Promise<void> {
    assertBlobKey(key);
    const target = this.path(key);
    const trashed = join(this.trashDir, key);
    if (await exists(target)) {
      // Written again meanwhile: the same bytes (the key is their hash), the trashed copy goes.
      await rm(trashed, { force: true });
      return;
    }
    await mkdir(join(target, '..'), { recursive: true });
    const back = await rename(trashed, target).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
        return false;
      },
    );
    // Put back counts as written now (its mtime said when it was trashed), as a copy back on S3.
    if (back) {
      const now = new Date();
      await utimes(target, now, now);
    }
  }

  async purge(key: string): Promise<void> {
    assertBlobKey(key);
    await rm(join(this.trashDir, key), { force: true });
  }

  /**
   * A missing blob that is in the trash is put back (it had a reader, so it is no orphan); true
   * when it is there now.
   */
  private async restoreIfTrashed(key: string): Promise<boolean> {
    if (!(await exists(join(this.trashDir, key)))) return false;
    await this.restore(key);
    return exists(this.path(key));
  }

  async putTemp(bytes: Uint8Array, ttlMs: number): Promise<string> {
    const key = makeTempKey(Date.now() + ttlMs, randomBytes(16).toString('hex'));
    await this.writeAtomically(join(this.temp, key), bytes);
    return key;
  }

  async getTemp(key: string): Promise<Buffer> {
    const { expiresAt } = parseTempKey(key);
    if (expiresAt <= Date.now()) throw blobNotFound(key);
    try {
      return await readFile(join(this.temp, key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw blobNotFound(key);
      throw e;
    }
  }

  async sweepTemp(now = Date.now()): Promise<number> {
    await this.dropStaleIncoming(now);
    let swept = 0;
    for (const name of await readdir(this.temp)) {
      let expiresAt: number;
      try {
        expiresAt = parseTempKey(name).expiresAt;
      } catch {
        continue;
      }
      if (expiresAt <= now) {
        await unlink(join(this.temp, name)).catch(() => undefined);
        swept++;
      }
    }
    return swept;
  }

  async checkWritable(): Promise<void> {
    const probe = join(this.incoming, `probe-${randomBytes(8).toString('hex')}`);
    const fh = await open(probe, 'wx');
    await fh.close();
    await unlink(probe);
  }

  private async writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
    const dir = join(target, '..');
    await mkdir(dir, { recursive: true });
    const tmp = join(this.incoming, randomBytes(16).toString('hex'));
    const fh = await open(tmp, 'wx', 0o640);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
    // fsync the directory so the rename itself survives a power cut.
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }
}

/** The two-hex-digit directories of the blob tree (not .incoming, tmp or .trash). */
async function hexDirs(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).filter((n) => /^[0-9a-f]{2}$/.test(n));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
