/**
 * Opens the database: SQLite (better-sqlite3 12, WAL) under the data directory by default, or
 * PostgreSQL when a `postgres://` URL is configured. Both behind the same Kysely<Database>.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Dialect } from './migrations.js';
import { migrateToLatest, pendingMigrations } from './migrations.js';
import { SearchPathPostgresDialect } from './pg-introspector.js';
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
  /**
   * SQLite only. NORMAL (default): in WAL mode every commit survives a process crash (kill -9) but
   * the last commits may be lost on power failure or kernel panic; commits cost ~0.1 ms. FULL:
   * also survives power loss, at one fsync per commit (6 ms measured here) that blocks the event
   * loop — better-sqlite3 is synchronous. https://www.sqlite.org/pragma.html#pragma_synchronous
   */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
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
    return makeStore(new Kysely<Database>({ dialect: new SearchPathPostgresDialect({ pool }) }), 'postgres');
  }
  let file = options.sqliteFile ?? join(options.dataDir, 'hetong.sqlite');
  if (file !== ':memory:') mkdirSync(options.dataDir, { recursive: true });
  if (options.sqliteFile && options.sqliteFile !== ':memory:') file = options.sqliteFile;
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers run beside the writer; see `sqliteSynchronous` for the durability choice.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return makeStore(
    new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) }),
    'sqlite',
  );
}

/**
 * Kysely prepares every query anew; with better-sqlite3 preparing costs about as much as running a
 * small query, so statements are kept by SQL text. A statement still iterating (streamed select)
 * is busy and cannot be reused: then a fresh one is prepared.
 */
function cachingStatements(sqlite: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let stmt = cache.get(text);
      if (stmt && !stmt.busy) return stmt;
      stmt = sqlite.prepare(text);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(text, stmt);
      return stmt;
    },
  };
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
