/**
 * Webhooks API (/api/v1, signed): register an endpoint (its secret is in the 201 and nowhere
 * else), list, read, disable (DELETE), the deliveries of an endpoint or of a contract with their
 * attempt log, and redeliver. Another line's endpoint or delivery answers 404.
 *
 * Registration takes no Idempotency-Key on purpose: the stored replay would hold the secret in
 * clear. A client unsure whether its POST went through lists the endpoints and disables extras.
 */
import type { FastifyInstance } from 'fastify';
import type { WebhookService } from '../../notify/webhooks/index.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { APP_SECURITY } from '../schemas.js';
import {
  CONTRACT_DELIVERIES_QUERY,
  CREATE_WEBHOOK_BODY,
  REGISTERED_WEBHOOK_SCHEMA,
  WEBHOOK_DELIVERIES_QUERY,
  WEBHOOK_DELIVERY_LIST_SCHEMA,
  WEBHOOK_DELIVERY_SCHEMA,
  WEBHOOK_ENDPOINT_SCHEMA,
  WEBHOOK_LIST_SCHEMA,
  type ContractDeliveriesQueryWire,
  type CreateWebhookBody,
  type RegisteredWebhookWire,
  type WebhookDeliveriesQueryWire,
  type WebhookDeliveryListWire,
  type WebhookDeliveryWire,
  type WebhookEndpointWire,
  type WebhookListWire,
} from '../wire/webhooks.js';
import { pageLimit } from './query-params.js';

// No additionalProperties: false: under the console's mirror the path also holds :appId.
const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

export function webhookRoutes(deps: HttpDeps, webhooks: WebhookService, options: LineRouteOptions = {}) {
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.post<{ Body: CreateWebhookBody }>(
      '/webhooks',
      {
        schema: {
          summary: 'Register a webhook endpoint (its signing secret is shown once)',
          description:
            'Events are POSTed as JSON `{id, type, createdAt, data}` with `X-Hetong-Signature: ' +
            't=<ms>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. `events`: types, or `*` for all.',
          tags: ['webhooks'],
          security: APP_SECURITY,
          body: CREATE_WEBHOOK_BODY,
          response: { 201: REGISTERED_WEBHOOK_SCHEMA },
        },
      },
      async (request, reply) => {
        const endpoint = await webhooks.create(businessLineOf(request).id, request.body, actorOf(request));
        return reply.code(201).send(endpoint satisfies RegisteredWebhookWire);
      },
    );

    app.get(
      '/webhooks',
      {
        schema: {
          summary: 'List webhook endpoints (newest first; no secrets)',
          tags: ['webhooks'],
          security: APP_SECURITY,
          response: { 200: WEBHOOK_LIST_SCHEMA },
        },
      },
      async (request): Promise<WebhookListWire> => ({
        items: await webhooks.list(businessLineOf(request).id),
      }),
    );

    app.get<{ Params: { id: string } }>(
      '/webhooks/:id',
      {
        schema: {
          summary: 'One webhook endpoint',
          tags: ['webhooks'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: WEBHOOK_ENDPOINT_SCHEMA },
        },
      },
      async (request): Promise<WebhookEndpointWire> =>
        webhooks.get(businessLineOf(request).id, request.params.id),
    );

    app.delete<{ Params: { id: string } }>(
      '/webhooks/:id',
      {
        schema: {
          summary: 'Disable a webhook endpoint (kept with its delivery log; pending deliveries fail)',
          tags: ['webhooks'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: WEBHOOK_ENDPOINT_SCHEMA },
        },
      },
      async (request): Promise<WebhookEndpointWire> =>
        webhooks.disable(businessLineOf(request).id, request.params.id, actorOf(request)),
    );

    app.get<{ Params: { id: string }; Querystring: WebhookDeliveriesQueryWire }>(
      '/webhooks/:id/deliveries',
      {
        schema: {
          summary: 'Deliveries to an endpoint, newest first, each with its attempt log',
          tags: ['webhooks'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          querystring: WEBHOOK_DELIVERIES_QUERY,
          response: { 200: WEBHOOK_DELIVERY_LIST_SCHEMA },
        },
      },
      async (request): Promise<WebhookDeliveryListWire> =>
        webhooks.deliveries(businessLineOf(request).id, request.params.id, {
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
          limit: pageLimit(request.query.limit),
        }),
    );

    app.get<{ Querystring: ContractDeliveriesQueryWire }>(
      '/webhook-deliveries',
      {
        schema: {
          summary: "The deliveries of a contract's events to every endpoint, newest first",
          tags: ['webhooks'],
          security: APP_SECURITY,
          querystring: CONTRACT_DELIVERIES_QUERY,
          response: { 200: WEBHOOK_DELIVERY_LIST_SCHEMA },
        },
      },
      async (request): Promise<WebhookDeliveryListWire> =>
        webhooks.contractDeliveries(businessLineOf(request).id, request.query.contractId, {
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
          limit: pageLimit(request.query.limit),
        }),
    );

    app.get<{ Params: { id: string } }>(
      '/webhook-deliveries/:id',
      {
        schema: {
          summary: 'One webhook delivery with its attempt log',
          tags: ['webhooks'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: WEBHOOK_DELIVERY_SCHEMA },
        },
      },
      async (request): Promise<WebhookDeliveryWire> =>
        webhooks.delivery(businessLineOf(request).id, request.params.id),
    );

    app.post<{ Params: { id: string } }>(
      '/webhook-deliveries/:id/redeliver',
      {
        schema: {
          summary: 'Try a delivery again now (same event id, createdAt and data; signed afresh)',
          tags: ['webhooks'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 202: WEBHOOK_DELIVERY_SCHEMA },
        },
      },
      async (request, reply) =>
        reply
          .code(202)
          .send(await webhooks.redeliver(businessLineOf(request).id, request.params.id, actorOf(request))),
    );
  };
}
