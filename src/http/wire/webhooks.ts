/**
 * Requests and answers of the webhooks routes (wire contract: the routes validate and serialise by
 * these schemas; the console (web/console/src/wire.ts) and the installable client (src/client) are
 * typed from them). `required` lists what src/notify/webhooks/repository.ts always sets.
 */
import { ALL_EVENTS, WEBHOOK_EVENT_TYPES } from '../../shared/webhook-events.js';
import { ID_INPUT, itemsOf, listOf, PAGE_QUERY } from './contracts.js';
import type { FromSchema } from './from-schema.js';
import type { QueryOf } from './query.js';

/** An event type an endpoint subscribes to, or `*` for every type, present and future. */
export const WEBHOOK_EVENT_NAME = { type: 'string', enum: [ALL_EVENTS, ...WEBHOOK_EVENT_TYPES] } as const;

/** POST /webhooks */
export const CREATE_WEBHOOK_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'events'],
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048 },
    events: { type: 'array', minItems: 1, maxItems: 32, items: WEBHOOK_EVENT_NAME },
  },
} as const;

/** GET /webhooks/{id}/deliveries */
export const WEBHOOK_DELIVERIES_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { ...PAGE_QUERY },
} as const;

/** GET /webhook-deliveries: the deliveries of one contract's events. */
export const CONTRACT_DELIVERIES_QUERY = {
  type: 'object',
  additionalProperties: false,
  required: ['contractId'],
  properties: { contractId: ID_INPUT, ...PAGE_QUERY },
} as const;

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

/** GET /webhooks: no secrets. */
export const WEBHOOK_LIST_SCHEMA = itemsOf(WEBHOOK_ENDPOINT_SCHEMA);

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

/** GET /webhooks/{id}/deliveries and GET /webhook-deliveries. */
export const WEBHOOK_DELIVERY_LIST_SCHEMA = listOf(WEBHOOK_DELIVERY_SCHEMA);

export type WebhookEndpointWire = FromSchema<typeof WEBHOOK_ENDPOINT_SCHEMA>;
export type RegisteredWebhookWire = FromSchema<typeof REGISTERED_WEBHOOK_SCHEMA>;
export type WebhookAttemptWire = FromSchema<typeof WEBHOOK_ATTEMPT_SCHEMA>;
export type WebhookDeliveryWire = FromSchema<typeof WEBHOOK_DELIVERY_SCHEMA>;
export type WebhookDeliveryListWire = FromSchema<typeof WEBHOOK_DELIVERY_LIST_SCHEMA>;
export type WebhookListWire = FromSchema<typeof WEBHOOK_LIST_SCHEMA>;
export type WebhookEventName = FromSchema<typeof WEBHOOK_EVENT_NAME>;
export type CreateWebhookBody = FromSchema<typeof CREATE_WEBHOOK_BODY>;
/** As the routes read them (strings) and as a caller may send them (limit a number or digits). */
export type WebhookDeliveriesQueryWire = FromSchema<typeof WEBHOOK_DELIVERIES_QUERY>;
export type WebhookDeliveriesQuery = QueryOf<typeof WEBHOOK_DELIVERIES_QUERY>;
export type ContractDeliveriesQueryWire = FromSchema<typeof CONTRACT_DELIVERIES_QUERY>;
export type ContractDeliveriesQuery = QueryOf<typeof CONTRACT_DELIVERIES_QUERY>;
