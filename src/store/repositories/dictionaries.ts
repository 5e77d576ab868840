import type { Kysely } from 'kysely';
import type { Dictionary, DictionaryItem } from '../../tenancy/dictionaries.js';
import type { Db } from '../database.js';

/** `dictionaries` (migration 0013): a business line's own lists of values. */
export interface DictionariesTable {
  dictionaries: {
    business_line_id: string;
    code: string;
    name: string;
    description: string | null;
    items_json: string;
    updated_by: string;
    created_at: number;
    updated_at: number;
  };
}

type Row = DictionariesTable['dictionaries'];

const toDictionary = (r: Row): Dictionary => ({
  code: r.code,
  name: r.name,
  ...(r.description ? { description: r.description } : {}),
  items: JSON.parse(r.items_json) as DictionaryItem[],
  builtin: false,
  updatedAt: Number(r.updated_at),
});

export class DictionaryRepository {
  private readonly db: Kysely<DictionariesTable>;

  constructor(db: Db) {
    // Declared beside its only user rather than in the shared schema.ts.
    this.db = db as unknown as Kysely<DictionariesTable>;
  }

  async list(lineId: string): Promise<Dictionary[]> {
    const rows = await this.db
      .selectFrom('dictionaries')
      .selectAll()
      .where('business_line_id', '=', lineId)
      .orderBy('code')
      .execute();
    return rows.map(toDictionary);
  }

  async get(lineId: string, code: string): Promise<Dictionary | undefined> {
    const row = await this.db
      .selectFrom('dictionaries')
      .selectAll()
      .where('business_line_id', '=', lineId)
      .where('code', '=', code)
      .executeTakeFirst();
    return row && toDictionary(row);
  }

  /** Insert or replace the line's list under `code`. */
  async put(
    lineId: string,
    d: { code: string; name: string; description?: string; items: DictionaryItem[] },
    by: string,
    now: number,
  ): Promise<void> {
    const values = {
      name: d.name,
      description: d.description ?? null,
      items_json: JSON.stringify(d.items),
      updated_by: by,
      updated_at: now,
    };
    await this.db
      .insertInto('dictionaries')
      .values({ business_line_id: lineId, code: d.code, created_at: now, ...values })
      .onConflict((oc) => oc.columns(['business_line_id', 'code']).doUpdateSet(values))
      .execute();
  }

  async delete(lineId: string, code: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('dictionaries')
      .where('business_line_id', '=', lineId)
      .where('code', '=', code)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
