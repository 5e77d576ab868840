/**
 * Flow section (issue 9): the whole life of a contract at the HTTP edge on the embedded default
 * (SQLite + local files), driven by a load generator in a SEPARATE process over 127.0.0.1:
 *
 *   create → the organisation signs automatically (authorization) → a signing link for the person
 *   → open it (session cookie) → SMS code through the gateway → verify → sign → completed (B-LTA)
 *   → `contract.completed` webhook delivered.
 *
 * The SMS gateway and the webhook receiver are HTTP servers in the load generator's process, so
 * the person's code is read the way a phone would get it. Reports flows/s, the whole flow's
 * latency, every call's latency, the webhook's delay after completion, and the server's RSS.
 *
 *   npm run bench -- flow [--count=N] [--concurrency=C] [--seconds=S]
 *
 * Target (issue 9): >= 70 contracts/s completed on one 2-core node, every call p99 <= 200 ms,
 * RSS <= 512 MB.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HetongClient } from '../src/client/index.js';
import { benchData, benchLine } from './bench-line.js';
import { assertLoopback, benchArg, driveLoad, runLoadChild, type LoadResult } from './load.js';
import type { Services } from '../src/app/container.js';
import { SignerSeals } from '../src/contracts/signer-seals.js';
import { printTable, summarize, timeSerial, type LatencySummary } from './stats.js';

interface FlowSpec {
  url: string;
  appId: string;
  appSecret: string;
  templateId: string;
  count: number;
  concurrency: number;
  seconds: number;
  gatewayPort: number;
  webhookPort: number;
}

interface FlowResult extends LoadResult {
  steps: Record<string, number[]>;
  webhookDelays: number[];
  /** Flows completed, warm-up included (the webhooks' denominator). */
  completed: number;
  /** The load generator's own CPU (user + system), ms, over the same flows. */
  cpuMs: number;
}

/**
 * CPU time (user + system, ms) of this process's main thread, from /proc (Linux; Node 20 has no
 * per-thread CPU clock): clock ticks, so only meaningful over many calls. NaN where /proc is absent.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are fields 14 and 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = 100;

/**
 * CPU spent while `fn` runs: the whole process (main thread and worker threads, user + system)
 * and the main thread alone. Unlike latency under load, CPU per flow hardly moves with what else
 * the shared machine runs, so it is what sizes a node.
 */
async function cpuOf<T>(fn: () => Promise<T>): Promise<{ result: T; processMs: number; mainMs: number }> {
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const result = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { result, processMs: (cpu.user + cpu.system) / 1000, mainMs: mainThreadCpuMs() - main0 };
}

/** Runs a serial timing and notes its CPU per call (process and main thread). */
async function withCpu(run: () => Promise<LatencySummary>): Promise<LatencySummary> {
  const { result, processMs, mainMs } = await cpuOf(run);
  const n = Math.max(1, result.count);
  result.note = `CPU ${(processMs / n).toFixed(1)} ms/call, main thread ${(mainMs / n).toFixed(1)} ms/call`;
  return result;
}

const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FLBENCH',
  name: '基准科技有限公司',
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

