/**
 * Migration 0016 (idempotency leases) on rows an older version left: a reservation in progress at
 * the upgrade keeps the rule it was made under (taken over 60 s after it was made), a completed
 * response is untouched.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrator } from './migrations.js';
import { BusinessLineRepository } from './repositories/business-lines.js';
import { IdempotencyKeyRepository } from './repositories/idempotency-keys.js';
import { createTestStore, testDialects, type TestStore } from './testing.js';

const dialects = await testDialects();

describe.each(dialects)('migration 0016_idempotency_lease on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect, { migrate: false });
  });
  afterAll(async () => t?.dispose());

  it('gives reservations in progress the old 60 s and leaves responses alone', async () => {
    const db = t.store.db;
    const { error } = await (
      await migrator(db as unknown as Kysely<unknown>, dialect)
    ).migrateTo('0015_template_missing_policy');
    expect(error).toBeUndefined();
    await new BusinessLineRepository(db).insert({
      id: 'bl_1',
      appId: 'app_1',
      secretSealed: 's',
      name: 'Line',
      status: 'active',
      autoApprove: false,
      settings: {},
      createdAt: 1,
      updatedAt: 1,
    });
    await sql`insert into idempotency_keys (business_line_id, key, request_hash, status_code, response_json, created_at)
      values ('bl_1', 'running', 'h', 0, 'null', 1000), ('bl_1', 'done', 'h', 201, '{"id":"x"}', 2000)`.execute(
      db,
    );
    expect(await t.store.migrate()).toContain('0016_idempotency_lease');
    const repo = new IdempotencyKeyRepository(db);
    expect(await repo.find('bl_1', 'running')).toMatchObject({ statusCode: 0, leaseUntil: 61_000 });
    expect(await repo.find('bl_1', 'done')).toMatchObject({
      statusCode: 201,
      body: { id: 'x' },
      leaseUntil: 0,
    });
  });
});
