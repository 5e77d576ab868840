/**
 * Generates the OpenAPI 3.1 document from the routes' own JSON schemas (collected by an onRoute
 * hook), so the document cannot drift from what the server validates. OpenAPI 3.1 schemas are
 * JSON Schema 2020-12, which accepts the draft-07 schemas Fastify validates with.
 */
import type { RouteOptions } from 'fastify';

declare module 'fastify' {
  /** OpenAPI fields a route schema may carry for the generated document. */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    security?: Record<string, string[]>[];
    operationId?: string;
    consumes?: string[];
    produces?: string[];
    /** Leave the route out of the document (operations endpoints). */
    hide?: boolean;
  }
}

export interface RouteDoc {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function collectRoute(routes: RouteDoc[], route: RouteOptions): void {
  const schema = route.schema as Record<string, unknown> | undefined;
  if (!schema || schema.hide === true) return;
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toLowerCase());
  for (const method of methods) if (METHODS.includes(method)) routes.push({ method, url: route.url, schema });
}

function toOpenApiPath(url: string): string {
  // A parameter may carry a regular expression (`:page(^\\d+).png`): OpenAPI paths have none.
  return url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}');
}

function parameters(schema: Record<string, unknown>, where: 'path' | 'query' | 'header', key: string) {
  const s = schema[key] as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  if (!s?.properties) return [];
  return Object.entries(s.properties).map(([name, sch]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: sch,
  }));
}

export function buildOpenApi(
  routes: RouteDoc[],
  info: { title: string; version: string; serverUrl: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const s = r.schema;
    const op: Record<string, unknown> = {
      operationId:
        (s.operationId as string | undefined) ?? `${r.method}${r.url.replace(/[^A-Za-z0-9]+/g, '_')}`,
      summary: s.summary,
      description: s.description,
      tags: s.tags,
      parameters: [...parameters(s, 'path', 'params'), ...parameters(s, 'query', 'querystring')],
      responses: {} as Record<string, unknown>,
    };
    if (s.security) op.security = s.security;
    if (s.body) {
      const ct = (s.consumes as string[] | undefined)?.[0] ?? 'application/json';
      op.requestBody = { required: true, content: { [ct]: { schema: s.body } } };
    } else if (s.consumes) {
      op.requestBody = {
        required: true,
        content: Object.fromEntries(
          (s.consumes as string[]).map((c) => [c, { schema: { type: 'string', format: 'binary' } }]),
        ),
      };
    }
    const responses = (s.response ?? {}) as Record<string, Record<string, unknown>>;
    for (const [status, body] of Object.entries(responses)) {
      const produces = (s.produces as string[] | undefined)?.[0] ?? 'application/json';
      (op.responses as Record<string, unknown>)[status] = {
        description: (body.description as string | undefined) ?? status,
        content: { [produces]: { schema: body } },
      };
    }
    (op.responses as Record<string, unknown>)['4XX'] = { $ref: '#/components/responses/Error' };
    const path = toOpenApiPath(r.url);
    (paths[path] ??= {})[r.method] = JSON.parse(JSON.stringify(op)) as unknown;
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      securitySchemes: {
        appSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Hetong-Signature',
          description:
            'hex HMAC-SHA256(appSecret, METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nhex(SHA-256(body))) with X-Hetong-App-Id, X-Hetong-Timestamp (ms) and X-Hetong-Nonce headers',
        },
        adminSession: { type: 'apiKey', in: 'cookie', name: 'hetong_session' },
      },
      responses: {
        Error: {
          description: 'error',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['error'],
                properties: {
                  error: {
                    type: 'object',
                    required: ['code', 'message'],
                    properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
