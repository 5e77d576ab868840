/**
 * Evidence section (issue 12):
 *
 * 1. What appending an event adds to the write it belongs to: the leaf hash (RFC 8785 canonical
 *    JSON + SHA-256) computed in `AuditTrail.record`, and the whole record() insert on SQLite.
 *    Sequencing runs later in the background job; its cost per event is reported too.
 * 2. Proofs on a large log: a tree of `--leaves=N` (default 10,000,000) is built into a SQLite
 *    file through the sequencer's own path (frontier tiles loaded, leaves appended, dirty tiles
 *    written, in batches), then inclusion and consistency proofs at random points are timed
 *    through TransparencyLog (tile reads included).
 * 3. The evidence package of a two-party contract (both signers clicked through the signing
 *    session; B-LTA at completion): ZIP with the PDF, events, proofs, report.pdf rendered by our
 *    engine.
 *
 *   npm run bench -- evidence [--leaves=N] [--quick]
 *
 * Targets (issue 12): append ≤ 0.2 ms p99; proofs on 10M leaves ≤ 2 ms p99; package ≤ 300 ms.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTrail } from '../src/evidence/audit.js';
import { leafData, leafHashHex, type LeafEvent } from '../src/evidence/log/leaf.js';
import { LogKeys } from '../src/evidence/log/log-key.js';
import { LogStore } from '../src/evidence/log/log-store.js';
import { rootHash } from '../src/evidence/log/merkle.js';
import { appendLeaves, frontier, tilesOf, TileSet } from '../src/evidence/log/tiles.js';
import { TransparencyLog } from '../src/evidence/log/transparency-log.js';
import { createTestApp } from '../src/http/testing.js';
import { MasterKey } from '../src/pki/master-key.js';
import { openStore } from '../src/store/database.js';
import { CLI_ACTOR } from '../src/tenancy/context.js';
import { BENCH_DATA, STANDARD_DOCX } from '../test/e2e/helpers.js';
import { SignerBrowser } from '../test/e2e/signing.js';
import { benchArg } from './load.js';
import { printTable, summarize, timeSerial, type LatencySummary } from './stats.js';

const EVENT: LeafEvent = {
  at: 1_764_900_000_000,
  actor: 'signer:cs_7kcz6u0bz2jnnbzy9l9u3tvsk',
  action: 'contract.signer.signed',
  target: 'ct_e8su752qv2vasvw3smqnh6d4u',
  businessLineId: 'bl_3yox92su0h0asub2n33wclt4g',
  requestId: 'req-0001',
  ip: '203.0.113.7',
  details: {
    signerId: 'cs_7kcz6u0bz2jnnbzy9l9u3tvsk',
    role: '甲方',
    method: 'esign',
    via: 'session',
    certificateSerial: '5413FDAF2E9692C5722850DC7FC7A83F',
    documents: [{ id: 'cd_2p63r8uy2osbunngo10l02bz4', sha256: 'ab'.repeat(32) }],
  },
};

async function appendCost(quick: boolean): Promise<LatencySummary[]> {
  const rows: LatencySummary[] = [];
  rows.push(
    await timeSerial('leaf hash of an event (canonical JSON + SHA-256)', quick ? 20_000 : 200_000, (i) =>
      leafHashHex(leafData({ ...EVENT, at: EVENT.at + i })),
    ),
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-evidence-'));
  const store = openStore({ dataDir });
  await store.migrate();
  const audit = new AuditTrail(store.db);
  const record = (i: number) =>
    audit.record({ ...EVENT, details: { ...EVENT.details, i }, businessLineId: null });
  rows.push(
    await timeSerial('audit record() on SQLite (insert with leaf hash)', quick ? 2000 : 20_000, record),
  );
  const keys = new LogKeys(store.db, MasterKey.fromBytes(randomBytes(32)), { publicUrl: 'https://bench' });
  const log = new TransparencyLog(store.db, new LogStore('sqlite'), keys);
  const t0 = performance.now();
  const { added } = await log.integrate({ checkpoint: 'now' });
  const ms = performance.now() - t0;
  rows.push(
    summarize(
      'sequencer, per event (background job)',
      [ms / added],
      ms,
      `${added} events in ${ms.toFixed(0)} ms`,
    ),
  );
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  return rows;
}

async function proofCost(leaves: number, quick: boolean): Promise<LatencySummary[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-evidence-log-'));
  const store = openStore({ dataDir });
  await store.migrate();
  const logStore = new LogStore('sqlite');
  // Build: the sequencer's path without the audit rows (their leaf hashes are random here).
  const batch = 100_000;
  const built = performance.now();
  let size = 0;
  const seed = randomBytes(32);
  while (size < leaves) {
    const n = Math.min(batch, leaves - size);
    const hashes = Array.from({ length: n }, (_, i) =>
      createHash('sha256')
        .update(seed)
        .update(String(size + i))
        .digest(),
    );
    await store.db.transaction().execute(async (trx) => {
      const state = await logStore.lockState(trx, Date.now());
      const tiles = new TileSet(state.size);
      for (const t of await logStore.loadTiles(trx, tilesOf(frontier(state.size)))) tiles.load(t.key, t.data);
      size = appendLeaves(state.size, hashes, tiles);
      await logStore.writeTiles(trx, tiles.dirty());
      const root = Buffer.from(rootHash(size, (l, i) => tiles.node(l, i)));
      await logStore.saveState(trx, { size, rootHash: root }, Date.now());
    });
  }
  const buildMs = performance.now() - built;
  const fileMb = statSync(join(dataDir, 'hetong.sqlite')).size / 1e6;
  const keys = new LogKeys(store.db, MasterKey.fromBytes(randomBytes(32)), { publicUrl: 'https://bench' });
  const log = new TransparencyLog(store.db, logStore, keys);
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const count = quick ? 500 : 5000;
  const rows = [
    summarize(
      `build a log of ${leaves.toLocaleString('en')} leaves (tiles)`,
      [buildMs],
      buildMs,
      `${((leaves / buildMs) * 1000).toFixed(0)} leaves/s, SQLite file ${fileMb.toFixed(0)} MB`,
    ),
    await timeSerial(`inclusion proof, random leaf, tree of ${leaves.toLocaleString('en')}`, count, () =>
      log.proveInclusion(rnd(leaves), leaves),
    ),
    // The same on this process's CPU clock: what a proof costs, without the waits a machine
    // shared with other work adds to the wall clock.
    await timeCpu(`inclusion proof, CPU time of the process`, count, () =>
      log.proveInclusion(rnd(leaves), leaves),
    ),
    await timeSerial(`consistency proof, random sizes ≤ ${leaves.toLocaleString('en')}`, count, () => {
      const a = 1 + rnd(leaves - 1);
      return log.proveConsistency(a, a + rnd(leaves - a + 1));
    }),
    await timeSerial('20 inclusion proofs (a package), one read of their tiles', quick ? 100 : 1000, () =>
      log.proveInclusions(
        Array.from({ length: 20 }, () => rnd(leaves)).sort((a, b) => a - b),
        leaves,
      ),
    ),
  ];
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  return rows;
}

/** Like timeSerial, on process.cpuUsage() (user + system) instead of the wall clock. */
async function timeCpu(name: string, count: number, fn: () => Promise<unknown>): Promise<LatencySummary> {
  for (let i = 0; i < Math.min(50, count); i++) await fn();
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const before = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  return summarize(name, samples, performance.now() - start, 'CPU ms per proof; ops/s on the wall clock');
}

