/**
 * Authentication hooks of the two API surfaces: signed business-line requests (/api/v1) and admin
 * sessions with CSRF protection and role checks (/admin/api).
 */
import type { FastifyReply, FastifyRequest, onRequestHookHandler, preValidationHookHandler } from 'fastify';
import type { AdminService, AuthenticatedSession } from '../admin/accounts.js';
import { HetongError } from '../shared/errors.js';
import type { AdminRole } from '../store/repositories/admin-accounts.js';
import type { BusinessLine } from '../store/repositories/business-lines.js';
import type { Precheck, RequestAuthenticator } from '../tenancy/authenticator.js';

declare module 'fastify' {
  interface FastifyRequest {
    businessLine?: BusinessLine;
    /** The onRequest precheck of the signature headers, reused by the full check (one lookup). */
    signaturePrecheck?: Precheck;
    adminSession?: AuthenticatedSession;
  }
}

export const SESSION_COOKIE = 'hetong_session';
export const CSRF_COOKIE = 'hetong_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** URLs under /api/v1 that are public (no signature). */
const UNSIGNED_API_URLS = new Set(['/api/v1/openapi.json']);

/**
 * Refuses an obviously unauthenticated /api/v1 request in `onRequest`, BEFORE its body is read:
 * missing or malformed signature headers, a stale timestamp, an unknown or disabled app id. Without
 * this, anyone could make the server buffer (up to the route's limit, 64 MB on /verify) and parse
 * a body just to be told 401. The signature itself covers the body, so it is still checked by
 * `signedRequestAuth` in preValidation. Registered once for the whole app (server.ts); applies to
 * matched routes under /api/v1/ (unknown URLs keep their 404).
 */
export function signedRequestPrecheck(authenticator: RequestAuthenticator): onRequestHookHandler {
  return async (request: FastifyRequest) => {
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith('/api/v1/') || UNSIGNED_API_URLS.has(route)) return;
    request.signaturePrecheck = await authenticator.precheck(request.headers);
  };
}

/** Runs before validation, so an unsigned request is refused before its body is judged. */
export function signedRequestAuth(authenticator: RequestAuthenticator): preValidationHookHandler {
  return async (request: FastifyRequest) => {
    request.businessLine = await authenticator.authenticate(
      {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.rawBody ?? Buffer.alloc(0),
      },
      request.signaturePrecheck,
    );
  };
}

/**
 * How a business-line route plugin learns its line. By default a signed request (/api/v1); the
 * console mounts the same plugins under /admin/api/lines/:appId with a session-based hook instead
 * (console-lines.ts), so one route serves both and the console needs no second copy of the API.
 */
export interface LineRouteOptions {
  auth?: preValidationHookHandler;
}

export function lineAuth(
  authenticator: RequestAuthenticator,
  options: LineRouteOptions,
): preValidationHookHandler {
  return options.auth ?? signedRequestAuth(authenticator);
}

/** The business line of an authenticated /api/v1 request. */
export function businessLineOf(request: FastifyRequest): BusinessLine {
  if (!request.businessLine) throw new HetongError('AUTH_MISSING', 401, 'not a signed request');
  return request.businessLine;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Admin session check. State-changing methods also need the double-submit CSRF token: the
 * X-CSRF-Token header must equal both the readable csrf cookie and the session's token (a
 * cross-site form can send the cookies but cannot read one to put it in a header).
 */
export function adminSessionAuth(admin: AdminService): preValidationHookHandler {
  return async (request: FastifyRequest) => {
    await authenticateAdmin(admin, request);
  };
}

/** The check of adminSessionAuth, callable from any hook (the console's line routes: onRequest). */
export async function authenticateAdmin(admin: AdminService, request: FastifyRequest): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  const session = token ? await admin.session(token) : undefined;
  if (!session) throw new HetongError('AUTH_SESSION_REQUIRED', 401, 'log in first');
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    const cookie = request.cookies[CSRF_COOKIE];
    if (typeof header !== 'string' || header !== session.csrfToken || cookie !== session.csrfToken)
      throw new HetongError('CSRF_TOKEN_INVALID', 403, 'missing or wrong X-CSRF-Token header');
  }
  request.adminSession = session;
}

export function requireRole(...roles: AdminRole[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const role = request.adminSession?.account.role;
    if (!role || !roles.includes(role))
      throw new HetongError('FORBIDDEN', 403, `this needs the role ${roles.join(' or ')}`, { role });
  };
}
