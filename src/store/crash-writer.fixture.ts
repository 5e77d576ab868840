/**
 * Child process of the crash-safety test: writes blobs and the rows that reference them in a loop
 * and prints `ack <versionId> <blobKey>` after each commit — what a client would have been told.
 * The test kills it with SIGKILL at random points. Usage: crash-writer.fixture.ts DATA_DIR [PG_URL SCHEMA]
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FsBlobStore } from './blobs/fs.js';
import { openStore } from './database.js';
import { newId } from './ids.js';

const [dataDir, pgUrl, schema] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-writer.fixture.ts DATA_DIR [PG_URL SCHEMA]');
const store = openStore({ dataDir, ...(pgUrl ? { databaseUrl: pgUrl, schema } : {}) });
await store.migrate();
const blobs = await FsBlobStore.open(join(dataDir, 'blobs'));
const now = Date.now();
const lineId = newId('bl');
const templateId = newId('tpl');
await store.db.transaction().execute(async (trx) => {
  await trx
    .insertInto('business_lines')
    .values({
      id: lineId,
      app_id: newId('app'),
      secret_sealed: 'x',
      name: 'crash',
      status: 'active',
      auto_approve: 0,
      settings_json: '{}',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await trx
    .insertInto('templates')
    .values({
      id: templateId,
      business_line_id: lineId,
      group_id: null,
      name: 'crash',
      active_version_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
});
process.stdout.write('ready\n');
for (let version = 1; ; version++) {
  // Blob first, row second: a row never points at a blob that is not durably stored.
  const bytes = randomBytes(1 + Math.floor(Math.random() * 50_000));
  const key = await blobs.put(bytes);
  const id = newId('tplv');
  await store.db
    .insertInto('template_versions')
    .values({
      id,
      template_id: templateId,
      version,
      status: 'pending_approval',
      source_blob_key: key,
      compiled_blob_keys_json: '{}',
      fields_json: '[]',
      signer_roles_json: '[]',
      sign_fields_json: '[]',
      reviewer_id: null,
      review_reason: null,
      reviewed_at: null,
      created_by: 'crash-test',
      created_at: Date.now(),
    })
    .execute();
  process.stdout.write(`ack ${id} ${key}\n`);
}
