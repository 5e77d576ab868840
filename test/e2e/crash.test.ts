/**
 * Crash safety of contract creation (issue 3 "Safety"): a child process creating contracts in a
 * loop is killed with SIGKILL at random points, several times over the same data. Afterwards every
 * acknowledged contract exists, and every contract row has its document blob, whole.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { openServices } from '../../src/app/container.js';
import { createTestStore, testDialects, TEST_PG_URL, type TestStore } from '../../src/store/testing.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import { BENCH_DATA, STANDARD_DOCX } from './helpers.js';

const dialects = await testDialects();
const runTs = join(import.meta.dirname, '../../bin/run-ts.js');
const fixture = join(import.meta.dirname, 'crash-writer.fixture.ts');

function runAndKill(args: string[], acks: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runTs, fixture, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, string>();
    let buffer = '';
    let stderr = '';
    let killing = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const [word, id, sha] = buffer.slice(0, nl).split(' ');
        buffer = buffer.slice(nl + 1);
        if (word === 'ack' && id && sha) acked.set(id, sha);
      }
      if (!killing && acked.size >= acks) {
        killing = true;
        // Somewhere inside the next create: rendering, storing the blob, or committing.
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 400));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited ${code}: ${stderr}`));
    });
  });
}

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
      for (let round = 0; round < 2; round++)
        for (const [id, sha] of await runAndKill(args, 2 + Math.floor(Math.random() * 4))) acked.set(id, sha);
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
