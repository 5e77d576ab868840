import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from './http-post.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('webhook POST', () => {
  let server: Server;
  let base: string;
  let handler: Handler = (_req, res) => res.end('ok');
  const seen: { method?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        handler(req, res, body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('POSTs the exact body with the given headers and keeps the first bytes of the answer', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
    const r = await postJson(
      `${base}/hook`,
      '{"a":1}',
      { 'Content-Type': 'application/json' },
      { allowPrivate: true },
    );
    expect(r).toMatchObject({ statusCode: 200, error: null });
    expect(r.responseHead).toBe('x'.repeat(512));
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(seen.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('does not follow a redirect: a 3xx is a failure', async () => {
    handler = (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    const n = seen.length;
    const r = await postJson(`${base}/hook`, '{}', {}, { allowPrivate: true });
    expect(r.statusCode).toBe(302);
    expect(r.error).toContain('redirect');
    expect(seen.length).toBe(n + 1);
  });

  it('gives up at the deadline', async () => {
    handler = () => undefined; // never answers
    const r = await postJson(`${base}/slow`, '{}', {}, { allowPrivate: true, timeoutMs: 200 });
    expect(r.statusCode).toBeNull();
    expect(r.error).toContain('timed out');
    expect(r.durationMs).toBeGreaterThanOrEqual(190);
  });

  it('refuses loopback without the allow flag, as a literal and through a name, sending nothing', async () => {
    handler = (_req, res) => res.end('ok');
    const n = seen.length;
    const literal = await postJson(`${base}/hook`, '{}', {}, { allowPrivate: false });
    expect(literal).toMatchObject({ statusCode: null });
    expect(literal.error).toContain('127.0.0.1');
    const port = new URL(base).port;
    const viaName = await postJson(
      `http://hooks.example.test:${port}/hook`,
      '{}',
      {},
      {
        allowPrivate: false,
        // a name that resolves to loopback (DNS rebinding): the socket never gets the address
        resolver: async () => [{ address: '127.0.0.1', family: 4 }],
      },
    );
    expect(viaName.statusCode).toBeNull();
    expect(viaName.error).toContain('refused');
    expect(seen.length).toBe(n);
    // …and with the flag, the same name reaches the receiver at the address the resolver gave
    const allowed = await postJson(
      `http://hooks.example.test:${port}/hook`,
      '{}',
      {},
      {
        allowPrivate: true,
        resolver: async () => [{ address: '127.0.0.1', family: 4 }],
      },
    );
    expect(allowed.statusCode).toBe(200);
    expect(seen.at(-1)!.headers.host).toBe(`hooks.example.test:${port}`);
  });

  it('reports a refused connection as an error without a status', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await postJson(`http://127.0.0.1:${port}/`, '{}', {}, { allowPrivate: true });
    expect(r.statusCode).toBeNull();
    expect(r.error).toContain('ECONNREFUSED');
  });
});
