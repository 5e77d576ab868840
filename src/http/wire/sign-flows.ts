/**
 * The business line's side of signing on the wire: signing links (one signer, or one subject
 * across contracts: 组合签), automatic signing and reminders (wire contract: the routes validate
 * and serialise by these schemas; the installable client (src/client) is typed from them).
 */
import { CONTRACT_STATUSES, ID_INPUT as ID, SUBJECT_KEY_SCHEMA } from './contracts.js';
import type { FromSchema } from './from-schema.js';

/** Which page a link opens and how (README "Sign flows"). */
export const LINK_OPTIONS = {
  client: { type: 'string', enum: ['pc', 'h5', 'all'] },
  mode: { type: 'string', enum: ['normal', 'headless'] },
  redirectUrl: { type: 'string', maxLength: 2000 },
  /** Seconds, 60–604800 (default 1800). */
  expiresIn: { type: 'integer', minimum: 60, maximum: 604800 },
  sceneId: ID,
} as const;

/** POST /contracts/{id}/sign-url */
export const SIGN_URL_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['signerId'],
  properties: { signerId: ID, ...LINK_OPTIONS },
} as const;

/** POST /sign-urls: every contract among `contractIds` that `subject` signs. */
export const COMBINED_SIGN_URL_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'contractIds'],
  properties: {
    subject: SUBJECT_KEY_SCHEMA,
    contractIds: { type: 'array', minItems: 1, maxItems: 100, items: ID },
    ...LINK_OPTIONS,
  },
} as const;

/** POST /contracts/{id}/signers/{signerId}/auto-sign */
export const AUTO_SIGN_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { sealId: ID },
} as const;

/** POST /contracts/{id}/remind: the signers whose turn it is, or these of them. */
export const REMIND_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { signerIds: { type: 'array', minItems: 1, maxItems: 50, items: ID } },
} as const;

/**
 * The answer of POST /contracts/{id}/remind: what became of each signer asked about, in signing
 * order (src/contracts/reminders.ts). `channel` only when the reminder was sent; `required` lists
 * the two leading fields only, so the serialiser keeps the order the service writes.
 */
export const REMIND_RESULTS_SCHEMA = {
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['signerId', 'status'],
        properties: {
          signerId: { type: 'string' },
          status: {
            type: 'string',
            enum: ['sent', 'too_soon', 'no_contact', 'not_active'],
            description: 'too_soon: reminded within the last 10 minutes; not_active: not their turn',
          },
          channel: { type: 'string', enum: ['sms', 'email'] },
        },
      },
    },
  },
} as const;

/** The answer of an automatic signature (src/contracts/auto-sign.ts). */
export const SIGN_OUTCOME_SCHEMA = {
  type: 'object',
  required: ['contractId', 'signerId', 'signerStatus', 'contractStatus', 'signatures', 'authorizationId'],
  properties: {
    contractId: { type: 'string' },
    signerId: { type: 'string' },
    signerStatus: { type: 'string', enum: ['signed'] },
    contractStatus: { type: 'string', enum: CONTRACT_STATUSES },
    signatures: { type: 'integer' },
    authorizationId: { type: 'string', description: 'the authorization it signed under' },
  },
} as const;

export type LinkOptionsWire = FromSchema<{ type: 'object'; properties: typeof LINK_OPTIONS }>;
export type SignUrlBody = FromSchema<typeof SIGN_URL_BODY>;
export type CombinedSignUrlBody = FromSchema<typeof COMBINED_SIGN_URL_BODY>;
export type AutoSignBody = FromSchema<typeof AUTO_SIGN_BODY>;
export type RemindBody = FromSchema<typeof REMIND_BODY>;
export type RemindResultsWire = FromSchema<typeof REMIND_RESULTS_SCHEMA>;
export type ReminderResultWire = RemindResultsWire['results'][number];
export type SignOutcomeWire = FromSchema<typeof SIGN_OUTCOME_SCHEMA>;
