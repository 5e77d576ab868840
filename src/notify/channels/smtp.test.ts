import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageChannelContract, rejection } from './channel.contract.js';
import { SmtpChannel } from './smtp.js';

/** One message as an in-process SMTP server (smtp-server) received it. */
interface Received {
  mailFrom: string;
  rcptTo: string[];
  headers: Map<string, string>;
  subject: string;
  /** text/plain and text/html parts, decoded. */
  parts: { type: string; body: string }[];
}

// --- just enough MIME (RFC 2045–2047) to read what nodemailer writes -------------------------

function headerBlock(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return out;
}

function qpBytes(s: string): Buffer {
  const text = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words; adjacent words are joined as bytes (a character may be split). */
function decodeWords(value: string): string {
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(/(=\?[^?]+\?[BQ]\?[^?]*\?=)+/gi, (run) => {
    const bytes = [...run.matchAll(/=\?[^?]+\?([BQ])\?([^?]*)\?=/gi)].map(([, enc, data]) =>
      enc!.toUpperCase() === 'B' ? Buffer.from(data!, 'base64') : qpBytes(data!.replace(/_/g, ' ')),
    );
    return Buffer.concat(bytes).toString('utf8');
  });
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? qpBytes(body).toString('utf8')
        : body;
  return text.replace(/\r\n/g, '\n');
}

function parts(headers: Map<string, string>, body: string): { type: string; body: string }[] {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!/^multipart\//i.test(type) || !boundary)
    return [{ type: type.split(';')[0]!.trim(), body: decodeBody(headers, body) }];
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((part) => {
      const [head, ...rest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
      return parts(headerBlock(head!), rest.join('\r\n\r\n'));
    });
}

function parseMessage(raw: string): Omit<Received, 'mailFrom' | 'rcptTo'> {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = headerBlock(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  return { headers, subject: decodeWords(headers.get('subject') ?? ''), parts: parts(headers, body) };
}

// --- an SMTP server in process -------------------------------------------------------------

async function smtpServer(options: SMTPServerOptions = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((a) => a.address),
          ...parseMessage(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    url: (auth = '') => `smtp://${auth}127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type SmtpTestServer = Awaited<ReturnType<typeof smtpServer>>;

const FROM = '合同中心 <no-reply@hetong.test>';

messageChannelContract('smtp', async () => {
  const good = await smtpServer();
  const refusing = await smtpServer({
    onRcptTo(address, _session, callback) {
      const reply = `5.1.1 <${address.address}>: mailbox unavailable`;
      callback(Object.assign(new Error(reply), { responseCode: 550 }));
    },
  });
  return {
    channel: new SmtpChannel({ url: good.url(), from: FROM }),
    recipient: 'zhangsan@example.com',
    rendered: true,
    delivered: () =>
      good.received.map((r) => ({
        to: r.rcptTo.join(','),
        text: [r.subject, ...r.parts.map((p) => p.body)].join('\n'),
      })),
    refusing: new SmtpChannel({ url: refusing.url(), from: FROM }),
    dispose: async () => {
      await good.close();
      await refusing.close();
    },
  };
});

describe('SmtpChannel', () => {
  let server: SmtpTestServer;
  beforeAll(async () => {
    server = await smtpServer();
  });
  afterAll(() => server.close());

  it('sends the code in subject, text and HTML, from the configured sender', async () => {
    const channel = new SmtpChannel({ url: server.url(), from: FROM });
    await channel.send({
      to: 'lisi@example.com',
      template: 'intent_code',
      params: { code: '135790', minutes: '5' },
    });
    const m = server.received.at(-1)!;
    expect(m.mailFrom).toBe('no-reply@hetong.test');
    expect(m.rcptTo).toEqual(['lisi@example.com']);
    expect(decodeWords(m.headers.get('from')!)).toContain('合同中心');
    expect(m.subject).toBe('【合同签署】验证码 135790');
    const text = m.parts.find((p) => p.type === 'text/plain')!.body;
    const html = m.parts.find((p) => p.type === 'text/html')!.body;
    expect(text).toMatch(
      /^您的签署验证码为 135790，5 分钟内有效。[^\n]*\n\nYour signing verification code is 135790/,
    );
    expect(html).toContain('<strong style="font-size:20px;letter-spacing:2px">135790</strong>');
  });

  it('escapes params in HTML and keeps a line break in a title out of the headers', async () => {
    const channel = new SmtpChannel({ url: server.url(), from: FROM });
    await channel.send({
      to: 'lisi@example.com',
      template: 'sign_reminder',
      params: {
        signerName: '<b>王五</b>',
        contractTitle: '采购合同\r\nBcc: thief@example.com',
        url: 'https://hetong.example.com/sign/t?a=1&b="2"',
        expiresAt: '2025-07-01',
      },
    });
    const m = server.received.at(-1)!;
    expect(m.rcptTo).toEqual(['lisi@example.com']);
    expect(m.headers.has('bcc')).toBe(false);
    expect(m.subject).toBe('【合同签署】请签署《采购合同 Bcc: thief@example.com》');
    const html = m.parts.find((p) => p.type === 'text/html')!.body;
    expect(html).toContain('&lt;b&gt;王五&lt;/b&gt;');
    expect(html).toContain('href="https://hetong.example.com/sign/t?a=1&amp;b=&quot;2&quot;"');
    expect(html).not.toContain('<b>');
  });

  it('logs in with the credentials of the URL, and a refused login says so without the password', async () => {
    const authed = await smtpServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'hetong' && auth.password === 's3cret-pw') callback(null, { user: 'hetong' });
        else callback(new Error('Invalid username or password'));
      },
    });
    try {
      const message = {
        to: 'a@example.com',
        template: 'intent_code' as const,
        params: { code: '112233', minutes: '5' },
      };
      await new SmtpChannel({ url: authed.url('hetong:s3cret-pw@'), from: FROM }).send(message);
      expect(authed.received).toHaveLength(1);
      const e = await rejection(
        new SmtpChannel({ url: authed.url('hetong:wrong-pw@'), from: FROM }).send(message),
      );
      expect(e.code).toBe('NOTIFY_DELIVERY_FAILED');
      expect(e.message).toMatch(/refused the login/);
      expect(JSON.stringify([e.message, e.details])).not.toMatch(/wrong-pw|112233/);
    } finally {
      await authed.close();
    }
  });

  it('quotes only the status of a refusal of the content, which may echo the code', async () => {
    const echoing = await smtpServer({
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const { headers, subject } = parseMessage(Buffer.concat(chunks).toString('utf8'));
          const echo = `5.7.1 message refused: ${subject} ${headers.get('subject')}`;
          callback(Object.assign(new Error(echo), { responseCode: 554 }));
        });
      },
    });
    try {
      const e = await rejection(
        new SmtpChannel({ url: echoing.url(), from: FROM }).send({
          to: 'a@example.com',
          template: 'intent_code',
          params: { code: '864200', minutes: '5' },
        }),
      );
      expect(e.code).toBe('NOTIFY_DELIVERY_FAILED');
      expect(e.message).toContain('answered DATA with "554 5.7.1"');
      expect(JSON.stringify([e.message, e.details])).not.toMatch(/864200|refused:/);
    } finally {
      await echoing.close();
    }
  });

  it('fails with NOTIFY_DELIVERY_FAILED on a closed port', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const e = await rejection(
      new SmtpChannel({ url: `smtp://127.0.0.1:${port}`, from: FROM }).send({
        to: 'a@example.com',
        template: 'intent_code',
        params: { code: '101010', minutes: '5' },
      }),
    );
    expect([e.code, e.status]).toEqual(['NOTIFY_DELIVERY_FAILED', 502]);
    expect(e.message).toMatch(/could not be reached|ECONNREFUSED/);
    expect(e.message).not.toContain('101010');
  });

  it('gives up on a server that never greets within the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const started = Date.now();
      const e = await rejection(
        new SmtpChannel({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 300 }).send({
          to: 'a@example.com',
          template: 'intent_code',
          params: { code: '202020', minutes: '5' },
        }),
      );
      expect(e.code).toBe('NOTIFY_DELIVERY_FAILED');
      expect(e.message).toMatch(/did not answer in time/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() => new SmtpChannel({ url: 'http://mail.example.com', from: FROM })).toThrow(/smtp:\/\//);
  });
});
