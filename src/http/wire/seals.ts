/**
 * Answers of the seals routes (wire contract: the routes serialise by these schemas; the console
 * (web/console/src/wire.ts) and the installable client (src/client) are typed from them).
 * `required` lists what src/seals/service.ts SealView always sets.
 */
import { SUBJECT_IDENTITY } from './contracts.js';
import type { FromSchema } from './from-schema.js';

/** Whose seal it is: the subject shape contracts use, without contact details. */
export const SEAL_SUBJECT_WIRE_SCHEMA = { type: 'object', ...SUBJECT_IDENTITY } as const;

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

/** POST /seals/{id}/replace: the old seal (now disabled) and the new one. */
export const SEAL_REPLACEMENT_SCHEMA = {
  type: 'object',
  required: ['replaced', 'seal'],
  properties: { replaced: SEAL_SCHEMA, seal: SEAL_SCHEMA },
} as const;

export type SealSubjectWire = FromSchema<typeof SEAL_SUBJECT_WIRE_SCHEMA>;
export type SealWire = FromSchema<typeof SEAL_SCHEMA>;
export type SealReplacementWire = FromSchema<typeof SEAL_REPLACEMENT_SCHEMA>;
