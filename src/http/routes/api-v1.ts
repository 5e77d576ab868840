/**
 * The signed business-line API under /api/v1 (foundation part: the line's own info, template
 * groups, audit events of its own objects). Templates and contracts register beside these.
 */
import type { FastifyInstance } from 'fastify';
import type { AuditFilter } from '../../evidence/audit.js';
import { HetongError } from '../../shared/errors.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { idempotent } from '../idempotency.js';
import { pageLimit } from './query-params.js';
import { AUDIT_LOG_QUERY, itemsOf, listOf, type AuditLogQuery } from '../schemas-contracts.js';
import { APP_SECURITY, AUDIT_EVENT_SCHEMA, BUSINESS_LINE_SCHEMA, TEMPLATE_GROUP_SCHEMA } from '../schemas.js';
import { CREATE_TEMPLATE_GROUP_BODY, type CreateTemplateGroupBody } from '../wire/templates.js';

export function apiV1Routes(deps: HttpDeps, options: LineRouteOptions = {}) {
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.get(
      '/business-line',
      {
        schema: {
          summary: "The calling business line's own settings",
          tags: ['business line'],
          security: APP_SECURITY,
          response: { 200: BUSINESS_LINE_SCHEMA },
        },
      },
      async (request) => businessLineOf(request),
    );

    const templates = deps.templates;
    if (templates)
      app.post<{ Body: CreateTemplateGroupBody }>(
        '/template-groups',
        {
          schema: {
            summary: 'Create a template group (模板组)',
            tags: ['templates'],
            security: APP_SECURITY,
            headers: { type: 'object', properties: { 'idempotency-key': { type: 'string' } } },
            body: CREATE_TEMPLATE_GROUP_BODY,
            response: { 201: TEMPLATE_GROUP_SCHEMA },
          },
        },
        async (request, reply) =>
          idempotent(deps.idempotency, request, reply, async () => {
            const group = await templates.createGroup(
              businessLineOf(request).id,
              { name: request.body.name, parentId: request.body.parentId ?? null },
              actorOf(request),
            );
            return { status: 201, body: group };
          }),
      );

    app.get(
      '/template-groups',
      {
        schema: {
          summary: 'List template groups',
          tags: ['templates'],
          security: APP_SECURITY,
          response: {
            200: itemsOf(TEMPLATE_GROUP_SCHEMA),
          },
        },
      },
      async (request) => ({ items: await deps.templateGroups.list(businessLineOf(request).id) }),
    );

    app.get<{ Params: { id: string } }>(
      '/template-groups/:id',
      {
        schema: {
          summary: 'One template group',
          tags: ['templates'],
          security: APP_SECURITY,
          params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] },
          response: { 200: TEMPLATE_GROUP_SCHEMA },
        },
      },
      async (request) => {
        const group = await deps.templateGroups.get(businessLineOf(request).id, request.params.id);
        // Another line's group is indistinguishable from a missing one.
        if (!group) throw new HetongError('TEMPLATE_GROUP_NOT_FOUND', 404, 'no such template group');
        return group;
      },
    );

    app.get<{ Querystring: { target: string } }>(
      '/audit-events',
      {
        schema: {
          summary: 'Audit trail of one of your objects (contract, template, group)',
          tags: ['audit'],
          security: APP_SECURITY,
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['target'],
            properties: { target: { type: 'string', minLength: 1, maxLength: 64 } },
          },
          response: {
            200: itemsOf(AUDIT_EVENT_SCHEMA),
          },
        },
      },
      async (request) => {
        const line = businessLineOf(request);
        const items = await deps.audit.forTarget(request.query.target, { businessLineId: line.id });
        if (items.length === 0) throw new HetongError('NOT_FOUND', 404, 'no such object');
        return { items };
      },
    );

    app.get<{ Querystring: AuditLogQuery }>(
      '/audit-log',
      {
        schema: {
          summary: "Your line's audit events, newest first (filters: actor, target, action prefix)",
          tags: ['audit'],
          security: APP_SECURITY,
          querystring: AUDIT_LOG_QUERY,
          response: { 200: listOf(AUDIT_EVENT_SCHEMA) },
        },
      },
      async (request) =>
        deps.audit.search(
          { ...auditFilter(request.query), businessLineId: businessLineOf(request).id },
          auditPage(request.query),
        ),
    );
  };
}

/** The search filter and page of an AUDIT_LOG_QUERY. */
export function auditFilter(q: AuditLogQuery): AuditFilter {
  return {
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.target ? { target: q.target } : {}),
    ...(q.action ? { actionPrefix: q.action } : {}),
  };
}

export function auditPage(q: AuditLogQuery): { cursor?: string; limit: number } {
  return { ...(q.cursor ? { cursor: q.cursor } : {}), limit: pageLimit(q.limit) };
}
