import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, verifySignature } from '../signature.js';
import { messageChannelContract, rejection } from './channel.contract.js';
import { SmsGatewayChannel } from './sms-gateway.js';

const SECRET = 'gateway-secret-for-tests';

interface Recorded {
  signatureValid: boolean;
  contentType: string | undefined;
  body: { to: string; template: string; params: Record<string, string> };
}

/** A gateway on 127.0.0.1:0 that checks the signature and records or answers as `answer` says. */
async function gateway(answer: (req: IncomingMessage, res: ServerResponse, raw: Buffer) => void) {
  const recorded: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      recorded.push({
        signatureValid: verifySignature(SECRET, req.headers[SIGNATURE_HEADER.toLowerCase()] as string, raw),
        contentType: req.headers['content-type'],
        body: JSON.parse(raw.toString('utf8')) as Recorded['body'],
      });
      answer(req, res, raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  return {
    recorded,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Accepts when the signature is valid, answers 401 otherwise (as a real gateway should). */
const accepting = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
};

messageChannelContract('sms gateway', async () => {
  const good = await gateway(accepting);
  const failing = await gateway((_req, res, raw) =>
    // A gateway that echoes the request in its error: the code must still not reach the error.
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`provider error for ${raw.toString('utf8')}`),
  );
  return {
    channel: new SmsGatewayChannel({ url: good.url, secret: SECRET }),
    recipient: '13812345678',
    rendered: false,
    delivered: () =>
      good.recorded
        .filter((r) => r.signatureValid)
        .map((r) => ({ to: r.body.to, text: JSON.stringify(r.body.params, null, 0) })),
    refusing: new SmsGatewayChannel({ url: failing.url, secret: SECRET }),
    dispose: async () => {
      await good.close();
      await failing.close();
    },
  };
});

describe('SmsGatewayChannel', () => {
  let good: Awaited<ReturnType<typeof gateway>>;
  beforeAll(async () => {
    good = await gateway(accepting);
  });
  afterAll(() => good.close());

  it('POSTs {to, template, params} as JSON, signed with the shared secret', async () => {
    const channel = new SmsGatewayChannel({ url: good.url, secret: SECRET });
    await channel.send({
      to: '+8613812345678',
      template: 'intent_code',
      params: { code: '314159', minutes: '5', contractTitle: '借款合同' },
    });
    const r = good.recorded.at(-1)!;
    expect(r.signatureValid).toBe(true);
    expect(r.contentType).toBe('application/json; charset=utf-8');
    expect(r.body).toEqual({
      to: '+8613812345678',
      template: 'intent_code',
      params: { code: '314159', minutes: '5', contractTitle: '借款合同' },
    });
  });

  it('signs with its clock, so a gateway refuses a stale request', async () => {
    const channel = new SmsGatewayChannel({
      url: good.url,
      secret: SECRET,
      now: () => Date.now() - 3_600_000,
    });
    await channel.send({
      to: '13812345678',
      template: 'intent_code',
      params: { code: '271828', minutes: '5' },
    });
    expect(good.recorded.at(-1)!.signatureValid).toBe(false);
    const wrongSecret = new SmsGatewayChannel({ url: good.url, secret: 'another secret' });
    await wrongSecret.send({
      to: '13812345678',
      template: 'intent_code',
      params: { code: '271828', minutes: '5' },
    });
    expect(good.recorded.at(-1)!.signatureValid).toBe(false);
  });

  it('reports the status of a non-2xx answer and quotes it with the code redacted', async () => {
    const failing = await gateway((_req, res, raw) =>
      res.writeHead(500).end(`bad request ${raw.toString('utf8')}`),
    );
    try {
      const e = await rejection(
        new SmsGatewayChannel({ url: failing.url, secret: SECRET }).send({
          to: '13812345678',
          template: 'intent_code',
          params: { code: '161803', minutes: '5' },
        }),
      );
      expect([e.code, e.status]).toEqual(['NOTIFY_DELIVERY_FAILED', 502]);
      expect(e.message).toMatch(
        /^SMS to 138\*\*\*\*5678 not sent: the SMS gateway answered HTTP 500: bad request/,
      );
      expect(e.message).toContain('"code":"******"');
      expect(e.details).toEqual({ channel: 'sms', to: '138****5678', status: 500 });
      expect(JSON.stringify([e.message, e.details])).not.toMatch(/161803|13812345678/);
    } finally {
      await failing.close();
    }
  });

  it('does not follow a redirect', async () => {
    const target = await gateway(accepting);
    const redirecting = await gateway((_req, res) => res.writeHead(307, { location: target.url }).end());
    try {
      const e = await rejection(
        new SmsGatewayChannel({ url: redirecting.url, secret: SECRET }).send({
          to: '13812345678',
          template: 'intent_code',
          params: { code: '141421', minutes: '5' },
        }),
      );
      expect(e.code).toBe('NOTIFY_DELIVERY_FAILED');
      expect(e.message).toMatch(/redirect \(HTTP 307\)/);
      expect(target.recorded).toHaveLength(0);
    } finally {
      await redirecting.close();
      await target.close();
    }
  });

  it('gives up on a gateway that does not answer within the timeout', async () => {
    const hanging = await gateway(() => undefined);
    try {
      const started = Date.now();
      const e = await rejection(
        new SmsGatewayChannel({ url: hanging.url, secret: SECRET, timeoutMs: 200 }).send({
          to: '13812345678',
          template: 'intent_code',
          params: { code: '173205', minutes: '5' },
        }),
      );
      expect(e.code).toBe('NOTIFY_DELIVERY_FAILED');
      expect(e.message).toMatch(/did not answer within 200 ms/);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await hanging.close();
    }
  });

  it('reports an unreachable gateway', async () => {
    const closed = await gateway(accepting);
    await closed.close();
    const e = await rejection(
      new SmsGatewayChannel({ url: closed.url, secret: SECRET }).send({
        to: '13812345678',
        template: 'intent_code',
        params: { code: '223606', minutes: '5' },
      }),
    );
    expect(e.code).toBe('NOTIFY_DELIVERY_FAILED');
    expect(e.message).toMatch(/could not be reached \(ECONNREFUSED/);
  });

  it('refuses a configuration without an http(s) URL or a secret', () => {
    expect(() => new SmsGatewayChannel({ url: 'ftp://x', secret: 's' })).toThrow(/http or https/);
    expect(() => new SmsGatewayChannel({ url: 'not a url', secret: 's' })).toThrow(/not a URL/);
    expect(() => new SmsGatewayChannel({ url: 'https://sms.example.com', secret: '' })).toThrow(/secret/);
  });
});
