/**
 * The signing session API under /sign/api (what the signing pages call; no business-line
 * credentials). `POST /sign/api/session` opens a link and sets the session cookie (HttpOnly,
 * SameSite=Strict, path /sign); every other call needs that cookie, and every state change also
 * its CSRF token in `X-CSRF-Token`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SignFlows } from '../../contracts/flow/bundle.js';
import type { ClientInfo, SessionContext } from '../../contracts/session.js';
import { HetongError } from '../../shared/errors.js';
import type { HttpDeps } from '../deps.js';
import { pageNumber, pngWidth } from './query-params.js';

export const SIGN_SESSION_COOKIE = 'hetong_sign';
const ID = { type: 'string', minLength: 1, maxLength: 64 } as const;
const DOC_PARAMS = { type: 'object', required: ['cid', 'did'], properties: { cid: ID, did: ID } } as const;
const MAX_HANDWRITING_BYTES = 2 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    signingSession?: SessionContext;
  }
}

const client = (request: FastifyRequest): ClientInfo => ({
  ip: request.ip,
  userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
  requestId: request.id,
});

const session = (request: FastifyRequest): SessionContext => request.signingSession!;

export function signingSessionRoutes(_deps: HttpDeps, s: SignFlows, options: { secureCookies: boolean }) {
  return async (app: FastifyInstance) => {
    app.addHook('onSend', async (_request, reply) => {
      // Session answers are personal: never stored by a shared cache.
      reply.header('cache-control', 'no-store');
    });

    app.post<{ Body: { token: string; firstPageWidth?: number } }>(
      '/session',
      {
        schema: {
          summary: 'Open a signing link: starts its one signing session (sets the session cookie)',
          tags: ['signing session'],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['token'],
            properties: {
              token: { type: 'string', minLength: 20, maxLength: 100 },
              // The width the page will ask the first page image at (its steps of 200 px): the
              // server starts drawing it now.
              firstPageWidth: { type: 'integer', minimum: 400, maximum: 2000, multipleOf: 200 },
            },
          },
        },
      },
      async (request, reply) => {
        const opened = await s.links.open(request.body.token, client(request));
        reply.setCookie(SIGN_SESSION_COOKIE, opened.token, {
          path: '/sign',
          httpOnly: true,
          sameSite: 'strict',
          secure: options.secureCookies,
          expires: new Date(opened.expiresAt),
        });
        const ctx = await s.sessions.authenticate(opened.token, undefined, false);
        const view = await s.sessions.view(ctx);
        if (request.body.firstPageWidth !== undefined)
          s.sessions.warmFirstPage(ctx, view, request.body.firstPageWidth);
        return reply.code(201).send({
          csrfToken: opened.csrfToken,
          expiresAt: opened.expiresAt,
          // In a cross-site frame the browser sends no SameSite=Strict cookie: an embedded page keeps
          // this token in memory and sends it as `Authorization: Bearer` (not ambient, so no CSRF).
          ...(opened.mode === 'headless' ? { sessionToken: opened.token } : {}),
          session: view,
        });
      },
    );

    app.get<{ Querystring: { link: string } }>(
      '/embed-origins',
      {
        schema: {
          summary: 'The origins that may embed the page of a headless link (its postMessage targets)',
          tags: ['signing session'],
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['link'],
            properties: { link: { type: 'string', pattern: '^sl_[0-9a-z]{25}$' } },
          },
        },
      },
      // Public, like the page's CSP frame-ancestors that names the same origins: the embedded page
      // needs them before a session exists (to report a used or expired link to its parent).
      async (request) => ({ origins: await s.links.embedOrigins(request.query.link) }),
    );

    await app.register(async (authed) => {
      authed.addHook('preHandler', async (request) => {
        const bearer = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/.exec(request.headers.authorization ?? '')?.[1];
        // A cookie travels by itself, so a state change also needs the CSRF token; a bearer token
        // is sent only by the page that holds it.
        const mutating = !bearer && request.method !== 'GET' && request.method !== 'HEAD';
        const csrf = request.headers['x-csrf-token'];
        request.signingSession = await s.sessions.authenticate(
          bearer ?? request.cookies[SIGN_SESSION_COOKIE],
          typeof csrf === 'string' ? csrf : undefined,
          mutating,
        );
        if (bearer && request.signingSession.link.mode !== 'headless')
          throw new HetongError(
            'SESSION_REQUIRED',
            401,
            'a bearer session token is for embedded (headless) links',
          );
      });

      authed.get(
        '/session',
        { schema: { summary: 'What the signer sees and must still do', tags: ['signing session'] } },
        async (request) => s.sessions.view(session(request)),
      );

      authed.post<{ Body: { contractId: string; page: number } }>(
        '/reading',
        {
          schema: {
            summary: 'Report the furthest page seen (1-based over the contract)',
            tags: ['signing session'],
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['contractId', 'page'],
              properties: { contractId: ID, page: { type: 'integer', minimum: 1, maximum: 100000 } },
            },
          },
        },
        async (request) => s.sessions.reading(session(request), request.body.contractId, request.body.page),
      );

      authed.post<{ Body: { method: 'sms' | 'email' } }>(
        '/intent/code',
        {
          schema: {
            summary: 'Send an intent code by SMS or e-mail (意愿验证)',
            tags: ['signing session'],
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['method'],
              properties: { method: { type: 'string', enum: ['sms', 'email'] } },
            },
          },
        },
        async (request) => s.sessions.sendCode(session(request), request.body.method),
      );

      authed.post<{ Body: { code: string } }>(
        '/intent/verify',
        {
          schema: {
            summary: 'Check the intent code',
            tags: ['signing session'],
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['code'],
              properties: { code: { type: 'string', minLength: 1, maxLength: 12 } },
            },
          },
        },
        async (request) => s.sessions.verifyCode(session(request), request.body.code),
      );

      authed.get(
        '/seals',
        { schema: { summary: 'The seals this signer may use', tags: ['signing session'] } },
        async (request) => ({
          items: (await s.sessions.seals(session(request))).map((seal) => ({
            id: seal.id,
            kind: seal.kind,
            widthMm: seal.widthMm,
            heightMm: seal.heightMm,
            image: `/sign/api/seals/${seal.id}/image`,
          })),
        }),
      );

      authed.get<{ Params: { id: string } }>(
        '/seals/:id/image',
        {
          schema: {
            summary: 'A seal image (PNG)',
            tags: ['signing session'],
            params: { type: 'object', required: ['id'], properties: { id: ID } },
          },
        },
        async (request, reply) =>
          reply.type('image/png').send(await s.sessions.sealImage(session(request), request.params.id)),
      );

      authed.post<{ Body: { png: string } }>(
        '/seals/handwritten',
        {
          bodyLimit: Math.ceil((MAX_HANDWRITING_BYTES * 4) / 3) + 1024,
          schema: {
            summary: 'Make a handwritten signature from a drawn PNG (base64)',
            tags: ['signing session'],
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['png'],
              properties: {
                png: {
                  type: 'string',
                  minLength: 8,
                  maxLength: Math.ceil((MAX_HANDWRITING_BYTES * 4) / 3) + 64,
                },
              },
            },
          },
        },
        async (request, reply) => {
          const text = request.body.png.replace(/^data:image\/png;base64,/, '');
          if (!/^[A-Za-z0-9+/=\s]+$/.test(text))
            throw new HetongError('VALIDATION_FAILED', 400, 'png must be base64 (optionally a data: URL)');
          const seal = await s.sessions.handwritten(
            session(request),
            Buffer.from(text, 'base64'),
            client(request),
          );
          return reply.code(201).send({
            id: seal.id,
            kind: seal.kind,
            widthMm: seal.widthMm,
            heightMm: seal.heightMm,
            image: `/sign/api/seals/${seal.id}/image`,
          });
        },
      );

      authed.post<{ Body: { sealId?: string; agree?: boolean; contractIds?: string[] } }>(
        '/sign',
        {
          schema: {
            summary: 'Sign every field of this signer in every document of the session (or of contractIds)',
            tags: ['signing session'],
            body: {
              type: 'object',
              additionalProperties: false,
              properties: {
                sealId: ID,
                agree: { type: 'boolean' },
                contractIds: { type: 'array', minItems: 1, maxItems: 100, items: ID },
              },
            },
          },
        },
        async (request) => s.sessions.sign(session(request), request.body ?? {}, client(request)),
      );

      authed.post<{ Body: { contractId?: string; reason: string } }>(
        '/reject',
        {
          schema: {
            summary: 'Refuse to sign (the contract is rejected)',
            tags: ['signing session'],
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['reason'],
              properties: { contractId: ID, reason: { type: 'string', minLength: 1, maxLength: 500 } },
            },
          },
        },
        async (request, reply) => {
          await s.sessions.reject(
            session(request),
            request.body.contractId,
            request.body.reason,
            client(request),
          );
          return reply.code(204).send();
        },
      );

      authed.get<{ Params: { cid: string; did: string; page: string }; Querystring: { width?: string } }>(
        '/contracts/:cid/documents/:did/pages/:page(^\\d+).png',
        {
          schema: {
            summary: 'A page of a document as PNG',
            tags: ['signing session'],
            params: {
              type: 'object',
              required: ['cid', 'did', 'page'],
              properties: { cid: ID, did: ID, page: { type: 'string', pattern: '^[0-9]{1,5}$' } },
            },
            querystring: {
              type: 'object',
              additionalProperties: false,
              properties: { width: { type: 'string', pattern: '^[0-9]{1,4}$' } },
            },
          },
        },
        async (request, reply) => {
          const png = await s.sessions.previewPng(session(request), request.params.cid, request.params.did, {
            page: pageNumber(request.params.page),
            width: pngWidth(request.query.width),
          });
          return reply.type('image/png').send(Buffer.from(png));
        },
      );

      authed.get<{ Params: { cid: string; did: string }; Querystring: { theme?: 'light' | 'dark' } }>(
        '/contracts/:cid/documents/:did/preview.html',
        {
          schema: {
            summary: 'A document as HTML (reading mode on phones)',
            tags: ['signing session'],
            params: DOC_PARAMS,
            querystring: {
              type: 'object',
              additionalProperties: false,
              properties: { theme: { type: 'string', enum: ['light', 'dark'] } },
            },
          },
        },
        async (request, reply) => {
          const html = await s.sessions.previewHtml(
            session(request),
            request.params.cid,
            request.params.did,
            request.query,
          );
          return reply.type('text/html; charset=utf-8').send(html);
        },
      );

      authed.get<{ Params: { cid: string; did: string } }>(
        '/contracts/:cid/documents/:did/download',
        {
          schema: {
            summary: 'The signed document, once completed',
            tags: ['signing session'],
            params: DOC_PARAMS,
          },
        },
        async (request, reply) => {
          const d = await s.sessions.download(session(request), request.params.cid, request.params.did);
          return reply.type('application/pdf').header('etag', `"${d.sha256}"`).send(d.bytes);
        },
      );
    });
  };
}
