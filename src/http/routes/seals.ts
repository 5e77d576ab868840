/**
 * Seals API (/api/v1, signed): generate a round or square seal, upload a seal image or a
 * handwritten signature (multipart), list a subject's seals, fetch the PNG, disable, replace.
 * A business line only ever sees its own seals (another line's seal id answers 404).
 * Replace = a new seal (new id) with the old one disabled and linked: see src/seals/service.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderRoundSeal, renderSquareSeal } from '../../seals/index.js';
import type { SealImageInput, SealService } from '../../seals/service.js';
import { HetongError } from '../../shared/errors.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { idempotent } from '../idempotency.js';
import type { MultipartBody } from '../multipart.js';
import { APP_SECURITY } from '../schemas.js';
import { bodyBySchema, validateAsBody } from '../validate-part.js';
import {
  GENERATE_SEAL_BODY,
  REPLACE_SEAL_BODY,
  SEAL_LIST_QUERY,
  SEAL_LIST_SCHEMA,
  SEAL_PREVIEW_QUERY,
  SEAL_REPLACEMENT_SCHEMA,
  SEAL_SCHEMA,
  SEAL_SUBJECT_PART_SCHEMA,
  type GenerateSealBody,
  type ReplaceSealBody,
  type SealListQuery,
  type SealListWire,
  type SealPreviewQuery,
  type SealWire,
} from '../wire/seals.js';
import { sealSubjectFromPart, upgradeBodySubject } from './seal-subject.js';

const UPLOAD_LIMIT = 3 * 1024 * 1024;
/**
 * A preview is drawn at half the stored resolution: it is seen on a screen while a name is typed
 * (one request per pause in typing), so it has to stay a few milliseconds of work.
 */
const PREVIEW_DPI = 150;

// No additionalProperties: false: under the console's mirror the path also holds :appId.
const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

function generateInput(body: ReplaceSealBody): SealImageInput {
  const { kind, name, purpose, number, diameterMm, twoCharLayout, sizeMm } = body;
  const opt = <T>(k: string, v: T | undefined) => (v === undefined ? {} : { [k]: v });
  return kind === 'round'
    ? {
        kind,
        ...opt('name', name),
        ...opt('purpose', purpose),
        ...opt('number', number),
        ...opt('diameterMm', diameterMm),
      }
    : { kind, ...opt('name', name), ...opt('twoCharLayout', twoCharLayout), ...opt('sizeMm', sizeMm) };
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'application/octet-stream']);

/** The image part and text parts of a seal upload. */
function multipart(request: FastifyRequest): { bytes: Buffer; fields: Record<string, string> } {
  if (!/^multipart\/form-data/i.test(String(request.headers['content-type'] ?? '')))
    throw new HetongError('UNSUPPORTED_MEDIA_TYPE', 415, 'upload the image as multipart/form-data');
  const body = request.body as MultipartBody;
  const files = body.files.filter((f) => f.field === 'file');
  if (files.length !== 1)
    throw new HetongError('SEAL_INPUT_INVALID', 400, 'send exactly one file part named "file" (PNG or JPEG)');
  const file = files[0]!;
  if (!IMAGE_TYPES.has(file.contentType.toLowerCase()))
    throw new HetongError('UNSUPPORTED_MEDIA_TYPE', 415, 'the file part must be image/png or image/jpeg', {
      contentType: file.contentType,
    });
  return { bytes: file.data, fields: { ...body.fields } };
}

function widthFromFields(fields: Record<string, string>): number | undefined {
  if (fields.widthMm === undefined) return undefined;
  const n = Number(fields.widthMm);
  if (!Number.isFinite(n)) throw new HetongError('SEAL_INPUT_INVALID', 400, '"widthMm" must be a number');
  return n;
}

function imageInput(
  kind: 'uploaded' | 'handwritten',
  request: FastifyRequest,
): { input: SealImageInput; fields: Record<string, string> } {
  const { bytes, fields } = multipart(request);
  const widthMm = widthFromFields(fields);
  const input: SealImageInput =
    kind === 'uploaded'
      ? { kind, bytes, removeBackground: fields.removeBackground === 'true', ...(widthMm ? { widthMm } : {}) }
      : { kind, bytes, ...(widthMm ? { widthMm } : {}) };
  return { input, fields };
}

const UPLOAD_DOC =
  'multipart/form-data parts: `file` (PNG or JPEG), `subject` (JSON {kind: person|organization, idType, id, name}, ' +
  'validated as the subject of POST /seals: VALIDATION_FAILED with the same details), ' +
  '`widthMm` (printed width, optional), `removeBackground` (`true` makes white paper transparent; uploads only).';

