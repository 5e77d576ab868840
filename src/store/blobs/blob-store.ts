import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { HetongError } from '../../shared/errors.js';

/**
 * Content-addressed blob storage: the key of a blob is the lowercase hex SHA-256 of its bytes, so
 * a put of the same bytes is idempotent and a key proves what it names. Beside it, a temporary area
 * for intermediate files whose objects expire (swept by the `blobs.sweep-temp` job), and a trash
 * for blobs no row refers to (the `blobs.sweep-orphans` job, jobs/orphans.ts): a trashed blob is
 * still found by get/stream/has, which put it back, until it is purged.
 */
export interface BlobStore {
  /**
   * Stores the bytes durably (acknowledged = survives a crash); returns their SHA-256 key. A put
   * of bytes already stored freshens them: they count as written now (listStale, trash).
   */
  put(bytes: Uint8Array): Promise<string>;
  /** Throws BLOB_NOT_FOUND. */
  get(key: string): Promise<Buffer>;
  has(key: string): Promise<boolean>;
  /** Keys of blobs last written or freshened before `before` (ms), trashed ones not included. */
  listStale(before: number): AsyncIterable<string>;
  /**
   * Moves the blob to the trash, marked as trashed at `now`, unless it was written or freshened at
   * `before` or later. The fs store checks again once the blob is moved, so a put racing the sweep
   * keeps its blob; S3 has no atomic move, so a put landing between its copy and its delete leaves
   * the bytes in the trash, from where reads and the sweep's second phase put them back (s3.ts).
   * True when the blob is in the trash now.
   */
  trash(key: string, before: number, now: number): Promise<boolean>;
  /** Keys of blobs trashed before `before`. */
  listTrash(before: number): AsyncIterable<string>;
  /** Puts a trashed blob back (a no-op for one that is not in the trash). */
  restore(key: string): Promise<void>;
  /** Deletes a trashed blob for good. */
  purge(key: string): Promise<void>;
  /** Deleting a missing blob is not an error. */
  delete(key: string): Promise<void>;
  /** Throws BLOB_NOT_FOUND. */
  stream(key: string): Promise<Readable>;
  /** Stores bytes in the temporary area until `ttlMs` from now; returns an opaque key. */
  putTemp(bytes: Uint8Array, ttlMs: number): Promise<string>;
  /** Throws BLOB_NOT_FOUND, also for an expired object not yet swept. */
  getTemp(key: string): Promise<Buffer>;
  /** Deletes expired temporary objects; returns how many. Idempotent. */
  sweepTemp(now?: number): Promise<number>;
  /** For readiness: throws when the store cannot take a write. */
  checkWritable(): Promise<void>;
}

const KEY = /^[0-9a-f]{64}$/;
const TEMP_KEY = /^(\d{13,16})-([0-9a-f]{32})$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function isBlobKey(name: string): boolean {
  return KEY.test(name);
}

/** Validates a content key (also the guard against path traversal in the fs store). */
export function assertBlobKey(key: string): void {
  if (!KEY.test(key)) throw new HetongError('BLOB_KEY_INVALID', 400, 'a blob key is 64 lowercase hex digits');
}

/** Temporary keys carry their own expiry (`<expiresAtMs>-<random>`), so sweeping needs no index. */
export function parseTempKey(key: string): { expiresAt: number } {
  const m = TEMP_KEY.exec(key);
  if (!m) throw new HetongError('BLOB_KEY_INVALID', 400, 'not a temporary blob key');
  return { expiresAt: Number(m[1]) };
}

export function makeTempKey(expiresAt: number, random: string): string {
  return `${String(Math.floor(expiresAt)).padStart(13, '0')}-${random}`;
}

export function blobNotFound(key: string): HetongError {
  return new HetongError('BLOB_NOT_FOUND', 404, 'no such blob', { key });
}
