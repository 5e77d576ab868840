/**
 * Real-name verification (实名认证) over HTTP. A business line (/api/v1, signed) asks for the
 * verification of a person or an organisation, reads a record, lists a subject's records and looks
 * a number up; operators decide the pending requests of the `manual` provider in the console
 * (/admin/api/lines/:appId/real-name/:id/approve|reject — only mounted there, so a business line
 * cannot approve its own requests; console-lines.ts lets admin and operator change, legal read).
 *
 * ID numbers travel only in request bodies (never in a URL, which ends up in access logs); every
 * answer carries them masked.
 */
import type { FastifyInstance } from 'fastify';
import type { RealNameService } from '../../identity/real-name/index.js';
import { HetongError } from '../../shared/errors.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { idempotent } from '../idempotency.js';
import { APP_SECURITY } from '../schemas.js';
import { ID_PARAMS } from '../schemas-contracts.js';
import {
  ORGANIZATION_VERIFICATION_BODY,
  PERSON_VERIFICATION_BODY,
  REAL_NAME_APPROVE_BODY,
  REAL_NAME_LIST_QUERY,
  REAL_NAME_LIST_SCHEMA,
  REAL_NAME_LOOKUP_BODY,
  REAL_NAME_REJECT_BODY,
  REAL_NAME_SCHEMA,
  type OrganizationVerificationBody,
  type PersonVerificationBody,
  type RealNameApproveBody,
  type RealNameListQueryWire,
  type RealNameListWire,
  type RealNameLookupBody,
  type RealNameRejectBody,
  type RealNameWire,
} from '../wire/real-name.js';
import { pageLimit } from './query-params.js';

const IDEMPOTENCY_HEADERS = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string' } },
} as const;
const ERRORS_422 =
  'An invalid number is 422 ID_NUMBER_INVALID / CREDIT_CODE_INVALID with details.check naming the ' +
  'check that failed (length, format, region, birthDate, checkDigit). A provider that times out or ' +
  'answers garbage gives a `failed` record with the reason, never `verified`.';

export function realNameRoutes(deps: HttpDeps, service: RealNameService, options: LineRouteOptions = {}) {
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.post<{ Body: PersonVerificationBody }>(
      '/real-name/persons',
      {
        schema: {
          summary: 'Verify a person: name, resident ID number and phone (3-factor) (个人实名认证)',
          description: ERRORS_422,
          tags: ['real-name'],
          security: APP_SECURITY,
          headers: IDEMPOTENCY_HEADERS,
          body: PERSON_VERIFICATION_BODY,
          response: { 201: REAL_NAME_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => ({
          status: 201,
          body: (await service.verifyPerson(
            businessLineOf(request).id,
            request.body,
            actorOf(request),
          )) satisfies RealNameWire,
        })),
    );

    app.post<{ Body: OrganizationVerificationBody }>(
      '/real-name/organizations',
      {
        schema: {
          summary:
            'Verify an organization: name, unified social credit code and legal representative (企业实名认证)',
          description: ERRORS_422,
          tags: ['real-name'],
          security: APP_SECURITY,
          headers: IDEMPOTENCY_HEADERS,
          body: ORGANIZATION_VERIFICATION_BODY,
          response: { 201: REAL_NAME_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => ({
          status: 201,
          body: (await service.verifyOrganization(
            businessLineOf(request).id,
            request.body,
            actorOf(request),
          )) satisfies RealNameWire,
        })),
    );

    app.get<{ Params: { id: string } }>(
      '/real-name/:id',
      {
        schema: {
          summary: 'A real-name verification',
          tags: ['real-name'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: REAL_NAME_SCHEMA },
        },
      },
      async (request): Promise<RealNameWire> => service.get(businessLineOf(request).id, request.params.id),
    );

    app.get<{ Querystring: RealNameListQueryWire }>(
      '/real-name',
      {
        schema: {
          summary: 'Real-name verifications newest first: of one subject (idType + id), by status and kind',
          tags: ['real-name'],
          security: APP_SECURITY,
          querystring: REAL_NAME_LIST_QUERY,
          response: { 200: REAL_NAME_LIST_SCHEMA },
        },
      },
      async (request): Promise<RealNameListWire> => {
        const q = request.query;
        if ((q.idType === undefined) !== (q.id === undefined))
          throw new HetongError('VALIDATION_FAILED', 400, 'name a subject by both idType and id');
        return service.list(
          businessLineOf(request).id,
          {
            ...(q.idType !== undefined && q.id !== undefined
              ? { subject: { idType: q.idType, id: q.id } }
              : {}),
            ...(q.status ? { status: q.status } : {}),
            ...(q.kind ? { kind: q.kind } : {}),
          },
          { ...(q.cursor ? { cursor: q.cursor } : {}), limit: pageLimit(q.limit) },
        );
      },
    );

    app.post<{ Body: RealNameLookupBody }>(
      '/real-name/lookup',
      {
        schema: {
          summary: 'Real-name verifications of one ID number or credit code (in the body, never in a URL)',
          description:
            'Found by a keyed hash: the numbers are stored sealed and never compared in the clear.',
          tags: ['real-name'],
          security: APP_SECURITY,
          body: REAL_NAME_LOOKUP_BODY,
          response: { 200: REAL_NAME_LIST_SCHEMA },
        },
      },
      async (request): Promise<RealNameListWire> => {
        const b = request.body;
        if ((b.idNumber === undefined) === (b.creditCode === undefined))
          throw new HetongError('VALIDATION_FAILED', 400, 'give either idNumber or creditCode');
        return service.list(
          businessLineOf(request).id,
          b.idNumber !== undefined ? { idNumber: b.idNumber } : { creditCode: b.creditCode! },
          { ...(b.cursor ? { cursor: b.cursor } : {}), limit: pageLimit(b.limit) },
        );
      },
    );
  };
}

/**
 * The operator's decision on a pending `manual` verification. Mounted only in the console mirror
 * (console-lines.ts), whose hook admits admin and operator accounts to changing calls.
 */
export function realNameReviewRoutes(service: RealNameService) {
  return async (app: FastifyInstance) => {
    app.post<{ Params: { id: string }; Body: RealNameApproveBody | undefined }>(
      '/real-name/:id/approve',
      {
        schema: {
          summary: 'Approve a pending manual real-name verification (operator)',
          tags: ['real-name'],
          params: ID_PARAMS,
          body: REAL_NAME_APPROVE_BODY,
          response: { 200: REAL_NAME_SCHEMA },
        },
      },
      async (request): Promise<RealNameWire> =>
        service.approve(businessLineOf(request).id, request.params.id, request.body?.note, actorOf(request)),
    );

    app.post<{ Params: { id: string }; Body: RealNameRejectBody }>(
      '/real-name/:id/reject',
      {
        schema: {
          summary: 'Reject a pending manual real-name verification, with the reason (operator)',
          tags: ['real-name'],
          params: ID_PARAMS,
          body: REAL_NAME_REJECT_BODY,
          response: { 200: REAL_NAME_SCHEMA },
        },
      },
      async (request): Promise<RealNameWire> =>
        service.reject(businessLineOf(request).id, request.params.id, request.body.reason, actorOf(request)),
    );
  };
}