export function sealRoutes(deps: HttpDeps, options: LineRouteOptions = {}) {
  const seals: SealService = deps.seals!;
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.post<{ Body: GenerateSealBody }>(
      '/seals',
      {
        preValidation: upgradeBodySubject,
        schema: {
          summary: 'Generate a seal: round (organization) or square name seal (person)',
          tags: ['seals'],
          security: APP_SECURITY,
          headers: { type: 'object', properties: { 'idempotency-key': { type: 'string' } } },
          body: GENERATE_SEAL_BODY,
          response: { 201: SEAL_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => {
          const { subject, ...rest } = request.body;
          const seal = await seals.create(
            businessLineOf(request).id,
            subject,
            generateInput(rest),
            actorOf(request),
          );
          return { status: 201, body: seal };
        }),
    );

    app.get<{ Querystring: SealPreviewQuery }>(
      '/seals/preview.png',
      {
        schema: {
          summary: 'Draw a round or square seal without storing it (a live preview while typing)',
          description:
            'The PNG at 150 dpi from the text options of the generate route; nothing is stored or ' +
            'audited. A GET, so an <img> shows it and the browser caches each text once.',
          tags: ['seals'],
          security: APP_SECURITY,
          produces: ['image/png'],
          querystring: SEAL_PREVIEW_QUERY,
        },
      },
      async (request, reply) => {
        const { kind, name, ...options } = request.query;
        const { png } =
          kind === 'round'
            ? renderRoundSeal({ name, purpose: options.purpose, number: options.number, dpi: PREVIEW_DPI })
            : renderSquareSeal({ name, twoCharLayout: options.twoCharLayout, dpi: PREVIEW_DPI });
        // The same text always draws the same picture.
        return reply
          .type('image/png')
          .header('cache-control', 'private, max-age=3600')
          .send(Buffer.from(png));
      },
    );

    for (const kind of ['uploaded', 'handwritten'] as const)
      app.post(
        kind === 'uploaded' ? '/seals/upload' : '/seals/handwritten',
        {
          bodyLimit: UPLOAD_LIMIT,
          schema: {
            summary:
              kind === 'uploaded'
                ? 'Upload a seal image (PNG or JPEG)'
                : 'Upload a handwritten signature (PNG)',
            description: UPLOAD_DOC,
            tags: ['seals'],
            security: APP_SECURITY,
            consumes: ['multipart/form-data'],
            response: { 201: SEAL_SCHEMA },
          },
        },
        async (request, reply) =>
          idempotent(deps.idempotency, request, reply, async () => {
            const { input, fields } = imageInput(kind, request);
            const subject = sealSubjectFromPart(fields.subject, (body) =>
              validateAsBody(request, SEAL_SUBJECT_PART_SCHEMA, body),
            );
            const seal = await seals.create(businessLineOf(request).id, subject, input, actorOf(request));
            return { status: 201, body: seal };
          }),
      );

    app.get<{ Querystring: SealListQuery }>(
      '/seals',
      {
        schema: {
          summary: 'List seals, newest first (filter by subject: both subjectIdType and subjectId)',
          tags: ['seals'],
          security: APP_SECURITY,
          querystring: SEAL_LIST_QUERY,
          response: { 200: SEAL_LIST_SCHEMA },
        },
      },
      async (request): Promise<SealListWire> => ({
        items: await seals.list(businessLineOf(request).id, request.query),
      }),
    );

    app.get<{ Params: { id: string } }>(
      '/seals/:id',
      {
        schema: {
          summary: 'One seal',
          tags: ['seals'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: SEAL_SCHEMA },
        },
      },
      async (request): Promise<SealWire> => seals.get(businessLineOf(request).id, request.params.id),
    );

    app.get<{ Params: { id: string } }>(
      '/seals/:id/image',
      {
        schema: {
          summary: 'The seal image (RGBA PNG, transparent outside the ink)',
          tags: ['seals'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          produces: ['image/png'],
        },
      },
      async (request, reply) =>
        reply
          .type('image/png')
          .header('cache-control', 'private, max-age=3600')
          .send(await seals.png(businessLineOf(request).id, request.params.id)),
    );

    app.post<{ Params: { id: string } }>(
      '/seals/:id/disable',
      {
        schema: {
          summary: 'Disable a seal: it can no longer be used to sign',
          tags: ['seals'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: SEAL_SCHEMA },
        },
      },
      async (request): Promise<SealWire> =>
        seals.disable(businessLineOf(request).id, request.params.id, actorOf(request)),
    );

    app.post<{ Params: { id: string }; Body: unknown }>(
      '/seals/:id/replace',
      {
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          summary: 'Replace a seal: a new seal for the same subject; the old one is disabled and linked',
          description:
            'JSON `{kind: "round"|"square", …text options}` to generate (validated as the body of POST ' +
            '/seals without `subject`: VALIDATION_FAILED with the same details), or multipart (`file`, `kind`=' +
            '`uploaded`|`handwritten`, `widthMm`, `removeBackground`) for an image.',
          tags: ['seals'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          consumes: ['application/json', 'multipart/form-data'],
          response: {
            200: SEAL_REPLACEMENT_SCHEMA,
          },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => {
          const line = businessLineOf(request).id;
          let input: SealImageInput;
          if (/^multipart\/form-data/i.test(String(request.headers['content-type'] ?? ''))) {
            const kind = (request.body as MultipartBody).fields.kind ?? 'uploaded';
            if (kind !== 'uploaded' && kind !== 'handwritten')
              throw new HetongError(
                'SEAL_INPUT_INVALID',
                400,
                'a multipart replacement has kind uploaded or handwritten',
              );
            input = imageInput(kind, request).input;
          } else input = generateInput(bodyBySchema(request, REPLACE_SEAL_BODY, request.body));
          return { status: 200, body: await seals.replace(line, request.params.id, input, actorOf(request)) };
        }),
    );
  };
}
