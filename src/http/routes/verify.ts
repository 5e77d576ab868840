/**
 * POST /api/v1/verify (signed): a PDF in (`application/pdf` body, or multipart with a `file`
 * part) → the verification report of every signature and document timestamp (signer and chain,
 * trusted, integrity, whole-file coverage, timestamp time, changes after signing — ISO 32000-1
 * §12.8 and ETSI EN 319 142-1 as judged by src/signing/verify) and an overall verdict. Trust
 * anchors: the built-in root plus the certificates imported through the admin API.
 */
import type { FastifyInstance } from 'fastify';
import { HetongError } from '../../shared/errors.js';
import { verifyPdf } from '../../signing/index.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import type { MultipartBody } from '../multipart.js';
import { APP_SECURITY } from '../schemas.js';
import { VERIFICATION_REPORT_SCHEMA, type VerificationReportWire } from '../wire/verify.js';
import { DIGITS } from '../schemas-contracts.js';
import { pageNumber, pngWidth } from './query-params.js';

const VERIFY_LIMIT = 64 * 1024 * 1024;

/** The PDF bytes of the request: the body itself, or the multipart part named `file`. */
function pdfOf(contentType: string, body: unknown): Uint8Array {
  if (/^application\/(pdf|octet-stream)/i.test(contentType) && Buffer.isBuffer(body)) return body;
  if (/^multipart\/form-data/i.test(contentType)) {
    const files = (body as MultipartBody).files.filter((f) => f.field === 'file');
    if (files.length === 1) return files[0]!.data;
    throw new HetongError('VERIFY_INPUT_INVALID', 400, 'send exactly one file part named "file" (the PDF)');
  }
  throw new HetongError(
    'UNSUPPORTED_MEDIA_TYPE',
    415,
    'send the PDF as application/pdf or multipart/form-data',
  );
}

export function verifyRoutes(deps: HttpDeps, options: LineRouteOptions = {}) {
  const anchors = deps.verificationAnchors!;
  const verify = deps.verifyPdf ?? (async (pdf, o) => verifyPdf(pdf, o));
  const rasterizer = deps.pdfPages;
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.post(
      '/verify',
      {
        bodyLimit: VERIFY_LIMIT,
        schema: {
          summary: 'Verify the signatures of a PDF (验签)',
          description:
            'Body: the PDF as `application/pdf`, or multipart/form-data with the PDF in a part named `file`.',
          tags: ['verification'],
          security: APP_SECURITY,
          consumes: ['application/pdf', 'multipart/form-data'],
          response: { 200: VERIFICATION_REPORT_SCHEMA },
        },
      },
      async (request) => {
        const pdf = pdfOf(String(request.headers['content-type'] ?? ''), request.body);
        // In the task pool: a hostile PDF costs a worker its time limit (VERIFY_TIMEOUT, 503), never
        // the event loop; the parser's bounds answer PDF_LIMIT_EXCEEDED (400) long before that.
        const report = await verify(pdf, { trustAnchors: await anchors() }, businessLineOf(request).id);
        // Typed by the response schema: the report and the wire contract cannot drift apart.
        const answer: VerificationReportWire = { verdict: report.valid ? 'valid' : 'invalid', ...report };
        return answer;
      },
    );

    app.post<{ Querystring: { page?: string; width?: string } }>(
      '/verify/preview.png',
      {
        bodyLimit: VERIFY_LIMIT,
        schema: {
          summary: 'A page of a PDF sent for verification, as PNG',
          description:
            'The same body as `POST /verify`; the picture the `regionsAfter` boxes of its report are drawn on. Nothing is stored. Needs poppler (pdftoppm) on the server, else 503 RENDER_ENGINE_UNAVAILABLE.',
          tags: ['verification'],
          security: APP_SECURITY,
          consumes: ['application/pdf', 'multipart/form-data'],
          produces: ['image/png'],
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { page: DIGITS(4), width: DIGITS(4) },
          },
        },
      },
      async (request, reply) => {
        const pdf = pdfOf(String(request.headers['content-type'] ?? ''), request.body);
        if (!rasterizer)
          throw new HetongError('RENDER_ENGINE_UNAVAILABLE', 503, 'page pictures are not configured');
        const png = await rasterizer.pagePng(pdf, {
          page: pageNumber(request.query.page),
          width: pngWidth(request.query.width),
        });
        return reply.type('image/png').header('cache-control', 'no-store').send(Buffer.from(png));
      },
    );
  };
}
