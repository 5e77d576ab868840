/**
 * The Fastify instance of the HTTP edge: logging with request ids, body handling, JSON-schema
 * validation that refuses unknown fields and wrong types, one error format, metrics, and the route
 * groups. Other capabilities add their route plugins through `extraRoutes`.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import { signedRequestPrecheck } from './auth.js';
import { registerBodyHandling } from './body.js';
import { evidenceRoutes, publicEvidenceRoutes } from './routes/evidence.js';
import type { HttpDeps } from './deps.js';
import { clientErrorHandler, frameworkErrors } from './client-errors.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { collectRoute, type RouteDoc } from './openapi.js';
import { adminRoutes } from './routes/admin.js';
import { certificateRoutes } from './routes/certificates.js';
import { dictionaryRoutes } from './routes/dictionaries.js';
import { notificationTextRoutes } from './routes/notification-texts.js';
import { apiV1Routes } from './routes/api-v1.js';
import { consoleLineRoutes, CONSOLE_LINES_PREFIX } from './routes/console-lines.js';
import { consolePagesRoutes } from './routes/console-pages.js';
import { contractRoutes } from './routes/contracts.js';
import { opsRoutes } from './routes/ops.js';
import { pkiRoutes } from './routes/pki.js';
import { realNameRoutes } from './routes/real-name.js';
import { sealRoutes } from './routes/seals.js';
import { signFlowRoutes } from './routes/sign-flows.js';
import { signingRecordRoutes } from './routes/signing-records.js';
import { delegatorRoutes } from './routes/delegators.js';
import { signingPagesRoutes } from './routes/signing-pages.js';
import { signingSessionRoutes } from './routes/signing-session.js';
import { trustAnchorRoutes } from './routes/trust-anchors.js';
import { verifyRoutes } from './routes/verify.js';
import { webhookRoutes } from './routes/webhooks.js';
import { templateRoutes } from './routes/templates.js';

export interface ServerOptions {
  logger?: FastifyServerOptions['logger'];
  /** Default body limit (bytes); upload routes set their own. */
  bodyLimit?: number;
  publicUrl: string;
  version: string;
  /** Route plugins of other capabilities, each with its prefix (e.g. `/api/v1`). */
  extraRoutes?: { prefix: string; plugin: FastifyPluginAsync; signed?: boolean }[];
  trustProxy?: boolean;
  /** The built signing pages (default web/sign/dist of this checkout). */
  signPagesDir?: string;
  /** The built console (default web/console/dist of this checkout). */
  consolePagesDir?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildServer(deps: HttpDeps, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: options.trustProxy ?? false,
    // Accept a caller's X-Request-Id when it is sane, else make one; echoed on every response.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: {
      customOptions: {
        // Unknown fields are refused, not silently dropped; "5" is not a number.
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: true,
        allErrors: true,
      },
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    clientErrorHandler,
    frameworkErrors,
  });

  const routes: RouteDoc[] = [];
  // The console's mirror of the business-line API is the same routes again: documented once.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(CONSOLE_LINES_PREFIX)) collectRoute(routes, route);
  });
  // Graceful shutdown: once closing, answers to in-flight requests end their keep-alive
  // connection, so close() does not wait for clients to hang up idle sockets.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  // Unsigned /api/v1 requests are refused before their body is read (see signedRequestPrecheck).
  app.addHook('onRequest', signedRequestPrecheck(deps.authenticator));

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  registerBodyHandling(app);
  await app.register(cookie);

  await app.register(opsRoutes(deps, routes, { version: options.version, publicUrl: options.publicUrl }));
  await app.register(apiV1Routes(deps), { prefix: '/api/v1' });
  if (deps.templates) await app.register(templateRoutes(deps), { prefix: '/api/v1' });
  if (deps.contracts) await app.register(contractRoutes(deps), { prefix: '/api/v1' });
  if (deps.signFlows) {
    await app.register(signFlowRoutes(deps, deps.signFlows), { prefix: '/api/v1' });
    await app.register(signingRecordRoutes(deps), { prefix: '/api/v1' });
    await app.register(delegatorRoutes(deps), { prefix: '/api/v1' });
    await app.register(
      signingSessionRoutes(deps, deps.signFlows, { secureCookies: options.publicUrl.startsWith('https:') }),
      { prefix: '/sign/api' },
    );
  }
  const links = deps.signFlows?.links;
  await app.register(
    signingPagesRoutes({
      ...(options.signPagesDir ? { dir: options.signPagesDir } : {}),
      ...(links ? { frameAncestors: (linkId: string) => links.embedOrigins(linkId) } : {}),
    }),
  );
  await app.register(adminRoutes(deps, { secureCookies: options.publicUrl.startsWith('https:') }), {
    prefix: '/admin/api',
  });
  await app.register(consoleLineRoutes(deps), { prefix: CONSOLE_LINES_PREFIX });
  await app.register(consolePagesRoutes(options.consolePagesDir ? { dir: options.consolePagesDir } : {}));
  if (deps.seals) await app.register(sealRoutes(deps), { prefix: '/api/v1' });
  if (deps.webhooks) await app.register(webhookRoutes(deps, deps.webhooks), { prefix: '/api/v1' });
  if (deps.evidence) {
    await app.register(evidenceRoutes(deps), { prefix: '/api/v1' });
    await app.register(publicEvidenceRoutes(deps));
  }
  if (deps.verificationAnchors) await app.register(verifyRoutes(deps), { prefix: '/api/v1' });
  if (deps.trustAnchors) await app.register(trustAnchorRoutes(deps), { prefix: '/admin/api' });
  if (deps.certificates) await app.register(certificateRoutes(deps), { prefix: '/admin/api' });
  if (deps.dictionaries) await app.register(dictionaryRoutes(deps, deps.dictionaries), { prefix: '/api/v1' });
  if (deps.notificationTexts)
    await app.register(notificationTextRoutes(deps, deps.notificationTexts), { prefix: '/api/v1' });
  if (deps.realName) await app.register(realNameRoutes(deps, deps.realName), { prefix: '/api/v1' });
  if (deps.pki) await app.register(pkiRoutes(deps.pki), { prefix: '/pki' });
  for (const extra of options.extraRoutes ?? []) await app.register(extra.plugin, { prefix: extra.prefix });
  return app;
}
