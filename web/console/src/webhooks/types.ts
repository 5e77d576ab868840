/** Webhook shapes of the API: the wire contract (src/http/wire/webhooks.ts), typed from the route schemas. */
export type { RegisteredWebhook, WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../wire';
