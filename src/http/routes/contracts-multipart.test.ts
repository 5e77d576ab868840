/**
 * The multipart form of POST /api/v1/contracts obeys the JSON route's rules (issue 14): the same
 * size cap, depth limit and refusal of prototype-poisoning keys, with the same 4xx; the size cap
 * is applied while the body arrives, so an oversized part is refused before the rest is read.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HetongApiError, HetongClient, signedHeaders } from '../../client/index.js';
import { makePdf } from '../../signing/testing/fixtures.js';
import { JSON_BODY_LIMIT } from '../body.js';
import { buildMultipart } from '../multipart.js';
import { createTestApp, type TestApp } from '../testing.js';

describe('multipart contracts: the JSON rules of the JSON route', () => {
  let t: TestApp;
  let client: HetongClient;
  let pdf: Uint8Array;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    client = (await t.newLine()).client;
    pdf = await makePdf(1);
  });
  afterAll(async () => t?.dispose());

  const send = async (input: unknown) => {
    try {
      await client.createContract(input as never, { pdfs: [{ filename: 'a.pdf', data: pdf }] });
    } catch (e) {
      if (e instanceof HetongApiError) return e;
      throw e;
    }
    throw new Error('expected a refusal');
  };

  it('refuses __proto__ keys and 1,000 levels of nesting with MALFORMED_JSON', async () => {
    const poisoned = JSON.parse('{"title":"t","signers":[],"__proto__":{"admin":true}}') as unknown;
    const p = await send(poisoned);
    expect([p.status, p.code]).toEqual([400, 'MALFORMED_JSON']);
    let deep: unknown = 'x';
    for (let i = 0; i < 1_000; i++) deep = [deep];
    const d = await send({ title: 't', signers: [], data: { deep } });
    expect([d.status, d.code]).toEqual([400, 'MALFORMED_JSON']);
    expect(d.message).toMatch(/nested deeper than 64 levels/);
  });

  it('refuses a contract part over the JSON cap (1 MiB) with BODY_TOO_LARGE, as the JSON route does', async () => {
    const big = await send({ title: 't', signers: [], data: { note: 'x'.repeat(5 * 1024 * 1024) } });
    expect([big.status, big.code]).toEqual([413, 'BODY_TOO_LARGE']);
    expect(big.message).toBe('413 BODY_TOO_LARGE: the "contract" part is larger than 1048576 bytes');
    expect(big.details).toEqual({ limit: JSON_BODY_LIMIT });
    // Multi-byte text counts in bytes: 400,000 CJK characters are 1.2 MB of UTF-8.
    const cjk = await send({ title: 't', signers: [], data: { note: '合'.repeat(400_000) } });
    expect([cjk.status, cjk.code]).toEqual([413, 'BODY_TOO_LARGE']);
    let json: HetongApiError | undefined;
    try {
      await client.createContract({
        title: 't',
        signers: [],
        data: { note: 'x'.repeat(5 * 1024 * 1024) },
      } as never);
    } catch (e) {
      if (e instanceof HetongApiError) json = e;
    }
    expect([json?.status, json?.code]).toEqual([413, 'BODY_TOO_LARGE']);
  });
});

/** Writes `head` and the first `sent` bytes of `body`, then only reads: the answer and whether the server closed. */
function sendPartly(port: number, head: string, body: Buffer, sent: number) {
  return new Promise<{ answer: string; closed: boolean }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.write(body.subarray(0, sent));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve({ answer: Buffer.concat(chunks).toString('utf8'), closed: true }));
    socket.on('error', reject);
    // A server waiting for the rest of the body would never answer: say so instead of hanging.
    socket.setTimeout(10_000, () => {
      socket.destroy();
      resolve({ answer: Buffer.concat(chunks).toString('utf8'), closed: false });
    });
  });
}

describe('multipart contracts over a real connection: the JSON part cap while the body arrives', () => {
  let t: TestApp;
  let line: { appId: string; appSecret: string; client: HetongClient };
  let port: number;
  let pdf: Uint8Array;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    line = await t.newLine();
    await t.app.server.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.server.address() as { port: number }).port;
    pdf = await makePdf(1);
  });
  afterAll(async () => t?.dispose());

  const fiveMb = () => {
    const contract = JSON.stringify({ title: 't', signers: [], data: { note: 'x'.repeat(5 * 1024 * 1024) } });
    const boundary = 'partCap1';
    const body = buildMultipart(boundary, { contract }, [
      { field: 'pdf', filename: 'a.pdf', contentType: 'application/pdf', data: pdf },
    ]);
    return { body, contentType: `multipart/form-data; boundary=${boundary}` };
  };

  it('answers 413 and closes the connection after 1.5 of the 5 MB sent', async () => {
    const { body, contentType } = fiveMb();
    const headers = {
      ...signedHeaders(line, 'POST', '/api/v1/contracts', body),
      'content-type': contentType,
      'content-length': String(body.length),
    };
    const head =
      'POST /api/v1/contracts HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      '\r\n';
    const { answer, closed } = await sendPartly(port, head, body, 1.5 * 1024 * 1024);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: {
        code: 'BODY_TOO_LARGE',
        message: 'the "contract" part is larger than 1048576 bytes',
        details: { limit: JSON_BODY_LIMIT },
      },
    });
    // The server hung up rather than wait for the other 3.5 MB.
    expect(closed).toBe(true);
  });

  it('a client that sends the whole body reads the 413 (not a reset), and the server goes on', async () => {
    const { body, contentType } = fiveMb();
    const client = new HetongClient({ baseUrl: `http://127.0.0.1:${port}`, ...line });
    // Ten in a row: a server that hung up at once made fetch fail (write EPIPE) now and then.
    for (let i = 0; i < 10; i++) {
      const res = await client.raw('POST', '/api/v1/contracts', { body, contentType });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body.toString()).error.code).toBe('BODY_TOO_LARGE');
    }
    const groups = await client.raw('GET', '/api/v1/contract-groups');
    expect(groups.status).toBe(200);
  });
});
