/**
 * Answers and JSON requests of the seals routes (wire contract: the routes validate and serialise
 * by these schemas; the console (web/console/src/wire.ts) and the installable client (src/client)
 * are typed from them). `required` lists what src/seals/service.ts SealView always sets.
 */
import { itemsOf, SUBJECT_IDENTITY } from './contracts.js';
import type { FromSchema } from './from-schema.js';

/** Whose seal it is: the subject shape contracts use, without contact details. */
export const SEAL_SUBJECT_WIRE_SCHEMA = SUBJECT_IDENTITY;

export const SEAL_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'subject',
    'kind',
    'widthMm',
    'heightMm',
    'status',
    'replaces',
    'replacedBy',
    'disabledAt',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string' },
    subject: SEAL_SUBJECT_WIRE_SCHEMA,
    kind: { type: 'string', enum: ['round', 'square', 'uploaded', 'handwritten'] },
    widthMm: { type: 'number' },
    heightMm: { type: 'number' },
    status: { type: 'string', enum: ['active', 'disabled'] },
    replaces: { type: ['string', 'null'], description: 'the seal this one replaced' },
    replacedBy: { type: ['string', 'null'], description: 'the seal that replaced this one' },
    disabledAt: { type: ['integer', 'null'] },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

/** GET /seals */
export const SEAL_LIST_SCHEMA = itemsOf(SEAL_SCHEMA);

/** POST /seals/{id}/replace: the old seal (now disabled) and the new one. */
export const SEAL_REPLACEMENT_SCHEMA = {
  type: 'object',
  required: ['replaced', 'seal'],
  properties: { replaced: SEAL_SCHEMA, seal: SEAL_SCHEMA },
} as const;

/**
 * Whose seal it is, in a request: the subject shape contracts use, without contact details (the
 * deprecated `organisation` / `idNumber` spellings are rewritten before validation:
 * src/http/routes/seal-subject.ts).
 */
export const SEAL_SUBJECT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'idType', 'id', 'name'],
  properties: {
    kind: { type: 'string', enum: ['person', 'organization'] },
    idType: { type: 'string', minLength: 1, maxLength: 32 },
    id: { type: 'string', minLength: 1, maxLength: 64 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

/** Text options of a generated seal (round: organisation; square: person). */
export const GENERATE_OPTIONS = {
  name: { type: 'string', minLength: 1, maxLength: 40, description: "default: the subject's name" },
  purpose: { type: 'string', maxLength: 12, description: 'round: text under the star, e.g. 合同专用章' },
  number: { type: 'string', maxLength: 24, description: 'round: seal number along the lower arc' },
  diameterMm: { type: 'number', minimum: 20, maximum: 80, description: 'round: default 42' },
  twoCharLayout: { type: 'string', enum: ['yin', 'columns'], description: 'square, two characters' },
  sizeMm: { type: 'number', minimum: 8, maximum: 40, description: 'square: default 18' },
} as const;

/** POST /seals: a round (organisation) or square (person) seal. */
export const GENERATE_SEAL_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'kind'],
  properties: {
    subject: SEAL_SUBJECT_SCHEMA,
    kind: { type: 'string', enum: ['round', 'square'] },
    ...GENERATE_OPTIONS,
  },
} as const;

/**
 * POST /seals/{id}/replace as JSON: a generated seal for the same subject — the body of POST /seals
 * without `subject`, refused alike (VALIDATION_FAILED naming each problem). The route also takes
 * multipart, so it validates a JSON body by this schema itself (src/http/validate-part.ts).
 */
export const REPLACE_SEAL_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: { kind: GENERATE_SEAL_BODY.properties.kind, ...GENERATE_OPTIONS },
} as const;

/** GET /seals/preview.png: the text options of POST /seals that show in the picture. */
export const SEAL_PREVIEW_QUERY = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name'],
  properties: {
    kind: GENERATE_SEAL_BODY.properties.kind,
    name: GENERATE_OPTIONS.name,
    purpose: GENERATE_OPTIONS.purpose,
    number: GENERATE_OPTIONS.number,
    twoCharLayout: GENERATE_OPTIONS.twoCharLayout,
  },
} as const;

/**
 * The `subject` part of a multipart upload (POST /seals/upload, /seals/handwritten), validated as
 * the JSON body of POST /seals carries it: the same subject schema by the same validator, so a bad
 * subject is refused alike on both transports (VALIDATION_FAILED, the same path and problem).
 */
export const SEAL_SUBJECT_PART_SCHEMA = {
  type: 'object',
  required: ['subject'],
  properties: { subject: SEAL_SUBJECT_SCHEMA },
} as const;

export type SealSubjectInputWire = FromSchema<typeof SEAL_SUBJECT_SCHEMA>;
export type GenerateSealBody = FromSchema<typeof GENERATE_SEAL_BODY>;
export type ReplaceSealBody = FromSchema<typeof REPLACE_SEAL_BODY>;
export type SealPreviewQuery = FromSchema<typeof SEAL_PREVIEW_QUERY>;
export type SealSubjectWire = FromSchema<typeof SEAL_SUBJECT_WIRE_SCHEMA>;
export type SealWire = FromSchema<typeof SEAL_SCHEMA>;
export type SealListWire = FromSchema<typeof SEAL_LIST_SCHEMA>;
export type SealReplacementWire = FromSchema<typeof SEAL_REPLACEMENT_SCHEMA>;

/** GET /seals: a subject's seals (both subjectIdType and subjectId), or all, by status. */
export const SEAL_LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subjectIdType: { type: 'string', maxLength: 32 },
    subjectId: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: ['active', 'disabled'] },
  },
} as const;

export type SealListQuery = FromSchema<typeof SEAL_LIST_QUERY>;
