/**
 * Admin API for trust anchors (/admin/api/trust-anchors, admin role): import a root certificate
 * (PEM or DER body, or JSON {pem}), list, delete. The verification API and `hetong verify` trust
 * these beside the built-in root. Each change is audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HetongError } from '../../shared/errors.js';
import type { TrustAnchorRepository } from '../../store/repositories/trust-anchors.js';
import { adminSessionAuth, requireRole } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { ADMIN_SECURITY } from '../schemas.js';

const ANCHOR_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    fingerprintSha256: { type: 'string' },
    subject: { type: 'string' },
    notAfter: { type: 'string' },
    createdBy: { type: 'string' },
    createdAt: { type: 'integer' },
  },
} as const;

function certificateBytes(request: FastifyRequest): Uint8Array {
  const type = String(request.headers['content-type'] ?? '');
  if (/^application\/json/i.test(type)) return Buffer.from((request.body as { pem: string }).pem, 'utf8');
  if (Buffer.isBuffer(request.body)) return request.body;
  throw new HetongError(
    'UNSUPPORTED_MEDIA_TYPE',
    415,
    'send JSON {pem} or the DER/PEM certificate as application/octet-stream',
  );
}

export function trustAnchorRoutes(deps: HttpDeps) {
  const anchors: TrustAnchorRepository = deps.trustAnchors!;
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', adminSessionAuth(deps.admin));

    app.post(
      '/trust-anchors',
      {
        preHandler: requireRole('admin'),
        bodyLimit: 64 * 1024,
        schema: {
          summary: 'Import a trust anchor (a CA certificate, PEM or DER)',
          description: 'JSON `{pem}`, or the certificate itself as application/octet-stream (DER or PEM).',
          tags: ['admin'],
          security: ADMIN_SECURITY,
          consumes: ['application/json', 'application/octet-stream'],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['pem'],
            properties: { pem: { type: 'string', minLength: 1, maxLength: 60000 } },
          },
          response: { 200: ANCHOR_SCHEMA, 201: ANCHOR_SCHEMA },
        },
        // The JSON schema applies to JSON bodies only; a binary body is a Buffer checked when parsed.
        validatorCompiler: () => (data: unknown) => {
          if (Buffer.isBuffer(data)) return { value: data };
          if (!data || typeof data !== 'object' || Array.isArray(data))
            return { error: new HetongError('VALIDATION_FAILED', 400, 'send JSON {pem}') };
          const keys = Object.keys(data);
          const pem = (data as { pem?: unknown }).pem;
          if (
            keys.some((k) => k !== 'pem') ||
            typeof pem !== 'string' ||
            pem.length === 0 ||
            pem.length > 60000
          )
            return {
              error: new HetongError('VALIDATION_FAILED', 400, 'send JSON {pem} and nothing else'),
            };
          return { value: data };
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { anchor, created } = await anchors.add(certificateBytes(request), actor.actor);
        if (created)
          await deps.audit.record({
            ...actor,
            action: 'trust_anchor.added',
            target: anchor.id,
            details: { subject: anchor.subject, fingerprintSha256: anchor.fingerprintSha256 },
          });
        return reply.code(created ? 201 : 200).send(anchor);
      },
    );

    app.get(
      '/trust-anchors',
      {
        preHandler: requireRole('admin', 'legal', 'operator'),
        schema: {
          summary: 'Imported trust anchors (the built-in root is always trusted besides these)',
          tags: ['admin'],
          security: ADMIN_SECURITY,
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: ANCHOR_SCHEMA } } },
          },
        },
      },
      async () => ({ items: await anchors.list() }),
    );

    app.delete<{ Params: { id: string } }>(
      '/trust-anchors/:id',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'Stop trusting an imported anchor',
          tags: ['admin'],
          security: ADMIN_SECURITY,
          params: {
            type: 'object',
            additionalProperties: false,
            required: ['id'],
            properties: { id: { type: 'string', maxLength: 64 } },
          },
          response: { 204: { type: 'null' } },
        },
      },
      async (request, reply) => {
        const existing = await anchors.get(request.params.id);
        if (!existing || !(await anchors.delete(request.params.id)))
          throw new HetongError('TRUST_ANCHOR_NOT_FOUND', 404, 'no such trust anchor');
        await deps.audit.record({
          ...actorOf(request),
          action: 'trust_anchor.deleted',
          target: existing.id,
          details: { subject: existing.subject, fingerprintSha256: existing.fingerprintSha256 },
        });
        return reply.code(204).send();
      },
    );
  };
}
