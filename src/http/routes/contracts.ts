/**
 * Contracts API (/api/v1, signed): create (JSON, or multipart with uploaded PDFs), read, list,
 * download (ETag = SHA-256), PNG/HTML previews, revoke, audit, contract groups.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UploadedPdf } from '../../contracts/index.js';
import { MAX_PDF_BYTES } from '../../contracts/index.js';
import { HetongError } from '../../shared/errors.js';
import { stripInvisible } from '../../shared/invisible.js';
import type { ContractFilter } from '../../store/repositories/contracts.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { idempotent } from '../idempotency.js';
import { parseJsonText } from '../body.js';
import type { MultipartBody } from '../multipart.js';
import { APP_SECURITY, AUDIT_EVENT_SCHEMA } from '../schemas.js';
import {
  CONTRACT_GROUP_SCHEMA,
  CONTRACT_LIST_QUERY,
  CONTRACT_SCHEMA,
  CREATE_CONTRACT_BODY,
  CREATED_CONTRACT_SCHEMA,
  CONTRACT_STATUSES,
  DIGITS,
  DOC_PARAMS,
  ID_PARAMS,
  itemsOf,
  listOf,
} from '../schemas-contracts.js';
import {
  ADD_TO_CONTRACT_GROUP_BODY,
  CONTRACT_DETAIL_SCHEMA,
  CONTRACT_GROUP_BODY,
  DOCUMENT_PREVIEW_HTML_QUERY,
  PREVIEW_PNG_QUERY,
  REVOKE_CONTRACT_BODY,
  type AddToContractGroupBody,
  type ContractDetailWire,
  type ContractGroupBody,
  type ContractGroupWire,
  type ContractListQueryWire,
  type ContractWire,
  type CreateContractBody,
  type DocumentPreviewHtmlQuery,
  type ListWire,
  type PreviewPngQueryWire,
  type RevokeContractBody,
} from '../wire/contracts.js';
import { pageLimit, pageNumber, pngWidth } from './query-params.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** PDFs of a multipart create-contract request. */
    uploadedPdfs?: UploadedPdf[];
  }
}

const MAX_UPLOADS = 10;

/**
 * The multipart variant: a `contract` part with the JSON request and `application/pdf` file parts,
 * appended as documents after the template documents. Turned into the JSON body before schema
 * validation, so both variants are validated by the same schema.
 */
async function multipartToJson(request: FastifyRequest): Promise<void> {
  if (!/^multipart\/form-data/i.test(String(request.headers['content-type'] ?? ''))) return;
  const body = request.body as MultipartBody;
  const text = body.fields.contract;
  if (text === undefined)
    throw new HetongError(
      'VALIDATION_FAILED',
      400,
      'the multipart request needs a "contract" part with the JSON request',
    );
  const extra = Object.keys(body.fields).filter((k) => k !== 'contract');
  if (extra.length > 0)
    throw new HetongError('VALIDATION_FAILED', 400, 'unknown multipart fields', { fields: extra });
  if (body.files.length > MAX_UPLOADS)
    throw new HetongError('VALIDATION_FAILED', 400, `at most ${MAX_UPLOADS} uploaded PDFs`);
  for (const f of body.files)
    if (f.contentType.toLowerCase() !== 'application/pdf')
      throw new HetongError('UNSUPPORTED_MEDIA_TYPE', 415, 'uploaded documents must be application/pdf', {
        filename: f.filename,
        contentType: f.contentType,
      });
  // The same JSON rules as the JSON route (depth, prototype keys), so both transports refuse alike.
  request.body = parseJsonText(text, '"contract" part');
  request.uploadedPdfs = body.files.map((f) => ({ filename: f.filename, data: f.data }));
}

