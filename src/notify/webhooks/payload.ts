/**
 * What a receiver gets (DESIGN.md "Public API conventions"): POST JSON `{ id, type, createdAt,
 * data }` — the event's own id and time, the same on every try, so a receiver deduplicates on
 * `id` — signed with `X-Hetong-Signature: t=<ms>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`
 * over the exact bytes sent; `t` is the time of the try, so each try is fresh for the receiver.
 */
import { SIGNATURE_HEADER, signPayload } from '../signature.js';

export interface WebhookEvent {
  id: string;
  type: string;
  /** ms since the epoch: when the change happened (the outbox row's time). */
  createdAt: number;
  data: Record<string, unknown>;
}

export const EVENT_HEADER = 'X-Hetong-Event';
export const DELIVERY_HEADER = 'X-Hetong-Delivery';
export { SIGNATURE_HEADER };

/** The body of every try of a delivery of `event`. */
export function eventBody(event: WebhookEvent): string {
  const { id, type, createdAt, data } = event;
  return JSON.stringify({ id, type, createdAt, data });
}

/** The headers of one try, signed at `t` with the endpoint's secret. */
export function deliveryHeaders(
  secret: string,
  body: string,
  event: { type: string },
  deliveryId: string,
  t: number,
): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'Hetong-Webhooks/1',
    [EVENT_HEADER]: event.type,
    [DELIVERY_HEADER]: deliveryId,
    [SIGNATURE_HEADER]: signPayload(secret, body, t),
  };
}
