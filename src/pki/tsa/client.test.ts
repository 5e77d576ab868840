import { createHash } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integer, sequence } from '../asn1/der.js';
import { openBuiltinCa, type BuiltinCa } from '../ca/builtin-ca.js';
import { MasterKey } from '../master-key.js';
import { MemoryPkiStore } from '../store/memory-pki-store.js';
import { openssl, scratch } from '../test-support/openssl.js';
import { HttpTimestampAuthority, TimestampRequestError } from './client.js';

let ca: BuiltinCa;
const servers: Server[] = [];

/** A local HTTP server standing in for an outside TSA; `handler` decides what it answers. */
async function tsaServer(handler: (body: Buffer) => Promise<Uint8Array | undefined>): Promise<string> {
  const listener: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handler(Buffer.concat(chunks)).then((answer) => {
        if (answer === undefined) return; // never answers
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(answer));
      });
    });
  };
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
}

beforeAll(async () => {
  ca = await openBuiltinCa({
    store: new MemoryPkiStore(),
    masterKey: MasterKey.fromBytes(new Uint8Array(32).fill(6)),
    publicUrl: 'http://localhost:8080',
    rsaPoolSize: 0,
  });
});
afterAll(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  ca.close();
});

const digest = createHash('sha256').update('checkpoint').digest();

describe('HTTP TSA client (RFC 3161 §3.4)', () => {
  it('gets a granted reply over the imprint that openssl ts -verify accepts', async () => {
    const url = await tsaServer((q) => ca.handleTimestampRequest(q));
    const reply = await new HttpTimestampAuthority(url).request(digest);
    expect(Math.abs(reply.genTime.getTime() - Date.now())).toBeLessThan(60_000);
    const s = scratch();
    const root = s.pem('root.pem', ca.rootCertificate());
    const untrusted = s.pem('issuing.pem', ca.issuingCertificate());
    const out = openssl(
      'ts',
      '-verify',
      '-digest',
      digest.toString('hex'),
      '-in',
      s.file('r.tsr', reply.response),
      '-CAfile',
      root,
      '-untrusted',
      untrusted,
    ).out;
    expect(out).toContain('Verification: OK');
  });

  it('refuses garbage, a rejection, a replayed reply, an HTTP error and a TSA that never answers', async () => {
    const refused = async (url: string, options = {}) =>
      new HttpTimestampAuthority(url, options).request(digest).then(
        () => 'accepted',
        (e: Error) => `${e instanceof TimestampRequestError ? 'refused' : e.name}: ${e.message}`,
      );
    expect(await refused(await tsaServer(async () => Buffer.from('<html>oops</html>')))).toMatch(
      /^refused: the TSA answered no TimeStampResp/,
    );
    // PKIStatusInfo { rejection } and no token.
    expect(await refused(await tsaServer(async () => sequence(sequence(integer(2)))))).toBe(
      'refused: the TSA refused: rejection',
    );
    // A reply for an earlier request (another nonce) replayed.
    let first: Uint8Array | undefined;
    const replaying = await tsaServer(async (q) => (first ??= await ca.handleTimestampRequest(q)));
    expect(await refused(replaying)).toBe('accepted');
    expect(await refused(replaying)).toMatch(/does not echo the nonce/);
    // A reply over another imprint.
    const other = await tsaServer(async (q) => {
      const der = Buffer.from(q);
      der.set(createHash('sha256').update('other').digest(), der.indexOf(digest));
      return ca.handleTimestampRequest(der);
    });
    expect(await refused(other)).toMatch(/not over the imprint/);
    const silent = await tsaServer(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000)));
    expect(await refused(silent, { timeoutMs: 200 })).toMatch(/TimeoutError|aborted/);
    const broken = createServer((_q, res) => res.writeHead(503).end());
    servers.push(broken);
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    expect(await refused(`http://127.0.0.1:${(broken.address() as AddressInfo).port}/`)).toBe(
      'refused: the TSA answered HTTP 503',
    );
  });
});
