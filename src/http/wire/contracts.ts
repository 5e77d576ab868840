/**
 * Answers of the contracts routes (wire contract: the routes serialise by these schemas; the
 * console (web/console/src/wire.ts) and the installable client (src/client) are typed from them).
 * `required` lists what src/contracts/view.ts always sets: a missing one fails serialisation
 * instead of reaching a caller as `undefined`.
 */
import type { FromSchema } from './from-schema.js';

export const CONTRACT_STATUSES = ['pending_signing', 'completed', 'rejected', 'revoked', 'expired'] as const;

/** The query of a cursor-paginated list (digits: query strings are not coerced). */
export const PAGE_QUERY = {
  cursor: { type: 'string', maxLength: 200 },
  /** 1–200, default 50. */
  limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
} as const;

/** `{ items, nextCursor }` of a cursor-paginated list. */
export const listOf = <const T>(item: T) =>
  ({
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
  }) as const;

export const CONTRACT_DOCUMENT_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'position',
    'kind',
    'templateVersionId',
    'sha256',
    'originalSha256',
    'revision',
    'pages',
    'createdAt',
  ],
  properties: {
    id: { type: 'string' },
    position: { type: 'integer' },
    kind: { type: 'string', enum: ['template', 'pdf'] },
    templateVersionId: { type: ['string', 'null'] },
    sha256: { type: 'string', description: 'SHA-256 of the current revision (after the latest signature)' },
    originalSha256: { type: 'string', description: 'SHA-256 of the document as created' },
    revision: { type: 'integer', description: 'incremental updates appended since creation' },
    pages: { type: 'integer' },
    createdAt: { type: 'integer' },
  },
} as const;

/** A subject in a request (contract signers, authorizations and their delegates). */
export const SUBJECT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'idType', 'id', 'name'],
  properties: {
    kind: { type: 'string', enum: ['person', 'organization'] },
    idType: { type: 'string', minLength: 1, maxLength: 64 },
    id: { type: 'string', minLength: 1, maxLength: 128 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    mobile: { type: 'string', maxLength: 32 },
    email: { type: 'string', maxLength: 254 },
  },
} as const;

/**
 * Who a subject is, in every answer that names one (signers, seals, authorizations, delegators):
 * one shape, one spelling.
 */
export const SUBJECT_IDENTITY = {
  required: ['kind', 'idType', 'id', 'name'],
  properties: {
    kind: { type: 'string', enum: ['person', 'organization'] },
    idType: { type: 'string' },
    id: { type: 'string' },
    name: { type: 'string' },
  },
} as const;

/**
 * A subject as a request gave it (signers, authorizations; SUBJECT_SCHEMA): the identity and the
 * contact details, with whatever else was stored kept whole on the way out.
 */
export const SUBJECT_WIRE_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  required: SUBJECT_IDENTITY.required,
  properties: { ...SUBJECT_IDENTITY.properties, mobile: { type: 'string' }, email: { type: 'string' } },
} as const;

export const CONTRACT_SIGNER_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'position',
    'role',
    'subject',
    'status',
    'signOrder',
    'method',
    'intent',
    'readAt',
    'signedAt',
    'rejectReason',
    'deadline',
  ],
  properties: {
    id: { type: 'string' },
    position: { type: 'integer' },
    role: { type: 'string' },
    subject: SUBJECT_WIRE_SCHEMA,
    status: { type: 'string', enum: ['waiting', 'ready', 'read', 'signed', 'rejected'] },
    signOrder: { type: 'integer' },
    method: { type: 'string', enum: ['esign', 'clickwrap'] },
    intent: { type: 'array', items: { type: 'string', enum: ['sms', 'email'] } },
    readAt: { type: ['integer', 'null'] },
    signedAt: { type: ['integer', 'null'] },
    rejectReason: { type: ['string', 'null'] },
    deadline: { type: ['integer', 'null'] },
  },
} as const;

/** One contract; `documents` and `signers` are left out of list items. */
export const CONTRACT_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'title',
    'status',
    'groupId',
    'templateId',
    'templateVersionId',
    'dataSha256',
    'expiresAt',
    'revokeReason',
    'rejectReason',
    'completedAt',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'string', enum: CONTRACT_STATUSES },
    groupId: { type: ['string', 'null'] },
    templateId: { type: ['string', 'null'] },
    templateVersionId: { type: ['string', 'null'] },
    dataSha256: { type: 'string' },
    expiresAt: { type: ['integer', 'null'] },
    revokeReason: { type: ['string', 'null'] },
    rejectReason: { type: ['string', 'null'] },
    completedAt: { type: ['integer', 'null'] },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
    documents: { type: 'array', items: CONTRACT_DOCUMENT_SCHEMA },
    signers: { type: 'array', items: CONTRACT_SIGNER_SCHEMA },
  },
} as const;

/** GET /contracts/{id} and revoke: one contract with its documents and signers. */
export const CONTRACT_DETAIL_SCHEMA = {
  ...CONTRACT_SCHEMA,
  required: [...CONTRACT_SCHEMA.required, 'documents', 'signers'],
} as const;

/** POST /contracts (201). */
export const CREATED_CONTRACT_SCHEMA = {
  type: 'object',
  required: ['id', 'status', 'documents'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: CONTRACT_STATUSES },
    documents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'sha256', 'pages'],
        properties: { id: { type: 'string' }, sha256: { type: 'string' }, pages: { type: 'integer' } },
      },
    },
  },
} as const;

export const CONTRACT_GROUP_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'createdAt'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, createdAt: { type: 'integer' } },
} as const;

export type ContractStatusWire = (typeof CONTRACT_STATUSES)[number];
export type SubjectInputWire = FromSchema<typeof SUBJECT_SCHEMA>;
export type SubjectWire = FromSchema<typeof SUBJECT_WIRE_SCHEMA>;
export type ContractDocumentWire = FromSchema<typeof CONTRACT_DOCUMENT_SCHEMA>;
export type ContractSignerWire = FromSchema<typeof CONTRACT_SIGNER_SCHEMA>;
export type ContractWire = FromSchema<typeof CONTRACT_SCHEMA>;
export type ContractDetailWire = FromSchema<typeof CONTRACT_DETAIL_SCHEMA>;
export type CreatedContractWire = FromSchema<typeof CREATED_CONTRACT_SCHEMA>;
export type ContractGroupWire = FromSchema<typeof CONTRACT_GROUP_SCHEMA>;

/** POST /contracts/{id}/sign-url and /sign-urls (201): a signing link (token in the fragment). */
export const SIGN_LINK_SCHEMA = {
  type: 'object',
  required: ['id', 'url', 'expiresAt', 'signerIds'],
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    expiresAt: { type: 'integer' },
    signerIds: { type: 'array', items: { type: 'string' } },
  },
} as const;

export type SignerStatusWire = ContractSignerWire['status'];
export type SignLinkWire = FromSchema<typeof SIGN_LINK_SCHEMA>;
