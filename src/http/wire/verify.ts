/**
 * The answer of POST /api/v1/verify (and /admin/api/lines/:appId/verify): the verification report
 * of src/signing/verify as it goes over the wire. The route validates and serialises by this
 * schema; the console's verify page is typed from it (web/console/src/wire.ts).
 */
import type { FromSchema } from './from-schema.js';

const CERT_SUMMARY = {
  type: 'object',
  required: ['subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter'],
  properties: {
    subject: { type: 'string' },
    issuer: { type: 'string' },
    serialNumber: { type: 'string' },
    notBefore: { type: 'string' },
    notAfter: { type: 'string' },
  },
} as const;

const CHANGED_REGION = {
  type: 'object',
  required: ['page', 'left', 'top', 'width', 'height', 'change', 'what', 'allowed'],
  properties: {
    page: { type: 'integer', minimum: 1 },
    left: { type: 'number' },
    top: { type: 'number' },
    width: { type: 'number' },
    height: { type: 'number' },
    change: { type: 'string', enum: ['added', 'changed', 'removed'] },
    what: { type: 'string', enum: ['signature', 'annotation', 'text', 'content', 'page'] },
    allowed: { type: 'boolean', description: "a later signature's widget, not a modification" },
    detail: { type: 'string', description: 'the annotation subtype, or the text added or removed' },
  },
} as const;

const SIGNATURE_REPORT = {
  type: 'object',
  required: [
    'fieldNames',
    'kind',
    'chain',
    'trusted',
    'integrity',
    'revisionLength',
    'coversWholeDocument',
    'modifiedAfterSigning',
    'changesAfter',
    'regionsAfter',
    'valid',
  ],
  properties: {
    fieldNames: { type: 'array', items: { type: 'string' } },
    kind: { type: 'string', enum: ['signature', 'document-timestamp'] },
    subFilter: { type: 'string' },
    signer: CERT_SUMMARY,
    chain: { type: 'array', items: CERT_SUMMARY },
    trusted: { type: 'boolean' },
    trustProblem: { type: 'string' },
    revocation: { type: 'string', enum: ['good', 'revoked', 'unknown'] },
    integrity: {
      type: 'object',
      required: ['valid', 'byteRange', 'problems'],
      properties: {
        valid: { type: 'boolean' },
        byteRange: { type: ['array', 'null'], items: { type: 'integer' } },
        problems: { type: 'array', items: { type: 'string' } },
      },
    },
    revisionLength: { type: 'integer' },
    coversWholeDocument: { type: 'boolean' },
    timestamp: {
      type: 'object',
      required: ['time', 'valid', 'trusted', 'problems'],
      properties: {
        time: { type: 'string' },
        valid: { type: 'boolean' },
        trusted: { type: 'boolean' },
        tsa: { type: 'string' },
        problems: { type: 'array', items: { type: 'string' } },
      },
    },
    certification: {
      type: 'object',
      required: ['permissions'],
      properties: { permissions: { type: 'integer' } },
    },
    signingTime: { type: 'string' },
    reason: { type: 'string' },
    location: { type: 'string' },
    name: { type: 'string' },
    modifiedAfterSigning: { type: 'boolean' },
    changesAfter: {
      type: 'object',
      required: ['allowed', 'disallowed'],
      properties: {
        allowed: { type: 'array', items: { type: 'string' } },
        disallowed: { type: 'array', items: { type: 'string' } },
      },
    },
    regionsAfter: {
      type: 'array',
      description:
        'Where on the pages later revisions changed things: boxes in points from the top-left corner of the page as displayed (crop box, /Rotate applied), as `POST /verify/preview.png` draws it',
      items: CHANGED_REGION,
    },
    valid: { type: 'boolean' },
  },
} as const;

export const VERIFICATION_REPORT_SCHEMA = {
  type: 'object',
  required: ['verdict', 'valid', 'fileLength', 'pages', 'signatures'],
  properties: {
    verdict: {
      type: 'string',
      enum: ['valid', 'invalid'],
      description:
        'valid: every signature intact, trusted, timestamped and nothing disallowed changed after it',
    },
    valid: { type: 'boolean' },
    fileLength: { type: 'integer' },
    pages: {
      type: 'array',
      description: 'each page as its picture shows it (crop box, /Rotate applied), in points',
      items: {
        type: 'object',
        required: ['width', 'height'],
        properties: { width: { type: 'number' }, height: { type: 'number' } },
      },
    },
    problems: {
      type: 'array',
      items: { type: 'string' },
      description: 'why the document as a whole is not valid beyond its signatures',
    },
    signatures: { type: 'array', items: SIGNATURE_REPORT },
    dss: {
      type: 'object',
      required: ['certificates', 'crls', 'ocsps'],
      properties: {
        certificates: { type: 'integer' },
        crls: { type: 'integer' },
        ocsps: { type: 'integer' },
      },
    },
  },
} as const;

export type VerificationReportWire = FromSchema<typeof VERIFICATION_REPORT_SCHEMA>;
export type SignatureReportWire = VerificationReportWire['signatures'][number];
export type ChangedRegionWire = SignatureReportWire['regionsAfter'][number];
export type CertificateSummaryWire = FromSchema<typeof CERT_SUMMARY>;
