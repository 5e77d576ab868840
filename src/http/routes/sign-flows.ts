/**
 * The business line's side of signing (/api/v1, signed): signing links for one signer or for one
 * subject across contracts (组合签), revoking a link, automatic signing under an authorization,
 * reminders, scenes and authorizations.
 */
import type { FastifyInstance } from 'fastify';
import type { SignFlows } from '../../contracts/flow/bundle.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { idempotent } from '../idempotency.js';
import { APP_SECURITY } from '../schemas.js';
import { ID_PARAMS } from '../schemas-contracts.js';
import {
  AUTHORIZATION_BODY,
  AUTHORIZATION_LIST_QUERY,
  AUTHORIZATION_LIST_SCHEMA,
  AUTHORIZATION_SCHEMA,
  REVOKE_AUTHORIZATION_BODY,
  type AuthorizationBody,
  type AuthorizationListQuery,
  type AuthorizationListWire,
  type AuthorizationWire,
  type RevokeAuthorizationBody,
} from '../wire/authorizations.js';
import { SIGN_LINK_SCHEMA, type SignLinkWire } from '../wire/contracts.js';
import {
  CREATE_SCENE_BODY,
  SCENE_CHANGE_BODY,
  SCENE_LIST_SCHEMA,
  SCENE_SCHEMA,
  type CreateSceneBody,
  type SceneChangeBody,
  type SceneWire,
} from '../wire/scenes.js';
import {
  AUTO_SIGN_BODY,
  COMBINED_SIGN_URL_BODY,
  REMIND_BODY,
  REMIND_RESULTS_SCHEMA,
  SIGN_OUTCOME_SCHEMA,
  SIGN_URL_BODY,
  type AutoSignBody,
  type CombinedSignUrlBody,
  type RemindBody,
  type RemindResultsWire,
  type SignOutcomeWire,
  type SignUrlBody,
} from '../wire/sign-flows.js';

const SIGNER_PARAMS = {
  type: 'object',
  required: ['id', 'signerId'],
  properties: { id: ID_PARAMS.properties.id, signerId: ID_PARAMS.properties.id },
} as const;
const IDEMPOTENCY_HEADERS = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string' } },
} as const;

