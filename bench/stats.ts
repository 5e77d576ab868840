/** Latency statistics and a fixed-width report table shared by every benchmark section. */

export interface LatencySummary {
  name: string;
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** Operations per second over the wall time of the run. */
  throughput: number;
  note?: string;
}

/** Nearest-rank percentile of sorted samples (q in [0, 1]). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(
  name: string,
  samplesMs: readonly number[],
  wallMs: number,
  note?: string,
): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const summary: LatencySummary = {
    name,
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    p999: percentile(sorted, 0.999),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    throughput: (sorted.length / wallMs) * 1000,
  };
  if (note !== undefined) summary.note = note;
  return summary;
}

/** Times `fn` `count` times one after another (after `warmup` untimed runs). */
export async function timeSerial(
  name: string,
  count: number,
  fn: (i: number) => Promise<unknown> | unknown,
  warmup = Math.min(50, count),
): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return summarize(name, samples, performance.now() - start);
}

export function printTable(title: string, rows: LatencySummary[]): void {
  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '—');
  console.log(`\n## ${title}\n`);
  console.log('| case | n | p50 ms | p99 ms | p999 ms | max ms | ops/s | note |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.count} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.p999)} | ${fmt(r.max)} | ${fmt(r.throughput)} | ${r.note ?? ''} |`,
    );
  }
}
