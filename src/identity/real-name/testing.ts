/**
 * Test support: a real-name provider on 127.0.0.1 that checks the request signature of the `http`
 * adapter (HMAC-SHA256 over the canonical string, timestamp window, nonce never reused) and answers
 * as the test tells it — a verdict, an HTTP error, garbage, or nothing at all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureMatches, SIGNATURE_WINDOW_MS } from '../../tenancy/signature.js';
import { PROVIDER_HEADERS } from './http-provider.js';

export interface ProviderRequest {
  appKey: string;
  body: Record<string, unknown>;
  signatureValid: boolean;
}

export type ProviderBehaviour =
  | { kind: 'verdict'; result: 'match' | 'mismatch'; reason?: string }
  | { kind: 'status'; status: number }
  | { kind: 'raw'; body: string }
  | { kind: 'hang' }
  /** Headers and the start of a body, then nothing. */
  | { kind: 'stall-body' };

export interface FakeProvider {
  url: string;
  appKey: string;
  secret: string;
  requests: ProviderRequest[];
  /** How the next requests are answered (default: match for everything). */
  behave(b: ProviderBehaviour | ((body: Record<string, unknown>) => ProviderBehaviour)): void;
  close(): Promise<void>;
}

/** The machine's clock, even while a test moves `Date.now`. */
const machineNow = Date.now.bind(Date);

export async function startFakeProvider(
  appKey = 'rn-app-key',
  secret = 'rn-secret-0123456789abcdef',
): Promise<FakeProvider> {
  const requests: ProviderRequest[] = [];
  const nonces = new Set<string>();
  const hanging = new Set<ServerResponse>();
  let behaviour: ProviderBehaviour | ((body: Record<string, unknown>) => ProviderBehaviour) = {
    kind: 'verdict',
    result: 'match',
  };
  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const header = (name: string) => String(req.headers[name] ?? '');
    const timestamp = header(PROVIDER_HEADERS.timestamp);
    const nonce = header(PROVIDER_HEADERS.nonce);
    const fresh = Math.abs(machineNow() - Number(timestamp)) <= SIGNATURE_WINDOW_MS && !nonces.has(nonce);
    nonces.add(nonce);
    const signatureValid =
      fresh &&
      header(PROVIDER_HEADERS.appKey) === appKey &&
      signatureMatches(
        secret,
        { method: req.method ?? '', pathWithQuery: req.url ?? '', timestamp, nonce, body: raw },
        header(PROVIDER_HEADERS.signature),
      );
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    requests.push({ appKey: header(PROVIDER_HEADERS.appKey), body, signatureValid });
    if (!signatureValid) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
      return;
    }
    const b = typeof behaviour === 'function' ? behaviour(body) : behaviour;
    if (b.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (b.kind === 'stall-body') {
      hanging.add(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result":');
      return;
    }
    if (b.kind === 'status') res.writeHead(b.status).end('upstream trouble');
    else if (b.kind === 'raw') res.writeHead(200, { 'content-type': 'application/json' }).end(b.body);
    else
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ result: b.result, reason: b.reason, reference: `ref-${requests.length}` }));
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/verify?tenant=hetong`,
    appKey,
    secret,
    requests,
    behave: (b) => {
      behaviour = b;
    },
    close: () =>
      new Promise((r) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
