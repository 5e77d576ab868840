/**
 * Authorizations for delegated signing (委托签约) on the wire: the request that records one and the
 * authorization the routes answer with (wire contract: the routes validate and serialise by these
 * schemas; the console (web/console/src/wire.ts) and the installable client (src/client) are typed
 * from them). `required` lists what src/contracts/authorizations.ts `view` always sets.
 */
import { ID_INPUT as ID, itemsOf, MS_INPUT as MS, SUBJECT_SCHEMA, SUBJECT_WIRE_SCHEMA } from './contracts.js';
import type { FromSchema } from './from-schema.js';

/** Whom an organisation authorises: the platform (automatic signing) or a person (经办人). */
export const DELEGATE_SCHEMA = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: { kind: { const: 'platform' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'subject'],
      properties: { kind: { const: 'person' }, subject: SUBJECT_SCHEMA },
    },
  ],
} as const;

/** POST /authorizations */
export const AUTHORIZATION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'validTo'],
  properties: {
    subject: SUBJECT_SCHEMA,
    delegate: DELEGATE_SCHEMA,
    templateIds: { type: ['array', 'null'], maxItems: 200, items: ID },
    validFrom: MS,
    validTo: MS,
  },
} as const;

/** GET /authorizations: one organisation's (both given) or all. */
export const AUTHORIZATION_LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subjectIdType: { type: 'string', maxLength: 64 },
    subjectId: { type: 'string', maxLength: 128 },
  },
} as const;

/** POST /authorizations/{id}/revoke */
export const REVOKE_AUTHORIZATION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
} as const;

/**
 * The delegate as answered: a person's ID-card number and contacts masked. The platform comes
 * first: a person delegate has a subject, so it is serialised by the second.
 */
const DELEGATE_WIRE_SCHEMA = {
  anyOf: [
    { type: 'object', required: ['kind'], properties: { kind: { type: 'string', const: 'platform' } } },
    {
      type: 'object',
      required: ['kind', 'subject'],
      properties: { kind: { type: 'string', const: 'person' }, subject: SUBJECT_WIRE_SCHEMA },
    },
  ],
} as const;

export const AUTHORIZATION_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'subject',
    'templateIds',
    'validFrom',
    'validTo',
    'delegate',
    'status',
    'revokeReason',
    'revokedAt',
    'letter',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string' },
    subject: SUBJECT_WIRE_SCHEMA,
    templateIds: { type: ['array', 'null'], items: { type: 'string' } },
    validFrom: { type: 'integer' },
    validTo: { type: 'integer' },
    delegate: DELEGATE_WIRE_SCHEMA,
    status: { type: 'string', enum: ['active', 'revoked'] },
    revokeReason: { type: ['string', 'null'] },
    revokedAt: { type: ['integer', 'null'] },
    letter: {
      type: ['object', 'null'],
      description: 'the signed authorization letter (授权委托书); null for one recorded before letters',
      required: ['sha256', 'certificateSerial'],
      properties: { sha256: { type: 'string' }, certificateSerial: { type: 'string' } },
    },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

export const AUTHORIZATION_LIST_SCHEMA = itemsOf(AUTHORIZATION_SCHEMA);

export type DelegateInputWire = FromSchema<typeof DELEGATE_SCHEMA>;
export type AuthorizationBody = FromSchema<typeof AUTHORIZATION_BODY>;
export type AuthorizationListQuery = FromSchema<typeof AUTHORIZATION_LIST_QUERY>;
export type RevokeAuthorizationBody = FromSchema<typeof REVOKE_AUTHORIZATION_BODY>;
export type AuthorizationWire = FromSchema<typeof AUTHORIZATION_SCHEMA>;
export type AuthorizationListWire = FromSchema<typeof AUTHORIZATION_LIST_SCHEMA>;
