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

// The answers' schemas are the wire contract (src/http/wire): re-exported for the routes.
export { ADMIN_ACCOUNT_SCHEMA, AUDIT_EVENT_SCHEMA, BUSINESS_LINE_SCHEMA } from './wire/admin.js';
export { TEMPLATE_GROUP_SCHEMA } from './wire/templates.js';

export const APP_SECURITY = [{ appSignature: [] }];
export const ADMIN_SECURITY = [{ adminSession: [] }];
