/** Test helper: an outside RFC 3161 TSA — another built-in CA's TSA behind a plain HTTP server. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openBuiltinCa, type BuiltinCa } from '../ca/builtin-ca.js';
import { MasterKey } from '../master-key.js';
import { MemoryPkiStore } from '../store/memory-pki-store.js';

export interface TestTsa {
  url: string;
  ca: BuiltinCa;
  close(): Promise<void>;
}

export async function startTestTsa(): Promise<TestTsa> {
  const ca = await openBuiltinCa({
    store: new MemoryPkiStore(),
    masterKey: MasterKey.fromBytes(Buffer.alloc(32, 3)),
    publicUrl: 'http://tsa.example',
    rsaPoolSize: 0,
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void ca
        .handleTimestampRequest(Buffer.concat(chunks))
        .then((r) =>
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(r)),
        );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    ca,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
        ca.close();
      }),
  };
}