/** RFC 6266 / RFC 8187: an ASCII fallback plus the UTF-8 title for Chinese names. */
function contentDisposition(title: string, position: number): string {
  // Titles are refused with invisible characters; one stored before that rule loses them here,
  // so a download name cannot reverse its own extension (U+202E "…\u202Efdp.exe").
  const name = `${stripInvisible(title)}${position > 0 ? `-${position + 1}` : ''}.pdf`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function contractRoutes(deps: HttpDeps, options: LineRouteOptions = {}) {
  const contracts = deps.contracts!;
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.post<{ Body: CreateContractBody }>(
      '/contracts',
      {
        // Uploaded PDFs up to 20 MB each, a few of them.
        bodyLimit: MAX_PDF_BYTES * 3,
        preValidation: multipartToJson,
        schema: {
          summary:
            'Create a contract from templates (and uploaded PDFs); the PDFs are stored before the answer',
          description:
            'JSON, or multipart/form-data with a `contract` part (this JSON) and `application/pdf` file parts ' +
            '(appended as documents). Send an Idempotency-Key: a repeat returns the first contract.',
          tags: ['contracts'],
          security: APP_SECURITY,
          consumes: ['application/json', 'multipart/form-data'],
          headers: { type: 'object', properties: { 'idempotency-key': { type: 'string' } } },
          body: CREATE_CONTRACT_BODY,
          response: { 201: CREATED_CONTRACT_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => {
          const created = await contracts.create(
            businessLineOf(request).id,
            request.body,
            request.uploadedPdfs ?? [],
            actorOf(request),
          );
          return { status: 201, body: created };
        }),
    );

    app.get<{ Querystring: ContractListQueryWire }>(
      '/contracts',
      {
        schema: {
          summary:
            'List contracts (newest first; filters: status, signer id, template, group, created between)',
          tags: ['contracts'],
          security: APP_SECURITY,
          querystring: CONTRACT_LIST_QUERY,
          response: { 200: listOf(CONTRACT_SCHEMA) },
        },
      },
      async (request): Promise<ListWire<ContractWire>> => {
        const q = request.query;
        const filter: ContractFilter = {
          ...(q.status ? { status: q.status } : {}),
          ...(q.signerId ? { signerId: q.signerId } : {}),
          ...(q.templateId ? { templateId: q.templateId } : {}),
          ...(q.groupId ? { groupId: q.groupId } : {}),
          ...(q.createdFrom ? { createdFrom: Number(q.createdFrom) } : {}),
          ...(q.createdTo ? { createdTo: Number(q.createdTo) } : {}),
        };
        return contracts.list(businessLineOf(request).id, filter, {
          ...(q.cursor ? { cursor: q.cursor } : {}),
          limit: pageLimit(q.limit),
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/contracts/:id',
      {
        schema: {
          summary: 'One contract with its documents and signers',
          tags: ['contracts'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: CONTRACT_DETAIL_SCHEMA },
        },
      },
      async (request): Promise<ContractDetailWire> =>
        contracts.get(businessLineOf(request).id, request.params.id),
    );

    app.get<{ Params: { id: string; docId: string } }>(
      '/contracts/:id/documents/:docId/download',
      {
        schema: {
          summary: 'Download a document (ETag = its SHA-256; If-None-Match answers 304)',
          tags: ['contracts'],
          security: APP_SECURITY,
          produces: ['application/pdf'],
          params: DOC_PARAMS,
        },
      },
      async (request, reply) => {
        const lineId = businessLineOf(request).id;
        const { document, contract } = await contracts.document(
          lineId,
          request.params.id,
          request.params.docId,
        );
        const etag = `"${document.sha256}"`;
        reply.header('etag', etag).header('cache-control', 'private, no-cache');
        // RFC 9110 §13.1.2: a strong validator; the bytes under this hash never change.
        const inm = request.headers['if-none-match'];
        if (inm && (inm === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)))
          return reply.code(304).send();
        const { bytes } = await contracts.download(lineId, request.params.id, request.params.docId);
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(contract.title, document.position))
          .send(bytes);
      },
    );

    app.get<{ Params: { id: string; docId: string }; Querystring: PreviewPngQueryWire }>(
      '/contracts/:id/documents/:docId/preview.png',
      {
        schema: {
          summary: 'PNG preview of one page of a document',
          tags: ['contracts'],
          security: APP_SECURITY,
          produces: ['image/png'],
          params: DOC_PARAMS,
          querystring: PREVIEW_PNG_QUERY,
        },
      },
      async (request, reply) => {
        const png = await contracts.previewPng(
          businessLineOf(request).id,
          request.params.id,
          request.params.docId,
          {
            page: pageNumber(request.query.page),
            width: pngWidth(request.query.width),
          },
        );
        return reply.type('image/png').header('cache-control', 'private, max-age=300').send(Buffer.from(png));
      },
    );

    app.get<{ Params: { id: string; docId: string }; Querystring: DocumentPreviewHtmlQuery }>(
      '/contracts/:id/documents/:docId/preview.html',
      {
        schema: {
          summary: 'Phone-friendly HTML preview of a document',
          tags: ['contracts'],
          security: APP_SECURITY,
          produces: ['text/html'],
          params: DOC_PARAMS,
          querystring: DOCUMENT_PREVIEW_HTML_QUERY,
        },
      },
      async (request, reply) => {
        const html = await contracts.previewHtml(
          businessLineOf(request).id,
          request.params.id,
          request.params.docId,
          request.query.theme ? { theme: request.query.theme } : {},
        );
        return reply.type('text/html; charset=utf-8').send(html);
      },
    );

    app.post<{ Params: { id: string }; Body: RevokeContractBody }>(
      '/contracts/:id/revoke',
      {
        schema: {
          summary: 'Revoke a contract still waiting for signatures',
          tags: ['contracts'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          body: REVOKE_CONTRACT_BODY,
          response: { 200: CONTRACT_DETAIL_SCHEMA },
        },
      },
      async (request): Promise<ContractDetailWire> =>
        contracts.revoke(
          businessLineOf(request).id,
          request.params.id,
          request.body.reason,
          actorOf(request),
        ),
    );

    app.get<{ Params: { id: string } }>(
      '/contracts/:id/audit',
      {
        schema: {
          summary: "The contract's audit trail",
          tags: ['audit'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: {
            200: itemsOf(AUDIT_EVENT_SCHEMA),
          },
        },
      },
      async (request) => ({ items: await contracts.audit(businessLineOf(request).id, request.params.id) }),
    );

    app.get<{ Querystring: { since: string } }>(
      '/contract-stats',
      {
        schema: {
          summary: 'Contracts by status, and how many were created and completed since a time',
          description: '`since` is in ms since the epoch (the console sends the local midnight).',
          tags: ['contracts'],
          security: APP_SECURITY,
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['since'],
            properties: { since: DIGITS(16) },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                byStatus: {
                  type: 'object',
                  properties: Object.fromEntries(CONTRACT_STATUSES.map((k) => [k, { type: 'integer' }])),
                },
                createdSince: { type: 'integer' },
                completedSince: { type: 'integer' },
              },
            },
          },
        },
      },
      async (request) => contracts.stats(businessLineOf(request).id, Number(request.query.since)),
    );

    app.post<{ Body: ContractGroupBody }>(
      '/contract-groups',
      {
        schema: {
          summary: 'Create a contract group (合同组)',
          tags: ['contracts'],
          security: APP_SECURITY,
          headers: { type: 'object', properties: { 'idempotency-key': { type: 'string' } } },
          body: CONTRACT_GROUP_BODY,
          response: { 201: CONTRACT_GROUP_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => ({
          status: 201,
          body: await contracts.createGroup(businessLineOf(request).id, request.body.name, actorOf(request)),
        })),
    );

    app.get(
      '/contract-groups',
      {
        schema: {
          summary: 'List contract groups',
          tags: ['contracts'],
          security: APP_SECURITY,
          response: {
            200: itemsOf(CONTRACT_GROUP_SCHEMA),
          },
        },
      },
      async (request): Promise<{ items: ContractGroupWire[] }> => ({
        items: await contracts.listGroups(businessLineOf(request).id),
      }),
    );

    app.post<{ Params: { id: string }; Body: AddToContractGroupBody }>(
      '/contract-groups/:id/contracts',
      {
        schema: {
          summary: 'Add contracts to a group (all or none)',
          tags: ['contracts'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          body: ADD_TO_CONTRACT_GROUP_BODY,
          response: { 200: CONTRACT_GROUP_SCHEMA },
        },
      },
      async (request): Promise<ContractGroupWire> =>
        contracts.addToGroup(
          businessLineOf(request).id,
          request.params.id,
          request.body.contractIds,
          actorOf(request),
        ),
    );
  };
}
