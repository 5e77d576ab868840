import { HetongError } from '../shared/errors.js';
import type { ApiNonceRepository } from '../store/repositories/api-nonces.js';
import {
  publicView,
  type BusinessLine,
  type BusinessLineCredentials,
  type BusinessLineRepository,
} from '../store/repositories/business-lines.js';
import type { BusinessLineService } from './business-lines.js';
import {
  HEADER_APP_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  SIGNATURE_WINDOW_MS,
  signatureMatches,
} from './signature.js';

export interface SignedRequest {
  method: string;
  /** Path and query as on the request line. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body bytes as received (before any parsing). */
  body: Uint8Array;
}

const NONCE = /^[A-Za-z0-9_-]{8,128}$/;

function header(h: SignedRequest['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

const unauthorized = (code: string, message: string) => new HetongError(code, 401, message);

/**
 * Verifies a signed business-line request. The nonce is claimed only after the signature checks
 * out, so nobody without the secret can burn a line's nonces.
 */
/** What `precheck` learnt from the headers alone (before the body is read). */
export interface Precheck {
  line: BusinessLineCredentials;
  appId: string;
  timestamp: string;
  ts: number;
  nonce: string;
  signature: string;
  now: number;
}

export class RequestAuthenticator {
  constructor(
    private readonly lines: BusinessLineRepository,
    private readonly service: BusinessLineService,
    private readonly nonces: ApiNonceRepository,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The checks that need no body: headers present, app id known and active, timestamp fresh,
   * nonce well-formed. The HTTP edge runs this in `onRequest`, before reading a possibly huge
   * body, so unauthenticated clients cannot make the server buffer and parse one; `authenticate`
   * repeats it (cheap) and then checks the signature over the body.
   */
  async precheck(headers: SignedRequest['headers']): Promise<Precheck> {
    const appId = header(headers, HEADER_APP_ID);
    const timestamp = header(headers, HEADER_TIMESTAMP);
    const nonce = header(headers, HEADER_NONCE);
    const signature = header(headers, HEADER_SIGNATURE);
    if (!appId || !timestamp || !nonce || !signature) {
      throw new HetongError('AUTH_MISSING', 401, 'signed request headers are missing', {
        required: ['X-Hetong-App-Id', 'X-Hetong-Timestamp', 'X-Hetong-Nonce', 'X-Hetong-Signature'],
      });
    }
    const line = await this.lines.byAppId(appId);
    if (!line) throw unauthorized('AUTH_APP_UNKNOWN', 'unknown app id');
    if (line.status !== 'active') throw unauthorized('AUTH_APP_DISABLED', 'this business line is disabled');

    const now = this.now();
    if (!/^\d{1,16}$/.test(timestamp))
      throw unauthorized(
        'AUTH_TIMESTAMP_INVALID',
        'X-Hetong-Timestamp must be the time in milliseconds since the epoch (digits only)',
      );
    const ts = Number(timestamp);
    if (Math.abs(now - ts) > SIGNATURE_WINDOW_MS) {
      throw new HetongError(
        'AUTH_TIMESTAMP_STALE',
        401,
        'X-Hetong-Timestamp is more than 5 minutes from server time',
        {
          serverTime: now,
        },
      );
    }
    if (!NONCE.test(nonce))
      throw unauthorized('AUTH_SIGNATURE_INVALID', 'X-Hetong-Nonce must be 8–128 of [A-Za-z0-9_-]');
    return { line, appId, timestamp, ts, nonce, signature, now };
  }

  /** `prechecked`: the result of `precheck` on the same headers earlier in the request, if any. */
  async authenticate(req: SignedRequest, prechecked?: Precheck): Promise<BusinessLine> {
    const { line, appId, timestamp, ts, nonce, signature, now } =
      prechecked ?? (await this.precheck(req.headers));

    const secret = this.service.openSecret(line);
    const input = { method: req.method, pathWithQuery: req.url, timestamp, nonce, body: req.body };
    if (!signatureMatches(secret, input, signature))
      throw unauthorized('AUTH_SIGNATURE_INVALID', 'the request signature does not match');

    // Kept past the window on both sides, so a nonce cannot come back while its timestamp is valid.
    if (!(await this.nonces.claim(appId, nonce, ts + 2 * SIGNATURE_WINDOW_MS, now)))
      throw unauthorized('AUTH_NONCE_REUSED', 'this nonce was already used');
    return publicView(line);
  }
}
