/**
 * Templates API (/api/v1, signed): upload a .docx (multipart), add versions, list, detail, field
 * analysis, PNG/HTML previews, audit, and template groups' rename/move. Approval is in the admin
 * API (legal). A template version is compiled at upload, so a bad template is refused there.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FieldSpec } from '../../render/index.js';
import { HetongError } from '../../shared/errors.js';
import { parseTemplateUpload, type TemplateDetail } from '../../templates/index.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import {
  KEYWORD_BOXES_SCHEMA,
  PREVIEW_PAGES_SCHEMA,
  MOVE_TEMPLATE_BODY,
  TEMPLATE_FIELDS_SCHEMA,
  TEMPLATE_GROUP_CHANGE_BODY,
  type KeywordBoxesWire,
  type MoveTemplateBody,
  type TemplateGroupChangeBody,
  type PreviewPagesWire,
  type TemplateFieldsWire,
  TEMPLATE_LIST_QUERY,
  TEMPLATE_PREVIEW_HTML_QUERY,
  TEMPLATE_PREVIEW_PNG_QUERY,
  type TemplateListQueryWire,
  type TemplatePreviewHtmlQuery,
  type TemplatePreviewPngQueryWire,
  type TemplateSummaryWire,
  type TemplateWire,
} from '../wire/templates.js';
import type { ListWire } from '../wire/contracts.js';
import { idempotent } from '../idempotency.js';
import type { MultipartBody } from '../multipart.js';
import { pageLimit, pageNumber, pngWidth } from './query-params.js';
import { versionView } from './template-review.js';
import { APP_SECURITY, AUDIT_EVENT_SCHEMA, TEMPLATE_GROUP_SCHEMA } from '../schemas.js';
import {
  ID_PARAMS,
  itemsOf,
  listOf,
  TEMPLATE_SCHEMA,
  TEMPLATE_SUMMARY_SCHEMA,
  TEMPLATE_VERSION_SCHEMA,
} from '../schemas-contracts.js';

/** Word files are small; 20 MB leaves room for templates with pictures. */
const UPLOAD_LIMIT = 20 * 1024 * 1024;
const DOCX_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/octet-stream',
]);

function templateView(t: TemplateDetail): TemplateWire {
  const current = t.activeVersion ?? t.versions.at(-1);
  return {
    id: t.id,
    name: t.name,
    groupId: t.groupId,
    activeVersionId: t.activeVersionId,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    versions: t.versions.map(versionView),
    activeVersion: t.activeVersion ? versionView(t.activeVersion) : null,
    signerRoles: current?.signerRoles ?? [],
    signFields: current ? versionView(current).signFields : [],
  };
}

/**
 * The .docx part and the text parts of a multipart upload; with `fileOptional`, no file part at
 * all gives `docx: null` (a new version of the same .docx).
 */
function upload(
  request: FastifyRequest,
  fileOptional: true,
): { docx: Buffer | null; fields: Record<string, string> };
function upload(request: FastifyRequest): { docx: Buffer; fields: Record<string, string> };
function upload(request: FastifyRequest, fileOptional = false) {
  const ct = String(request.headers['content-type'] ?? '');
  if (!/^multipart\/form-data/i.test(ct))
    throw new HetongError('UNSUPPORTED_MEDIA_TYPE', 415, 'upload the template as multipart/form-data');
  const body = request.body as MultipartBody;
  if (fileOptional && body.files.length === 0) return { docx: null, fields: { ...body.fields } };
  const files = body.files.filter((f) => f.field === 'file');
  if (files.length !== 1 || body.files.length !== 1)
    throw new HetongError(
      'TEMPLATE_INPUT_INVALID',
      400,
      'send exactly one file part named "file" (the .docx)',
    );
  const file = files[0]!;
  if (!DOCX_TYPES.has(file.contentType.toLowerCase()))
    throw new HetongError('UNSUPPORTED_MEDIA_TYPE', 415, 'the file part must be a .docx', {
      contentType: file.contentType,
    });
  return { docx: file.data, fields: { ...body.fields } };
}

