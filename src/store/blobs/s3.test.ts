import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { blobStoreContract } from './blob-store.contract.js';
import { S3BlobStore } from './s3.js';

// Tested over the S3 protocol against s3rver on 127.0.0.1, on a free port chosen by the OS.
blobStoreContract('s3 (s3rver)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'hetong-test', configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  const store = new S3BlobStore({
    bucket: 'hetong-test',
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${address.port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    prefix: 'hetong/',
  });
  return {
    store,
    dispose: async () => {
      store.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
