/**
 * Notification settings over HTTP (通知配置; /api/v1/notification-texts, and for console sessions
 * under /admin/api/lines/:appId): the line's own wording of each message per channel, and a test
 * send through the real channel.
 */
import type { FastifyInstance } from 'fastify';
import { MESSAGE_TEMPLATES, type LineText } from '../../notify/texts/line-texts.js';
import type { NotificationTexts } from '../../notify/texts/service.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { APP_SECURITY } from '../schemas.js';

const KEY_PARAMS = {
  type: 'object',
  required: ['template', 'channel'],
  properties: {
    template: { type: 'string', maxLength: 40 },
    channel: { type: 'string', maxLength: 10 },
  },
} as const;

const TEXT_SCHEMA = {
  type: 'object',
  properties: {
    template: { type: 'string', enum: MESSAGE_TEMPLATES },
    channel: { type: 'string', enum: ['sms', 'email'] },
    placeholders: { type: 'array', items: { type: 'string' } },
    required: { type: 'array', items: { type: 'string' } },
    custom: {
      type: ['object', 'null'],
      properties: {
        subject: { type: 'string' },
        text: { type: 'string' },
        updatedBy: { type: 'string' },
        updatedAt: { type: 'integer' },
      },
    },
    preview: { type: 'object', properties: { subject: { type: 'string' }, text: { type: 'string' } } },
  },
} as const;

type Key = { template: string; channel: string };

export function notificationTextRoutes(
  deps: HttpDeps,
  texts: NotificationTexts,
  options: LineRouteOptions = {},
) {
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.get(
      '/notification-texts',
      {
        schema: {
          summary: "The line's wording of each message per channel (通知配置), with a filled preview",
          tags: ['notifications'],
          security: APP_SECURITY,
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: TEXT_SCHEMA } } } },
        },
      },
      async (request) => ({ items: await texts.list(businessLineOf(request).id) }),
    );

    app.put<{ Params: Key; Body: LineText }>(
      '/notification-texts/:template/:channel',
      {
        schema: {
          summary: "Set the line's wording of a message (placeholders such as {code}, {url})",
          tags: ['notifications'],
          security: APP_SECURITY,
          params: KEY_PARAMS,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['text'],
            properties: {
              subject: { type: 'string', maxLength: 300 },
              text: { type: 'string', maxLength: 6000 },
            },
          },
          response: { 200: TEXT_SCHEMA },
        },
      },
      async (request) =>
        texts.save(
          businessLineOf(request).id,
          request.params.template,
          request.params.channel,
          request.body,
          actorOf(request),
        ),
    );

    app.delete<{ Params: Key }>(
      '/notification-texts/:template/:channel',
      {
        schema: {
          summary: 'Back to the built-in wording',
          tags: ['notifications'],
          security: APP_SECURITY,
          params: KEY_PARAMS,
        },
      },
      async (request, reply) => {
        await texts.delete(
          businessLineOf(request).id,
          request.params.template,
          request.params.channel,
          actorOf(request),
        );
        return reply.code(204).send();
      },
    );

    app.post<{ Params: Key; Body: { to: string } }>(
      '/notification-texts/:template/:channel/test',
      {
        schema: {
          summary: 'Send the message with sample values to a phone or address, in the line’s wording',
          tags: ['notifications'],
          security: APP_SECURITY,
          params: KEY_PARAMS,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['to'],
            properties: { to: { type: 'string', maxLength: 254 } },
          },
          response: { 200: { type: 'object', properties: { sent: { type: 'boolean' } } } },
        },
      },
      async (request) => {
        await texts.testSend(
          businessLineOf(request).id,
          request.params.template,
          request.params.channel,
          request.body.to,
          actorOf(request),
        );
        return { sent: true };
      },
    );
  };
}
