/**
 * The certificates the built-in CA issued, as the admin routes show them (/admin/api/certificates;
 * wire contract: the routes validate and serialise by these schemas, the console's certificate page
 * (web/console/src/wire.ts) is typed from them). `required` lists what
 * src/pki/store/certificate-directory.ts `list` always sets.
 */
import { listOf, PAGE_QUERY, SUBJECT_IDENTITY } from './contracts.js';
import type { FromSchema } from './from-schema.js';

/** RFC 5280 §5.3.1 reason codes (CRLReason), as a revocation records them. */
export const CRL_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
] as const;

/** What an operator may give as a reason: the RFC 5280 reasons that apply to end entities. */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
] as const;

const KINDS = { type: 'string', enum: ['event', 'long-lived'] } as const;

export const SERIAL_PARAMS = {
  type: 'object',
  required: ['serial'],
  properties: { serial: { type: 'string', pattern: '^[0-9a-fA-F]{1,64}$' } },
} as const;

/** GET /certificates: `q` a serial number (hex) or part of the subject name. */
export const CERTIFICATE_LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { q: { type: 'string', maxLength: 128 }, kind: KINDS, ...PAGE_QUERY },
} as const;

/** POST /certificates/{serial}/revoke */
export const REVOKE_CERTIFICATE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: { type: 'string', enum: REVOCATION_REASONS },
    note: { type: 'string', maxLength: 500 },
  },
} as const;

const { kind, name, idType, id } = SUBJECT_IDENTITY.properties;

export const CERTIFICATE_SCHEMA = {
  type: 'object',
  required: [
    'serial',
    'kind',
    'algorithm',
    'subject',
    'notBefore',
    'notAfter',
    'status',
    'revokedAt',
    'revocationReason',
  ],
  properties: {
    serial: { type: 'string' },
    kind: KINDS,
    algorithm: { type: 'string' },
    subject: {
      // The subject identity of every other answer; in the order the certificate names it.
      type: 'object',
      required: SUBJECT_IDENTITY.required,
      properties: {
        kind,
        name,
        idType,
        id: { ...id, description: 'ID-card numbers masked' },
        organization: { type: 'string', description: 'the organization a person acts for (O)' },
      },
    },
    notBefore: { type: 'string' },
    notAfter: { type: 'string' },
    status: { type: 'string', enum: ['valid', 'expired', 'revoked'] },
    revokedAt: { type: ['string', 'null'] },
    revocationReason: { type: ['string', 'null'], enum: [...CRL_REASONS, null] },
  },
} as const;

export const CERTIFICATE_LIST_SCHEMA = listOf(CERTIFICATE_SCHEMA);

export type CertificateListQuery = FromSchema<typeof CERTIFICATE_LIST_QUERY>;
export type RevokeCertificateBody = FromSchema<typeof REVOKE_CERTIFICATE_BODY>;
export type CertificateWire = FromSchema<typeof CERTIFICATE_SCHEMA>;
export type CertificateListWire = FromSchema<typeof CERTIFICATE_LIST_SCHEMA>;
export type RevocationReasonWire = (typeof REVOCATION_REASONS)[number];
