import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  assertBlobKey,
  blobNotFound,
  makeTempKey,
  parseTempKey,
  sha256Hex,
  type BlobStore,
} from './blob-store.js';

/**
 * Blobs as files under `<root>/ab/cd/<sha256>`. Every write goes to `<root>/.incoming/`, is
 * fsynced, renamed into place (atomic on POSIX) and the directory fsynced: a crash leaves either
 * the whole blob under its name or nothing (plus a stray incoming file, removed at open).
 */
/** A write takes milliseconds; an incoming file this old belongs to a crashed writer. */
const INCOMING_GRACE_MS = 10 * 60_000;

export class FsBlobStore implements BlobStore {
  private readonly incoming: string;
  private readonly temp: string;

  private constructor(private readonly root: string) {
    this.incoming = join(root, '.incoming');
    this.temp = join(root, 'tmp');
  }

  static async open(root: string): Promise<FsBlobStore> {
    const store = new FsBlobStore(root);
    await mkdir(store.temp, { recursive: true });
    await mkdir(store.incoming, { recursive: true });
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
    if (await exists(target)) return key;
    await this.writeAtomically(target, bytes);
    return key;
  }

  async get(key: string): Promise<Buffer> {
    assertBlobKey(key);
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw blobNotFound(key);
      throw e;
    }
  }

  async has(key: string): Promise<boolean> {
    assertBlobKey(key);
    return exists(this.path(key));
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await rm(this.path(key), { force: true });
  }

  async stream(key: string): Promise<Readable> {
    assertBlobKey(key);
    if (!(await exists(this.path(key)))) throw blobNotFound(key);
    return createReadStream(this.path(key));
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

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
