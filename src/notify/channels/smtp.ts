import { createTransport } from 'nodemailer';
import { HetongError } from '../../shared/errors.js';
import { maskEmail } from '../mask.js';
import type { MessageChannel, OutboundMessage } from './channel.js';
import { checkMessage, renderEmail } from './templates.js';

export interface SmtpChannelOptions {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (nodemailer's URL form). */
  url: string;
  /** The From header, e.g. `合同中心 <no-reply@example.com>`. */
  from: string;
  /** Connection, greeting, socket and DNS timeouts, each; 10 s unless told. */
  timeoutMs?: number;
}

type Transport = ReturnType<typeof createTransport>;

/**
 * E-mail over SMTP with nodemailer: one connection per message (a handful of codes and reminders
 * a minute needs no pool, and nothing stays open to be closed). Resolves when the server has
 * accepted the message for its one recipient (RFC 5321 §4.2: a 250 reply to DATA).
 */
export class SmtpChannel implements MessageChannel {
  readonly kind = 'email';
  private readonly transport: Transport;
  private readonly from: string;

  constructor(options: SmtpChannelOptions) {
    if (!/^smtps?:\/\//i.test(options.url))
      throw new Error('the SMTP URL (HETONG_SMTP_URL) must start with smtp:// or smtps://');
    const timeout = options.timeoutMs ?? 10_000;
    this.from = options.from;
    this.transport = createTransport({
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      dnsTimeout: timeout,
      // The message is built from our own strings: it never needs a file or a URL fetched.
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
  }

  async send(message: OutboundMessage): Promise<void> {
    checkMessage(this.kind, message);
    const { subject, text, html } = renderEmail(message);
    const to = maskEmail(message.to);
    let rejected: unknown[];
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        // The address alone, so nothing in it can be read as a display name or a second recipient.
        to: { name: '', address: message.to },
        subject,
        text,
        html,
      });
      rejected = info.rejected ?? [];
    } catch (e) {
      throw deliveryFailed(message, to, e);
    }
    if (rejected.length > 0)
      throw new HetongError(
        'NOTIFY_DELIVERY_FAILED',
        502,
        `e-mail to ${to} was rejected by the SMTP server`,
        { channel: 'email', to },
      );
  }
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
}

/**
 * Says what failed (connection, timeout, authentication, the server's reply to which command)
 * without the error's stack or raw cause. A reply to DATA is quoted by its status codes only: a
 * server refusing the content may quote it, encoded or cut where exact redaction cannot see the
 * code. Replies to the commands before it have not seen the message; they are quoted, with the
 * code (should one appear) and the full address replaced.
 */
function deliveryFailed(message: OutboundMessage, to: string, e: unknown): HetongError {
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as SmtpError;
  const code = message.params.code;
  const redact = (s: string): string => (code ? s.split(code).join('******') : s).split(message.to).join(to);
  const command = err.command?.split(' ')[0]?.toUpperCase();
  const reply = !err.response
    ? undefined
    : command === 'DATA' || command === undefined
      ? /^\d{3}(?:[ -]\d\.\d{1,3}\.\d{1,3})?/.exec(err.response)?.[0]
      : redact(err.response.replace(/\s+/g, ' ').trim()).slice(0, 200);
  const what =
    err.code === 'ETIMEDOUT'
      ? 'the SMTP server did not answer in time'
      : err.code === 'EAUTH' || err.code === 'ENOAUTH'
        ? 'the SMTP server refused the login (check the user and password in HETONG_SMTP_URL)'
        : reply
          ? `the SMTP server answered ${command ? `${command} with ` : ''}"${reply}"`
          : `the SMTP server could not be reached or closed the connection (${redact(err.message ?? 'unknown error')})`;
  return new HetongError('NOTIFY_DELIVERY_FAILED', 502, `e-mail to ${to} not sent: ${what}`, {
    channel: 'email',
    to,
    ...(err.code ? { smtpError: err.code } : {}),
    ...(err.responseCode ? { responseCode: err.responseCode } : {}),
  });
}
