/**
 * The `http` real-name provider: one signed JSON POST to a configured endpoint per check. No
 * commercial vendor is reachable from here (and each has its own API), so this is a small protocol
 * of Hetong's own that an operator's gateway translates to the vendor of their choice:
 *
 *   POST <HETONG_REALNAME_URL>
 *   X-Hetong-App-Key:   <app key>
 *   X-Hetong-Timestamp: <ms since the epoch>
 *   X-Hetong-Nonce:     <32 hex digits, never reused>
 *   X-Hetong-Signature: hex HMAC-SHA256(secret, POST \n PATH?QUERY \n TIMESTAMP \n NONCE \n hex(SHA-256(body)))
 *   {"type":"person","name":…,"idNumber":…,"mobile":…}
 *   {"type":"organization","name":…,"creditCode":…,"legalRepresentative":{"name":…}}
 *
 * (the same canonical string as Hetong's own API, DESIGN.md "Public API conventions", so a
 * gateway can reuse one verifier). The answer is 2xx JSON `{"result":"match"|"mismatch",
 * "reason"?, "reference"?}`. Every other outcome — no answer within the timeout, a network error,
 * a redirect, a non-2xx status, a body that is not such JSON — is `failed` with the reason: a
 * verification is `verified` only on an explicit match.
 */
import { randomBytes } from 'node:crypto';
import { computeSignature } from '../../tenancy/signature.js';
import type { OrganizationFactors, PersonFactors, ProviderAnswer, RealNameProvider } from './provider.js';

export interface HttpProviderOptions {
  url: string;
  appKey: string;
  secret: string;
  /** Whole-request deadline; 10 s unless told. */
  timeoutMs?: number;
  now?: () => number;
}

export const PROVIDER_HEADERS = {
  appKey: 'x-hetong-app-key',
  timestamp: 'x-hetong-timestamp',
  nonce: 'x-hetong-nonce',
  signature: 'x-hetong-signature',
} as const;

/** An answer is a small JSON object; anything longer is not one. */
const MAX_ANSWER_BYTES = 16 * 1024;
const MAX_REASON_CHARS = 500;
const MAX_REFERENCE_CHARS = 128;

export class HttpRealNameProvider implements RealNameProvider {
  readonly name = 'http' as const;
  readonly #url: URL;
  readonly #timeoutMs: number;

  constructor(private readonly options: HttpProviderOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new Error('HETONG_REALNAME_URL is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error('HETONG_REALNAME_URL must be http or https');
    if (!options.appKey || !options.secret)
      throw new Error('the http real-name provider needs HETONG_REALNAME_APP_KEY and HETONG_REALNAME_SECRET');
    this.#url = url;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  verifyPerson(f: PersonFactors): Promise<ProviderAnswer> {
    return this.#ask({ type: 'person', name: f.name, idNumber: f.idNumber, mobile: f.mobile });
  }

  verifyOrganization(f: OrganizationFactors): Promise<ProviderAnswer> {
    return this.#ask({
      type: 'organization',
      name: f.name,
      creditCode: f.creditCode,
      legalRepresentative: { name: f.legalRepresentative.name },
    });
  }

  async #ask(request: Record<string, unknown>): Promise<ProviderAnswer> {
    const body = Buffer.from(JSON.stringify(request), 'utf8');
    const timestamp = String((this.options.now ?? Date.now)());
    const nonce = randomBytes(16).toString('hex');
    const signature = computeSignature(this.options.secret, {
      method: 'POST',
      pathWithQuery: this.#url.pathname + this.#url.search,
      timestamp,
      nonce,
      body,
    });
    // One deadline for the whole exchange, reading the answer included: a provider that sends
    // headers and then trickles the body times out too.
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      const response = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Hetong',
          [PROVIDER_HEADERS.appKey]: this.options.appKey,
          [PROVIDER_HEADERS.timestamp]: timestamp,
          [PROVIDER_HEADERS.nonce]: nonce,
          [PROVIDER_HEADERS.signature]: signature,
        },
        body,
        redirect: 'manual',
        signal,
      });
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel().catch(() => undefined);
        return { outcome: 'failed', reason: `the provider answered HTTP ${response.status}` };
      }
      const text = await readLimited(response, MAX_ANSWER_BYTES);
      if (text === undefined)
        return {
          outcome: 'failed',
          reason: `the provider's answer is longer than ${MAX_ANSWER_BYTES} bytes`,
        };
      return answerOf(text);
    } catch (e) {
      if (signal.aborted)
        return { outcome: 'failed', reason: `the provider did not answer within ${this.#timeoutMs} ms` };
      return { outcome: 'failed', reason: `the provider could not be reached (${causeOf(e)})` };
    }
  }
}

/** The verdict in a provider's answer; anything but a well-formed one is `failed`. */
export function answerOf(text: string): ProviderAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { outcome: 'failed', reason: 'the provider answered something that is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { outcome: 'failed', reason: 'the provider answered JSON that is not an object' };
  const { result, reason, reference } = json as Record<string, unknown>;
  const ref =
    typeof reference === 'string' && reference.length > 0
      ? { reference: reference.slice(0, MAX_REFERENCE_CHARS) }
      : {};
  if (result === 'match') return { outcome: 'verified', ...ref };
  if (result === 'mismatch')
    return {
      outcome: 'failed',
      reason:
        typeof reason === 'string' && reason.trim()
          ? `the factors do not match: ${reason.trim().slice(0, MAX_REASON_CHARS)}`
          : 'the factors do not match',
      ...ref,
    };
  return { outcome: 'failed', reason: 'the provider answered without a result of match or mismatch' };
}

async function readLimited(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function causeOf(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}
