import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
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
  makeTempKey,
  parseTempKey,
  sha256Hex,
  type BlobStore,
} from './blob-store.js';

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
 * Blobs in any S3-compatible store: `<prefix>blobs/<sha256>` and `<prefix>tmp/<expiry>-<random>`.
 * A PutObject is atomic (readers see the whole object or none), so no temp-and-rename is needed.
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

  async put(bytes: Uint8Array): Promise<string> {
    const key = sha256Hex(bytes);
    if (await this.has(key)) return key;
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
    return this.read(this.blobKey(key), key);
  }

  async has(key: string): Promise<boolean> {
    assertBlobKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.blobKey(key) }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.blobKey(key) }));
  }

  async stream(key: string): Promise<Readable> {
    assertBlobKey(key);
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.blobKey(key) }),
      );
      return out.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) throw blobNotFound(key);
      throw e;
    }
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
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const obj of page.Contents ?? []) {
        const name = obj.Key?.slice(prefix.length) ?? '';
        let expiresAt: number;
        try {
          expiresAt = parseTempKey(name).expiresAt;
        } catch {
          continue;
        }
        // Keys are ordered by expiry (zero-padded), so the first live one ends the sweep.
        if (expiresAt > now) return swept;
        await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: obj.Key }));
        swept++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
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
