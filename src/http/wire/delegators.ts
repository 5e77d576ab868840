/**
 * Delegators (委托方) on the wire: the organisations holding authorizations, one row each (wire
 * contract: the route serialises by this schema; the console's delegators page
 * (web/console/src/wire.ts) is typed from it). `required` lists what
 * src/store/repositories/delegators.ts always sets.
 */
import { listOf, PAGE_QUERY, SUBJECT_IDENTITY } from './contracts.js';
import type { FromSchema } from './from-schema.js';
import { REAL_NAME_STATUSES } from './real-name.js';

export const DELEGATOR_LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: PAGE_QUERY,
} as const;

export const DELEGATOR_SCHEMA = {
  type: 'object',
  required: ['subject', 'authorizations', 'lastAuthorizedAt', 'lastUsedAt', 'activeSeals', 'realName'],
  properties: {
    subject: { ...SUBJECT_IDENTITY, description: 'as its newest authorization names it' },
    authorizations: {
      type: 'object',
      description: 'active: not revoked and not lapsed',
      required: ['active', 'total'],
      properties: { active: { type: 'integer' }, total: { type: 'integer' } },
    },
    lastAuthorizedAt: { type: 'integer', description: "its newest authorization's creation: the order" },
    lastUsedAt: { type: ['integer', 'null'], description: 'its last automatic or delegated signature' },
    activeSeals: { type: 'integer' },
    realName: {
      type: ['object', 'null'],
      description: 'its newest real-name verification',
      required: ['status', 'updatedAt'],
      properties: {
        status: { type: 'string', enum: REAL_NAME_STATUSES },
        updatedAt: { type: 'integer' },
      },
    },
  },
} as const;

export const DELEGATOR_LIST_SCHEMA = listOf(DELEGATOR_SCHEMA);

export type DelegatorListQuery = FromSchema<typeof DELEGATOR_LIST_QUERY>;
export type DelegatorWire = FromSchema<typeof DELEGATOR_SCHEMA>;
export type DelegatorListWire = FromSchema<typeof DELEGATOR_LIST_SCHEMA>;
