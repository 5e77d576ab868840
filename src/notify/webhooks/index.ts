/**
 * Webhooks (DESIGN.md "Notifications"): endpoints per business line, a transactional outbox that
 * the contract and template code write to inside their own transactions, and delivery by the job
 * runner with a fixed retry schedule, HMAC signatures and an SSRF guard.
 */
export { WebhookOutbox, DELIVER_JOB, type DeliverJob, type OutboxOptions } from './outbox.js';
export {
  registerWebhookJobs,
  WebhookDeliverer,
  webhookSecretAad,
  type DeliveryDeps,
  type TryOutcome,
} from './deliver.js';
export {
  WebhookService,
  MAX_ENDPOINTS,
  type RegisteredEndpoint,
  type WebhookServiceDeps,
} from './service.js';
export { WEBHOOK_EVENT_TYPES, ALL_EVENTS, isWebhookEventType, type WebhookEventType } from './events.js';
export { MAX_TRIES, retryDelayMs } from './schedule.js';
export { eventBody, deliveryHeaders, EVENT_HEADER, DELIVERY_HEADER, type WebhookEvent } from './payload.js';
export { checkWebhookUrl, isBlockedAddress, type Resolver } from './guard.js';
export type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './repository.js';
