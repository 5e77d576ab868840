/**
 * The shapes the admin API answers with (the subset the console reads): the wire contract
 * (src/http/wire/admin.ts), typed from the route schemas.
 */
export type { Account, AuditEvent, BusinessLine, Role } from './wire';
