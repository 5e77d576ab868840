import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import {
  assertBlobKey,
  blobNotFound,
  isBlobKey,
  makeTempKey,
  parseTempKey,
  sha256Hex,
  type BlobStore,
} from './blob-store.js';
import { isHetongError } from '../../shared/errors.js';

export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Key prefix inside the bucket, e.g. `hetong/`. */
  prefix: string;
}

/**
 * Blobs in any S3-compatible store: `<prefix>blobs/<sha256>`, `<prefix>tmp/<expiry>-<random>` and
 * the trash `<prefix>trash/<sha256>` (metadata `trashed-at`). A PutObject is atomic (readers see
 * the whole object or none), so no temp-and-rename is needed. A blob's LastModified is when it
 * was last written: a put always writes, so storing the same bytes again freshens them.
 *
 * S3 has no atomic move: trashing is copy, then delete. A put that lands between the two loses
 * its object from `blobs/` — but the trash holds the same bytes under the same key, get/stream/has
 * put them back, and the orphan sweep restores a trashed blob that a row refers to before it
 * would purge it (jobs/orphans.ts).
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3BlobStoreOptions) {
    const config: S3ClientConfig = { region: options.region, forcePathStyle: options.forcePathStyle };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.accessKeyId && options.secretAccessKey)
      config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    this.client = new S3Client(config);
  }

  private blobKey(key: string): string {
    return `${this.options.prefix}blobs/${key}`;
  }

  private tempKey(key: string): string {
    return `${this.options.prefix}tmp/${key}`;
  }

  private trashKey(key: string): string {
    return `${this.options.prefix}trash/${key}`;
  }

  async put(bytes: Uint8Array): Promise<string> {
    const key = sha256Hex(bytes);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.blobKey(key),
        Body: bytes,
        ContentType: 'application/octet-stream',
      }),
    );
    return key;
  }

  async get(key: string): Promise<Buffer> {
    assertBlobKey(key);
    return this.orFromTrash(key, () => this.read(this.blobKey(key), key));
  }

  async has(key: string): Promise<boolean> {
    assertBlobKey(key);
    return (await this.head(this.blobKey(key))) !== undefined || this.restoreFromTrash(key);
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.blobKey(key) }));
  }

  async stream(key: string): Promise<Readable> {
    assertBlobKey(key);
    return this.orFromTrash(key, async () => {
      try {
        const out = await this.client.send(
          new GetObjectCommand({ Bucket: this.options.bucket, Key: this.blobKey(key) }),
        );
        return out.Body as Readable;
      } catch (e) {
        if (isNotFound(e)) throw blobNotFound(key);
        throw e;
      }
    });
  }

  async *listStale(before: number): AsyncIterable<string> {
    for await (const obj of this.list(this.blobKey(''))) {
      const name = obj.Key!.slice(this.blobKey('').length);
      if (isBlobKey(name) && obj.LastModified !== undefined && obj.LastModified.getTime() < before)
        yield name;
    }
  }

  async trash(key: string, before: number, now: number): Promise<boolean> {
    assertBlobKey(key);
    const head = await this.head(this.blobKey(key));
    if (head?.LastModified === undefined || head.LastModified.getTime() >= before) return false;
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.options.bucket,
        Key: this.trashKey(key),
        CopySource: `${this.options.bucket}/${this.blobKey(key)}`,
        MetadataDirective: 'REPLACE',
        Metadata: { 'trashed-at': String(now) },
      }),
    );
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.blobKey(key) }));
    return true;
  }

  async *listTrash(before: number): AsyncIterable<string> {
    for await (const obj of this.list(this.trashKey(''))) {
      const name = obj.Key!.slice(this.trashKey('').length);
      if (!isBlobKey(name)) continue;
      // The trash is small (orphans only): one HEAD each for the time it was trashed.
      const at = Number((await this.head(obj.Key!))?.Metadata?.['trashed-at']);
      if (Number.isFinite(at) && at < before) yield name;
    }
  }

  async restore(key: string): Promise<void> {
    assertBlobKey(key);
    await this.restoreFromTrash(key);
  }

  async purge(key: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.trashKey(key) }));
  }

  async putTemp(bytes: Uint8Array, ttlMs: number): Promise<string> {
    const key = makeTempKey(Date.now() + ttlMs, randomBytes(16).toString('hex'));
    await this.client.send(
      new PutObjectCommand({ Bucket: this.options.bucket, Key: this.tempKey(key), Body: bytes }),
    );
    return key;
  }

  async getTemp(key: string): Promise<Buffer> {
    const { expiresAt } = parseTempKey(key);
    if (expiresAt <= Date.now()) throw blobNotFound(key);
    return this.read(this.tempKey(key), key);
  }

  async sweepTemp(now = Date.now()): Promise<number> {
    const prefix = this.tempKey('');
    let swept = 0;
    for await (const obj of this.list(prefix)) {
      let expiresAt: number;
      try {
        expiresAt = parseTempKey(obj.Key!.slice(prefix.length)).expiresAt;
      } catch {
        continue;
      }
      // Keys are ordered by expiry (zero-padded), so the first live one ends the sweep.
      if (expiresAt > now) return swept;
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: obj.Key }));
      swept++;
    }
    return swept;
  }

  async checkWritable(): Promise<void> {
    const key = `${this.options.prefix}probe/${randomBytes(8).toString('hex')}`;
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: 'ok' }));
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }

  /** `read()`, or when the blob is not found, the same after putting it back from the trash. */
  private async orFromTrash<T>(key: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      if (!isHetongError(e) || e.code !== 'BLOB_NOT_FOUND' || !(await this.restoreFromTrash(key))) throw e;
      return read();
    }
  }

  /** The trashed copy back in `blobs/` (a fresh write); false when the key is not in the trash. */
  private async restoreFromTrash(key: string): Promise<boolean> {
    const trashed = this.trashKey(key);
    if ((await this.head(trashed)) === undefined) return false;
    if ((await this.head(this.blobKey(key))) === undefined)
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.options.bucket,
          Key: this.blobKey(key),
          CopySource: `${this.options.bucket}/${trashed}`,
          MetadataDirective: 'REPLACE',
          ContentType: 'application/octet-stream',
        }),
      );
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: trashed }));
    return true;
  }

  private async head(objectKey: string) {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: objectKey }));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private async *list(prefix: string) {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const obj of page.Contents ?? []) if (obj.Key !== undefined) yield obj;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async read(objectKey: string, key: string): Promise<Buffer> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: objectKey }),
      );
      if (!out.Body) throw blobNotFound(key);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (e) {
      if (isNotFound(e)) throw blobNotFound(key);
      throw e;
    }
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
}
