/**
 * The request signature of the public API (DESIGN.md "Public API conventions"):
 * hex HMAC-SHA256(appSecret, METHOD \n PATH?QUERY \n TIMESTAMP \n NONCE \n hex(SHA-256(body))).
 * Pure functions, shared by the server's authenticator and the typed client.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const HEADER_APP_ID = 'x-hetong-app-id';
export const HEADER_TIMESTAMP = 'x-hetong-timestamp';
export const HEADER_NONCE = 'x-hetong-nonce';
export const HEADER_SIGNATURE = 'x-hetong-signature';

/** Requests older or newer than this are refused (clock skew and replay window). */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export interface SignatureInput {
  method: string;
  /** Path and query exactly as sent on the request line, e.g. `/api/v1/x?a=1`. */
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  body: Uint8Array;
}

export function canonicalString(input: SignatureInput): string {
  const bodyHash = createHash('sha256').update(input.body).digest('hex');
  return [input.method.toUpperCase(), input.pathWithQuery, input.timestamp, input.nonce, bodyHash].join('\n');
}

export function computeSignature(appSecret: string, input: SignatureInput): string {
  return createHmac('sha256', appSecret).update(canonicalString(input)).digest('hex');
}

/** Constant-time comparison of a presented hex signature with the expected one. */
export function signatureMatches(appSecret: string, input: SignatureInput, presented: string): boolean {
  const expected = Buffer.from(computeSignature(appSecret, input), 'hex');
  if (!/^[0-9a-fA-F]{64}$/.test(presented)) return false;
  return timingSafeEqual(expected, Buffer.from(presented, 'hex'));
}
