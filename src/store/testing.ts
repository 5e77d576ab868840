/**
 * Test support: runs a suite on SQLite AND PostgreSQL. Each call gets a fresh database — a temp
 * SQLite file, or a new PostgreSQL schema on `HETONG_TEST_DATABASE_URL` (so test files can run in
 * parallel). With CI=true an unreachable PostgreSQL fails the run instead of skipping it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from './database.js';

export const TEST_PG_URL = process.env.HETONG_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  dataDir: string;
  /** PostgreSQL: the schema of this test database. */
  schema?: string;
  /** Options to open the same database again (restart tests). */
  reopen(): Store;
  dispose(): Promise<void>;
}

export type TestDialect = 'sqlite' | 'postgres';

let pgReachable: Promise<boolean> | undefined;

export function postgresReachable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (e) {
      if (process.env.CI === 'true')
        throw new Error(`PostgreSQL at ${TEST_PG_URL} is unreachable and CI=true: ${String(e)}`);
      console.warn(`PostgreSQL at ${TEST_PG_URL} is unreachable: its suites are skipped (${String(e)})`);
      return false;
    }
  })();
  return pgReachable;
}

/** `migrate: false` leaves the database empty (for tests of one migration on older rows). */
export async function createTestStore(
  dialect: TestDialect,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-test-'));
  if (dialect === 'sqlite') {
    const open = () => openStore({ dataDir });
    const store = open();
    if (migrate) await store.migrate();
    return {
      store,
      dataDir,
      reopen: open,
      dispose: async () => {
        await store.close().catch(() => undefined);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const open = () => openStore({ dataDir, databaseUrl: TEST_PG_URL, schema });
  const store = open();
  if (migrate) await store.migrate();
  return {
    store,
    dataDir,
    schema,
    reopen: open,
    dispose: async () => {
      await store.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The dialects a suite should run on: PostgreSQL only when reachable (always under CI). */
export async function testDialects(): Promise<TestDialect[]> {
  return (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}
