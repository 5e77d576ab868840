import type { Db } from '../database.js';
import type { TemplateGroupsTable } from '../schema.js';

export interface TemplateGroup {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: number;
  updatedAt: number;
}

const toDomain = (r: TemplateGroupsTable): TemplateGroup => ({
  id: r.id,
  name: r.name,
  parentId: r.parent_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Template groups (模板组), always read through the owning business line. */
export class TemplateGroupRepository {
  constructor(private readonly db: Db) {}

  /** The same repository inside a transaction. */
  withDb(db: Db): TemplateGroupRepository {
    return new TemplateGroupRepository(db);
  }

  async insert(businessLineId: string, g: TemplateGroup): Promise<void> {
    await this.db
      .insertInto('template_groups')
      .values({
        id: g.id,
        business_line_id: businessLineId,
        name: g.name,
        parent_id: g.parentId,
        created_at: g.createdAt,
        updated_at: g.updatedAt,
      })
      .execute();
  }

  async get(businessLineId: string, id: string): Promise<TemplateGroup | undefined> {
    const r = await this.db
      .selectFrom('template_groups')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toDomain(r);
  }

  async list(businessLineId: string): Promise<TemplateGroup[]> {
    const rows = await this.db
      .selectFrom('template_groups')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toDomain);
  }

  async rename(businessLineId: string, id: string, name: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('template_groups')
      .set({ name, updated_at: now })
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
