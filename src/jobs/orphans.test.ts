import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOB_KEY_COLUMNS, BLOB_KEY_JSON_COLUMNS } from '../store/blob-references.js';
import { FsBlobStore } from '../store/blobs/fs.js';
import { newId } from '../store/ids.js';
import type { SealsTable } from '../store/repositories/seals.js';
import { createTestStore, testDialects, type TestStore } from '../store/testing.js';
import { insertTestContract, insertTestLine } from '../store/testing-rows.js';
import { ORPHAN_GRACE_MS, sweepOrphanBlobs, TRASH_RETENTION_MS } from './orphans.js';

const dialects = await testDialects();

describe.each(dialects)('orphan-blob sweep on %s', (dialect) => {
  let t: TestStore;
  let dir: string;
  let blobs: FsBlobStore;
  let lineId: string;
  const put = (text: string) => blobs.put(Buffer.from(text));

  beforeAll(async () => {
    t = await createTestStore(dialect);
    dir = mkdtempSync(join(tmpdir(), 'hetong-orphans-'));
    blobs = await FsBlobStore.open(dir);
    lineId = await insertTestLine(t.store.db, 'Orphans');
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const contractDocument = (blobKey: string) => insertTestContract(t.store.db, lineId, { blobKey });

  async function templateVersion(source: string, compiled: string): Promise<void> {
    const templateId = newId('tpl');
    await t.store.db
      .insertInto('templates')
      .values({
        id: templateId,
        business_line_id: lineId,
        group_id: null,
        name: templateId,
        active_version_id: null,
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    await t.store.db
      .insertInto('template_versions')
      .values({
        id: newId('tplv'),
        template_id: templateId,
        version: 1,
        status: 'approved',
        source_blob_key: source,
        compiled_blob_keys_json: JSON.stringify({ typst: compiled }),
        fields_json: '[]',
        signer_roles_json: '[]',
        sign_fields_json: '[]',
        created_by: 'test',
        reviewer_id: null,
        review_reason: null,
        reviewed_at: null,
        created_at: 1,
      })
      .execute();
  }

  async function seal(blobKey: string): Promise<void> {
    await (t.store.db as unknown as Kysely<SealsTable>)
      .insertInto('seals')
      .values({
        id: newId('seal'),
        business_line_id: lineId,
        subject_kind: 'organisation',
        subject_id_type: 'uscc',
        subject_id: '91310000MA1FL0000X',
        subject_name: '甲方',
        kind: 'round',
        blob_key: blobKey,
        width_mm: 40,
        height_mm: 40,
        status: 'active',
        replaces: null,
        replaced_by: null,
        disabled_at: null,
        created_at: 1,
        updated_at: 1,
      })
      .execute();
  }

  it('trashes what no row refers to, puts back what is read or referred to again, purges the rest', async () => {
    const document = await put('contract pdf');
    const source = await put('template docx');
    const compiled = await put('compiled template');
    const sealPng = await put('seal png');
    const orphan = await put('left by a failed request');
    const readLater = await put('trashed, then read');
    const referredLater = await put('trashed, then referred to');
    await contractDocument(document);
    await templateVersion(source, compiled);
    await seal(sealPng);

    // Within the grace period nothing is touched.
    expect(await sweepOrphanBlobs({ db: t.store.db, blobs }, Date.now())).toEqual({
      trashed: 0,
      restored: 0,
      purged: 0,
    });
    const day = Date.now() + ORPHAN_GRACE_MS + 60_000;
    expect(await sweepOrphanBlobs({ db: t.store.db, blobs }, day)).toEqual({
      trashed: 3,
      restored: 0,
      purged: 0,
    });
    for (const key of [document, source, compiled, sealPng]) expect(await blobs.has(key)).toBe(true);
    // A reader puts a trashed blob back; a row may come to refer to another.
    expect((await blobs.get(readLater)).toString()).toBe('trashed, then read');
    await contractDocument(referredLater);

    const week = day + TRASH_RETENTION_MS + 60_000;
    // readLater was put back at the wall clock: stale again only a day after that.
    expect(await sweepOrphanBlobs({ db: t.store.db, blobs }, week)).toEqual({
      trashed: 1,
      restored: 1,
      purged: 1,
    });
    expect(await blobs.has(orphan)).toBe(false);
    expect((await blobs.get(referredLater)).toString()).toBe('trashed, then referred to');
    // Idempotent: a second run at the same time changes nothing more.
    expect(await sweepOrphanBlobs({ db: t.store.db, blobs }, week)).toEqual({
      trashed: 0,
      restored: 0,
      purged: 0,
    });
  });

  it('knows every column whose name says it holds blob keys', async () => {
    const listed = new Set(
      [...BLOB_KEY_COLUMNS, ...BLOB_KEY_JSON_COLUMNS].map((c) => `${c.table}.${c.column}`),
    );
    const tables = await t.store.db.introspection.getTables();
    const blobColumns = tables.flatMap((tb) =>
      tb.columns.filter((c) => c.name.includes('blob')).map((c) => `${tb.name}.${c.name}`),
    );
    expect(blobColumns.length).toBeGreaterThan(0);
    for (const c of blobColumns)
      expect(listed, `${c} holds blob keys the orphan sweep does not know`).toContain(c);
  });
});
