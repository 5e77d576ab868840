/**
 * Template approval (模板审核) in the admin API, and the API view of a template version.
 */
import type { FastifyInstance } from 'fastify';
import type { TemplateSignField } from '../../templates/index.js';
import type { TemplateVersionRow } from '../../store/repositories/templates.js';
import { requireRole } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { ADMIN_SECURITY } from '../schemas.js';
import { ID_PARAMS } from '../schemas-contracts.js';
import {
  PENDING_VERSION_SCHEMA,
  TEMPLATE_VERSION_SCHEMA,
  type PendingVersionWire,
  type TemplateVersionWire,
} from '../wire/templates.js';

export function versionView(v: TemplateVersionRow): TemplateVersionWire {
  return {
    id: v.id,
    templateId: v.templateId,
    version: v.version,
    status: v.status,
    signerRoles: v.signerRoles,
    // Stored as parseTemplateUpload checked them (src/templates/inputs.ts).
    signFields: v.signFields as TemplateSignField[],
    missing: v.missing,
    fieldCount: v.fields.length,
    createdBy: v.createdBy,
    reviewerId: v.reviewerId,
    reviewReason: v.reviewReason,
    reviewedAt: v.reviewedAt,
    createdAt: v.createdAt,
  };
}

/**
 * Template approval (模板审核) in the admin API, for `legal` accounts: the queue of pending
 * versions, approve (the version becomes active, the previous one superseded), reject with a
 * reason. Registered by the admin routes inside their session + CSRF scope.
 */
export async function templateReviewRoutes(authed: FastifyInstance, deps: HttpDeps): Promise<void> {
  const templates = deps.templates;
  if (!templates) return;
  authed.get(
    '/template-versions/pending',
    {
      preHandler: requireRole('legal', 'admin'),
      schema: {
        summary: 'Template versions waiting for legal review, oldest first',
        tags: ['templates'],
        security: ADMIN_SECURITY,
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: PENDING_VERSION_SCHEMA } } },
        },
      },
    },
    async (): Promise<{ items: PendingVersionWire[] }> => ({
      items: (await templates.pending()).map((p) => ({
        version: versionView(p.version),
        template: p.template,
        businessLineId: p.template.businessLineId,
      })),
    }),
  );

  for (const decision of ['approve', 'reject'] as const) {
    authed.post<{ Params: { id: string }; Body: { reason?: string } }>(
      `/template-versions/:id/${decision}`,
      {
        preHandler: requireRole('legal'),
        schema: {
          summary:
            decision === 'approve'
              ? 'Approve a template version: it becomes the active one'
              : 'Reject a template version, with a reason',
          tags: ['templates'],
          security: ADMIN_SECURITY,
          params: ID_PARAMS,
          body: {
            type: 'object',
            additionalProperties: false,
            ...(decision === 'reject' ? { required: ['reason'] } : {}),
            properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 } },
          },
          response: { 200: TEMPLATE_VERSION_SCHEMA },
        },
      },
      async (request) => {
        const session = request.adminSession!;
        return versionView(
          await templates.review(request.params.id, decision, request.body.reason, {
            ...actorOf(request),
            accountId: session.account.id,
          }),
        );
      },
    );
  }
}
