/**
 * Which blob keys rows of the database refer to. Every column that holds a blob key is listed
 * here: the orphan sweep (jobs/orphans.ts) trashes blobs none of them names, so a new column of
 * blob keys must be added to BLOB_KEY_COLUMNS (blob-references.test.ts fails for a column whose
 * name says blob and that is not listed).
 */
import type { Kysely } from 'kysely';
import type { Db } from './database.js';
import type { SealsTable } from './repositories/seals.js';

/** Columns holding one blob key each (each has an index, migration 0004). */
export const BLOB_KEY_COLUMNS = [
  { table: 'contract_documents', column: 'blob_key' },
  { table: 'seals', column: 'blob_key' },
  { table: 'template_versions', column: 'source_blob_key' },
] as const;

/** Columns holding a JSON object whose values are blob keys (few rows: read whole). */
export const BLOB_KEY_JSON_COLUMNS = [
  { table: 'template_versions', column: 'compiled_blob_keys_json' },
] as const;

export class BlobReferences {
  private constructor(
    private readonly db: Db,
    /** Keys named in the JSON columns when the sweep began. */
    private readonly fromJson: ReadonlySet<string>,
  ) {}

  /**
   * Reads the JSON columns once. A key written after this (a template compiled meanwhile) is
   * younger than the sweep's grace period, so the sweep never asks about it.
   */
  static async load(db: Db): Promise<BlobReferences> {
    const keys = new Set<string>();
    const rows = await db.selectFrom('template_versions').select('compiled_blob_keys_json').execute();
    for (const r of rows) {
      const parsed = JSON.parse(r.compiled_blob_keys_json) as Record<string, unknown>;
      for (const v of Object.values(parsed)) if (typeof v === 'string') keys.add(v);
    }
    return new BlobReferences(db, keys);
  }

  /** The subset of `keys` some row refers to. */
  async referenced(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set(keys.filter((k) => this.fromJson.has(k)));
    if (keys.length === 0) return found;
    const [documents, seals, templates] = await Promise.all([
      this.db.selectFrom('contract_documents').select('blob_key').where('blob_key', 'in', keys).execute(),
      (this.db as unknown as Kysely<SealsTable>)
        .selectFrom('seals')
        .select('blob_key')
        .where('blob_key', 'in', keys)
        .execute(),
      this.db
        .selectFrom('template_versions')
        .select('source_blob_key')
        .where('source_blob_key', 'in', keys)
        .execute(),
    ]);
    for (const r of documents) found.add(r.blob_key);
    for (const r of seals) found.add(r.blob_key);
    for (const r of templates) found.add(r.source_blob_key);
    return found;
  }
}
