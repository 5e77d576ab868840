/**
 * `Idempotency-Key` for creating calls (DESIGN.md "Public API conventions"): the same key with
 * the same request returns the first response; the same key with a different request is a 409.
 * The key is reserved before the handler runs, so concurrent duplicates cannot both create.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HetongError } from '../shared/errors.js';
import type { IdempotencyKeyRepository } from '../store/repositories/idempotency-keys.js';
import { businessLineOf } from './auth.js';
import type { MultipartBody } from './multipart.js';

export interface HandlerResult {
  status: number;
  body: unknown;
}

const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
/** An in-progress reservation older than this belongs to a crashed request and may be retaken. */
const STALE_RESERVATION_MS = 60_000;

function isMultipart(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^\s*multipart\/form-data\s*(;|$)/i.test(type);
}

/**
 * What identifies "the same request". Multipart bodies are hashed by their parsed content, not
 * their bytes: the raw body contains a random boundary, so a client's retry of the very same
 * upload would otherwise never match (409 instead of the first response). The content is the
 * fields sorted by name and, in order, each file's field name, filename, content type and the
 * SHA-256 of its bytes. Other bodies are hashed as received.
 */
export function requestHash(request: FastifyRequest): string {
  const hash = createHash('sha256').update(`${request.method}\n${request.url}\n`);
  const body = request.body as MultipartBody | undefined;
  if (isMultipart(request) && body && typeof body === 'object' && Array.isArray(body.files)) {
    const fields = Object.keys(body.fields)
      .sort()
      .map((name) => [name, body.fields[name]]);
    const files = body.files.map((f) => [
      f.field,
      f.filename,
      f.contentType,
      createHash('sha256').update(f.data).digest('hex'),
    ]);
    return hash.update('multipart\n').update(JSON.stringify({ fields, files })).digest('hex');
  }
  return hash.update(request.rawBody ?? Buffer.alloc(0)).digest('hex');
}

export async function idempotent(
  repo: IdempotencyKeyRepository,
  request: FastifyRequest,
  reply: FastifyReply,
  handler: () => Promise<HandlerResult>,
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) {
    const r = await handler();
    return reply.code(r.status).send(r.body);
  }
  const key = Array.isArray(header) ? header[0]! : header;
  if (!KEY.test(key))
    throw new HetongError('VALIDATION_FAILED', 400, 'Idempotency-Key: 1–128 of [A-Za-z0-9_.:-]');
  const line = businessLineOf(request);
  const hash = requestHash(request);

  let reserved = false;
  for (let attempt = 0; attempt < 2 && !reserved; attempt++) {
    if (await repo.reserve(line.id, key, hash, Date.now())) {
      reserved = true;
      break;
    }
    const stored = await repo.find(line.id, key);
    if (!stored) continue; // released meanwhile: try to reserve again
    if (stored.requestHash !== hash)
      throw new HetongError(
        'IDEMPOTENCY_KEY_REUSED',
        409,
        'this Idempotency-Key was used for a different request',
      );
    if (stored.statusCode !== 0)
      return reply.code(stored.statusCode).header('idempotent-replayed', 'true').send(stored.body);
    if (Date.now() - stored.createdAt < STALE_RESERVATION_MS)
      throw new HetongError(
        'IDEMPOTENCY_KEY_IN_PROGRESS',
        409,
        'a request with this Idempotency-Key is still running',
      );
    // Take over only the stale reservation seen here: if another request already took it over
    // (a fresh row with a newer created_at), this deletes nothing and the next reserve fails.
    await repo.releaseStale(line.id, key, stored.createdAt);
  }
  // Never run the handler without holding the reservation (that is how it could run twice).
  if (!reserved)
    throw new HetongError(
      'IDEMPOTENCY_KEY_IN_PROGRESS',
      409,
      'a request with this Idempotency-Key is still running',
    );

  let r: HandlerResult;
  try {
    r = await handler();
  } catch (e) {
    // A failed attempt may be retried with the same key.
    await repo.release(line.id, key);
    throw e;
  }
  if (r.status >= 400) await repo.release(line.id, key);
  else await repo.complete(line.id, key, r.status, r.body);
  return reply.code(r.status).send(r.body);
}
