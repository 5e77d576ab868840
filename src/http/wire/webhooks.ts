/**
 * Answers of the webhooks routes (wire contract: the routes serialise by these schemas; the console
 * (web/console/src/wire.ts) and the installable client (src/client) are typed from them).
 * `required` lists what src/notify/webhooks/repository.ts always sets.
 */
import type { FromSchema } from './from-schema.js';

const ENDPOINT_PROPERTIES = {
  id: { type: 'string' },
  url: { type: 'string' },
  events: { type: 'array', items: { type: 'string' }, description: 'event types, or `*` for all' },
  status: { type: 'string', enum: ['active', 'disabled'] },
  createdAt: { type: 'integer' },
  updatedAt: { type: 'integer' },
} as const;
const ENDPOINT_REQUIRED = ['id', 'url', 'events', 'status', 'createdAt', 'updatedAt'] as const;

export const WEBHOOK_ENDPOINT_SCHEMA = {
  type: 'object',
  required: ENDPOINT_REQUIRED,
  properties: ENDPOINT_PROPERTIES,
} as const;

/** POST /webhooks (201): the endpoint with its signing secret, shown in this answer only. */
export const REGISTERED_WEBHOOK_SCHEMA = {
  type: 'object',
  required: [...ENDPOINT_REQUIRED, 'secret'],
  properties: {
    ...ENDPOINT_PROPERTIES,
    secret: {
      type: 'string',
      description: 'HMAC key of X-Hetong-Signature; shown only in this answer, store it now',
    },
  },
} as const;

const NULLABLE_INT = { type: ['integer', 'null'] } as const;
const NULLABLE_STRING = { type: ['string', 'null'] } as const;

export const WEBHOOK_ATTEMPT_SCHEMA = {
  type: 'object',
  required: ['attempt', 'at', 'statusCode', 'durationMs', 'responseHead', 'error'],
  properties: {
    attempt: { type: 'integer' },
    at: { type: 'integer' },
    statusCode: NULLABLE_INT,
    durationMs: { type: 'integer' },
    responseHead: { ...NULLABLE_STRING, description: 'the first 512 bytes of the answer' },
    error: NULLABLE_STRING,
  },
} as const;

export const WEBHOOK_DELIVERY_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'endpointId',
    'event',
    'status',
    'attempts',
    'lastStatusCode',
    'lastError',
    'nextAttemptAt',
    'deliveredAt',
    'createdAt',
    'updatedAt',
    'attemptLog',
  ],
  properties: {
    id: { type: 'string' },
    endpointId: { type: 'string' },
    event: {
      type: 'object',
      required: ['id', 'type', 'createdAt'],
      properties: { id: { type: 'string' }, type: { type: 'string' }, createdAt: { type: 'integer' } },
    },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    lastStatusCode: NULLABLE_INT,
    lastError: NULLABLE_STRING,
    nextAttemptAt: {
      ...NULLABLE_INT,
      description: 'when the next try is due (while a try runs, when its claim runs out); null when done',
    },
    deliveredAt: NULLABLE_INT,
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
    attemptLog: { type: 'array', items: WEBHOOK_ATTEMPT_SCHEMA },
  },
} as const;

export type WebhookEndpointWire = FromSchema<typeof WEBHOOK_ENDPOINT_SCHEMA>;
export type RegisteredWebhookWire = FromSchema<typeof REGISTERED_WEBHOOK_SCHEMA>;
export type WebhookAttemptWire = FromSchema<typeof WEBHOOK_ATTEMPT_SCHEMA>;
export type WebhookDeliveryWire = FromSchema<typeof WEBHOOK_DELIVERY_SCHEMA>;
