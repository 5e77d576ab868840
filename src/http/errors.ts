/**
 * The one mapping from anything thrown to `{ error: { code, message, details } }` (DESIGN.md
 * "Public API conventions"). Internal errors are logged with the request id and answered with
 * INTERNAL only: no stack, SQL or path leaks to a caller.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HetongError, isHetongError } from '../shared/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const FASTIFY_CODES: Record<string, { code: string; status: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'BODY_TOO_LARGE',
    status: 413,
    message: 'the request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    message: 'unsupported Content-Type for this endpoint',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'MALFORMED_REQUEST',
    status: 400,
    message: 'Content-Length does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_JSON', status: 400, message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'MALFORMED_JSON',
    status: 400,
    message: 'the body is not valid JSON',
  },
};

/** Unique or primary-key violations: SQLite (better-sqlite3) and PostgreSQL (pg, SQLSTATE 23505). */
const UNIQUE_VIOLATIONS = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

/**
 * A unique-constraint race (two requests inserting the same row at once) is the caller's to
 * retry, not a server failure. The constraint's name and SQL stay out of the answer.
 */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && UNIQUE_VIOLATIONS.has(code);
}

/** What the validator said about a request part (ajv's ErrorObject, the fields read here). */
export interface SchemaProblem {
  instancePath: string;
  keyword: string;
  params: unknown;
  message?: string;
}

/**
 * VALIDATION_FAILED for a request part a schema refused, one detail per problem: the answer to a
 * request Fastify refused before its handler, and to a part a handler validates itself (a JSON
 * part of a multipart upload), so both read alike.
 */
export function validationFailed(part: string | undefined, problems: readonly SchemaProblem[]): HetongError {
  return new HetongError(
    'VALIDATION_FAILED',
    400,
    `the request ${part ?? 'input'} is invalid`,
    problems.map((v) => ({
      in: part,
      path: v.instancePath || '/',
      problem: v.message,
      ...(v.keyword === 'additionalProperties'
        ? { field: (v.params as { additionalProperty?: string }).additionalProperty }
        : {}),
    })),
  );
}

const INTERNAL_MESSAGE =
  'internal error: the service log has the details (find them by the X-Request-Id header)';

export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (isHetongError(err)) {
    if (err.status < 500) return { status: err.status, body: { error: err.toJSON() }, internal: false };
    // A server-side failure keeps its stable code, but its details (diagnostics, stderr, paths) go
    // to the log only; an unexpected 500's message may carry internals too.
    const message = err.status === 500 ? INTERNAL_MESSAGE : err.message;
    return { status: err.status, body: { error: { code: err.code, message } }, internal: true };
  }
  if (isUniqueViolation(err)) {
    const conflict = new HetongError('CONFLICT', 409, 'the object changed meanwhile; retry');
    return { status: 409, body: { error: conflict.toJSON() }, internal: false };
  }
  const fe = err as FastifyError & { validationContext?: string };
  if (fe && Array.isArray(fe.validation)) {
    const refused = validationFailed(fe.validationContext, fe.validation);
    return { status: 400, body: { error: refused.toJSON() }, internal: false };
  }
  const known = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known)
    return {
      status: known.status,
      body: { error: { code: known.code, message: known.message } },
      internal: false,
    };
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, body: { error: { code: 'BAD_REQUEST', message: fe.message } }, internal: false };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } }, internal: true };
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, internal } = toErrorResponse(err);
  if (internal) request.log.error({ err }, 'request failed');
  else request.log.info({ code: body.error.code }, 'request refused');
  // RFC 9110 §10.2.3: a throttled client is told when to come back.
  const retryAfterMs = (body.error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  if (status === 429 && typeof retryAfterMs === 'number' && retryAfterMs >= 0)
    void reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  void reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  // The path is echoed to help a caller spot a typo, but not at any length (a path parameter over
  // Fastify's maxParamLength also ends here).
  const path = request.url.split('?')[0]!;
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  void reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${shown}` } });
}
