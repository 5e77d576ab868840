/**
 * Abuse section (issue #14): can one business line stall the service? The service runs in a
 * child process (abuse-server.ts); a victim client (abuse-clients.ts) creates contracts and probes
 * GET /healthz on a fixed schedule, first alone (the baseline), then while an attacker client
 * sends one hostile input of abuse-inputs.ts in a loop. Per input: the health check's p50/p99/max,
 * contract creation's throughput against the baseline, the server's peak RSS (VmHWM from /proc,
 * reset before each phase, threads included) and what the attacker got back.
 *
 *   npm run bench -- abuse [--seconds=S] [--concurrency=C] [--only=TEXT] [--profile]
 *
 * Each input gets a fresh server, 2 s of warm-up, a baseline phase and the attacked phase.
 *
 * Targets (issue 14): health p99 ≤ 50 ms, ≥ 80 % of the baseline's creations, RSS ≤ 1 GB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AttackerResult, AttackerSpec, VictimResult, VictimSpec } from './abuse-clients.js';
import { ATTACKS } from './abuse-inputs.js';
import type { AbuseServer, EventLoopLag } from './abuse-server.js';
import { benchArg } from './load.js';
import { memory, resetPeak } from './proc.js';
import { percentile } from './stats.js';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const CLIENTS = fileURLToPath(new URL('./abuse-clients.ts', import.meta.url));
const SERVER = fileURLToPath(new URL('./abuse-server.ts', import.meta.url));
const MB = 1024 * 1024;
const PROFILES = join(tmpdir(), 'hetong-abuse-profiles');

function start(file: string, env: Record<string, string> = {}, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, RUN_TS, file], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** The first stdout line of `child` as JSON (or an error if it exits or `ms` pass first). */
function firstLine<T>(child: ChildProcess, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      resolve(JSON.parse(line) as T);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before answering`)));
  });
}

interface Server {
  child: ChildProcess;
  info: AbuseServer;
  /** Asks the server for its event-loop delay since the last call. */
  lag(): Promise<EventLoopLag>;
}

/** With `profile`, the server writes V8 CPU profiles to PROFILES when it stops. */
async function startServer(profile = false): Promise<Server> {
  const child = start(
    SERVER,
    { MALLOC_ARENA_MAX: '2' },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES}`] : [],
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await Promise.race([
    lines.next(),
    new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`server exited ${code}`))),
    ),
  ]);
  if (first.done) throw new Error('the server closed its output before it was ready');
  const info = JSON.parse(first.value as string) as AbuseServer;
  const lag = async (): Promise<EventLoopLag> => {
    if (child.exitCode !== null) return { p99Ms: NaN, maxMs: NaN };
    child.stdin!.write('lag\n');
    const r = await lines.next();
    return r.done ? { p99Ms: NaN, maxMs: NaN } : (JSON.parse(r.value) as EventLoopLag);
  };
  return { child, info, lag };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.stdin!.end();
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function runVictim(spec: VictimSpec): Promise<VictimResult> {
  return firstLine<VictimResult>(
    start(CLIENTS, { HETONG_BENCH_ABUSE_VICTIM: JSON.stringify(spec) }),
    (spec.seconds + 120) * 1000,
  );
}

interface Phase {
  victim: VictimResult;
  lag: EventLoopLag;
  rssBefore: number;
  peak: number;
  attacker?: AttackerResult | string;
}

/** One phase: the victim for `seconds`, with the attacker of `attack` sending at the same time. */
async function phase(server: Server, spec: VictimSpec, attack?: number): Promise<Phase> {
  let attacker: ChildProcess | undefined;
  let attacked: Promise<AttackerResult | string> | undefined;
  if (attack !== undefined) {
    // The attacker sends with its own business line's credentials.
    const a: AttackerSpec = { ...spec, ...server.info.attacker, attack };
    attacker = start(CLIENTS, { HETONG_BENCH_ABUSE_ATTACKER: JSON.stringify(a) });
    const lines = createInterface({ input: attacker.stdout! });
    const answers = lines[Symbol.asyncIterator]();
    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      answers.next().then((r) => (r.done ? 'exited while preparing' : undefined)),
      new Promise<string>((r) => (timer = setTimeout(() => r('not ready within 300 s'), 300_000))),
    ]);
    clearTimeout(timer);
    if (ready) {
      attacker.kill('SIGKILL');
      throw new Error(`attacker ${ATTACKS[attack]!.name}: ${ready}`);
    }
    const child = attacker;
    attacked = new Promise((resolve) => {
      // A request still running long after the window is itself the finding: say so, stop it.
      const timer = setTimeout(
        () => {
          child.kill('SIGKILL');
          resolve(`still waiting ${spec.seconds + 60} s after the start`);
        },
        (spec.seconds + 60) * 1000,
      );
      void answers.next().then((r) => {
        clearTimeout(timer);
        resolve(r.done ? 'attacker exited without a result' : (JSON.parse(r.value) as AttackerResult));
      });
    });
  }
  const pid = server.child.pid!;
  resetPeak(pid);
  const rssBefore = memory(pid).rss;
  await server.lag();
  attacker?.stdin!.write('go\n');
  const victim = await runVictim(spec);
  const result: Phase = { victim, rssBefore, peak: 0, lag: await server.lag() };
  if (attacked) result.attacker = await attacked;
  result.peak = server.child.exitCode === null ? memory(pid).peak : NaN;
  return result;
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 1 : 0) : '—');
const rateOf = (v: VictimResult) => (v.created / v.wallMs) * 1000;

