/** JSON schemas of the templates and contracts routes (and so of the OpenAPI document). */
import { CONTRACT_STATUSES, PAGE_QUERY, SUBJECT_SCHEMA } from './wire/contracts.js';
export {
  PENDING_VERSION_SCHEMA,
  TEMPLATE_SCHEMA,
  TEMPLATE_SUMMARY_SCHEMA,
  TEMPLATE_VERSION_SCHEMA,
} from './wire/templates.js';

// The answers' schemas are the wire contract (src/http/wire): re-exported for the routes.
export {
  CONTRACT_GROUP_SCHEMA,
  CONTRACT_SCHEMA,
  CONTRACT_STATUSES,
  CREATED_CONTRACT_SCHEMA,
  listOf,
  PAGE_QUERY,
  SUBJECT_SCHEMA,
} from './wire/contracts.js';
const ID = { type: 'string', minLength: 1, maxLength: 64 } as const;
// Query strings are not coerced (the server's ajv has coerceTypes: false): numbers arrive as digits.
const MS = { type: 'string', pattern: '^[0-9]{1,16}$' } as const;
export const DIGITS = (max: number) => ({ type: 'string', pattern: `^[0-9]{1,${max}}$` }) as const;

export const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: ID } } as const;
export const DOC_PARAMS = {
  type: 'object',
  required: ['id', 'docId'],
  properties: { id: ID, docId: ID },
} as const;

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
    deadline: { type: ['integer', 'null'], minimum: 0, maximum: 253402300799999 },
  },
} as const;

export const CREATE_CONTRACT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'signers'],
  properties: {
    templateId: ID,
    title: { type: 'string', minLength: 1, maxLength: 200 },
    data: DATA,
    signers: { type: 'array', maxItems: 50, items: SIGNER_INPUT },
    groupId: { type: ['string', 'null'], maxLength: 64 },
    // Milliseconds; the maximum (9999-12-31T23:59:59.999Z) keeps it within PostgreSQL's bigint.
    expiresAt: { type: ['integer', 'null'], minimum: 0, maximum: 253402300799999 },
    documents: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['templateId', 'data'],
        properties: { templateId: ID, data: DATA },
      },
    },
  },
} as const;

export const CONTRACT_LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY,
    status: { type: 'string', enum: CONTRACT_STATUSES },
    signerId: { type: 'string', maxLength: 128 },
    templateId: ID,
    groupId: ID,
    createdFrom: MS,
    createdTo: MS,
  },
} as const;

/** Filters of an audit log search (newest first, cursor-paginated). */
export const AUDIT_LOG_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY,
    actor: { type: 'string', maxLength: 128 },
    target: { type: 'string', maxLength: 128 },
    /** An action or its prefix: `contract.` finds every contract event. */
    action: { type: 'string', maxLength: 64 },
  },
} as const;

export interface AuditLogQuery {
  cursor?: string;
  limit?: string;
  actor?: string;
  target?: string;
  action?: string;
}
