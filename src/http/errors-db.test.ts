/**
 * toErrorResponse on real unique-constraint violations of both drivers: a race between two
 * inserts of the same row is a 409 CONFLICT the caller retries, not a 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/database.js';
import { createTestStore, postgresReachable, type TestStore } from '../store/testing.js';
import { toErrorResponse } from './errors.js';

interface Probe {
  conflict_probe: { id: string; k: string };
}

async function createProbe(store: Store): Promise<Kysely<Probe>> {
  const db = store.db as unknown as Kysely<Probe>;
  await db.schema
    .createTable('conflict_probe')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('k', 'text', (c) => c.notNull().unique())
    .execute();
  await db.insertInto('conflict_probe').values({ id: 'a', k: 'x' }).execute();
  return db;
}

async function thrown(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected the insert to fail');
    },
    (e: unknown) => e,
  );
}

const CONFLICT = {
  status: 409,
  internal: false,
  body: { error: { code: 'CONFLICT', message: 'the object changed meanwhile; retry' } },
};

describe('toErrorResponse: unique violations on SQLite (better-sqlite3)', () => {
  let dir: string;
  let store: Store;
  let db: Kysely<Probe>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hetong-conflict-'));
    store = openStore({ dataDir: dir });
    db = await createProbe(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps SQLITE_CONSTRAINT_PRIMARYKEY to 409 CONFLICT', async () => {
    const e = await thrown(db.insertInto('conflict_probe').values({ id: 'a', k: 'y' }).execute());
    expect(e).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(toErrorResponse(e)).toEqual(CONFLICT);
  });

  it('maps SQLITE_CONSTRAINT_UNIQUE to 409 CONFLICT, without the constraint in the answer', async () => {
    const e = await thrown(db.insertInto('conflict_probe').values({ id: 'b', k: 'x' }).execute());
    expect(e).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    const r = toErrorResponse(e);
    expect(r).toEqual(CONFLICT);
    expect(JSON.stringify(r.body)).not.toContain('conflict_probe');
  });

  it('leaves other constraint failures as INTERNAL', async () => {
    const e = await thrown(
      db
        .insertInto('conflict_probe')
        .values({ id: 'c', k: null as unknown as string })
        .execute(),
    );
    expect(e).toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    const r = toErrorResponse(e);
    expect([r.status, r.body.error.code, r.internal]).toEqual([500, 'INTERNAL', true]);
  });
});

describe.skipIf(!(await postgresReachable()))('toErrorResponse: unique violations on PostgreSQL (pg)', () => {
  let t: TestStore;
  let db: Kysely<Probe>;
  beforeAll(async () => {
    t = await createTestStore('postgres');
    db = await createProbe(t.store);
  });
  afterAll(async () => t?.dispose());

  it('maps SQLSTATE 23505 (primary key) to 409 CONFLICT', async () => {
    const e = await thrown(db.insertInto('conflict_probe').values({ id: 'a', k: 'y' }).execute());
    expect(e).toMatchObject({ code: '23505' });
    expect(toErrorResponse(e)).toEqual(CONFLICT);
  });

  it('maps SQLSTATE 23505 (unique column) to 409 CONFLICT, without the constraint in the answer', async () => {
    const e = await thrown(db.insertInto('conflict_probe').values({ id: 'b', k: 'x' }).execute());
    expect(e).toMatchObject({ code: '23505' });
    const r = toErrorResponse(e);
    expect(r).toEqual(CONFLICT);
    expect(JSON.stringify(r.body)).not.toContain('conflict_probe');
  });

  it('leaves other constraint failures (23502 not null) as INTERNAL', async () => {
    const e = await thrown(
      db
        .insertInto('conflict_probe')
        .values({ id: 'c', k: null as unknown as string })
        .execute(),
    );
    expect(e).toMatchObject({ code: '23502' });
    const r = toErrorResponse(e);
    expect([r.status, r.body.error.code, r.internal]).toEqual([500, 'INTERNAL', true]);
  });
});
