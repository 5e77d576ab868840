import type { Db } from '../database.js';
import type { BusinessLinesTable } from '../schema.js';

export interface BusinessLine {
  id: string;
  appId: string;
  name: string;
  status: 'active' | 'disabled';
  autoApprove: boolean;
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** A business line with its sealed secret, for the request authenticator only. */
export interface BusinessLineCredentials extends BusinessLine {
  secretSealed: string;
}

function toDomain(row: BusinessLinesTable): BusinessLineCredentials {
  return {
    id: row.id,
    appId: row.app_id,
    name: row.name,
    status: row.status,
    autoApprove: row.auto_approve === 1,
    settings: JSON.parse(row.settings_json) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    secretSealed: row.secret_sealed,
  };
}

export function publicView(c: BusinessLineCredentials): BusinessLine {
  const { secretSealed: _secret, ...rest } = c;
  return rest;
}

export class BusinessLineRepository {
  constructor(private readonly db: Db) {}

  async insert(line: BusinessLineCredentials): Promise<void> {
    await this.db
      .insertInto('business_lines')
      .values({
        id: line.id,
        app_id: line.appId,
        secret_sealed: line.secretSealed,
        name: line.name,
        status: line.status,
        auto_approve: line.autoApprove ? 1 : 0,
        settings_json: JSON.stringify(line.settings),
        created_at: line.createdAt,
        updated_at: line.updatedAt,
      })
      .execute();
  }

  async byAppId(appId: string): Promise<BusinessLineCredentials | undefined> {
    const row = await this.db
      .selectFrom('business_lines')
      .selectAll()
      .where('app_id', '=', appId)
      .executeTakeFirst();
    return row && toDomain(row);
  }

  async byId(id: string): Promise<BusinessLineCredentials | undefined> {
    const row = await this.db
      .selectFrom('business_lines')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toDomain(row);
  }

  async list(): Promise<BusinessLine[]> {
    const rows = await this.db
      .selectFrom('business_lines')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => publicView(toDomain(r)));
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('business_lines')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Returns false when no such line exists. */
  async update(
    appId: string,
    changes: { status?: 'active' | 'disabled'; secretSealed?: string; name?: string; autoApprove?: boolean },
    now: number,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('business_lines')
      .set({
        updated_at: now,
        ...(changes.status ? { status: changes.status } : {}),
        ...(changes.secretSealed ? { secret_sealed: changes.secretSealed } : {}),
        ...(changes.name ? { name: changes.name } : {}),
        ...(changes.autoApprove !== undefined ? { auto_approve: changes.autoApprove ? 1 : 0 } : {}),
      })
      .where('app_id', '=', appId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
