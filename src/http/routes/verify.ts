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
import { lineAuth, type LineRouteOptions } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import type { MultipartBody } from '../multipart.js';
import { APP_SECURITY } from '../schemas.js';

const VERIFY_LIMIT = 64 * 1024 * 1024;

const CERT_SUMMARY = {
  type: 'object',
  properties: {
    subject: { type: 'string' },
    issuer: { type: 'string' },
    serialNumber: { type: 'string' },
    notBefore: { type: 'string' },
    notAfter: { type: 'string' },
  },
} as const;

const SIGNATURE_REPORT = {
  type: 'object',
  properties: {
    fieldNames: { type: 'array', items: { type: 'string' } },
    kind: { type: 'string', enum: ['signature', 'document-timestamp'] },
    subFilter: { type: 'string' },
    signer: CERT_SUMMARY,
    chain: { type: 'array', items: CERT_SUMMARY },
    trusted: { type: 'boolean' },
    trustProblem: { type: 'string' },
    integrity: {
      type: 'object',
      properties: {
        valid: { type: 'boolean' },
        byteRange: { type: ['array', 'null'], items: { type: 'integer' } },
        problems: { type: 'array', items: { type: 'string' } },
      },
    },
    revisionLength: { type: 'integer' },
    coversWholeDocument: { type: 'boolean' },
    timestamp: {
      type: 'object',
      properties: {
        time: { type: 'string' },
        valid: { type: 'boolean' },
        trusted: { type: 'boolean' },
        tsa: { type: 'string' },
        problems: { type: 'array', items: { type: 'string' } },
      },
    },
    certification: { type: 'object', properties: { permissions: { type: 'integer' } } },
    signingTime: { type: 'string' },
    reason: { type: 'string' },
    location: { type: 'string' },
    name: { type: 'string' },
    modifiedAfterSigning: { type: 'boolean' },
    changesAfter: {
      type: 'object',
      properties: {
        allowed: { type: 'array', items: { type: 'string' } },
        disallowed: { type: 'array', items: { type: 'string' } },
      },
    },
    valid: { type: 'boolean' },
  },
} as const;

export const VERIFICATION_REPORT_SCHEMA = {
  type: 'object',
  properties: {
    verdict: {
      type: 'string',
      enum: ['valid', 'invalid'],
      description:
        'valid: every signature intact, trusted, timestamped and nothing disallowed changed after it',
    },
    valid: { type: 'boolean' },
    fileLength: { type: 'integer' },
    signatures: { type: 'array', items: SIGNATURE_REPORT },
    dss: {
      type: 'object',
      properties: {
        certificates: { type: 'integer' },
        crls: { type: 'integer' },
        ocsps: { type: 'integer' },
      },
    },
  },
} as const;

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
        const report = await verify(pdf, { trustAnchors: await anchors() });
        return { verdict: report.valid ? 'valid' : 'invalid', ...report };
      },
    );
  };
}