async function packageCost(quick: boolean): Promise<LatencySummary[]> {
  const t = await createTestApp('sqlite');
  try {
    const line = await t.app.services.businessLines.create({ name: 'bench', autoApprove: true }, CLI_ACTOR);
    const client = t.clientFor(line.appId, line.appSecret);
    const template = await client.createTemplate({
      docx: STANDARD_DOCX,
      name: '技术服务合同',
      signerRoles: ['甲方', '乙方'],
      signFields: [
        { role: '甲方', page: 3, x: 80, y: 150, width: 120, height: 120 },
        { role: '乙方', page: 3, x: 350, y: 150, width: 120, height: 120 },
      ],
    });
    const person = (i: number) => ({
      kind: 'person' as const,
      idType: 'user_id',
      id: `B-${i}`,
      name: `签署人${i}`,
    });
    const { id } = await client.request<{ id: string }>('POST', '/api/v1/contracts', {
      body: {
        templateId: template.id,
        title: '技术服务合同',
        data: BENCH_DATA[0],
        signers: [
          { role: '甲方', subject: person(1), method: 'clickwrap' },
          { role: '乙方', subject: person(2), method: 'clickwrap' },
        ],
      },
    });
    for (const s of (await client.contract(id)).signers!) {
      const b = new SignerBrowser(t);
      await b.open((await client.signUrl(id, s.id, { client: 'pc' })).url);
      await b.post('/sign', { agree: true });
    }
    await t.app.services.evidence.log.integrate({ checkpoint: 'now' });
    const lineId = (await t.app.services.businessLines.list()).find((l) => l.appId === line.appId)!.id;
    let bytes = 0;
    const row = await timeSerial(
      'evidence package, two-party contract (ZIP + report.pdf)',
      quick ? 10 : 50,
      async () => (bytes = (await t.app.services.evidence.packages.build(lineId, id)).length),
      3,
    );
    row.note = `${(bytes / 1024).toFixed(0)} KB`;
    return [row];
  } finally {
    await t.dispose();
  }
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const leaves = benchArg(args, 'leaves', quick ? 1_000_000 : 10_000_000);
  printTable('Evidence: appending an event', await appendCost(quick));
  printTable('Evidence: proofs on a large log', await proofCost(leaves, quick));
  printTable('Evidence: package', await packageCost(quick));
}