async function loadGenerator(spec: FlowSpec): Promise<FlowResult> {
  assertLoopback(spec.url);
  const client = new HetongClient({ baseUrl: spec.url, appId: spec.appId, appSecret: spec.appSecret });
  const data = benchData();
  // The phone: codes by recipient, and a waiter per recipient.
  const codes = new Map<string, (code: string) => void>();
  const gateway = createServer((req, res) => {
    void readBody(req).then((body) => {
      // The person also gets a sign_invitation when the organisation has signed; only the intent
      // code answers the waiter.
      const m = JSON.parse(body.toString()) as { to: string; template: string; params: { code?: string } };
      if (m.template === 'intent_code' && m.params.code !== undefined) codes.get(m.to)?.(m.params.code);
      res.writeHead(200).end('{}');
    });
  });
  const completedAt = new Map<string, number>();
  const webhookDelays: number[] = [];
  const receiver = createServer((req, res) => {
    void readBody(req).then((body) => {
      const event = JSON.parse(body.toString()) as { type: string; data: { contractId: string } };
      const done = completedAt.get(event.data.contractId);
      if (event.type === 'contract.completed' && done !== undefined)
        webhookDelays.push(performance.now() - done);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => gateway.listen(spec.gatewayPort, '127.0.0.1', r));
  await new Promise<void>((r) => receiver.listen(spec.webhookPort, '127.0.0.1', r));

  const steps: Record<string, number[]> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    (steps[name] ??= []).push(performance.now() - t0);
    return r;
  };
  const session = async (method: string, path: string, cookie: string, csrf: string, body?: object) => {
    const res = await fetch(`${spec.url}/sign/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${path}: ${res.status} ${text}`);
    return { res, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  const flow = async (i: number) => {
    const mobile = `139${String(1e8 + ((process.pid * 7919 + i * 104729) % 9e7)).slice(0, 8)}`;
    const created = await timed('POST /api/v1/contracts', () =>
      client.createContract({
        templateId: spec.templateId,
        title: `基准合同 ${i}`,
        data: { ...data[Math.abs(i) % data.length]!, contractNo: `HT-FLOW-${process.pid}-${i}` },
        signers: [
          { role: '甲方', subject: ORG, signOrder: 1 },
          {
            role: '乙方',
            subject: { kind: 'person', idType: 'user_id', id: `U-${process.pid}-${i}`, name: '张三', mobile },
            signOrder: 2,
          },
        ],
      }),
    );
    const contract = await client.contract(created.id);
    const [org, person] = contract.signers!;
    await timed('POST …/signers/{id}/auto-sign', () => client.autoSign(created.id, org!.id));
    const link = await timed('POST …/sign-url', () =>
      client.signUrl(created.id, person!.id, { client: 'h5' }),
    );
    const token = /#token=(.+)$/.exec(link.url)![1]!;
    const opened = await timed('POST /sign/api/session', () =>
      fetch(`${spec.url}/sign/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      }),
    );
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await opened.json()) as { csrfToken: string };
    const code = new Promise<string>((resolve) => codes.set(mobile, resolve));
    await timed('POST /sign/api/intent/code', () =>
      session('POST', '/intent/code', cookie, csrfToken, { method: 'sms' }),
    );
    const received = await code;
    codes.delete(mobile);
    await timed('POST /sign/api/intent/verify', () =>
      session('POST', '/intent/verify', cookie, csrfToken, { code: received }),
    );
    const signed = await timed('POST /sign/api/sign', () => session('POST', '/sign', cookie, csrfToken, {}));
    const result = (signed.json.results as { contractStatus: string }[])[0]!;
    if (result.contractStatus !== 'completed') throw new Error(`not completed: ${JSON.stringify(result)}`);
    completedAt.set(created.id, performance.now());
  };
  const cpu0 = process.cpuUsage();
  const load = await driveLoad({ ...spec, warmup: Math.min(20, Math.floor(spec.count / 10)) }, flow);
  // Webhooks still in flight get a moment to arrive.
  const until = performance.now() + 5000;
  while (webhookDelays.length < completedAt.size && performance.now() < until)
    await new Promise((r) => setTimeout(r, 50));
  gateway.close();
  receiver.close();
  const cpu = process.cpuUsage(cpu0);
  return {
    ...load,
    steps,
    webhookDelays,
    completed: completedAt.size,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/**
 * Where the time goes, in process and one at a time (no HTTP, no queueing): the service calls the
 * flow's heavy steps make.
 */
async function inProcess(services: Services, appId: string, templateId: string): Promise<LatencySummary[]> {
  const line = (await services.businessLines.list()).find((l) => l.appId === appId)!;
  const data = benchData();
  const actor = { actor: 'bench' };
  const contracts: { id: string; org: string; person: string }[] = [];
  const create = await withCpu(() =>
    timeSerial(
      '  in process: ContractService.create (render, blob, transaction)',
      60,
      async (i) => {
        const c = await services.contracts.create(
          line.id,
          {
            templateId,
            title: `serial ${i}`,
            data: { ...data[i % data.length]!, contractNo: `HT-SERIAL-${i}` },
            signers: [
              { role: '甲方', subject: ORG },
              {
                role: '乙方',
                subject: { kind: 'person', idType: 'user_id', id: `S-${i}`, name: '李四' },
                signOrder: 2,
              },
            ],
          },
          [],
          actor,
        );
        const [org, person] = await services.signFlows.flows.repository.contracts.signers(c.id);
        contracts.push({ id: c.id, org: org!.id, person: person!.id });
      },
      0,
    ),
  );
  const auto = await withCpu(() =>
    timeSerial(
      '  in process: AutoSigner.sign (keyword field, custody key, seal)',
      contracts.length,
      (i) => services.signFlows.autoSigner.sign(line.id, contracts[i]!.id, contracts[i]!.org, {}, actor),
      0,
    ),
  );
  const sign = await withCpu(() =>
    timeSerial(
      '  in process: SignFlowService.sign, last signer (seal, event key, B-T, then DSS + document timestamp)',
      contracts.length,
      async (i) =>
        services.signFlows.flows.sign(
          line.id,
          contracts[i]!.person,
          // The person's seal as the session's sign call picks it (drawn on first use).
          {
            method: 'esign',
            appearance: await new SignerSeals(services.seals).appearance(
              line.id,
              { kind: 'person', idType: 'user_id', id: `S-${i}`, name: '李四' },
              ['square', 'handwritten'],
              undefined,
            ),
          },
          { via: 'session', readingDone: true },
          actor,
        ),
      0,
    ),
  );
  return [create, auto, sign];
}

const freePort = async (): Promise<number> => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
};

export async function run(args: string[]): Promise<void> {
  const count = benchArg(args, 'count', 600);
  const seconds = benchArg(args, 'seconds', 20);
  const concurrency = benchArg(args, 'concurrency', 8);
  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-flow-'));
  const [gatewayPort, webhookPort] = [await freePort(), await freePort()];
  const { loadConfig } = await import('../src/app/config.js');
  const { createApp } = await import('../src/app/container.js');
  const secret = randomBytes(16).toString('hex');
  const app = await createApp(
    loadConfig({
      HETONG_DATA_DIR: dataDir,
      HETONG_LOG_LEVEL: 'warn',
      HETONG_SMS_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/sms`,
      HETONG_SMS_GATEWAY_SECRET: secret,
      HETONG_WEBHOOK_ALLOW_PRIVATE: 'true',
    }),
    { logger: false },
  );
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    const { url, appId, appSecret, client, template } = await benchLine(app, {
      signFields: [
        { role: '甲方', keyword: '甲方（盖章）', width: 120, height: 120 },
        { role: '乙方', page: 3, x: 350, y: 150, width: 120, height: 120 },
      ],
    });
    await client.createAuthorization({ subject: ORG, validTo: Date.now() + 86_400_000 });
    const hook = await client.raw('POST', '/api/v1/webhooks', {
      body: { url: `http://127.0.0.1:${webhookPort}/hook`, events: ['contract.completed'] },
    });
    const webhooks = hook.status === 201;
    const server = await cpuOf(
      async () =>
        (await runLoadChild(import.meta.url, 'HETONG_BENCH_FLOW_CHILD', {
          url,
          appId,
          appSecret,
          templateId: template.id,
          count,
          concurrency,
          seconds,
          gatewayPort,
          webhookPort,
        } satisfies FlowSpec)) as FlowResult,
    );
    const r = server.result;
    const rows: LatencySummary[] = [
      summarize(
        'whole flow: create → auto-sign → link → session → SMS code → verify → sign → completed (B-LTA)',
        r.samples,
        r.wallMs,
        `c=${concurrency}${r.errors ? `, ${r.errors} errors: ${r.firstError}` : ''}`,
      ),
      ...Object.entries(r.steps).map(([name, samples]) => summarize(`  ${name}`, samples, r.wallMs)),
    ];
    if (webhooks)
      rows.push(
        summarize(
          '  webhook contract.completed, delay after the sign answer',
          r.webhookDelays,
          r.wallMs,
          `${r.webhookDelays.length} of ${r.completed} delivered`,
        ),
      );
    rows.push(...(await inProcess(app.services, appId, template.id)));
    printTable(
      'Flow — a contract from creation to completion at the HTTP edge, embedded default, load generator in a separate process',
      rows,
    );
    const flows = Math.max(1, r.completed);
    console.log(
      `\nCPU per completed flow (${r.completed} flows, warm-up included): server ${(server.processMs / flows).toFixed(1)} ms` +
        ` (main thread ${(server.mainMs / flows).toFixed(1)} ms, worker threads the rest),` +
        ` load generator ${(r.cpuMs / flows).toFixed(1)} ms`,
    );
    console.log(
      `server RSS peak ${(peakRss / 2 ** 20).toFixed(0)} MB${webhooks ? '' : ' (webhooks not available: not measured)'}`,
    );
  } finally {
    clearInterval(rssTimer);
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.HETONG_BENCH_FLOW_CHILD) {
  const result = await loadGenerator(JSON.parse(process.env.HETONG_BENCH_FLOW_CHILD) as FlowSpec);
  process.stdout.write(JSON.stringify(result) + '\n');
}
