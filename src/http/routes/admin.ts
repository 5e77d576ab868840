/**
 * The admin API under /admin/api (the console's backend): login/logout/me, admin accounts (admin
 * role), business lines (admin role), audit trail (admin and legal).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LoginResult } from '../../admin/accounts.js';
import { adminSessionAuth, CSRF_COOKIE, requireRole, SESSION_COOKIE } from '../auth.js';
import { actorOf } from '../context.js';
import { routeLatencies } from '../metrics.js';
import { AUDIT_LOG_QUERY, listOf, type AuditLogQuery } from '../schemas-contracts.js';
import type { HttpDeps } from '../deps.js';
import {
  ADMIN_ACCOUNT_SCHEMA,
  ADMIN_SECURITY,
  AUDIT_EVENT_SCHEMA,
  BUSINESS_LINE_SCHEMA,
} from '../schemas.js';
import { LINE_AUDIT_EVENT_SCHEMA } from '../wire/admin.js';
import { auditFilter, auditPage } from './api-v1.js';
import { templateReviewRoutes } from './template-review.js';

const ROLE = { type: 'string', enum: ['admin', 'operator', 'legal'] } as const;
const CREDENTIALS_SCHEMA = {
  type: 'object',
  properties: {
    appId: { type: 'string' },
    appSecret: { type: 'string' },
    businessLine: BUSINESS_LINE_SCHEMA,
  },
} as const;
const APP_ID_PARAMS = {
  type: 'object',
  required: ['appId'],
  properties: { appId: { type: 'string', maxLength: 64 } },
} as const;

function setSessionCookies(reply: FastifyReply, login: LoginResult, secure: boolean): void {
  const common = { path: '/admin', sameSite: 'strict' as const, secure, expires: new Date(login.expiresAt) };
  reply.setCookie(SESSION_COOKIE, login.sessionToken, { ...common, httpOnly: true });
  // Readable by the console's script, which echoes it in X-CSRF-Token (double submit).
  reply.setCookie(CSRF_COOKIE, login.csrfToken, { ...common, httpOnly: false });
}

export function adminRoutes(deps: HttpDeps, options: { secureCookies: boolean }) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: { username: string; password: string } }>(
      '/login',
      {
        schema: {
          summary: 'Log in; sets the session and CSRF cookies',
          tags: ['admin'],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['username', 'password'],
            properties: {
              username: { type: 'string', maxLength: 64 },
              password: { type: 'string', maxLength: 256 },
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { account: ADMIN_ACCOUNT_SCHEMA, csrfToken: { type: 'string' } },
            },
          },
        },
      },
      async (request, reply) => {
        const login = await deps.admin.login(request.body.username, request.body.password, actorOf(request));
        setSessionCookies(reply, login, options.secureCookies);
        return { account: login.account, csrfToken: login.csrfToken };
      },
    );

    // Everything below needs a session (and CSRF for state changes).
    await app.register(async (authed) => {
      authed.addHook('preValidation', adminSessionAuth(deps.admin));
      await templateReviewRoutes(authed, deps);

      authed.post(
        '/logout',
        { schema: { summary: 'End the session', tags: ['admin'], security: ADMIN_SECURITY } },
        async (request, reply) => {
          await deps.admin.logout(request.adminSession!.sessionId, actorOf(request));
          reply.clearCookie(SESSION_COOKIE, { path: '/admin' }).clearCookie(CSRF_COOKIE, { path: '/admin' });
          return reply.code(204).send();
        },
      );

      authed.get(
        '/me',
        {
          schema: {
            summary: 'The logged-in account',
            tags: ['admin'],
            security: ADMIN_SECURITY,
            response: {
              200: {
                type: 'object',
                properties: { account: ADMIN_ACCOUNT_SCHEMA, csrfToken: { type: 'string' } },
              },
            },
          },
        },
        async (request) => ({
          account: request.adminSession!.account,
          csrfToken: request.adminSession!.csrfToken,
        }),
      );

      authed.get(
        '/accounts',
        {
          preHandler: requireRole('admin'),
          schema: {
            summary: 'List admin accounts',
            tags: ['admin'],
            security: ADMIN_SECURITY,
            response: {
              200: { type: 'object', properties: { items: { type: 'array', items: ADMIN_ACCOUNT_SCHEMA } } },
            },
          },
        },
        async () => ({ items: await deps.admin.list() }),
      );

      authed.post<{ Body: { username: string; password: string; role: 'admin' | 'operator' | 'legal' } }>(
        '/accounts',
        {
          preHandler: requireRole('admin'),
          schema: {
            summary: 'Create an admin account',
            tags: ['admin'],
            security: ADMIN_SECURITY,
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['username', 'password', 'role'],
              properties: {
                username: { type: 'string', maxLength: 64 },
                password: { type: 'string', minLength: 10, maxLength: 256 },
                role: ROLE,
              },
            },
            response: { 201: ADMIN_ACCOUNT_SCHEMA },
          },
        },
        async (request, reply) =>
          reply.code(201).send(await deps.admin.createAccount(request.body, actorOf(request))),
      );

      authed.patch<{
        Params: { id: string };
        Body: { role?: 'admin' | 'operator' | 'legal'; status?: 'active' | 'disabled'; password?: string };
      }>(
        '/accounts/:id',
        {
          preHandler: requireRole('admin'),
          schema: {
            summary: 'Change an account: role, status (disable), password',
            tags: ['admin'],
            security: ADMIN_SECURITY,
            params: {
              type: 'object',
              required: ['id'],
              properties: { id: { type: 'string', maxLength: 64 } },
            },
            body: {
              type: 'object',
              additionalProperties: false,
              minProperties: 1,
              properties: {
                role: ROLE,
                status: { type: 'string', enum: ['active', 'disabled'] },
                password: { type: 'string', minLength: 10, maxLength: 256 },
              },
            },
            response: { 200: ADMIN_ACCOUNT_SCHEMA },
          },
        },
        async (request) => deps.admin.update(request.params.id, request.body, actorOf(request)),
      );

      authed.get(
        '/business-lines',
        {
          preHandler: requireRole('admin', 'operator', 'legal'),
          schema: {
            summary: 'List business lines',
            tags: ['business lines'],
            security: ADMIN_SECURITY,
            response: {
              200: { type: 'object', properties: { items: { type: 'array', items: BUSINESS_LINE_SCHEMA } } },
            },
          },
        },
        async () => ({ items: await deps.businessLines.list() }),
      );

      authed.post<{ Body: { name: string; autoApprove?: boolean } }>(
        '/business-lines',
        {
          preHandler: requireRole('admin'),
          schema: {
            summary: 'Create a business line; the app secret is shown only in this response',
            tags: ['business lines'],
            security: ADMIN_SECURITY,
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: {
                name: { type: 'string', minLength: 1, maxLength: 200 },
                autoApprove: { type: 'boolean' },
              },
            },
            response: { 201: CREDENTIALS_SCHEMA },
          },
        },
        async (request, reply) =>
          reply.code(201).send(await deps.businessLines.create(request.body, actorOf(request))),
      );

      for (const [action, status] of [
        ['disable', 'disabled'],
        ['enable', 'active'],
      ] as const) {
        authed.post<{ Params: { appId: string } }>(
          `/business-lines/:appId/${action}`,
          {
            preHandler: requireRole('admin'),
            schema: {
              summary: `${action === 'disable' ? 'Disable' : 'Enable'} a business line`,
              tags: ['business lines'],
              security: ADMIN_SECURITY,
              params: APP_ID_PARAMS,
              response: { 200: BUSINESS_LINE_SCHEMA },
            },
          },
          async (request) => deps.businessLines.setStatus(request.params.appId, status, actorOf(request)),
        );
      }

      authed.post<{ Params: { appId: string } }>(
        '/business-lines/:appId/rotate-secret',
        {
          preHandler: requireRole('admin'),
          schema: {
            summary: 'Issue a new app secret; the old one stops working at once',
            tags: ['business lines'],
            security: ADMIN_SECURITY,
            params: APP_ID_PARAMS,
            response: { 200: CREDENTIALS_SCHEMA },
          },
        },
        async (request) => deps.businessLines.rotateSecret(request.params.appId, actorOf(request)),
      );

      authed.get<{ Querystring: { target: string } }>(
        '/audit-events',
        {
          preHandler: requireRole('admin', 'legal'),
          schema: {
            summary: 'Audit trail of any object',
            tags: ['audit'],
            security: ADMIN_SECURITY,
            querystring: {
              type: 'object',
              additionalProperties: false,
              required: ['target'],
              properties: { target: { type: 'string', minLength: 1, maxLength: 128 } },
            },
            response: {
              200: { type: 'object', properties: { items: { type: 'array', items: AUDIT_EVENT_SCHEMA } } },
            },
          },
        },
        async (request) => ({ items: await deps.audit.forTarget(request.query.target) }),
      );

      authed.get<{ Querystring: AuditLogQuery & { businessLineId?: string } }>(
        '/audit-log',
        {
          preHandler: requireRole('admin', 'legal'),
          schema: {
            summary:
              'Search the whole audit trail, newest first; `businessLineId=platform` for platform events',
            tags: ['audit'],
            security: ADMIN_SECURITY,
            querystring: {
              ...AUDIT_LOG_QUERY,
              properties: {
                ...AUDIT_LOG_QUERY.properties,
                businessLineId: { type: 'string', maxLength: 64 },
              },
            },
            response: {
              200: listOf(LINE_AUDIT_EVENT_SCHEMA),
            },
          },
        },
        async (request) => {
          const line = request.query.businessLineId;
          return deps.audit.search(
            {
              ...auditFilter(request.query),
              ...(line ? { businessLineId: line === 'platform' ? null : line } : {}),
            },
            auditPage(request.query),
          );
        },
      );

      authed.get(
        '/metrics-summary',
        {
          schema: {
            summary: 'Request counts and latencies (p50, p99) by route since the process started',
            description: 'Estimated from the histogram buckets of /metrics, on this node only.',
            tags: ['admin'],
            security: ADMIN_SECURITY,
            response: {
              200: {
                type: 'object',
                properties: {
                  items: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        method: { type: 'string' },
                        route: { type: 'string' },
                        count: { type: 'integer' },
                        p50: { type: 'number' },
                        p99: { type: 'number' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        async () => ({ items: routeLatencies(deps.metrics.httpDuration) }),
      );
    });
  };
}
