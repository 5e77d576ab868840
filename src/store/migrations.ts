/**
 * The one set of migrations for SQLite and PostgreSQL, in code (Kysely Migrator). Only portable
 * column types are used: text, integer, bigint. Append new migrations; never edit a shipped one.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const ms = 'bigint';

export type Dialect = 'sqlite' | 'postgres';

const buildMigrations = (dialect: Dialect): Record<string, Migration> => ({
  '0001_foundation': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('business_lines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text', (c) => c.notNull().unique())
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('auto_approve', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('settings_json', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('admin_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('admin_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) =>
          c.notNull().references('admin_accounts.id').onDelete('cascade'),
        )
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('admin_sessions_expiry')
        .on('admin_sessions')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('login_throttle')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_nonces')
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        // The primary key makes nonce reuse impossible across nodes sharing one database.
        .addPrimaryKeyConstraint('api_nonces_pk', ['app_id', 'nonce'])
        .execute();
      await db.schema.createIndex('api_nonces_expiry').on('api_nonces').column('expires_at').execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('business_line_id', 'text', (c) => c.notNull().references('business_lines.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('response_json', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['business_line_id', 'key'])
        .execute();

      await db.schema
        .createTable('template_groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull().references('business_lines.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text', (c) => c.references('template_groups.id'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('template_groups_bl')
        .on('template_groups')
        .column('business_line_id')
        .execute();

      await db.schema
        .createTable('templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull().references('business_lines.id'))
        .addColumn('group_id', 'text', (c) => c.references('template_groups.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('active_version_id', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('templates_bl')
        .on('templates')
        .columns(['business_line_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('template_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('template_id', 'text', (c) => c.notNull().references('templates.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source_blob_key', 'text', (c) => c.notNull())
        .addColumn('compiled_blob_keys_json', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('fields_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('signer_roles_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('sign_fields_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('reviewer_id', 'text')
        .addColumn('review_reason', 'text')
        .addColumn('reviewed_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addUniqueConstraint('template_versions_number', ['template_id', 'version'])
        .execute();
      await db.schema
        .createIndex('template_versions_status')
        .on('template_versions')
        .column('status')
        .execute();

      await db.schema
        .createTable('contract_groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull().references('business_lines.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('contracts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull().references('business_lines.id'))
        .addColumn('group_id', 'text', (c) => c.references('contract_groups.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('template_version_id', 'text', (c) => c.references('template_versions.id'))
        .addColumn('data_sha256', 'text', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('expires_at', ms)
        .addColumn('revoke_reason', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      // Cursor pagination walks (business line, created_at, id); filters narrow by status / group.
      await db.schema
        .createIndex('contracts_bl_created')
        .on('contracts')
        .columns(['business_line_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('contracts_bl_status')
        .on('contracts')
        .columns(['business_line_id', 'status'])
        .execute();
      await db.schema.createIndex('contracts_group').on('contracts').column('group_id').execute();

      await db.schema
        .createTable('contract_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('template_version_id', 'text', (c) => c.references('template_versions.id'))
        .addColumn('blob_key', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('pages', 'integer', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addUniqueConstraint('contract_documents_position', ['contract_id', 'position'])
        .execute();

      await db.schema
        .createTable('contract_signers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('subject_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('signed_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('contract_signers_contract')
        .on('contract_signers')
        .column('contract_id')
        .execute();

      await db.schema
        .createTable('audit_events')
        // An ever-growing integer keeps events in recording order: SQLite's INTEGER PRIMARY KEY is
        // the rowid; PostgreSQL needs an identity column.
        .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          dialect === 'postgres'
            ? c.primaryKey().generatedByDefaultAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('business_line_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('details_json', 'text', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_events_target')
        .on('audit_events')
        .columns(['target', 'id'])
        .execute();

      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('run_at', ms, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('locked_until', ms)
        .addColumn('lock_token', 'text')
        // Unique among live jobs (or for ever, see unique_scope).
        .addColumn('unique_key', 'text', (c) => c.unique())
        // 'pending': the key is released when the job finishes; 'always': kept until purged.
        .addColumn('unique_scope', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('last_error', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
    },
  },
  // The contracts API filters by template and by signer id: give both a column and an index
  // rather than scanning JSON.
  '0002_contract_filters': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('contracts').addColumn('template_id', 'text').execute();
      await db.schema
        .createIndex('contracts_bl_template')
        .on('contracts')
        .columns(['business_line_id', 'template_id'])
        .execute();
      await db.schema.alterTable('contract_signers').addColumn('subject_id', 'text').execute();
      await db.schema
        .createIndex('contract_signers_subject')
        .on('contract_signers')
        .column('subject_id')
        .execute();
      await db.schema
        .createIndex('contract_documents_contract')
        .on('contract_documents')
        .column('contract_id')
        .execute();
    },
  },
  // The built-in CA in the database (shared by every node and by the CLI), seals and imported
  // trust anchors. Binary values (DER) are base64 text: portable and small.
  '0003_pki_seals_trust': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pki_ca_material')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('material_json', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('pki_certificates')
        .addColumn('serial', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('subject_json', 'text', (c) => c.notNull())
        .addColumn('certificate', 'text', (c) => c.notNull())
        .addColumn('not_before', 'text', (c) => c.notNull())
        .addColumn('not_after', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('pki_custody_keys')
        .addColumn('serial', 'text', (c) => c.primaryKey())
        .addColumn('sealed_key', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('pki_revocations')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('serial', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pki_revocations_pk', ['issuer', 'serial'])
        .execute();
      await db.schema
        .createTable('pki_counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('seals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('subject_id_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('subject_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('blob_key', 'text', (c) => c.notNull())
        .addColumn('width_mm', 'double precision', (c) => c.notNull())
        .addColumn('height_mm', 'double precision', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('replaces', 'text')
        .addColumn('replaced_by', 'text')
        .addColumn('disabled_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('seals_subject')
        .on('seals')
        .columns(['business_line_id', 'subject_id_type', 'subject_id'])
        .execute();

      await db.schema
        .createTable('trust_anchors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('fingerprint_sha256', 'text', (c) => c.notNull().unique())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('certificate', 'text', (c) => c.notNull())
        .addColumn('not_after', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
    },
  },
  // The contracts.expire job finds pending contracts past their expiry across business lines; the
  // orphan-blob sweep asks which blob keys rows refer to (store/blob-references.ts).
  '0004_expiry_and_blob_references': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('contracts_status_expires')
        .on('contracts')
        .columns(['status', 'expires_at'])
        .execute();
      await db.schema
        .createIndex('contract_documents_blob')
        .on('contract_documents')
        .column('blob_key')
        .execute();
      await db.schema.createIndex('seals_blob').on('seals').column('blob_key').execute();
      await db.schema
        .createIndex('template_versions_source_blob')
        .on('template_versions')
        .column('source_blob_key')
        .execute();
    },
  },
  // Sign flows (issue 9): signer options and progress, links and signing sessions, intent codes,
  // scenes, authorizations for automatic signing, organisation certificates, document revisions,
  // and the webhook outbox with its deliveries and attempts.
  '0005_sign_flows': {
    async up(db: Kysely<unknown>) {
      const addColumns = async (table: string, columns: [string, string, string?][]) => {
        for (const [name, type, dflt] of columns)
          await db.schema
            .alterTable(table)
            .addColumn(name, type as 'text', (c) =>
              dflt === undefined ? c : c.notNull().defaultTo(sql.raw(dflt)),
            )
            .execute();
      };
      await addColumns('contracts', [
        ['reject_reason', 'text'],
        ['completed_at', ms],
        ['scene_id', 'text'],
      ]);
      await addColumns('contract_documents', [
        ['original_sha256', 'text'],
        ['revision', 'integer', '0'],
      ]);
      await db
        .updateTable('contract_documents' as never)
        .set({ original_sha256: sql.ref('sha256') } as never)
        .execute();
      await addColumns('contract_signers', [
        ['sign_order', 'integer', '1'],
        ['method', 'text', "'esign'"],
        ['options_json', 'text', "'{}'"],
        ['reading_started_at', ms],
        ['last_page_seen', 'integer', '0'],
        ['read_at', ms],
        ['reject_reason', 'text'],
        ['signature_json', 'text'],
        ['last_reminded_at', ms],
        ['updated_at', ms, '0'],
      ]);
      // Signers of contracts created before sign flows all sign in parallel: their turn is now.
      await db
        .updateTable('contract_signers' as never)
        .set({ status: 'ready' } as never)
        .where('status' as never, '=', 'pending' as never)
        .execute();
      await db.schema
        .createIndex('contract_signers_subject_bl')
        .on('contract_signers')
        .columns(['subject_id', 'contract_id'])
        .execute();

      await db.schema
        .createTable('contract_document_revisions')
        .addColumn('document_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('blob_key', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('signer_id', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('contract_document_revisions_pk', ['document_id', 'revision'])
        .execute();
      await db.schema
        .createIndex('contract_document_revisions_blob')
        .on('contract_document_revisions')
        .column('blob_key')
        .execute();

      await db.schema
        .createTable('sign_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('signer_ids_json', 'text', (c) => c.notNull())
        .addColumn('client', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('scene_id', 'text')
        .addColumn('redirect_url', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('used_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sign_links_line_subject')
        .on('sign_links')
        .columns(['business_line_id', 'subject_key'])
        .execute();

      await db.schema
        .createTable('signing_sessions')
        // SHA-256 of the cookie's token, like admin_sessions.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('link_id', 'text', (c) => c.notNull().unique())
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('intent_verified_at', ms)
        .addColumn('intent_method', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('intent_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('consumed_at', ms)
        .execute();
      await db.schema
        .createIndex('intent_codes_session')
        .on('intent_codes')
        .columns(['session_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('intent_codes_destination')
        .on('intent_codes')
        .columns(['destination', 'created_at'])
        .execute();

      await db.schema
        .createTable('scenes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('settings_json', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('scenes_line').on('scenes').column('business_line_id').execute();

      await db.schema
        .createTable('authorizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('subject_json', 'text', (c) => c.notNull())
        // JSON array of template ids, or null for every template.
        .addColumn('template_ids_json', 'text')
        .addColumn('valid_from', ms, (c) => c.notNull())
        .addColumn('valid_to', ms, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('revoke_reason', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('authorizations_subject')
        .on('authorizations')
        .columns(['business_line_id', 'subject_key'])
        .execute();

      // The long-lived certificate an organisation (or the platform, business line '*') signs with.
      await db.schema
        .createTable('subject_certificates')
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('serial', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('subject_certificates_pk', ['business_line_id', 'subject_key'])
        .execute();

      await db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('events_json', 'text', (c) => c.notNull())
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_endpoints_line')
        .on('webhook_endpoints')
        .column('business_line_id')
        .execute();
      await db.schema
        .createTable('webhook_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('endpoint_id', 'text', (c) => c.notNull())
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', ms)
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_endpoint')
        .on('webhook_deliveries')
        .columns(['endpoint_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_event')
        .on('webhook_deliveries')
        .column('event_id')
        .execute();
      await db.schema
        .createTable('webhook_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('response_head', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('webhook_attempts_delivery')
        .on('webhook_attempts')
        .columns(['delivery_id', 'attempt'])
        .execute();
    },
  },
  // The console's lists: a line's recent audit events, and contracts completed since a time.
  '0006_console': {
    async up(db) {
      await db.schema
        .createIndex('audit_events_line')
        .on('audit_events')
        .columns(['business_line_id', 'id'])
        .execute();
      await db.schema
        .createIndex('contracts_bl_completed')
        .on('contracts')
        .columns(['business_line_id', 'completed_at'])
        .execute();
    },
  },
  // A contract's webhook deliveries (the console's contract detail): the event names its contract.
  '0007_webhook_event_contract': {
    async up(db) {
      await db.schema.alterTable('webhook_events').addColumn('contract_id', 'text').execute();
      await db.schema
        .createIndex('webhook_events_contract')
        .on('webhook_events')
        .columns(['business_line_id', 'contract_id'])
        .execute();
    },
  },
  // Signing records (签约明细): a line's signatures newest first.
  '0008_signing_records': {
    async up(db) {
      await db.schema
        .createIndex('contract_signers_signed')
        .on('contract_signers')
        .columns(['signed_at', 'id'])
        .execute();
    },
  },
  // The evidence log (RFC 9162 Merkle tree): every audit event becomes a leaf. The leaf hash is
  // written with the event; the sequencer gives it its index later (src/evidence/log/sequencer.ts).
  '0009_transparency_log': {
    async up(db) {
      const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
      await db.schema.alterTable('audit_events').addColumn('leaf_hash', 'text').execute();
      await db.schema.alterTable('audit_events').addColumn('leaf_index', 'bigint').execute();
      await db.schema
        .createIndex('audit_events_leaf_index')
        .on('audit_events')
        .column('leaf_index')
        .unique()
        .execute();
      // The sequencer's queue: events not yet in the tree, in recording order.
      await sql`create index audit_events_unsequenced on audit_events (id) where leaf_index is null`.execute(
        db,
      );
      await db.schema
        .createTable('log_tiles')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'bigint', (c) => c.notNull())
        .addColumn('hashes', sql.raw(bytes), (c) => c.notNull())
        .addPrimaryKeyConstraint('log_tiles_pk', ['level', 'idx'])
        .execute();
      await db.schema
        .createTable('log_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('tree_size', 'bigint', (c) => c.notNull())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('log_checkpoints')
        .addColumn('tree_size', 'bigint', (c) => c.primaryKey())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('anchors_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .createTable('log_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('private_sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
    },
  },
  // Real-name verifications (实名认证): ID numbers sealed under the master key, found by a keyed
  // hash; a subject's records newest first, a line's pending queue, lookups by ID number.
  '0010_real_name': {
    async up(db) {
      await db.schema
        .createTable('real_name_verifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('subject_json', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('id_number_hash', 'text', (c) => c.notNull())
        .addColumn('id_number_masked', 'text', (c) => c.notNull())
        .addColumn('factors_sealed', 'text', (c) => c.notNull())
        .addColumn('details_json', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('provider_reference', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', ms)
        .addColumn('expires_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('real_name_subject')
        .on('real_name_verifications')
        .columns(['business_line_id', 'subject_key', 'created_at'])
        .execute();
      await db.schema
        .createIndex('real_name_status')
        .on('real_name_verifications')
        .columns(['business_line_id', 'status', 'created_at'])
        .execute();
      await db.schema
        .createIndex('real_name_id_number')
        .on('real_name_verifications')
        .columns(['business_line_id', 'id_number_hash'])
        .execute();
    },
  },
  // Delegated signing (委托签约): whom an authorization is for (null: the platform, automatic
  // signing), its signed letter (blob, SHA-256, the organisation's certificate that signed it) and
  // when it was revoked. Rows from before have no letter and authorise nothing until replaced.
  '0011_authorization_letters': {
    async up(db) {
      for (const [name, type] of [
        ['delegate_json', 'text'],
        ['letter_blob_key', 'text'],
        ['letter_sha256', 'text'],
        ['letter_certificate_serial', 'text'],
        ['revoked_at', ms],
      ] as const)
        await db.schema.alterTable('authorizations').addColumn(name, type).execute();
      // Every blob key column is indexed for the orphan sweep (store/blob-references.ts).
      await db.schema
        .createIndex('authorizations_letter_blob')
        .on('authorizations')
        .column('letter_blob_key')
        .execute();
    },
  },
  '0012_certificate_list': {
    async up(db) {
      // The console lists issued certificates newest first (keyset over not_before, serial).
      await db.schema
        .createIndex('pki_certificates_listed')
        .on('pki_certificates')
        .columns(['not_before', 'serial'])
        .execute();
    },
  },
  '0013_dictionaries': {
    async up(db) {
      // A business line's own lists of values (src/tenancy/dictionaries.ts); built-in ones are code.
      await db.schema
        .createTable('dictionaries')
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('items_json', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('dictionaries_pk', ['business_line_id', 'code'])
        .execute();
    },
  },
  '0014_notification_texts': {
    async up(db) {
      // A line's own wording of messages (src/notify/texts); without a row the built-in one applies.
      await db.schema
        .createTable('notification_texts')
        .addColumn('business_line_id', 'text', (c) => c.notNull())
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('notification_texts_pk', ['business_line_id', 'template', 'channel'])
        .execute();
    },
  },
  '0015_template_missing_policy': {
    async up(db) {
      // What a missing plain value does in contracts of this version (src/render/tags/validate.ts
      // MissingPolicy): 'error' (refused, the default and what every earlier version did) or
      // 'empty' (shown empty with a warning).
      await db.schema
        .alterTable('template_versions')
        .addColumn('missing_policy', 'text', (c) => c.notNull().defaultTo('error'))
        .execute();
    },
  },
  '0016_idempotency_lease': {
    async up(db) {
      // An in-progress Idempotency-Key reservation holds a lease its request renews while it runs
      // (src/http/idempotency.ts): a reservation whose lease ran out was left by a dead process
      // and is taken over. Reservations in progress at upgrade keep the old rule (60 s).
      await db.schema
        .alterTable('idempotency_keys')
        .addColumn('lease_until', ms, (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update idempotency_keys set lease_until = created_at + 60000 where status_code = 0`.execute(
        db,
      );
    },
  },
});

export const LATEST_MIGRATION = Object.keys(buildMigrations('sqlite')).sort().at(-1)!;

export async function migrator(db: Kysely<unknown>, dialect: Dialect): Promise<Migrator> {
  const provider: MigrationProvider = { getMigrations: async () => buildMigrations(dialect) };
  if (dialect !== 'postgres') return new Migrator({ db, provider });
  // Kysely looks for its migration tables in every schema unless told which one: name the current
  // schema, or another schema's kysely_migration (a second deployment, a parallel test) would be
  // taken for ours.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return new Migrator({ db, provider, migrationTableSchema: rows[0]!.schema });
}

/** Runs every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const { error, results } = await (await migrator(db, dialect)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const all = await (await migrator(db, dialect)).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
