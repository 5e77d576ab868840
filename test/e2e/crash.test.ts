/**
 * Crash safety of contract creation (issue 3 "Safety"): a child process creating contracts in a
 * loop is killed with SIGKILL at random points, several times over the same data. Afterwards every
 * acknowledged contract exists, and every contract row has its document blob, whole.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { openServices } from '../../src/app/container.js';
import { createTestStore, testDialects, TEST_PG_URL, type TestStore } from '../../src/store/testing.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import { BENCH_DATA, STANDARD_DOCX } from './helpers.js';
import { runAndKill } from '../../src/store/crash-harness.js';

const dialects = await testDialects();
const fixture = join(import.meta.dirname, 'crash-writer.fixture.ts');

describe.each(dialects)('contract creation crash safety on %s', (dialect) => {
  let t: TestStore;
  let lineId: string;
  let templateId: string;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    const config = loadConfig({ HETONG_DATA_DIR: t.dataDir });
    const services = await openServices(config, { store: t.reopen() });
    try {
      const issued = await services.businessLines.create({ name: 'crash', autoApprove: true }, CLI_ACTOR);
      const line = (await services.businessLines.list()).find((l) => l.appId === issued.appId)!;
      lineId = line.id;
      const tpl = await services.templates.create(
        line,
        STANDARD_DOCX,
        { name: 'crash', groupId: null, signerRoles: ['甲方', '乙方'], signFields: [] },
        CLI_ACTOR,
      );
      templateId = tpl.id;
    } finally {
      await services.close();
    }
  });
  afterAll(async () => t?.dispose());

  it(
    'keeps every acknowledged contract and never a row without its document',
    { timeout: 400_000 },
    async () => {
      const dataFile = join(t.dataDir, 'data.json');
      writeFileSync(dataFile, JSON.stringify(BENCH_DATA[0]));
      const args = [
        t.dataDir,
        lineId,
        templateId,
        dataFile,
        ...(dialect === 'postgres' ? [TEST_PG_URL, t.schema!] : []),
      ];
      const acked = new Map<string, string>();
      // Two rounds: each child needs its render workers (fonts) before the first create, which on
      // a busy 2-core machine takes tens of seconds.
      // Killed within 400 ms of an ack: rendering, storing the blob, or committing the next one.
      for (let round = 0; round < 2; round++)
        for (const [id, sha] of await runAndKill(fixture, args, 2 + Math.floor(Math.random() * 4), 400))
          acked.set(id, sha);
      expect(acked.size).toBeGreaterThanOrEqual(4);

      const services = await openServices(loadConfig({ HETONG_DATA_DIR: t.dataDir }), { store: t.reopen() });
      try {
        const db = services.store.db;
        const rows = await db
          .selectFrom('contracts')
          .select('id')
          .where('business_line_id', '=', lineId)
          .execute();
        const docs = await db
          .selectFrom('contract_documents')
          .select(['contract_id', 'blob_key', 'sha256'])
          .execute();
        const ids = new Set(rows.map((r) => r.id));
        for (const [id, sha] of acked) {
          expect(ids.has(id)).toBe(true);
          expect(docs.find((d) => d.contract_id === id)?.sha256).toBe(sha);
        }
        for (const r of rows) {
          const doc = docs.find((d) => d.contract_id === r.id);
          expect(doc).toBeDefined();
          const bytes = await services.blobs.get(doc!.blob_key);
          expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc!.sha256);
          expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
        }
        // No document row without its contract either (one transaction).
        for (const d of docs) expect(ids.has(d.contract_id)).toBe(true);
      } finally {
        await services.close();
      }
    },
  );
});