export function signFlowRoutes(deps: HttpDeps, s: SignFlows, options: LineRouteOptions = {}) {
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.post<{ Params: { id: string }; Body: SignUrlBody }>(
      '/contracts/:id/sign-url',
      {
        schema: {
          summary: 'A signing link for one signer (签署链接)',
          description:
            'The token is in the URL fragment, so it never reaches a server log; it opens one signing session.',
          tags: ['signing'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          body: SIGN_URL_BODY,
          response: { 201: SIGN_LINK_SCHEMA },
        },
      },
      async (request, reply) => {
        const { signerId, ...options } = request.body;
        const link = await s.links.forSigner(
          businessLineOf(request).id,
          request.params.id,
          signerId,
          options,
          actorOf(request),
        );
        return reply.code(201).send(link satisfies SignLinkWire);
      },
    );

    app.post<{ Body: CombinedSignUrlBody }>(
      '/sign-urls',
      {
        schema: {
          summary: 'One signing link for every contract a subject signs (组合签)',
          tags: ['signing'],
          security: APP_SECURITY,
          body: COMBINED_SIGN_URL_BODY,
          response: { 201: SIGN_LINK_SCHEMA },
        },
      },
      async (request, reply) => {
        const { subject, contractIds, ...options } = request.body;
        const link = await s.links.forSubject(
          businessLineOf(request).id,
          subject,
          contractIds,
          options,
          actorOf(request),
        );
        return reply.code(201).send(link satisfies SignLinkWire);
      },
    );

    app.post<{ Params: { id: string } }>(
      '/sign-links/:id/revoke',
      {
        schema: {
          summary: 'Revoke a signing link (its session ends too)',
          tags: ['signing'],
          security: APP_SECURITY,
          params: ID_PARAMS,
        },
      },
      async (request, reply) => {
        await s.links.revoke(businessLineOf(request).id, request.params.id, actorOf(request));
        return reply.code(204).send();
      },
    );

    app.post<{ Params: { id: string; signerId: string }; Body: AutoSignBody }>(
      '/contracts/:id/signers/:signerId/auto-sign',
      {
        schema: {
          summary: "Sign for an organization under the business line's authorization (自动签)",
          tags: ['signing'],
          security: APP_SECURITY,
          headers: IDEMPOTENCY_HEADERS,
          params: SIGNER_PARAMS,
          body: AUTO_SIGN_BODY,
          response: { 200: SIGN_OUTCOME_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => ({
          status: 200,
          body: (await s.autoSigner.sign(
            businessLineOf(request).id,
            request.params.id,
            request.params.signerId,
            request.body ?? {},
            actorOf(request),
          )) satisfies SignOutcomeWire,
        })),
    );

    app.post<{ Params: { id: string }; Body: RemindBody | undefined }>(
      '/contracts/:id/remind',
      {
        schema: {
          summary: 'Remind the signers whose turn it is (催签), with a fresh link',
          tags: ['signing'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          body: REMIND_BODY,
          response: { 200: REMIND_RESULTS_SCHEMA },
        },
      },
      async (request): Promise<RemindResultsWire> => ({
        results: await s.reminders.remind(
          businessLineOf(request).id,
          request.params.id,
          request.body?.signerIds,
          actorOf(request),
        ),
      }),
    );

    app.post<{ Body: CreateSceneBody }>(
      '/scenes',
      {
        schema: {
          summary: 'Create a signing scene (签约场景)',
          tags: ['signing'],
          security: APP_SECURITY,
          body: CREATE_SCENE_BODY,
          response: { 201: SCENE_SCHEMA },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await s.scenes.create(
              businessLineOf(request).id,
              { name: request.body.name, settings: request.body.settings ?? {} },
              actorOf(request),
            ),
          ),
    );

    app.get(
      '/scenes',
      {
        schema: {
          summary: 'Signing scenes',
          tags: ['signing'],
          security: APP_SECURITY,
          response: { 200: SCENE_LIST_SCHEMA },
        },
      },
      async (request): Promise<{ items: SceneWire[] }> => ({
        items: await s.scenes.list(businessLineOf(request).id),
      }),
    );

    app.get<{ Params: { id: string } }>(
      '/scenes/:id',
      {
        schema: {
          summary: 'A signing scene',
          tags: ['signing'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: SCENE_SCHEMA },
        },
      },
      async (request): Promise<SceneWire> => s.scenes.get(businessLineOf(request).id, request.params.id),
    );

    app.patch<{ Params: { id: string }; Body: SceneChangeBody }>(
      '/scenes/:id',
      {
        schema: {
          summary: 'Change a signing scene (settings are replaced as a whole)',
          tags: ['signing'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          body: SCENE_CHANGE_BODY,
          response: { 200: SCENE_SCHEMA },
        },
      },
      async (request): Promise<SceneWire> =>
        s.scenes.update(businessLineOf(request).id, request.params.id, request.body, actorOf(request)),
    );

    app.post<{ Body: AuthorizationBody }>(
      '/authorizations',
      {
        schema: {
          summary: 'Record an organization’s authorization (委托签约: automatic signing or a person)',
          description:
            'The authorization letter (授权委托书) is rendered and signed with the organization’s certificate and seal ' +
            'before the authorization is recorded; download it from /authorizations/{id}/letter.pdf.',
          tags: ['signing'],
          security: APP_SECURITY,
          headers: IDEMPOTENCY_HEADERS,
          body: AUTHORIZATION_BODY,
          response: { 201: AUTHORIZATION_SCHEMA },
        },
      },
      async (request, reply) =>
        idempotent(deps.idempotency, request, reply, async () => ({
          status: 201,
          body: (await s.authorizations.create(
            businessLineOf(request).id,
            request.body,
            actorOf(request),
          )) satisfies AuthorizationWire,
        })),
    );

    app.get<{ Querystring: AuthorizationListQuery }>(
      '/authorizations',
      {
        schema: {
          summary: 'Authorizations for automatic signing',
          tags: ['signing'],
          security: APP_SECURITY,
          querystring: AUTHORIZATION_LIST_QUERY,
          response: { 200: AUTHORIZATION_LIST_SCHEMA },
        },
      },
      async (request): Promise<AuthorizationListWire> => {
        const { subjectIdType, subjectId } = request.query;
        const subject = subjectIdType && subjectId ? { idType: subjectIdType, id: subjectId } : undefined;
        return { items: await s.authorizations.list(businessLineOf(request).id, subject) };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/authorizations/:id',
      {
        schema: {
          summary: 'An authorization',
          tags: ['signing'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          response: { 200: AUTHORIZATION_SCHEMA },
        },
      },
      async (request): Promise<AuthorizationWire> =>
        s.authorizations.get(businessLineOf(request).id, request.params.id),
    );

    app.get<{ Params: { id: string } }>(
      '/authorizations/:id/letter.pdf',
      {
        schema: {
          summary: 'The signed authorization letter (授权委托书, PDF; kept after revocation)',
          tags: ['signing'],
          security: APP_SECURITY,
          produces: ['application/pdf'],
          params: ID_PARAMS,
        },
      },
      async (request, reply) => {
        const { pdf, sha256 } = await s.authorizations.letter(businessLineOf(request).id, request.params.id);
        return reply
          .type('application/pdf')
          .header('etag', `"${sha256}"`)
          .header('cache-control', 'private, no-cache')
          .header('content-disposition', `attachment; filename="authorization-${request.params.id}.pdf"`)
          .send(pdf);
      },
    );

    app.post<{ Params: { id: string }; Body: RevokeAuthorizationBody }>(
      '/authorizations/:id/revoke',
      {
        schema: {
          summary: 'Revoke an authorization',
          tags: ['signing'],
          security: APP_SECURITY,
          params: ID_PARAMS,
          body: REVOKE_AUTHORIZATION_BODY,
          response: { 200: AUTHORIZATION_SCHEMA },
        },
      },
      async (request): Promise<AuthorizationWire> =>
        s.authorizations.revoke(
          businessLineOf(request).id,
          request.params.id,
          request.body.reason,
          actorOf(request),
        ),
    );
  };
}
