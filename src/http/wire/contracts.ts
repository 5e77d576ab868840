/**
 * Answers and requests of the contracts routes (wire contract: the routes validate and serialise by
 * these schemas; the console (web/console/src/wire.ts) and the installable client (src/client) are
 * typed from them). `required` lists what src/contracts/view.ts always sets: a missing one fails
 * serialisation instead of reaching a caller as `undefined`.
 */
import type { FromSchema } from './from-schema.js';
import { DIGITS, type QueryOf } from './query.js';

export const CONTRACT_STATUSES = ['pending_signing', 'completed', 'rejected', 'revoked', 'expired'] as const;

/** The query of a cursor-paginated list (digits: query strings are not coerced, src/http/wire/query.ts). */
export const PAGE_QUERY = {
  cursor: { type: 'string', maxLength: 200 },
  /** 1–200, default 50. */
  limit: DIGITS(3),
} as const;

/** `{ items }` of a whole list (no paging). */
export const itemsOf = <const T>(item: T) =>
  ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: item } } }) as const;

/** `{ items, nextCursor }` of a cursor-paginated list. */
export const listOf = <const T>(item: T) =>
  ({
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
  }) as const;

/**
 * The answers `itemsOf` and `listOf` describe, with items of type `T`: for an item typed beyond
 * its schema (AlwaysSet), and for handlers and the client, which name the item type they hold.
 */
export type ItemsWire<T> = { items: T[] };
export type ListWire<T> = ItemsWire<T> & Omit<FromSchema<ReturnType<typeof listOf>>, 'items'>;

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
 * A subject named by its key alone, in a request: the idType and id of a contract signer, with its
 * bounds (real-name verifications, combined signing links).
 */
export const SUBJECT_KEY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['idType', 'id'],
  properties: { idType: SUBJECT_SCHEMA.properties.idType, id: SUBJECT_SCHEMA.properties.id },
} as const;

/**
 * Who a subject is, in every answer that names one (signers, seals, authorizations, delegators):
 * one shape, one spelling.
 */
export const SUBJECT_IDENTITY = {
  type: 'object',
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

// ── requests ────────────────────────────────────────────────────────────────────────────────

/** The id of a record in a request (a template, a contract, a signer, a scene, a seal …). */
export const ID_INPUT = { type: 'string', minLength: 1, maxLength: 64 } as const;
/** Milliseconds; the maximum (9999-12-31T23:59:59.999Z) keeps it within PostgreSQL's bigint. */
export const MS_INPUT = { type: 'integer', minimum: 0, maximum: 253402300799999 } as const;
const MS_OR_NULL = { ...MS_INPUT, type: ['integer', 'null'] } as const;
const DATA = { type: 'object', additionalProperties: true } as const;

const POINTS = { type: 'number', minimum: -100000, maximum: 100000 } as const;
const SIZE = { type: 'number', exclusiveMinimum: 0, maximum: 10000 } as const;

/** A per-contract sign field: page coordinates or a keyword anchor, in one document. */
export const SIGN_FIELD_INPUT = {
  type: 'object',
  additionalProperties: false,
  required: ['width', 'height'],
  properties: {
    document: { type: 'integer', minimum: 0, maximum: 49 },
    page: { type: 'integer', minimum: 1, maximum: 100000 },
    x: POINTS,
    y: POINTS,
    origin: { type: 'string', enum: ['bottom-left', 'top-left'] },
    keyword: { type: 'string', minLength: 1, maxLength: 100 },
    occurrence: { type: 'integer', minimum: 1, maximum: 1000 },
    offsetX: POINTS,
    offsetY: POINTS,
    width: SIZE,
    height: SIZE,
    crossPage: { type: 'boolean' },
  },
  oneOf: [{ required: ['page', 'x', 'y'] }, { required: ['keyword'] }],
} as const;

export const SIGNER_INPUT = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'subject'],
  properties: {
    role: { type: 'string', minLength: 1, maxLength: 64 },
    subject: SUBJECT_SCHEMA,
    signOrder: { type: 'integer', minimum: 1, maximum: 100 },
    method: { type: 'string', enum: ['esign', 'clickwrap'] },
    intent: { type: 'array', maxItems: 2, items: { type: 'string', enum: ['sms', 'email'] } },
    forcedReading: {
      type: 'object',
      additionalProperties: false,
      properties: {
        seconds: { type: 'integer', minimum: 0, maximum: 600 },
        toLastPage: { type: 'boolean' },
      },
    },
    sealKinds: {
      type: 'array',
      minItems: 1,
      maxItems: 4,
      items: { type: 'string', enum: ['round', 'square', 'uploaded', 'handwritten'] },
    },
    signFields: { type: 'array', maxItems: 50, items: SIGN_FIELD_INPUT },
    deadline: MS_OR_NULL,
  },
} as const;

export const CREATE_CONTRACT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'signers'],
  properties: {
    templateId: ID_INPUT,
    title: { type: 'string', minLength: 1, maxLength: 200 },
    data: DATA,
    signers: { type: 'array', maxItems: 50, items: SIGNER_INPUT },
    groupId: { type: ['string', 'null'], maxLength: 64 },
    expiresAt: MS_OR_NULL,
    documents: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['templateId', 'data'],
        properties: { templateId: ID_INPUT, data: DATA },
      },
    },
  },
} as const;

/** POST /contracts/{id}/revoke */
export const REVOKE_CONTRACT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
} as const;

/** POST /contract-groups */
export const CONTRACT_GROUP_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** POST /contract-groups/{id}/contracts: all or none. */
export const ADD_TO_CONTRACT_GROUP_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['contractIds'],
  properties: {
    contractIds: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', maxLength: 64 } },
  },
} as const;

export type SignFieldInputWire = FromSchema<typeof SIGN_FIELD_INPUT>;
export type SignerInputWire = FromSchema<typeof SIGNER_INPUT>;
export type CreateContractBody = FromSchema<typeof CREATE_CONTRACT_BODY>;
export type RevokeContractBody = FromSchema<typeof REVOKE_CONTRACT_BODY>;
export type ContractGroupBody = FromSchema<typeof CONTRACT_GROUP_BODY>;
export type AddToContractGroupBody = FromSchema<typeof ADD_TO_CONTRACT_GROUP_BODY>;

/** GET /contracts: filters (createdFrom/createdTo: milliseconds since the epoch) and a page. */
export const CONTRACT_LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY,
    status: { type: 'string', enum: CONTRACT_STATUSES },
    signerId: { type: 'string', maxLength: 128 },
    templateId: ID_INPUT,
    groupId: ID_INPUT,
    createdFrom: DIGITS(16),
    createdTo: DIGITS(16),
  },
} as const;

/** GET …/documents/{docId}/preview.png (and the template's): page from 1, width in pixels. */
export const PREVIEW_PNG_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { page: DIGITS(4), width: DIGITS(4) },
} as const;

/** GET …/documents/{docId}/preview.html */
export const DOCUMENT_PREVIEW_HTML_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { theme: { type: 'string', enum: ['light', 'dark'] } },
} as const;

/** As the route reads them (strings) and as a caller may send them (numbers or digits). */
export type ContractListQueryWire = FromSchema<typeof CONTRACT_LIST_QUERY>;
export type ContractListQuery = QueryOf<typeof CONTRACT_LIST_QUERY>;
export type PreviewPngQueryWire = FromSchema<typeof PREVIEW_PNG_QUERY>;
export type PreviewPngQuery = QueryOf<typeof PREVIEW_PNG_QUERY>;
export type DocumentPreviewHtmlQuery = FromSchema<typeof DOCUMENT_PREVIEW_HTML_QUERY>;
