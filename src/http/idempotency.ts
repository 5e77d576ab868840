/**
 * `Idempotency-Key` for creating calls (DESIGN.md "Public API conventions"): the same key with
 * the same request returns the first response; the same key with a different request is a 409.
 * The key is reserved before the handler runs, so concurrent duplicates cannot both create.
 *
 * A reservation holds a lease (`leaseMs`, 10 s) that its request renews every `renewMs` (2 s)
 * while the handler runs. A process that dies (crash, kill -9, lost node) stops renewing, so its
 * reservation's lease runs out and the next retry with that key takes it over and runs the
 * handler; while the owner lives, retries get IDEMPOTENCY_KEY_IN_PROGRESS however long it runs.
 * The lease is a time in the database, not a process id, so it holds across nodes sharing one
 * PostgreSQL (their clocks must agree to well under the lease: NTP) as well as on SQLite. The
 * price: an event loop stalled for longer than the lease misses its renewals and may see its
 * key taken over; the heavy work runs in worker pools so the loop never stalls that long.
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

export interface Lease {
  /** How long a reservation stays its request's without a renewal. */
  leaseMs: number;
  /** How often the running request renews it (several renewals fit in one lease). */
  renewMs: number;
}

export const DEFAULT_LEASE: Lease = { leaseMs: 10_000, renewMs: 2_000 };

const inProgress = () =>
  new HetongError('IDEMPOTENCY_KEY_IN_PROGRESS', 409, 'a request with this Idempotency-Key is still running');

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
  lease: Lease = DEFAULT_LEASE,
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

  let reservedAt: number | undefined;
  for (let attempt = 0; attempt < 2 && reservedAt === undefined; attempt++) {
    const now = Date.now();
    if (await repo.reserve(line.id, key, hash, now, now + lease.leaseMs)) {
      reservedAt = now;
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
    if (Date.now() < stored.leaseUntil) throw inProgress();
    // The owner stopped renewing: its process is gone. Take over only the expired reservation
    // seen here: if another request already took it over (a fresh row with a newer created_at),
    // this deletes nothing and the next reserve fails.
    await repo.release(line.id, key, stored.createdAt);
  }
  // Never run the handler without holding the reservation (that is how it could run twice).
  if (reservedAt === undefined) throw inProgress();
  const createdAt = reservedAt;

  let done = false;
  const lost = () => request.log?.warn({ key }, 'idempotency reservation lost while its request ran');
  const renewal = setInterval(() => {
    repo.renew(line.id, key, createdAt, Date.now() + lease.leaseMs).then(
      (held) => {
        if (!held && !done) lost();
      },
      (e: unknown) => request.log?.warn({ key, err: e }, 'idempotency lease renewal failed'),
    );
  }, lease.renewMs);
  let r: HandlerResult;
  try {
    r = await handler();
  } catch (e) {
    done = true;
    clearInterval(renewal);
    // A failed attempt may be retried with the same key.
    await repo.release(line.id, key, createdAt);
    throw e;
  }
  done = true;
  clearInterval(renewal);
  if (r.status >= 400) await repo.release(line.id, key, createdAt);
  else if (!(await repo.complete(line.id, key, createdAt, r.status, r.body))) lost();
  return reply.code(r.status).send(r.body);
}
