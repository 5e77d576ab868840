/**
 * The webhook event types (DESIGN.md "Webhooks"): what a business line may subscribe an endpoint
 * to. `*` subscribes to every type, including ones added later. Shared: the server emits and
 * checks them (src/notify/webhooks), the wire contract and the client offer them.
 */
export const WEBHOOK_EVENT_TYPES = [
  'contract.created',
  'contract.signer.ready',
  'contract.signer.read',
  'contract.signer.signed',
  'contract.signer.rejected',
  'contract.completed',
  'contract.rejected',
  'contract.revoked',
  'contract.expired',
  'template.version.approved',
  'template.version.rejected',
  // A real-name verification reached its end state (a manual one is decided later, by an operator).
  'real_name.verified',
  'real_name.failed',
  'real_name.rejected',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Every event type, present and future. */
export const ALL_EVENTS = '*';
