/** Signing scenes (签约场景) of a business line: the settings a signing link's page follows. */
import type { Db } from '../database.js';
import type { ScenesTable } from '../schema.js';

export interface SceneRow {
  id: string;
  businessLineId: string;
  name: string;
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

const sceneOf = (r: ScenesTable): SceneRow => ({
  id: r.id,
  businessLineId: r.business_line_id,
  name: r.name,
  settings: JSON.parse(r.settings_json) as Record<string, unknown>,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class SceneRepository {
  constructor(private readonly db: Db) {}

  async insert(s: SceneRow): Promise<void> {
    await this.db
      .insertInto('scenes')
      .values({
        id: s.id,
        business_line_id: s.businessLineId,
        name: s.name,
        settings_json: JSON.stringify(s.settings),
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      })
      .execute();
  }

  async update(s: SceneRow): Promise<void> {
    await this.db
      .updateTable('scenes')
      .set({ name: s.name, settings_json: JSON.stringify(s.settings), updated_at: s.updatedAt })
      .where('business_line_id', '=', s.businessLineId)
      .where('id', '=', s.id)
      .execute();
  }

  async get(businessLineId: string, id: string): Promise<SceneRow | undefined> {
    const r = await this.db
      .selectFrom('scenes')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && sceneOf(r);
  }

  async list(businessLineId: string): Promise<SceneRow[]> {
    const rows = await this.db
      .selectFrom('scenes')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .orderBy('created_at')
      .limit(500)
      .execute();
    return rows.map(sceneOf);
  }
}
