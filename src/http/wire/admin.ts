/**
 * Answers shared by the admin and line routes: business lines, admin accounts and audit events
 * (wire contract: the routes serialise by these schemas; the console (web/console/src/wire.ts) is
 * typed from them, and the client's business line and audit events). `required` lists what the repositories always set.
 */
import type { FromSchema } from './from-schema.js';

export const BUSINESS_LINE_SCHEMA = {
  type: 'object',
  required: ['id', 'appId', 'name', 'status', 'autoApprove', 'settings', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    appId: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string', enum: ['active', 'disabled'] },
    autoApprove: { type: 'boolean' },
    settings: { type: 'object', additionalProperties: true },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

export const AUDIT_EVENT_SCHEMA = {
  type: 'object',
  required: ['id', 'actor', 'action', 'target', 'requestId', 'ip', 'details', 'at'],
  properties: {
    id: { type: 'integer' },
    actor: { type: 'string', description: '`admin:<accountId>`, `app:<appId>`, `system`, `cli`' },
    action: { type: 'string', description: 'dotted verb, e.g. `contract.revoked`' },
    target: { type: 'string' },
    requestId: { type: ['string', 'null'] },
    ip: { type: ['string', 'null'] },
    details: { type: 'object', additionalProperties: true },
    at: { type: 'integer' },
  },
} as const;

/** An audit event of the platform-wide search, with the business line it belongs to. */
export const LINE_AUDIT_EVENT_SCHEMA = {
  ...AUDIT_EVENT_SCHEMA,
  properties: {
    ...AUDIT_EVENT_SCHEMA.properties,
    businessLineId: { type: ['string', 'null'], description: 'null: a platform event' },
  },
} as const;

export const ADMIN_ACCOUNT_SCHEMA = {
  type: 'object',
  required: ['id', 'username', 'role', 'status', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'operator', 'legal'] },
    status: { type: 'string', enum: ['active', 'disabled'] },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

export type BusinessLineWire = FromSchema<typeof BUSINESS_LINE_SCHEMA>;
/** An audit event as the line routes answer (without its business line). */
export type LineScopedAuditEventWire = FromSchema<typeof AUDIT_EVENT_SCHEMA>;
/** An audit event of the platform-wide search (admin). */
export type AuditEventWire = FromSchema<typeof LINE_AUDIT_EVENT_SCHEMA>;
export type AdminAccountWire = FromSchema<typeof ADMIN_ACCOUNT_SCHEMA>;
export type AdminRoleWire = AdminAccountWire['role'];
