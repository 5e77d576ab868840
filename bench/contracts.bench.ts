/**
 * Contracts section: create-contract throughput and latency at the HTTP edge against the embedded
 * default (SQLite + local files, a fresh temp data dir) on 127.0.0.1. The load generator is a
 * SEPARATE process (this file, run as a child with HETONG_BENCH_CONTRACTS_CHILD set) using the
 * typed client: signed JSON requests with an Idempotency-Key, the standard 3-page contract and
 * its bench data (shared/bench/), bounded count, concurrency and time. Then, in process, where the
 * time goes: the render alone, and the rest of the create path.
 *
 *   npm run bench -- contracts [--count=N] [--concurrency=C] [--seconds=S]
 *
 * Target (issue 3): >= 60 contracts/s, p99 <= 150 ms.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HetongClient } from '../src/client/index.js';
import { benchData, benchLine } from './bench-line.js';
import { assertLoopback, benchArg, driveLoad, runLoadChild, type LoadResult } from './load.js';
import { printTable, summarize, timeSerial, type LatencySummary } from './stats.js';

const SIGNERS = [
  {
    role: '甲方',
    subject: { kind: 'organization' as const, idType: 'merchant_no', id: 'M-1', name: '甲方公司' },
  },
  { role: '乙方', subject: { kind: 'person' as const, idType: 'user_id', id: 'U-1', name: '张三' } },
];

interface LoadSpec {
  url: string;
  appId: string;
  appSecret: string;
  templateId: string;
  count: number;
  concurrency: number;
  seconds: number;
}

/**
 * The i-th contract's data: one of the three bench objects with its own contract number, so that
 * no two documents are identical — Typst memoises layout, and repeating the same three inputs
 * would measure its cache instead of real traffic.
 */
function uniqueData(data: Record<string, unknown>[], i: number, tag: string): Record<string, unknown> {
  return { ...data[Math.abs(i) % data.length]!, contractNo: `HT-${tag}-${i}` };
}

async function loadGenerator(spec: LoadSpec): Promise<LoadResult> {
  assertLoopback(spec.url);
  const client = new HetongClient({ baseUrl: spec.url, appId: spec.appId, appSecret: spec.appSecret });
  const data = benchData();
  const create = (i: number) =>
    client.createContract(
      {
        templateId: spec.templateId,
        title: `基准合同 ${i}`,
        data: uniqueData(data, i, String(process.pid)),
        signers: SIGNERS,
      },
      { idempotencyKey: `bench-${process.pid}-${i}-${randomBytes(4).toString('hex')}` },
    );
  return driveLoad({ ...spec, warmup: Math.min(40, Math.floor(spec.count / 10)) }, create);
}

function runChild(spec: LoadSpec): Promise<LoadResult> {
  return runLoadChild(import.meta.url, 'HETONG_BENCH_CONTRACTS_CHILD', spec);
}

export async function run(args: string[]): Promise<void> {
  const count = benchArg(args, 'count', 1500);
  const seconds = benchArg(args, 'seconds', 20);
  const concurrencies = args.some((a) => a.startsWith('--concurrency='))
    ? [benchArg(args, 'concurrency', 8)]
    : [4, 8];
  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-contracts-'));
  const { loadConfig } = await import('../src/app/config.js');
  const { createApp } = await import('../src/app/container.js');
  const app = await createApp(loadConfig({ HETONG_DATA_DIR: dataDir, HETONG_LOG_LEVEL: 'warn' }), {
    logger: false,
    jobs: false,
  });
  try {
    const { url, appId, appSecret, template } = await benchLine(app);
    const rows: LatencySummary[] = [];
    for (const concurrency of concurrencies) {
      const r = await runChild({
        url,
        appId,
        appSecret,
        templateId: template.id,
        count,
        concurrency,
        seconds,
      });
      rows.push(
        summarize(
          'POST /api/v1/contracts (3-page contract, render + store)',
          r.samples,
          r.wallMs,
          `c=${concurrency}${r.errors ? `, ${r.errors} errors: ${r.firstError}` : ''}`,
        ),
      );
    }

    // Where the time goes, in process, one at a time (no queueing): the render alone and the
    // whole service call (validation, render, blob put with fsync, one transaction, audit).
    const line = (await app.services.businessLines.list()).find((l) => l.appId === appId)!;
    const { version } = await app.services.templates.activeVersion(line.id, template.id);
    const compiled = await app.services.templates.compiled(version);
    const { RenderEngine } = await import('../src/render/index.js');
    const engine = new RenderEngine({ workers: 1 });
    const data = benchData();
    try {
      rows.push(
        await timeSerial(
          '  render only (1 worker, serial)',
          100,
          (i) => engine.renderPdf(compiled, uniqueData(data, i, 'render')),
          10,
        ),
      );
    } finally {
      await engine.close();
    }
    rows.push(
      await timeSerial(
        '  ContractService.create (serial, no HTTP)',
        100,
        (i) =>
          app.services.contracts.create(
            line.id,
            {
              templateId: template.id,
              title: `serial ${i}`,
              data: uniqueData(data, i, 'serial'),
              signers: SIGNERS,
            },
            [],
            { actor: 'bench' },
          ),
        10,
      ),
    );
    printTable(
      'Contracts — create at the HTTP edge, embedded default (SQLite, local files), load generator in a separate process',
      rows,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.HETONG_BENCH_CONTRACTS_CHILD) {
  const result = await loadGenerator(JSON.parse(process.env.HETONG_BENCH_CONTRACTS_CHILD) as LoadSpec);
  process.stdout.write(JSON.stringify(result) + '\n');
}
