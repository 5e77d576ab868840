/**
 * The webhook event types (src/shared/webhook-events.ts, one list for the server, the wire
 * contract and the client) and who receives them.
 */
import { ALL_EVENTS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../shared/webhook-events.js';

export { ALL_EVENTS, WEBHOOK_EVENT_TYPES, type WebhookEventType };

const KNOWN = new Set<string>(WEBHOOK_EVENT_TYPES);

export function isWebhookEventType(value: string): value is WebhookEventType {
  return KNOWN.has(value);
}

/** Whether an endpoint subscribed to `events` receives an event of `type`. */
export function subscribes(events: readonly string[], type: string): boolean {
  return events.includes(ALL_EVENTS) || events.includes(type);
}
