/**
 * The business-line API for the console: every /api/v1 route plugin mounted again under
 * /admin/api/lines/:appId, authenticated by the admin session (cookie + CSRF) instead of a request
 * signature. The console acts on one business line at a time; the actor recorded in the audit
 * trail is the admin account (actorOf prefers the session), not the line's app.
 *
 * Roles (the server decides; the console only hides what would be refused):
 * - reading (GET/HEAD): admin, operator, legal — legal reads any contract text (DESIGN.md);
 * - changing: admin and operator; legal may also POST /verify (it changes nothing);
 * - a disabled line can be read but not changed, as its API is refused.
 *
 * Everything is decided in `onRequest`, before a body is read, so an anonymous upload to
 * /admin/api/lines/…/templates is refused without buffering it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HetongError } from '../../shared/errors.js';
import { authenticateAdmin, type LineRouteOptions } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { apiV1Routes } from './api-v1.js';
import { contractRoutes } from './contracts.js';
import { dictionaryRoutes } from './dictionaries.js';
import { notificationTextRoutes } from './notification-texts.js';
import { evidenceRoutes } from './evidence.js';
import { realNameReviewRoutes, realNameRoutes } from './real-name.js';
import { sealRoutes } from './seals.js';
import { signFlowRoutes } from './sign-flows.js';
import { signingRecordRoutes } from './signing-records.js';
import { delegatorRoutes } from './delegators.js';
import { templateRoutes } from './templates.js';
import { verifyRoutes } from './verify.js';
import { webhookRoutes } from './webhooks.js';

/** The prefix of the mirror (left out of the OpenAPI document, which lists each route once). */
export const CONSOLE_LINES_PREFIX = '/admin/api/lines/:appId';

const SAFE = new Set(['GET', 'HEAD']);
/** Changing routes that legal may call: they read, though over POST. */
const LEGAL_POSTS = new Set([`${CONSOLE_LINES_PREFIX}/verify`, `${CONSOLE_LINES_PREFIX}/verify/preview.png`]);

export function consoleLineRoutes(deps: HttpDeps) {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request: FastifyRequest) => {
      await authenticateAdmin(deps.admin, request);
      const role = request.adminSession!.account.role;
      const reads = SAFE.has(request.method);
      const allowed =
        reads || role === 'admin' || role === 'operator' || LEGAL_POSTS.has(request.routeOptions.url ?? '');
      if (!allowed)
        throw new HetongError('FORBIDDEN', 403, 'this needs the role admin or operator', { role });
      const appId = (request.params as { appId?: string }).appId ?? '';
      const line = await deps.businessLines.get(appId);
      if (!reads && line.status !== 'active')
        throw new HetongError('BUSINESS_LINE_DISABLED', 403, 'this business line is disabled', { appId });
      request.businessLine = line;
    });
    // A route whose params schema refuses unknown properties would refuse the prefix's :appId
    // (every call a VALIDATION_FAILED): caught when the server starts, not by a user.
    app.addHook('onRoute', (route) => {
      const params = (route.schema as { params?: { additionalProperties?: unknown } } | undefined)?.params;
      if (params?.additionalProperties === false)
        throw new Error(`${route.url}: its params schema must allow the console prefix's :appId`);
    });
    // The line is already known; the plugins' own hook only has to find it there.
    const options: LineRouteOptions = {
      auth: async (request) => {
        if (!request.businessLine) throw new HetongError('AUTH_SESSION_REQUIRED', 401, 'log in first');
      },
    };
    await app.register(apiV1Routes(deps, options));
    if (deps.templates) await app.register(templateRoutes(deps, options));
    if (deps.contracts) await app.register(contractRoutes(deps, options));
    if (deps.signFlows) {
      await app.register(signFlowRoutes(deps, deps.signFlows, options));
      await app.register(signingRecordRoutes(deps, options));
      await app.register(delegatorRoutes(deps, options));
    }
    if (deps.seals) await app.register(sealRoutes(deps, options));
    if (deps.webhooks) await app.register(webhookRoutes(deps, deps.webhooks, options));
    if (deps.verificationAnchors) await app.register(verifyRoutes(deps, options));
    if (deps.evidence) await app.register(evidenceRoutes(deps, options));
    if (deps.dictionaries) await app.register(dictionaryRoutes(deps, deps.dictionaries, options));
    if (deps.notificationTexts)
      await app.register(notificationTextRoutes(deps, deps.notificationTexts, options));
    if (deps.realName) {
      await app.register(realNameRoutes(deps, deps.realName, options));
      // Operators decide manual verifications here only: a line's own API cannot approve itself.
      await app.register(realNameReviewRoutes(deps.realName));
    }
  };
}
