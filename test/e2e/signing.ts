/**
 * Sign-flow test support: a real SMS gateway on 127.0.0.1 that checks Hetong's signature and keeps
 * the messages (so a test reads the code a person would read on the phone), and a signer's browser
 * session against /sign/api (cookie + CSRF token, as the signing page holds them).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { verifySignature } from '../../src/notify/signature.js';
import type { TestApp } from '../../src/http/testing.js';

export interface GatewayMessage {
  to: string;
  template: string;
  params: Record<string, string>;
  /** The line's own wording, filled (通知配置), when it set one. */
  text?: string;
}

export interface SmsGateway {
  url: string;
  secret: string;
  messages: GatewayMessage[];
  /** The code of the newest intent_code message to `to`. */
  lastCode(to: string): string;
  close(): Promise<void>;
}

/** The machine's clock, even while a test moves `Date.now` to see what happens a day later. */
const machineNow = Date.now.bind(Date);

export async function startSmsGateway(secret = 'gateway-secret-0123456789'): Promise<SmsGateway> {
  const messages: GatewayMessage[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (
        !verifySignature(secret, req.headers['x-hetong-signature'] as string | undefined, body, {
          now: machineNow(),
        })
      ) {
        res.writeHead(401).end('bad signature');
        return;
      }
      messages.push(JSON.parse(body.toString('utf8')) as GatewayMessage);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    secret,
    messages,
    lastCode: (to) => {
      const m = messages.filter((x) => x.to === to && x.template === 'intent_code').at(-1);
      if (!m) throw new Error(`no code was sent to ${to}`);
      return m.params.code!;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The token of a signing link URL (it travels in the fragment). */
export function linkToken(url: string): string {
  const m = /#token=([A-Za-z0-9_-]+)$/.exec(url);
  if (!m) throw new Error(`not a signing link: ${url}`);
  return m[1]!;
}

export class SignerBrowser {
  cookie = '';
  csrf = '';
  constructor(
    private readonly t: TestApp,
    private readonly ip = '203.0.113.7',
  ) {}

  /** `extra`: more of the body (`firstPageWidth`). */
  async open(url: string, extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
    const res = await this.t.app.server.inject({
      method: 'POST',
      url: '/sign/api/session',
      payload: { token: linkToken(url), ...extra },
      remoteAddress: this.ip,
      headers: { 'user-agent': 'Mozilla/5.0 (iPhone) HetongTest' },
    });
    if (res.statusCode === 201) {
      const c = (res.cookies as unknown as { name: string; value: string }[]).find(
        (x) => x.name === 'hetong_sign',
      )!;
      this.cookie = `hetong_sign=${c.value}`;
      this.csrf = (res.json() as { csrfToken: string }).csrfToken;
    }
    return res;
  }

  get(path: string): Promise<LightMyRequestResponse> {
    return this.t.app.server.inject({
      method: 'GET',
      url: `/sign/api${path}`,
      headers: { cookie: this.cookie },
      remoteAddress: this.ip,
    });
  }

  post(path: string, payload: object = {}, csrf = this.csrf): Promise<LightMyRequestResponse> {
    return this.t.app.server.inject({
      method: 'POST',
      url: `/sign/api${path}`,
      payload,
      headers: { cookie: this.cookie, 'x-csrf-token': csrf, 'user-agent': 'Mozilla/5.0 (iPhone) HetongTest' },
      remoteAddress: this.ip,
    });
  }
}
