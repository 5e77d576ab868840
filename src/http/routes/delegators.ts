/**
 * Delegators (委托方): the organisations that delegate signing to the business line or to a
 * person, one row per organisation grouped from its authorizations (the authorizations list does
 * not group or page), with its active authorizations, active seals, newest real-name verification
 * and last use. The authorizations themselves stay under /authorizations.
 */
import type { FastifyInstance } from 'fastify';
import { DelegatorRepository } from '../../store/repositories/delegators.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { APP_SECURITY } from '../schemas.js';
import {
  DELEGATOR_LIST_QUERY,
  DELEGATOR_LIST_SCHEMA,
  type DelegatorListQuery,
  type DelegatorListWire,
} from '../wire/delegators.js';
import { pageLimit } from './query-params.js';

export function delegatorRoutes(deps: HttpDeps, options: LineRouteOptions = {}) {
  const delegators = new DelegatorRepository(deps.store.db);
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.get<{ Querystring: DelegatorListQuery }>(
      '/delegators',
      {
        schema: {
          summary: 'Delegators (委托方): organisations holding authorizations, newest authorization first',
          description:
            'One row per organisation (idType + id) of /authorizations: active (not revoked, not lapsed) ' +
            'and all authorizations, active seals, newest real-name verification, last automatic or ' +
            'delegated signature. Its authorizations: GET /authorizations?subjectIdType=&subjectId=.',
          tags: ['signing'],
          security: APP_SECURITY,
          querystring: DELEGATOR_LIST_QUERY,
          response: { 200: DELEGATOR_LIST_SCHEMA },
        },
      },
      async (request): Promise<DelegatorListWire> => {
        const q = request.query;
        return delegators.list(businessLineOf(request).id, Date.now(), {
          ...(q.cursor ? { cursor: q.cursor } : {}),
          limit: pageLimit(q.limit),
        });
      },
    );
  };
}
