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
  /** While status_code is 0: the reservation is its request's until then (ms; renewed as it runs). */
  lease_until: number;
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
  /** 'error' | 'empty': what a missing plain value does (MissingPolicy). */
  missing_policy: Generated<'error' | 'empty'>;
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
  /** Migration 0005: why a signer rejected; when the last signature completed it; its scene. */
  reject_reason: string | null;
  completed_at: number | null;
  scene_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ContractDocumentsTable {
  id: string; // cd_…
  contract_id: string;
  position: number;
  template_version_id: string | null;
  /** The current revision: after every signature the signed PDF (migration 0005). */
  blob_key: string;
  sha256: string;
  pages: number;
  /** The document as created, before any signature (migration 0005). */
  original_sha256: string | null;
  /** Number of incremental updates appended (signatures, DSS, document timestamp). */
  revision: number;
  created_at: number;
}

/** Every revision of a contract document, from revision 0 (the original) once it is first signed. */
export interface ContractDocumentRevisionsTable {
  document_id: string;
  revision: number;
  blob_key: string;
  sha256: string;
  /** `original`, `signature`, `clickwrap`, `ltv`. */
  kind: string;
  signer_id: string | null;
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
  status: 'waiting' | 'ready' | 'read' | 'signed' | 'rejected';
  signed_at: number | null;
  created_at: number;
  /** Migration 0005: the sign flow of this signer. */
  sign_order: number;
  method: 'esign' | 'clickwrap';
  /** JSON SignerOptions: intent methods, forced reading, seals, sign fields, deadline. */
  options_json: string;
  reading_started_at: number | null;
  last_page_seen: number;
  read_at: number | null;
  reject_reason: string | null;
  /** JSON: how it signed (certificate, fields, seal, intent check, address, document hashes). */
  signature_json: string | null;
  last_reminded_at: number | null;
  updated_at: number;
}

export interface SignLinksTable {
  id: string; // sl_…
  /** SHA-256 (hex) of the link's 256-bit token; the token itself is never stored. */
  token_hash: string;
  business_line_id: string;
  /** `<idType>:<id>` of the subject the link is for. */
  subject_key: string;
  /** JSON array of contract_signers ids this link signs (several: combined signing). */
  signer_ids_json: string;
  client: 'pc' | 'h5' | 'all';
  mode: 'normal' | 'headless';
  scene_id: string | null;
  redirect_url: string | null;
  status: 'active' | 'used' | 'revoked';
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface SigningSessionsTable {
  /** SHA-256 of the session cookie's token. */
  id: string;
  link_id: string;
  business_line_id: string;
  csrf_token: string;
  intent_verified_at: number | null;
  intent_method: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: number;
  expires_at: number;
}

export interface IntentCodesTable {
  id: string;
  session_id: string;
  channel: 'sms' | 'email';
  /** Phone number or e-mail address the code went to. */
  destination: string;
  /** HMAC-SHA256 of the code under a key derived from the master key. */
  code_hash: string;
  attempts: number;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export interface ScenesTable {
  id: string; // scn_…
  business_line_id: string;
  name: string;
  settings_json: string;
  created_at: number;
  updated_at: number;
}

export interface AuthorizationsTable {
  id: string; // auth_…
  business_line_id: string;
  subject_key: string;
  subject_json: string;
  /** JSON array of template ids, or null for every template. */
  template_ids_json: string | null;
  valid_from: number;
  valid_to: number;
  status: 'active' | 'revoked';
  revoke_reason: string | null;
  created_at: number;
  updated_at: number;
  /** Migration 0011: JSON `{ kind: 'person', subject }`, or null for the platform (automatic signing). */
  delegate_json: string | null;
  /** The signed authorization letter (PDF) in the blob store, its SHA-256 and signing certificate. */
  letter_blob_key: string | null;
  letter_sha256: string | null;
  letter_certificate_serial: string | null;
  revoked_at: number | null;
}

export interface SubjectCertificatesTable {
  /** `*` for the platform's own certificate (click-wrap). */
  business_line_id: string;
  subject_key: string;
  serial: string;
  created_at: number;
}

export interface WebhookEndpointsTable {
  id: string; // wh_…
  business_line_id: string;
  url: string;
  events_json: string;
  /** MasterKey-sealed signing secret, aad `webhook-secret:<id>`. */
  secret_sealed: string;
  status: 'active' | 'disabled';
  created_at: number;
  updated_at: number;
}

/** The outbox: one row per event, written in the transaction of the change it reports. */
export interface WebhookEventsTable {
  id: string; // evt_…
  business_line_id: string;
  type: string;
  data_json: string;
  /** The contract a contract.* event is about (migration 0007; null for template events). */
  contract_id: string | null;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  id: string; // whd_…
  event_id: string;
  endpoint_id: string;
  business_line_id: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  at: number;
  status_code: number | null;
  duration_ms: number;
  /** The first bytes of the receiver's answer. */
  response_head: string | null;
  error: string | null;
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
  /** SHA-256 leaf hash (RFC 9162 §2.1.1) of the event's canonical JSON, hex; null before 0009. */
  leaf_hash: string | null;
  /** Index in the evidence log, once sequenced. */
  leaf_index: number | null;
}

export interface LogTilesTable {
  level: number;
  idx: number;
  hashes: Uint8Array;
}

export interface LogStateTable {
  id: number;
  tree_size: number;
  root_hash: string;
  updated_at: number;
}

export interface LogCheckpointsTable {
  tree_size: number;
  root_hash: string;
  note: string;
  created_at: number;
  anchors_json: Generated<string>;
}

export interface LogKeysTable {
  id: string;
  origin: string;
  public_key: string;
  private_sealed: string;
  created_at: number;
}

/** Real-name verifications (实名认证, migration 0010) of a business line's subjects. */
export interface RealNameVerificationsTable {
  id: string; // rn_…
  business_line_id: string;
  /** `<idType>:<id>` of the subject, as signers and links name it. */
  subject_key: string;
  subject_json: string;
  kind: 'person' | 'organization';
  name: string;
  /** Hex HMAC-SHA256 of the ID number / credit code under a key derived from the master key. */
  id_number_hash: string;
  /** The number as shown: masked for people (110***********1234), whole for credit codes. */
  id_number_masked: string;
  /** MasterKey-sealed JSON of the factors (ID number, phone), aad `real-name:<id>`. */
  factors_sealed: string;
  /** JSON of what may be shown: masked phone, legal representative. */
  details_json: string;
  provider: 'manual' | 'http';
  method: string;
  status: 'pending' | 'verified' | 'failed' | 'rejected';
  reason: string | null;
  provider_reference: string | null;
  decided_by: string | null;
  decided_at: number | null;
  expires_at: number | null;
  created_at: number;
  updated_at: number;
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
  contract_document_revisions: ContractDocumentRevisionsTable;
  sign_links: SignLinksTable;
  signing_sessions: SigningSessionsTable;
  intent_codes: IntentCodesTable;
  scenes: ScenesTable;
  authorizations: AuthorizationsTable;
  subject_certificates: SubjectCertificatesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  audit_events: AuditEventsTable;
  log_tiles: LogTilesTable;
  log_state: LogStateTable;
  log_checkpoints: LogCheckpointsTable;
  log_keys: LogKeysTable;
  real_name_verifications: RealNameVerificationsTable;
  jobs: JobsTable;
}
