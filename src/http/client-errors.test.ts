import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing.js';

/** Sends raw bytes and reads the whole answer (the server closes the connection). */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('errors before routing use the one error format', () => {
  let t: TestApp;
  let base: string;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.app.server.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.server.address() as { port: number }).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => t.dispose());

  it.each([
    ['an overlong URL', `/api/v1/contracts?q=${'a'.repeat(20_000)}`, {}],
    ['an oversized header', '/healthz', { 'x-big': 'a'.repeat(20_000) }],
  ])('%s answers 431 REQUEST_HEADERS_TOO_LARGE in JSON', async (_name, path, headers) => {
    const res = await fetch(base + path, { headers });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      error: {
        code: 'REQUEST_HEADERS_TOO_LARGE',
        message: 'the URL and headers together exceed 16 KiB; send long values in the body',
      },
    });
  });

  it('a broken percent-encoding answers 400 URL_INVALID, with a request id', async () => {
    const res = await fetch(`${base}/api/v1/contracts/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('URL_INVALID');
  });

  it('bytes that are not HTTP answer 400 MALFORMED_REQUEST and close the connection', async () => {
    const answer = await raw(port, 'HELLO THERE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/\r\nConnection: close\r\n/);
    expect(JSON.parse(answer.split('\r\n\r\n')[1]!)).toMatchObject({ error: { code: 'MALFORMED_REQUEST' } });
  });

  it('a 404 echoes at most 200 characters of the path', async () => {
    const res = await fetch(`${base}/nowhere/${'x'.repeat(5000)}`);
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message.length).toBeLessThan(230);
    expect(error.message.endsWith('…')).toBe(true);
  });
});
