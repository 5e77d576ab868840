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
import type {
  OrganizationVerificationInput,
  PersonVerificationInput,
  RealNameService,
  RealNameStatus,
} from '../../identity/real-name/index.js';
import { HetongError } from '../../shared/errors.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { idempotent } from '../idempotency.js';
import { APP_SECURITY } from '../schemas.js';
import { ID_PARAMS, listOf, PAGE_QUERY } from '../schemas-contracts.js';
import { pageLimit } from './query-params.js';

const SUBJECT_REF = {
  type: 'object',
  additionalProperties: false,
  required: ['idType', 'id'],
  description: 'The subject as your signers name it (the same idType and id as in a contract signer)',
  properties: {
    idType: { type: 'string', minLength: 1, maxLength: 64 },
    id: { type: 'string', minLength: 1, maxLength: 128 },
  },
} as const;
const NAME = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
const STATUS = { type: 'string', enum: ['pending', 'verified', 'failed', 'rejected'] } as const;
const KIND = { type: 'string', enum: ['person', 'organization'] } as const;

export const REAL_NAME_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: KIND,
    subject: { type: 'object', properties: { idType: { type: 'string' }, id: { type: 'string' } } },
    name: { type: 'string' },
    idNumber: { type: 'string', description: 'masked, e.g. 110***********1234' },
    creditCode: { type: 'string' },
    mobile: { type: 'string', description: 'masked, e.g. 138****5678' },
    legalRepresentative: { type: 'object', properties: { name: { type: 'string' } } },
    provider: { type: 'string', enum: ['manual', 'http'] },
    method: { type: 'string' },
    status: STATUS,
    reason: { type: ['string', 'null'] },
    providerReference: { type: ['string', 'null'] },
    decidedBy: { type: ['string', 'null'] },
    decidedAt: { type: ['integer', 'null'] },
    expiresAt: { type: ['integer', 'null'] },
    expired: { type: 'boolean' },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

const IDEMPOTENCY_HEADERS = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string' } },
} as const;
const ERRORS_422 =
  'An invalid number is 422 ID_NUMBER_INVALID / CREDIT_CODE_INVALID with details.check naming the ' +
  'check that failed (length, format, region, birthDate, checkDigit). A provider that times out or ' +
  'answers garbage gives a `failed` record with the reason, never `verified`.';

interface ListQuery {
  idType?: string;
  id?: string;
  status?: RealNameStatus;
  kind?: 'person' | 'organization';
  cursor?: string;
  limit?: string;
}

export function realNameRoutes(deps: HttpDeps, service: RealNameService, options: LineRouteOptions = {}) {
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.post<{ Body: PersonVerificationInput }>(
      '/real-name/persons',
      {
        schema: {
          summary: 'Verify a person: name, resident ID number and phone (3-factor) (个人实名认证)',
          description: ERRORS_422,
          tags: ['real-name'],
          security: APP_SECURITY,
          headers: IDEMPOTENCY_HEADERS,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['subject', 'name', 'idNumber', 'mobile'],
            properties: {
              subject: SUBJECT_REF,
              name: NAME,
              idNumber: { type: 'string', maxLength: 32 },
              mobile: { type: 'string', pattern: '^(\\+?86)?1[3-9][0-9]{9}$' },
            },
          },
          response: { 201: REAL_NAME_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => ({
          status: 201,
          body: await service.verifyPerson(businessLineOf(request).id, request.body, actorOf(request)),
        })),
    );

    app.post<{ Body: OrganizationVerificationInput }>(
      '/real-name/organizations',
      {
        schema: {
          summary:
            'Verify an organization: name, unified social credit code and legal representative (企业实名认证)',
          description: ERRORS_422,
          tags: ['real-name'],
          security: APP_SECURITY,
          headers: IDEMPOTENCY_HEADERS,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['subject', 'name', 'creditCode', 'legalRepresentative'],
            properties: {
              subject: SUBJECT_REF,
              name: { ...NAME, maxLength: 200 },
              creditCode: { type: 'string', maxLength: 32 },
              legalRepresentative: {
                type: 'object',
                additionalProperties: false,
                required: ['name'],
                properties: { name: NAME },
              },
            },
          },
          response: { 201: REAL_NAME_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => ({
          status: 201,
          body: await service.verifyOrganization(businessLineOf(request).id, request.body, actorOf(request)),
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
      async (request) => service.get(businessLineOf(request).id, request.params.id),
    );

    app.get<{ Querystring: ListQuery }>(
      '/real-name',
      {
        schema: {
          summary: 'Real-name verifications newest first: of one subject (idType + id), by status and kind',
          tags: ['real-name'],
          security: APP_SECURITY,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ...PAGE_QUERY,
              idType: SUBJECT_REF.properties.idType,
              id: SUBJECT_REF.properties.id,
              status: STATUS,
              kind: KIND,
            },
          },
          response: { 200: listOf(REAL_NAME_SCHEMA) },
        },
      },
      async (request) => {
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

    app.post<{ Body: { idNumber?: string; creditCode?: string; cursor?: string; limit?: string } }>(
      '/real-name/lookup',
      {
        schema: {
          summary: 'Real-name verifications of one ID number or credit code (in the body, never in a URL)',
          description:
            'Found by a keyed hash: the numbers are stored sealed and never compared in the clear.',
          tags: ['real-name'],
          security: APP_SECURITY,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ...PAGE_QUERY,
              idNumber: { type: 'string', minLength: 1, maxLength: 32 },
              creditCode: { type: 'string', minLength: 1, maxLength: 32 },
            },
          },
          response: { 200: listOf(REAL_NAME_SCHEMA) },
        },
      },
      async (request) => {
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
    app.post<{ Params: { id: string }; Body: { note?: string } | undefined }>(
      '/real-name/:id/approve',
      {
        schema: {
          summary: 'Approve a pending manual real-name verification (operator)',
          tags: ['real-name'],
          params: ID_PARAMS,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { note: { type: 'string', maxLength: 500 } },
          },
          response: { 200: REAL_NAME_SCHEMA },
        },
      },
      async (request) =>
        service.approve(businessLineOf(request).id, request.params.id, request.body?.note, actorOf(request)),
    );

    app.post<{ Params: { id: string }; Body: { reason: string } }>(
      '/real-name/:id/reject',
      {
        schema: {
          summary: 'Reject a pending manual real-name verification, with the reason (operator)',
          tags: ['real-name'],
          params: ID_PARAMS,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['reason'],
            properties: { reason: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S' } },
          },
          response: { 200: REAL_NAME_SCHEMA },
        },
      },
      async (request) =>
        service.reject(businessLineOf(request).id, request.params.id, request.body.reason, actorOf(request)),
    );
  };
}
