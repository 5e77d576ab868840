/**
 * Table types of the Hetong database, shared by SQLite and PostgreSQL. Portable column choices:
 * flags are integers 0/1, timestamps are milliseconds since the epoch (bigint on PostgreSQL, read
 * back as numbers), JSON is stored as text and parsed by the repositories.
 */
import type { Generated } from 'kysely';

export interface BusinessLinesTable {
  id: string; // bl_…
  app_id: string; // app_…
  /** MasterKey-sealed app secret, aad `app-secret:<appId>`. */
  secret_sealed: string;
  name: string;
  status: 'active' | 'disabled';
  auto_approve: number;
  settings_json: string;
  created_at: number;
  updated_at: number;
}

export interface AdminAccountsTable {
  id: string; // adm_…
  username: string;
  role: 'admin' | 'operator' | 'legal';
  password_hash: string;
  status: 'active' | 'disabled';
  created_at: number;
  updated_at: number;
}

export interface AdminSessionsTable {
  /** SHA-256 of the session token: a stolen database does not yield live cookies. */
  id: string;
  account_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface LoginThrottleTable {
  /** `account:<username>` or `ip:<address>`. */
  key: string;
  failures: number;
  locked_until: number;
  updated_at: number;
}

export interface ApiNoncesTable {
  app_id: string;
  nonce: string;
  expires_at: number;
}

export interface IdempotencyKeysTable {
  business_line_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: number;
}

export interface TemplateGroupsTable {
  id: string; // tg_…
  business_line_id: string;
  name: string;
  parent_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface TemplatesTable {
  id: string; // tpl_…
  business_line_id: string;
  group_id: string | null;
  name: string;
  /** The approved version contracts use; null until one is approved. */
  active_version_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface TemplateVersionsTable {
  id: string; // tplv_…
  template_id: string;
  version: number;
  status: 'pending_approval' | 'approved' | 'rejected' | 'superseded';
  source_blob_key: string;
  /** JSON object: compiled artefacts by name → blob key. */
  compiled_blob_keys_json: string;
  fields_json: string;
  signer_roles_json: string;
  sign_fields_json: string;
  created_by: string;
  reviewer_id: string | null;
  review_reason: string | null;
  reviewed_at: number | null;
  created_at: number;
}

export interface ContractGroupsTable {
  id: string; // cg_…
  business_line_id: string;
  name: string;
  created_at: number;
}

export interface ContractsTable {
  id: string; // ct_…
  business_line_id: string;
  group_id: string | null;
  title: string;
  status: 'draft' | 'pending_signing' | 'signing' | 'completed' | 'revoked' | 'expired' | 'rejected';
  template_version_id: string | null;
  /** Template of the first document (migration 0002), for the list filter. */
  template_id: string | null;
  data_sha256: string;
  data_json: string;
  expires_at: number | null;
  revoke_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface ContractDocumentsTable {
  id: string; // cd_…
  contract_id: string;
  position: number;
  template_version_id: string | null;
  blob_key: string;
  sha256: string;
  pages: number;
  created_at: number;
}

export interface ContractSignersTable {
  id: string; // cs_…
  contract_id: string;
  position: number;
  role: string;
  subject_json: string;
  /** The subject's id (migration 0002), for the list filter by signer. */
  subject_id: string | null;
  status: 'pending' | 'signed' | 'rejected';
  signed_at: number | null;
  created_at: number;
}

export interface AuditEventsTable {
  id: Generated<number>;
  /** Owner scope: the business line the target belongs to, null for platform-level events. */
  business_line_id: string | null;
  actor: string;
  action: string;
  target: string;
  request_id: string | null;
  ip: string | null;
  details_json: string;
  at: number;
}

export interface JobsTable {
  id: string; // job_…
  type: string;
  payload_json: string;
  status: 'pending' | 'done' | 'failed';
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_until: number | null;
  lock_token: string | null;
  unique_key: string | null;
  unique_scope: 'pending' | 'always';
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface Database {
  business_lines: BusinessLinesTable;
  admin_accounts: AdminAccountsTable;
  admin_sessions: AdminSessionsTable;
  login_throttle: LoginThrottleTable;
  api_nonces: ApiNoncesTable;
  idempotency_keys: IdempotencyKeysTable;
  template_groups: TemplateGroupsTable;
  templates: TemplatesTable;
  template_versions: TemplateVersionsTable;
  contract_groups: ContractGroupsTable;
  contracts: ContractsTable;
  contract_documents: ContractDocumentsTable;
  contract_signers: ContractSignersTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
}
