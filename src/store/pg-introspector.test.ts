import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, postgresReachable, TEST_PG_URL, type TestStore } from './testing.js';

const reachable = await postgresReachable();

describe.runIf(reachable || process.env.CI === 'true')('introspection on PostgreSQL: our schema only', () => {
  let t: TestStore;
  let admin: pg.Client;
  const other = `t_other_${Date.now().toString(36)}`;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create schema ${other}`);
    await admin.query(`create table ${other}.stranger (id serial primary key, blob_key text)`);
    t = await createTestStore('postgres');
  });
  afterAll(async () => {
    await admin.query(`drop schema if exists ${other} cascade`);
    await admin.end();
    await t?.dispose();
  });

  it("lists our tables with their columns, and no other schema's", async () => {
    const tables = await t.store.db.introspection.getTables();
    const names = tables.map((x) => x.name);
    expect(names).toContain('contracts');
    expect(names).not.toContain('stranger');
    expect(names).not.toContain('kysely_migration');
    expect(new Set(tables.map((x) => x.schema))).toEqual(new Set([t.schema]));
    const contracts = tables.find((x) => x.name === 'contracts')!;
    expect(contracts.columns.find((c) => c.name === 'id')).toMatchObject({ isNullable: false });
    const internal = await t.store.db.introspection.getTables({ withInternalKyselyTables: true });
    expect(internal.map((x) => x.name)).toContain('kysely_migration');
  });

  it('migrates while other schemas are dropped and created around it', async () => {
    // Kysely's own introspector resolved every schema's tables by name: a schema dropped meanwhile
    // failed the migration with "schema … does not exist".
    let churn = true;
    const churning = (async () => {
      for (let i = 0; churn; i++) {
        const s = `t_churn_${Date.now().toString(36)}_${i}`;
        await admin.query(`create schema ${s}; create table ${s}.x (id serial primary key)`);
        await admin.query(`drop schema ${s} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 3; i++) {
        const fresh = await createTestStore('postgres');
        await fresh.dispose();
      }
    } finally {
      churn = false;
      await churning;
    }
  }, 120_000);
});
