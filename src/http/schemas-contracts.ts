/** JSON schemas of the templates and contracts routes (and so of the OpenAPI document). */
import { ID_INPUT as ID, PAGE_QUERY } from './wire/contracts.js';
export {
  PENDING_VERSION_SCHEMA,
  TEMPLATE_SCHEMA,
  TEMPLATE_SUMMARY_SCHEMA,
  TEMPLATE_VERSION_SCHEMA,
} from './wire/templates.js';

// The answers' schemas are the wire contract (src/http/wire): re-exported for the routes.
export {
  CONTRACT_GROUP_SCHEMA,
  CONTRACT_LIST_QUERY,
  CONTRACT_SCHEMA,
  CONTRACT_STATUSES,
  CREATED_CONTRACT_SCHEMA,
  CREATE_CONTRACT_BODY,
  itemsOf,
  listOf,
  PAGE_QUERY,
  SIGN_FIELD_INPUT,
  SIGNER_INPUT,
  SUBJECT_SCHEMA,
} from './wire/contracts.js';
// Query strings are not coerced (the server's ajv has coerceTypes: false): numbers arrive as digits.
export { DIGITS } from './wire/query.js';

export const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: ID } } as const;
export const DOC_PARAMS = {
  type: 'object',
  required: ['id', 'docId'],
  properties: { id: ID, docId: ID },
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
