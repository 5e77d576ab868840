/**
 * Real-name verification (实名认证) on the wire: the requests the routes validate and the record
 * they answer with (wire contract: the routes validate and serialise by these schemas; the console
 * (web/console/src/wire.ts) and the installable client (src/client) are typed from them).
 * `required` lists what src/identity/real-name/service.ts `view` always sets; ID numbers and phones
 * only ever travel masked in answers.
 */
import type { AlwaysSet, FromSchema } from './from-schema.js';
import type { QueryOf } from './query.js';
import { listOf, PAGE_QUERY, SUBJECT_IDENTITY, SUBJECT_KEY_SCHEMA, type ListWire } from './contracts.js';

/** The subject as a business line's signers name it (the idType and id of a contract signer). */
export const REAL_NAME_SUBJECT_SCHEMA = {
  ...SUBJECT_KEY_SCHEMA,
  description: 'The subject as your signers name it (the same idType and id as in a contract signer)',
} as const;

const NAME = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
export const REAL_NAME_STATUSES = ['pending', 'verified', 'failed', 'rejected'] as const;
const STATUS = { type: 'string', enum: REAL_NAME_STATUSES } as const;
const KIND = SUBJECT_IDENTITY.properties.kind;

/** POST /real-name/persons: name, resident ID number and phone (3-factor). */
export const PERSON_VERIFICATION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'name', 'idNumber', 'mobile'],
  properties: {
    subject: REAL_NAME_SUBJECT_SCHEMA,
    name: NAME,
    idNumber: { type: 'string', maxLength: 32 },
    mobile: { type: 'string', pattern: '^(\\+?86)?1[3-9][0-9]{9}$' },
  },
} as const;

/** POST /real-name/organizations: name, unified social credit code and legal representative. */
export const ORGANIZATION_VERIFICATION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'name', 'creditCode', 'legalRepresentative'],
  properties: {
    subject: REAL_NAME_SUBJECT_SCHEMA,
    name: { ...NAME, maxLength: 200 },
    creditCode: { type: 'string', maxLength: 32 },
    legalRepresentative: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { name: NAME },
    },
  },
} as const;

/** GET /real-name: filters (a subject is named by both idType and id). */
export const REAL_NAME_LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY,
    idType: REAL_NAME_SUBJECT_SCHEMA.properties.idType,
    id: REAL_NAME_SUBJECT_SCHEMA.properties.id,
    status: STATUS,
    kind: KIND,
  },
} as const;

/** POST /real-name/lookup: one ID number or credit code, in the body (never in a URL). */
export const REAL_NAME_LOOKUP_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY,
    idNumber: { type: 'string', minLength: 1, maxLength: 32 },
    creditCode: { type: 'string', minLength: 1, maxLength: 32 },
  },
} as const;

/** The console's decisions on a pending `manual` verification. */
export const REAL_NAME_APPROVE_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { note: { type: 'string', maxLength: 500 } },
} as const;

export const REAL_NAME_REJECT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S' } },
} as const;

/**
 * Set on every record after the optional masked factors (idNumber … legalRepresentative): typed as
 * always set (AlwaysSet) rather than `required`, which would serialise them ahead of those factors.
 */
type AlwaysSetKeys =
  | 'provider'
  | 'method'
  | 'status'
  | 'reason'
  | 'providerReference'
  | 'decidedBy'
  | 'decidedAt'
  | 'expiresAt'
  | 'expired'
  | 'createdAt'
  | 'updatedAt';

export const REAL_NAME_SCHEMA = {
  type: 'object',
  required: ['id', 'kind', 'subject', 'name'],
  properties: {
    id: { type: 'string' },
    kind: KIND,
    subject: {
      type: 'object',
      required: ['idType', 'id'],
      properties: { idType: { type: 'string' }, id: { type: 'string' } },
    },
    name: { type: 'string' },
    idNumber: { type: 'string', description: 'people: masked, e.g. 110***********1234' },
    creditCode: { type: 'string', description: 'organizations: public, shown whole' },
    mobile: { type: 'string', description: 'masked, e.g. 138****5678' },
    legalRepresentative: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    provider: { type: 'string', enum: ['manual', 'http'] },
    method: { type: 'string' },
    status: STATUS,
    reason: { type: ['string', 'null'] },
    providerReference: { type: ['string', 'null'] },
    decidedBy: { type: ['string', 'null'] },
    decidedAt: { type: ['integer', 'null'] },
    expiresAt: { type: ['integer', 'null'] },
    expired: { type: 'boolean', description: 'verified, but past its expiry: verify again' },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

export const REAL_NAME_LIST_SCHEMA = listOf(REAL_NAME_SCHEMA);

export type RealNameSubjectWire = FromSchema<typeof REAL_NAME_SUBJECT_SCHEMA>;
export type PersonVerificationBody = FromSchema<typeof PERSON_VERIFICATION_BODY>;
export type OrganizationVerificationBody = FromSchema<typeof ORGANIZATION_VERIFICATION_BODY>;
/** GET /real-name as the route reads it (strings) and as a caller may send it (limit a number or digits). */
export type RealNameListQueryWire = FromSchema<typeof REAL_NAME_LIST_QUERY>;
export type RealNameListQuery = QueryOf<typeof REAL_NAME_LIST_QUERY>;
export type RealNameLookupBody = FromSchema<typeof REAL_NAME_LOOKUP_BODY>;
export type RealNameApproveBody = FromSchema<typeof REAL_NAME_APPROVE_BODY>;
export type RealNameRejectBody = FromSchema<typeof REAL_NAME_REJECT_BODY>;
export type RealNameWire = AlwaysSet<FromSchema<typeof REAL_NAME_SCHEMA>, AlwaysSetKeys>;
export type RealNameStatusWire = RealNameWire['status'];
export type RealNameListWire = ListWire<RealNameWire>;