const UPLOAD_DOC =
  'multipart/form-data parts: `file` (the .docx), `name`, `groupId`, `signerRoles` (JSON array), ' +
  '`signFields` (JSON array of {role, page, x, y, width, height, origin?} in PDF points from the ' +
  "page's bottom-left corner (top-left with origin 'top-left'), or {role, keyword, occurrence?, " +
  'offsetX?, offsetY?, width, height}; `crossPage: true` adds a cross-page seal), ' +
  '`delimiters` (JSON {start, end}), `missing` (`error`, the default: a missing value in the ' +
  'contract data is refused with CONTRACT_DATA_INVALID; `empty`: it is shown empty and recorded as a ' +
  "VALUE_MISSING warning; a new version keeps the latest version's when not given).";

/** Points in a query string (not coerced): optional sign, up to 5 digits, up to 2 decimals. */
const POINTS_QUERY = { type: 'string', pattern: '^-?[0-9]{1,5}(\\.[0-9]{1,2})?$' } as const;

interface KeywordBoxesQuery {
  keyword: string;
  offsetX?: string;
  offsetY?: string;
  width?: string;
  height?: string;
  mode?: 'sample' | 'tags';
  versionId?: string;
}

export function templateRoutes(deps: HttpDeps, options: LineRouteOptions = {}) {
  const templates = deps.templates!;
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.post(
      '/templates',
      {
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          summary: 'Upload a Word template (version 1)',
          description: UPLOAD_DOC,
          tags: ['templates'],
          security: APP_SECURITY,
          consumes: ['multipart/form-data'],
          response: { 201: TEMPLATE_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => {
          const { docx, fields } = upload(request);
          const input = parseTemplateUpload(fields, true);
          const t = await templates.create(
            businessLineOf(request),
            docx,
            { ...input, name: input.name! },
            actorOf(request),
          );
          return { status: 201, body: templateView(t) };
        }),
    );

    app.post<{ Params: { id: string } }>(
      '/templates/:id/versions',
      {
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          summary: 'Add a version (pending approval unless the business line auto-approves)',
          description:
            `${UPLOAD_DOC} Without signerRoles/signFields the latest version's are kept; name and groupId are not taken here. ` +
            "The `file` part may be left out: the new version then keeps the latest version's .docx (and its compiled program, unless `delimiters` are given) — how the console saves changed signer roles or sign fields.",
          tags: ['templates'],
          security: APP_SECURITY,
          consumes: ['multipart/form-data'],
          params: ID_PARAMS,
          response: { 201: TEMPLATE_VERSION_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => {
          const { docx, fields } = upload(request, true);
          if (fields.name !== undefined || fields.groupId !== undefined)
            throw new HetongError(
              'TEMPLATE_INPUT_INVALID',
              400,
              'rename or move the template itself, not a version',
            );
          const input = parseTemplateUpload(fields, false);
          const v = await templates.addVersion(
            businessLineOf(request),
            request.params.id,
            docx,
            input,
            { signerRoles: fields.signerRoles !== undefined, signFields: fields.signFields !== undefined },
            actorOf(request),
          );
          return { status: 201, body: versionView(v) };
        }),
    );

    app.get<{ Querystring: TemplateListQueryWire }>(
      '/templates',
      {
        schema: {
          summary: 'List templates (newest first, cursor pagination)',
          tags: ['templates'],
          security: APP_SECURITY,
          querystring: TEMPLATE_LIST_QUERY,
          response: { 200: listOf(TEMPLATE_SUMMARY_SCHEMA) },
        },
      },
      async (request): Promise<ListWire<TemplateSummaryWire>> => {
        const q = request.query;
        return templates.list(
          businessLineOf(request).id,
          {
            ...(q.groupId ? { groupId: q.groupId } : {}),
            ...(q.status ? { status: q.status } : {}),
            ...(q.name ? { name: q.name } : {}),
          },
          { ...(q.cursor ? { cursor: q.cursor } : {}), limit: pageLimit(q.limit) },
        );
      },
    );

    app.get<{ Params: { id: string } }>(
      '/templates/:id',
      {
        schema: {
          summary: 'A template: versions, active version, signer roles, sign fields',
          tags: ['templates'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: TEMPLATE_SCHEMA },
        },
      },
      async (request) => templateView(await templates.get(businessLineOf(request).id, request.params.id)),
    );

    app.get<{ Params: { id: string }; Querystring: { versionId?: string } }>(
      '/templates/:id/fields',
      {
        schema: {
          summary: 'Field analysis: every tag the template reads (loops with their inner fields)',
          description:
            'Each field: name, path, kind (text, loop, condition, image, html), inner `fields` of a loop, ' +
            'and `where` it is used. `warnings`: what the compiler could not render as Word does ' +
            '(code, message, where).',
          tags: ['templates'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { versionId: { type: 'string', maxLength: 64 } },
          },
          response: { 200: TEMPLATE_FIELDS_SCHEMA },
        },
      },
      async (request): Promise<TemplateFieldsWire> => {
        const t = await templates.get(businessLineOf(request).id, request.params.id);
        const v = request.query.versionId
          ? t.versions.find((x) => x.id === request.query.versionId)
          : (t.activeVersion ?? t.versions.at(-1));
        if (!v) throw new HetongError('TEMPLATE_VERSION_NOT_FOUND', 404, 'no such template version');
        // A version stores the engine's analysis of its .docx as it was made (FieldSpec[]).
        const fields = v.fields as FieldSpec[];
        return { versionId: v.id, fields, warnings: (await templates.compiled(v)).warnings };
      },
    );

    app.get<{ Params: { id: string }; Querystring: TemplatePreviewPngQueryWire }>(
      '/templates/:id/preview.png',
      {
        schema: {
          summary: 'PNG preview of one page, with sample data or with the tag names',
          tags: ['templates'],
          security: APP_SECURITY,
          produces: ['image/png'],
          params: ID_PARAMS,
          querystring: TEMPLATE_PREVIEW_PNG_QUERY,
        },
      },
      async (request, reply) => {
        const q = request.query;
        const png = await templates.previewPng(businessLineOf(request).id, request.params.id, {
          page: pageNumber(q.page),
          width: pngWidth(q.width),
          mode: q.mode ?? 'sample',
          ...(q.versionId ? { versionId: q.versionId } : {}),
        });
        return reply.type('image/png').header('cache-control', 'private, max-age=300').send(Buffer.from(png));
      },
    );

    app.get<{ Params: { id: string }; Querystring: { mode?: 'sample' | 'tags'; versionId?: string } }>(
      '/templates/:id/preview-pages',
      {
        schema: {
          summary: 'The pages of a preview and their sizes in PDF points',
          description:
            'A PNG preview of `width` pixels shows a page of `pages[n-1].width` points: divide pixels by ' +
            '`width / pages[n-1].width` to get the points a sign field is given in.',
          tags: ['templates'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              mode: { type: 'string', enum: ['sample', 'tags'] },
              versionId: { type: 'string', maxLength: 64 },
            },
          },
          response: { 200: PREVIEW_PAGES_SCHEMA },
        },
      },
      async (request): Promise<PreviewPagesWire> =>
        templates.previewPages(businessLineOf(request).id, request.params.id, {
          mode: request.query.mode ?? 'sample',
          ...(request.query.versionId ? { versionId: request.query.versionId } : {}),
        }),
    );

    app.get<{ Params: { id: string }; Querystring: KeywordBoxesQuery }>(
      '/templates/:id/keyword-boxes',
      {
        schema: {
          summary: 'Where a keyword sign field lands on a preview (every occurrence)',
          description:
            'The sign field (`width`×`height`, centred on the end of `keyword`, moved by `offsetX`/`offsetY` points, +y up) placed on each occurrence of the keyword in the preview, as signing places it. Points from the bottom-left corner of the page.',
          tags: ['templates'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['keyword'],
            properties: {
              keyword: { type: 'string', minLength: 1, maxLength: 100 },
              offsetX: POINTS_QUERY,
              offsetY: POINTS_QUERY,
              width: POINTS_QUERY,
              height: POINTS_QUERY,
              mode: { type: 'string', enum: ['sample', 'tags'] },
              versionId: { type: 'string', maxLength: 64 },
            },
          },
          response: { 200: KEYWORD_BOXES_SCHEMA },
        },
      },
      async (request): Promise<KeywordBoxesWire> => {
        const q = request.query;
        const n = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
        return templates.keywordBoxes(businessLineOf(request).id, request.params.id, {
          mode: q.mode ?? 'tags',
          ...(q.versionId ? { versionId: q.versionId } : {}),
          keyword: q.keyword,
          offsetX: n(q.offsetX, 0),
          offsetY: n(q.offsetY, 0),
          width: n(q.width, 100),
          height: n(q.height, 100),
        });
      },
    );

    app.get<{ Params: { id: string }; Querystring: TemplatePreviewHtmlQuery }>(
      '/templates/:id/preview.html',
      {
        schema: {
          summary: 'Phone-friendly HTML preview, with sample data or with the tag names',
          tags: ['templates'],
          security: APP_SECURITY,
          produces: ['text/html'],
          params: ID_PARAMS,
          querystring: TEMPLATE_PREVIEW_HTML_QUERY,
        },
      },
      async (request, reply) => {
        const q = request.query;
        const html = await templates.previewHtml(businessLineOf(request).id, request.params.id, {
          mode: q.mode ?? 'sample',
          ...(q.theme ? { theme: q.theme } : {}),
          ...(q.versionId ? { versionId: q.versionId } : {}),
        });
        return reply.type('text/html; charset=utf-8').send(html);
      },
    );

    app.post<{ Params: { id: string }; Body: MoveTemplateBody }>(
      '/templates/:id/move',
      {
        schema: {
          summary: 'Move a template to another group (null: no group)',
          tags: ['templates'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          body: MOVE_TEMPLATE_BODY,
          response: { 200: TEMPLATE_SCHEMA },
        },
      },
      async (request) =>
        templateView(
          await templates.move(
            businessLineOf(request).id,
            request.params.id,
            request.body.groupId,
            actorOf(request),
          ),
        ),
    );

    app.get<{ Params: { id: string } }>(
      '/templates/:id/audit',
      {
        schema: {
          summary: "The template's audit trail (created, versions added, approved, rejected)",
          tags: ['audit'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: {
            200: itemsOf(AUDIT_EVENT_SCHEMA),
          },
        },
      },
      async (request) => {
        const line = businessLineOf(request);
        await templates.get(line.id, request.params.id);
        return { items: await deps.audit.forTarget(request.params.id, { businessLineId: line.id }) };
      },
    );

    app.patch<{ Params: { id: string }; Body: TemplateGroupChangeBody }>(
      '/template-groups/:id',
      {
        schema: {
          summary: 'Rename a template group and/or move it under another (parentId null: top level)',
          tags: ['templates'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          body: TEMPLATE_GROUP_CHANGE_BODY,
          response: { 200: TEMPLATE_GROUP_SCHEMA },
        },
      },
      async (request) => {
        const line = businessLineOf(request);
        const actor = actorOf(request);
        if (request.body.name !== undefined)
          await templates.renameGroup(line.id, request.params.id, request.body.name, actor);
        if (request.body.parentId !== undefined)
          await templates.moveGroup(line.id, request.params.id, request.body.parentId, actor);
        const g = await deps.templateGroups.get(line.id, request.params.id);
        if (!g) throw new HetongError('TEMPLATE_GROUP_NOT_FOUND', 404, 'no such template group');
        return g;
      },
    );
  };
}
