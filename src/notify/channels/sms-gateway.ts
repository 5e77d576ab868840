import { HetongError } from '../../shared/errors.js';
import { maskPhone } from '../mask.js';
import { SIGNATURE_HEADER, signPayload } from '../signature.js';
import type { MessageChannel, OutboundMessage } from './channel.js';
import { checkMessage } from './templates.js';

export interface SmsGatewayOptions {
  /** The gateway's endpoint, http(s). */
  url: string;
  /** Shared secret of the X-Hetong-Signature HMAC. */
  secret: string;
  /** Whole-request deadline; 10 s unless told. */
  timeoutMs?: number;
  /** Clock for the signature's timestamp, ms since the epoch. */
  now?: () => number;
}

/** How much of a refusing gateway's answer is quoted in the error. */
const QUOTED_ANSWER_CHARS = 200;

/**
 * SMS through an HTTP gateway of the operator's choosing (the SMS provider's templates and
 * signatures live there): POST `{"to","template","params"}` as JSON, signed like a webhook with
 * `X-Hetong-Signature: t=<ms>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. Any 2xx means the
 * gateway took the message; a redirect is an error (it would re-send the code somewhere else).
 */
export class SmsGatewayChannel implements MessageChannel {
  readonly kind = 'sms';
  private readonly url: URL;
  private readonly secret: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: SmsGatewayOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new Error('the SMS gateway URL (HETONG_SMS_GATEWAY_URL) is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error('the SMS gateway URL (HETONG_SMS_GATEWAY_URL) must be http or https');
    if (!options.secret) throw new Error('the SMS gateway needs a secret (HETONG_SMS_GATEWAY_SECRET)');
    this.url = url;
    this.secret = options.secret;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async send(message: OutboundMessage): Promise<void> {
    checkMessage(this.kind, message);
    // `text`: the line's own wording (通知配置), filled, for gateways that send free text.
    const body = JSON.stringify({
      to: message.to,
      template: message.template,
      params: message.params,
      ...(message.custom ? { text: message.custom.text } : {}),
    });
    const to = maskPhone(message.to);
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Hetong',
          [SIGNATURE_HEADER]: signPayload(this.secret, body, this.now()),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const timedOut = e instanceof Error && e.name === 'TimeoutError';
      throw new HetongError(
        'NOTIFY_DELIVERY_FAILED',
        502,
        timedOut
          ? `SMS to ${to} not sent: the SMS gateway did not answer within ${this.timeoutMs} ms`
          : `SMS to ${to} not sent: the SMS gateway could not be reached (${causeOf(e)})`,
        { channel: 'sms', to, reason: timedOut ? 'timeout' : 'unreachable' },
      );
    }
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return;
    }
    const answer = redact(await readSome(response), message, to);
    const redirect = response.status >= 300 && response.status < 400;
    throw new HetongError(
      'NOTIFY_DELIVERY_FAILED',
      502,
      redirect
        ? `SMS to ${to} not sent: the SMS gateway answered a redirect (HTTP ${response.status}); ` +
            'configure its final URL'
        : `SMS to ${to} not sent: the SMS gateway answered HTTP ${response.status}` +
            (answer ? `: ${answer}` : ''),
      { channel: 'sms', to, status: response.status },
    );
  }
}

/** The start of an error answer, as one line, for the operator; a read failure gives ''. */
async function readSome(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 4096) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // What arrived so far is still worth quoting.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim().slice(0, QUOTED_ANSWER_CHARS);
}

/** A gateway may echo the request in its error: the code and the full number stay out of it. */
function redact(text: string, message: OutboundMessage, maskedTo: string): string {
  const code = message.params.code;
  const redacted = code ? text.split(code).join('******') : text;
  return redacted.split(message.to).join(maskedTo);
}

function causeOf(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}
