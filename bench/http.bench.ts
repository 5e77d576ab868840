/**
 * HTTP section: the service on its embedded defaults (SQLite + local files, a fresh temp data dir)
 * listens on 127.0.0.1; a load generator in a SEPARATE process (this same file, run as a child with
 * HETONG_BENCH_CHILD set) drives it with the typed client: bounded concurrency, bounded count and
 * time. Cases: a signed read (GET /api/v1/business-line) and a signed create with an
 * Idempotency-Key (POST /api/v1/template-groups). Extend `CASES` with create-contract when it lands.
 *
 *   npm run bench -- http [--count=N] [--concurrency=C] [--seconds=S]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HetongClient } from '../src/client/index.js';
import { assertLoopback, benchArg, driveLoad, runLoadChild, type LoadResult } from './load.js';
import { printTable, summarize, type LatencySummary } from './stats.js';

interface LoadSpec {
  url: string;
  appId: string;
  appSecret: string;
  case: string;
  count: number;
  concurrency: number;
  seconds: number;
}

const CASES: Record<string, (client: HetongClient, i: number) => Promise<unknown>> = {
  'GET /api/v1/business-line (signed read)': (c) => c.businessLine(),
  'POST /api/v1/template-groups (signed create, Idempotency-Key)': (c, i) =>
    c.createTemplateGroup({ name: `组 ${i}` }, `bench-${process.pid}-${i}-${randomBytes(4).toString('hex')}`),
};

/** The child: runs one case with bounded concurrency until `count` calls or `seconds` elapse. */
async function loadGenerator(spec: LoadSpec): Promise<LoadResult> {
  assertLoopback(spec.url);
  const client = new HetongClient({ baseUrl: spec.url, appId: spec.appId, appSecret: spec.appSecret });
  const call = CASES[spec.case]!;
  return driveLoad({ ...spec, warmup: Math.min(100, Math.floor(spec.count / 10)) }, (i) => call(client, i));
}

function runChild(spec: LoadSpec): Promise<LoadResult> {
  return runLoadChild(import.meta.url, 'HETONG_BENCH_CHILD', spec);
}

export async function run(args: string[]): Promise<void> {
  const count = benchArg(args, 'count', 3000);
  const concurrency = benchArg(args, 'concurrency', 16);
  const seconds = benchArg(args, 'seconds', 20);
  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-'));
  const { loadConfig } = await import('../src/app/config.js');
  const { createApp } = await import('../src/app/container.js');
  const app = await createApp(loadConfig({ HETONG_DATA_DIR: dataDir, HETONG_LOG_LEVEL: 'warn' }), {
    logger: false,
  });
  try {
    const url = await app.server.listen({ port: 0, host: '127.0.0.1' });
    const { appId, appSecret } = await app.services.businessLines.create(
      { name: 'bench' },
      { actor: 'bench' },
    );
    const rows: LatencySummary[] = [];
    for (const name of Object.keys(CASES)) {
      const cpu0 = process.cpuUsage();
      const r = await runChild({ url, appId, appSecret, case: name, count, concurrency, seconds });
      const cpu = process.cpuUsage(cpu0);
      // Server CPU per request (warm-up calls included): unlike the latencies, this figure does
      // not depend on how busy the machine is.
      const calls = r.samples.length + r.errors + Math.min(100, Math.floor(count / 10));
      const cpuMs = (cpu.user + cpu.system) / 1000 / calls;
      rows.push(
        summarize(
          name,
          r.samples,
          r.wallMs,
          `c=${concurrency}, server CPU ${cpuMs.toFixed(2)} ms/req${r.errors ? `, ${r.errors} errors: ${r.firstError}` : ''}`,
        ),
      );
    }
    printTable(
      `HTTP edge — embedded default (SQLite, local files), load generator in a separate process`,
      rows,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.HETONG_BENCH_CHILD) {
  const result = await loadGenerator(JSON.parse(process.env.HETONG_BENCH_CHILD) as LoadSpec);
  process.stdout.write(JSON.stringify(result) + '\n');
}
