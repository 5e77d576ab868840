/**
 * The two clients of the abuse bench, each a process of its own (this file, started by
 * abuse.bench.ts with a spec in an environment variable; it prints one JSON line):
 *
 * - the victim (HETONG_BENCH_ABUSE_VICTIM): an ordinary business system creating contracts with
 *   `concurrency` workers, and a health checker sending GET /healthz every `healthzEveryMs` on a
 *   fixed schedule, whether or not the earlier ones have answered — so a stalled server shows as
 *   many slow probes, not as one (no coordinated omission);
 * - the attacker (HETONG_BENCH_ABUSE_ATTACKER): prepares one input of abuse-inputs.ts, prints
 *   `{"ready":true}`, waits for a line on stdin, then sends the input in a loop (`parallel` in
 *   flight) until `seconds` have passed, counting what it got back (status and error code).
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { HetongClient, type RawResponse } from '../src/client/index.js';
import { ATTACKS } from './abuse-inputs.js';
import { benchData } from './bench-line.js';
import { assertLoopback } from './load.js';

export interface ClientSpec {
  url: string;
  appId: string;
  appSecret: string;
  templateId: string;
  seconds: number;
}

export interface VictimSpec extends ClientSpec {
  concurrency: number;
  healthzEveryMs: number;
}

export interface VictimResult {
  healthzMs: number[];
  healthzErrors: number;
  created: number;
  createErrors: number;
  firstError?: string;
  wallMs: number;
}

export interface AttackerSpec extends ClientSpec {
  attack: number;
}

export interface AttackerResult {
  /** "400 PDF_LIMIT_EXCEEDED" → how many times. */
  outcomes: Record<string, number>;
  latenciesMs: number[];
}

const SIGNERS = [
  {
    role: '甲方',
    subject: { kind: 'organization' as const, idType: 'merchant_no', id: 'M-1', name: '甲方公司' },
  },
  { role: '乙方', subject: { kind: 'person' as const, idType: 'user_id', id: 'U-1', name: '张三' } },
];

const clientOf = (spec: ClientSpec) => {
  assertLoopback(spec.url);
  return new HetongClient({ baseUrl: spec.url, appId: spec.appId, appSecret: spec.appSecret });
};

async function victim(spec: VictimSpec): Promise<VictimResult> {
  const client = clientOf(spec);
  const data = benchData();
  const start = performance.now();
  const deadline = start + spec.seconds * 1000;
  const result: VictimResult = { healthzMs: [], healthzErrors: 0, created: 0, createErrors: 0, wallMs: 0 };

  const probes: Promise<void>[] = [];
  const probe = async () => {
    const t0 = performance.now();
    try {
      const res = await fetch(`${spec.url}/healthz`);
      await res.arrayBuffer();
      if (res.ok) result.healthzMs.push(performance.now() - t0);
      else result.healthzErrors++;
    } catch {
      result.healthzErrors++;
    }
  };
  const prober = async () => {
    for (let next = start; next < deadline; next += spec.healthzEveryMs) {
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      probes.push(probe());
    }
  };

  let n = 0;
  const creator = async () => {
    while (performance.now() < deadline) {
      const i = n++;
      try {
        await client.createContract(
          {
            templateId: spec.templateId,
            title: `受攻击时的合同 ${i}`,
            data: { ...data[i % data.length]!, contractNo: `HT-ABUSE-${process.pid}-${i}` },
            signers: SIGNERS,
          },
          { idempotencyKey: `abuse-${process.pid}-${i}-${randomBytes(4).toString('hex')}` },
        );
        // Counted only when it finished inside the window: throughput over the same seconds.
        if (performance.now() <= deadline) result.created++;
      } catch (e) {
        result.createErrors++;
        result.firstError ??= String(e);
      }
    }
  };
  await Promise.all([prober(), ...Array.from({ length: spec.concurrency }, creator)]);
  await Promise.all(probes);
  result.wallMs = performance.now() - start;
  return result;
}

/** "status CODE" of an answer: the error code of a JSON error body, else the content type. */
function outcomeOf(res: RawResponse): string {
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) {
    try {
      const code = (JSON.parse(res.body.toString()) as { error?: { code?: string } }).error?.code;
      if (code) return `${res.status} ${code}`;
    } catch {
      // not JSON after all: fall through to the content type
    }
  }
  return `${res.status} ${type.split(';')[0] || 'no body'}`;
}

async function attacker(spec: AttackerSpec): Promise<AttackerResult> {
  const attack = ATTACKS[spec.attack]!;
  const send = await attack.prepare({ client: clientOf(spec), templateId: spec.templateId });
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  await once(process.stdin, 'data');
  process.stdin.pause();
  const result: AttackerResult = { outcomes: {}, latenciesMs: [] };
  const deadline = performance.now() + spec.seconds * 1000;
  let n = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      let outcome: string;
      try {
        outcome = outcomeOf(await send(n++));
      } catch (e) {
        outcome = `network error: ${e instanceof Error ? (e.cause ?? e.message) : String(e)}`;
      }
      result.latenciesMs.push(performance.now() - t0);
      result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: attack.parallel }, worker));
  return result;
}

if (process.env.HETONG_BENCH_ABUSE_VICTIM) {
  const result = await victim(JSON.parse(process.env.HETONG_BENCH_ABUSE_VICTIM) as VictimSpec);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
} else if (process.env.HETONG_BENCH_ABUSE_ATTACKER) {
  const result = await attacker(JSON.parse(process.env.HETONG_BENCH_ABUSE_ATTACKER) as AttackerSpec);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}
