import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Hetong-Signature: t=<ms>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` — the header Hetong
 * puts on what it POSTs to other systems (webhooks, the SMS gateway; DESIGN.md "Public API
 * conventions"). The timestamp is inside the MAC, so a receiver that checks its age also refuses
 * a replayed request; the secret itself never travels.
 */
export const SIGNATURE_HEADER = 'X-Hetong-Signature';

/** How old (or how far in the future) a signed request may be, as for API requests. */
export const DEFAULT_TOLERANCE_MS = 5 * 60_000;

type Bytes = string | Uint8Array;

function mac(secret: Bytes, body: Bytes, t: number): Buffer {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest();
}

/** The header value for `body` sent at `t` (ms since the epoch). */
export function signPayload(secret: Bytes, body: Bytes, t: number = Date.now()): string {
  if (!Number.isSafeInteger(t) || t < 0) throw new RangeError('t is a whole number of milliseconds');
  return `t=${t},v1=${mac(secret, body, t).toString('hex')}`;
}

export interface VerifyOptions {
  /** Largest accepted |now − t| in ms; 5 minutes unless told. */
  toleranceMs?: number;
  /** The receiver's clock, ms since the epoch; Date.now() unless told. */
  now?: number;
}

/**
 * True when `header` carries a fresh timestamp and a v1 MAC of `body` under `secret`. Several v1
 * values are accepted (a sender rotating its secret may send one per secret); anything malformed
 * is false, never an exception. `body` must be the bytes as received, before any JSON parsing.
 */
export function verifySignature(
  secret: Bytes,
  header: string | undefined | null,
  body: Bytes,
  { toleranceMs = DEFAULT_TOLERANCE_MS, now = Date.now() }: VerifyOptions = {},
): boolean {
  if (typeof header !== 'string' || header.length > 4096) return false;
  let t: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return false;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined || !/^[0-9]{1,16}$/.test(value)) return false;
      t = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return false;
      candidates.push(Buffer.from(value, 'hex'));
    }
    // Other keys (later schemes) are ignored, so a sender can add one without breaking receivers.
  }
  if (t === undefined || candidates.length === 0 || !(Math.abs(now - t) <= toleranceMs)) return false;
  const expected = mac(secret, body, t);
  // Every candidate is compared, in constant time, so the time taken says nothing about which.
  let ok = false;
  for (const c of candidates) ok = timingSafeEqual(c, expected) || ok;
  return ok;
}
