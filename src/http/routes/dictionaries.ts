/**
 * Dictionaries over HTTP (/api/v1/dictionaries, and for console sessions under
 * /admin/api/lines/:appId): the line's lists of values over the platform's built-in ones.
 */
import type { FastifyInstance } from 'fastify';
import type { DictionaryService } from '../../tenancy/dictionary-service.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { APP_SECURITY } from '../schemas.js';
import {
  DICTIONARY_BODY,
  DICTIONARY_CODE_PARAMS,
  DICTIONARY_LIST_SCHEMA,
  DICTIONARY_SCHEMA,
  type DictionaryBody,
  type DictionaryListWire,
  type DictionaryWire,
} from '../wire/dictionaries.js';

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
          response: { 200: DICTIONARY_LIST_SCHEMA },
        },
      },
      async (request): Promise<DictionaryListWire> => ({
        items: await dictionaries.list(businessLineOf(request).id),
      }),
    );

    app.get<{ Params: { code: string } }>(
      '/dictionaries/:code',
      {
        schema: {
          summary: 'One dictionary',
          tags: ['dictionaries'],
          security: APP_SECURITY,
          params: DICTIONARY_CODE_PARAMS,
          response: { 200: DICTIONARY_SCHEMA },
        },
      },
      async (request): Promise<DictionaryWire> =>
        dictionaries.get(businessLineOf(request).id, request.params.code),
    );

    app.put<{ Params: { code: string }; Body: DictionaryBody }>(
      '/dictionaries/:code',
      {
        schema: {
          summary:
            'Save a dictionary (create, or replace its items; a built-in code is replaced for this line)',
          tags: ['dictionaries'],
          security: APP_SECURITY,
          params: DICTIONARY_CODE_PARAMS,
          body: DICTIONARY_BODY,
          response: { 200: DICTIONARY_SCHEMA },
        },
      },
      async (request): Promise<DictionaryWire> =>
        dictionaries.save(businessLineOf(request).id, request.params.code, request.body, actorOf(request)),
    );

    app.delete<{ Params: { code: string } }>(
      '/dictionaries/:code',
      {
        schema: {
          summary: "Delete the line's dictionary (a built-in one of that code shows again)",
          tags: ['dictionaries'],
          security: APP_SECURITY,
          params: DICTIONARY_CODE_PARAMS,
        },
      },
      async (request, reply) => {
        await dictionaries.delete(businessLineOf(request).id, request.params.code, actorOf(request));
        return reply.code(204).send();
      },
    );
  };
}
