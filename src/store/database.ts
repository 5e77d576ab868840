/**
 * Opens the database: SQLite (better-sqlite3 12, WAL) under the data directory by default, or
 * PostgreSQL when a `postgres://` URL is configured. Both behind the same Kysely<Database>.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Dialect } from './migrations.js';
import { migrateToLatest, pendingMigrations } from './migrations.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: Dialect;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  pendingMigrations(): Promise<string[]>;
  /** Throws when the database cannot answer a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL only: a schema to put first on the search_path (tests use one per file). */
  schema?: string;
  /** SQLite only: a file name other than DATA_DIR/hetong.sqlite (':memory:' allowed). */
  sqliteFile?: string;
}

// PostgreSQL int8 (OID 20) and numeric would arrive as strings; our bigints are millisecond
// timestamps and counters, far below 2^53, so numbers are exact.
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
};

export function openStore(options: StoreOptions): Store {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl))
      throw new Error('HETONG_DATABASE_URL must be a postgres:// URL');
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      types: pgTypes,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    return makeStore(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  }
  let file = options.sqliteFile ?? join(options.dataDir, 'hetong.sqlite');
  if (file !== ':memory:') mkdirSync(options.dataDir, { recursive: true });
  if (options.sqliteFile && options.sqliteFile !== ':memory:') file = options.sqliteFile;
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers run beside the writer; synchronous=FULL makes every acknowledged commit
  // survive a power cut (NORMAL only survives a process crash).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return makeStore(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), 'sqlite');
}

function makeStore(db: Db, dialect: Dialect): Store {
  const raw = db as unknown as Kysely<unknown>;
  return {
    db,
    dialect,
    migrate: () => migrateToLatest(raw, dialect),
    pendingMigrations: () => pendingMigrations(raw, dialect),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
