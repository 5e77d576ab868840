/**
 * Which blob keys rows of the database refer to. Every column that holds a blob key is listed
 * here: the orphan sweep (jobs/orphans.ts) trashes blobs none of them names, so a new column of
 * blob keys must be added to BLOB_KEY_COLUMNS (the test in jobs/orphans.test.ts fails for a column
 * whose name says blob and that is not listed); the queries are made from these lists alone.
 */
import type { Kysely } from 'kysely';
import type { Db } from './database.js';

/** Columns holding one blob key each (each has an index, migrations 0004, 0005 and 0011). */
export const BLOB_KEY_COLUMNS = [
  { table: 'contract_documents', column: 'blob_key' },
  { table: 'seals', column: 'blob_key' },
  { table: 'template_versions', column: 'source_blob_key' },
  { table: 'contract_document_revisions', column: 'blob_key' },
  { table: 'authorizations', column: 'letter_blob_key' },
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
    for (const { table, column } of BLOB_KEY_JSON_COLUMNS) {
      const rows = await untyped(db).selectFrom(table).select(column).execute();
      for (const r of rows) {
        const parsed = JSON.parse(String(r[column])) as Record<string, unknown>;
        for (const v of Object.values(parsed)) if (typeof v === 'string') keys.add(v);
      }
    }
    return new BlobReferences(db, keys);
  }

  /** The subset of `keys` some row refers to. */
  async referenced(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set(keys.filter((k) => this.fromJson.has(k)));
    if (keys.length === 0) return found;
    const results = await Promise.all(
      BLOB_KEY_COLUMNS.map(({ table, column }) =>
        untyped(this.db).selectFrom(table).select(column).where(column, 'in', keys).execute(),
      ),
    );
    results.forEach((rows, i) => {
      const column = BLOB_KEY_COLUMNS[i]!.column;
      for (const r of rows) found.add(String(r[column]));
    });
    return found;
  }
}

/** The lists above name tables and columns as data: queried without the schema's types. */
function untyped(db: Db): Kysely<Record<string, Record<string, unknown>>> {
  return db as unknown as Kysely<Record<string, Record<string, unknown>>>;
}
