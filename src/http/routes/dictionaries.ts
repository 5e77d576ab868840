/**
 * Dictionaries over HTTP (/api/v1/dictionaries, and for console sessions under
 * /admin/api/lines/:appId): the line's lists of values over the platform's built-in ones.
 */
import type { FastifyInstance } from 'fastify';
import type { DictionaryInput } from '../../tenancy/dictionaries.js';
import { MAX_DICTIONARY_ITEMS } from '../../tenancy/dictionaries.js';
import type { DictionaryService } from '../../tenancy/dictionary-service.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { APP_SECURITY } from '../schemas.js';

const CODE_PARAMS = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const ITEM = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'label'],
  properties: {
    value: { type: 'string', maxLength: 64 },
    label: { type: 'string', maxLength: 100 },
    disabled: { type: 'boolean' },
  },
} as const;

const DICTIONARY_SCHEMA = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    items: { type: 'array', items: ITEM },
    builtin: { type: 'boolean', description: "the platform's list (the line has not replaced it)" },
    updatedAt: { type: ['integer', 'null'] },
  },
} as const;

export function dictionaryRoutes(
  deps: HttpDeps,
  dictionaries: DictionaryService,
  options: LineRouteOptions = {},
) {
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.get(
      '/dictionaries',
      {
        schema: {
          summary: "The line's dictionaries (字典): its own lists over the built-in ones",
          tags: ['dictionaries'],
          security: APP_SECURITY,
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: DICTIONARY_SCHEMA } } },
          },
        },
      },
      async (request) => ({ items: await dictionaries.list(businessLineOf(request).id) }),
    );

    app.get<{ Params: { code: string } }>(
      '/dictionaries/:code',
      {
        schema: {
          summary: 'One dictionary',
          tags: ['dictionaries'],
          security: APP_SECURITY,
          params: CODE_PARAMS,
          response: { 200: DICTIONARY_SCHEMA },
        },
      },
      async (request) => dictionaries.get(businessLineOf(request).id, request.params.code),
    );

    app.put<{ Params: { code: string }; Body: DictionaryInput }>(
      '/dictionaries/:code',
      {
        schema: {
          summary:
            'Save a dictionary (create, or replace its items; a built-in code is replaced for this line)',
          tags: ['dictionaries'],
          security: APP_SECURITY,
          params: CODE_PARAMS,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'items'],
            properties: {
              name: { type: 'string', maxLength: 100 },
              description: { type: 'string', maxLength: 500 },
              items: { type: 'array', maxItems: MAX_DICTIONARY_ITEMS, items: ITEM },
            },
          },
          response: { 200: DICTIONARY_SCHEMA },
        },
      },
      async (request) =>
        dictionaries.save(businessLineOf(request).id, request.params.code, request.body, actorOf(request)),
    );

    app.delete<{ Params: { code: string } }>(
      '/dictionaries/:code',
      {
        schema: {
          summary: "Delete the line's dictionary (a built-in one of that code shows again)",
          tags: ['dictionaries'],
          security: APP_SECURITY,
          params: CODE_PARAMS,
        },
      },
      async (request, reply) => {
        await dictionaries.delete(businessLineOf(request).id, request.params.code, actorOf(request));
        return reply.code(204).send();
      },
    );
  };
}
