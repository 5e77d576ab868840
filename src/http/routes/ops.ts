/** Operations endpoints: liveness, readiness (says why not ready), metrics, OpenAPI, docs. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HetongError } from '../../shared/errors.js';
import { DOCS_HTML } from '../docs-page.js';
import type { HttpDeps } from '../deps.js';
import { buildOpenApi, type RouteDoc } from '../openapi.js';

export interface ReadinessCheck {
  ok: boolean;
  error?: string;
}

export async function readiness(
  deps: HttpDeps,
  log?: (e: unknown) => void,
): Promise<Record<string, ReadinessCheck>> {
  const run = async (fn: () => Promise<string | undefined>): Promise<ReadinessCheck> => {
    try {
      const problem = await fn();
      return problem ? { ok: false, error: problem } : { ok: true };
    } catch (e) {
      // The exception text can name hosts, users and paths: it goes to the log, not to anonymous callers.
      log?.(e);
      return { ok: false, error: 'unavailable (the service log has the error)' };
    }
  };
  const [database, migrations, blobs] = await Promise.all([
    run(async () => {
      await deps.store.ping();
      return undefined;
    }),
    run(async () => {
      const pending = await deps.store.pendingMigrations();
      return pending.length ? `pending migrations: ${pending.join(', ')}` : undefined;
    }),
    run(async () => {
      await deps.blobs.checkWritable();
      return undefined;
    }),
  ]);
  return { database, migrations, blobs };
}

/** `Bearer <token>` equal to `token`, compared in constant time (through their SHA-256). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(m[1]!.trim()), digest(token));
}

export function opsRoutes(deps: HttpDeps, routes: RouteDoc[], info: { version: string; publicUrl: string }) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

    app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
      const checks = await readiness(deps, (err) => req.log.error({ err }, 'readiness check failed'));
      const ready = Object.values(checks).every((c) => c.ok);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    });

    app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
      if (deps.metricsToken && !bearerMatches(req.headers.authorization, deps.metricsToken))
        throw new HetongError(
          'AUTH_METRICS_TOKEN',
          401,
          'GET /metrics needs Authorization: Bearer <HETONG_METRICS_TOKEN>',
        );
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(await deps.metrics.render());
    });

    let doc: unknown;
    app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => {
      doc ??= buildOpenApi(routes, {
        title: 'Hetong 合同 API',
        version: info.version,
        serverUrl: info.publicUrl,
      });
      return doc;
    });

    app.get('/docs', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline' 'self'",
        )
        .send(DOCS_HTML),
    );
  };
}