function health(v: VictimResult): string {
  const h = [...v.healthzMs].sort((a, b) => a - b);
  const failed = v.healthzErrors ? ` (${v.healthzErrors} failed)` : '';
  return `${fmt(percentile(h, 0.5))} / ${fmt(percentile(h, 0.99))} / ${fmt(h.at(-1) ?? NaN)}${failed}`;
}

function attackerGot(a: AttackerResult | string | undefined): string {
  if (a === undefined || typeof a === 'string') return a ?? '—';
  const l = [...a.latenciesMs].sort((x, y) => x - y);
  const outcomes = Object.entries(a.outcomes).map(([k, v]) => `${v}× ${k}`);
  return `${outcomes.join(', ')} (p50 ${fmt(percentile(l, 0.5))} ms, max ${fmt(l.at(-1) ?? NaN)} ms)`;
}

/** One table row: the attacked phase beside the baseline phase run just before it. */
function row(name: string, base: Phase, p: Phase): string {
  const rate = rateOf(p.victim);
  const creates =
    `${rate.toFixed(1)} vs ${rateOf(base.victim).toFixed(1)} (${((rate / rateOf(base.victim)) * 100).toFixed(0)} %)` +
    (p.victim.createErrors ? `, ${p.victim.createErrors} failed: ${p.victim.firstError}` : '');
  const rss = `${fmt(p.rssBefore / MB)} → ${fmt(p.peak / MB)}`;
  const lag = `${fmt(p.lag.p99Ms)} / ${fmt(p.lag.maxMs)} (${fmt(base.lag.p99Ms)} / ${fmt(base.lag.maxMs)})`;
  return `| ${name} | ${health(p.victim)} | ${health(base.victim)} | ${lag} | ${creates} | ${rss} | ${attackerGot(p.attacker)} |`;
}

export async function run(args: string[]): Promise<void> {
  const seconds = benchArg(args, 'seconds', 4);
  const concurrency = benchArg(args, 'concurrency', 2);
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const profile = args.includes('--profile');
  const chosen = ATTACKS.map((a, i) => ({ a, i })).filter(({ a }) => !only || a.name.includes(only));
  const rows: string[] = [];
  for (const { a, i } of chosen) {
    // A fresh server per input, so that memory one input leaves behind is not charged to the next.
    const server = await startServer(profile);
    const { attacker: _attacker, ...victim } = server.info;
    const spec: VictimSpec = { ...victim, seconds, concurrency, healthzEveryMs: 20 };
    try {
      // Untimed: the render workers start and the code warms up.
      await phase(server, { ...spec, seconds: Math.min(2, seconds) });
      // The machine's other load drifts: each input is compared with a baseline run just before.
      const base = await phase(server, spec);
      try {
        rows.push(row(a.name, base, await phase(server, spec, i)));
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        rows.push(`| ${a.name} | — | ${health(base.victim)} | — | — | — | bench failed: ${why} |`);
      }
      if (server.child.exitCode !== null) {
        const how = server.child.exitCode ?? server.child.signalCode;
        rows[rows.length - 1] = rows.at(-1)!.replace(`| ${a.name} |`, `| ${a.name}: SERVER EXITED ${how} |`);
      }
    } finally {
      await stopServer(server);
    }
  }
  console.log(
    `\n## Abuse — one business line attacks, another works (embedded default, ${seconds} s per phase, ` +
      `${concurrency} creating workers, /healthz every 20 ms)\n`,
  );
  console.log(
    '| attacker sends | healthz p50 / p99 / max ms | same, baseline | server event-loop delay p99 / max ms (baseline) | creates/s vs baseline | server RSS MB before → peak | attacker got |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('\nTargets: healthz p99 ≤ 50 ms, creates ≥ 80 % of the baseline, RSS ≤ 1024 MB.');
  if (profile) console.log(`CPU profiles of the server: ${PROFILES}`);
}
