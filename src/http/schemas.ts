/** JSON schemas shared by routes (and so by the OpenAPI document). */
export const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
} as const;

export const BUSINESS_LINE_SCHEMA = {
  type: 'object',
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
  properties: {
    id: { type: 'integer' },
    actor: { type: 'string' },
    action: { type: 'string' },
    target: { type: 'string' },
    requestId: { type: ['string', 'null'] },
    ip: { type: ['string', 'null'] },
    details: { type: 'object', additionalProperties: true },
    at: { type: 'integer' },
  },
} as const;

export { TEMPLATE_GROUP_SCHEMA } from './wire/templates.js';

export const ADMIN_ACCOUNT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'operator', 'legal'] },
    status: { type: 'string', enum: ['active', 'disabled'] },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

export const APP_SECURITY = [{ appSignature: [] }];
export const ADMIN_SECURITY = [{ adminSession: [] }];
