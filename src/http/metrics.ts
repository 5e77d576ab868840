/**
 * A small Prometheus registry written by hand (text exposition format 0.0.4): counters, gauges
 * computed at scrape time, and histograms. Other capabilities increment their own counters
 * (e.g. `hetong_renders_total`) through `Metrics.counter`.
 */

type Labels = Record<string, string>;

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k]!)}"`)
    .join(',');
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const k = labelKey(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ''} ${v}`);
    return lines.join('\n');
  }
}

export class Histogram {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets = DEFAULT_BUCKETS,
  ) {}
  observe(labels: Labels, value: number): void {
    const k = labelKey(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }
  /** Each series' labels with its cumulative bucket counts (`le` = `bounds[i]`) and total. */
  *entries(): Iterable<{
    labels: Labels;
    bounds: readonly number[];
    counts: readonly number[];
    count: number;
  }> {
    for (const s of this.series.values())
      yield { labels: s.labels, bounds: this.buckets, counts: s.counts, count: s.count };
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      const sep = k ? ',' : '';
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{${k}${sep}le="${b}"} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket{${k}${sep}le="+Inf"} ${s.count}`);
      lines.push(`${this.name}_sum${k ? `{${k}}` : ''} ${s.sum}`);
      lines.push(`${this.name}_count${k ? `{${k}}` : ''} ${s.count}`);
    }
    return lines.join('\n');
  }
}

export class Metrics {
  private readonly counters = new Map<string, Counter>();
  private readonly gauges: { name: string; help: string; read: () => Promise<number> }[] = [];
  readonly httpDuration = new Histogram(
    'hetong_http_request_duration_seconds',
    'HTTP request durations by method, route and status',
  );

  counter(name: string, help: string): Counter {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = new Counter(name, help)));
    return c;
  }

  /** A gauge read at scrape time (e.g. the job queue depth from the database). */
  gauge(name: string, help: string, read: () => Promise<number>): void {
    this.gauges.push({ name, help, read });
  }

  async render(): Promise<string> {
    const parts = [this.httpDuration.render(), ...[...this.counters.values()].map((c) => c.render())];
    for (const g of this.gauges) {
      let value: number;
      try {
        value = await g.read();
      } catch {
        value = Number.NaN;
      }
      parts.push(`# HELP ${g.name} ${g.help}\n# TYPE ${g.name} gauge\n${g.name} ${value}`);
    }
    return parts.join('\n') + '\n';
  }
}

/**
 * The q-quantile of cumulative bucket counts, interpolated linearly inside the bucket that holds it
 * (as Prometheus' histogram_quantile does); beyond the last bound it answers that bound.
 */
export function bucketQuantile(
  q: number,
  bounds: readonly number[],
  counts: readonly number[],
  total: number,
) {
  if (total === 0) return 0;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    if (counts[i]! >= rank) {
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      const below = i === 0 ? 0 : counts[i - 1]!;
      const inBucket = counts[i]! - below;
      return inBucket === 0 ? bounds[i]! : lower + ((bounds[i]! - lower) * (rank - below)) / inBucket;
    }
  }
  return bounds.at(-1)!;
}

/** Requests by method and route (all statuses together), with p50/p99 in ms, busiest first. */
export function routeLatencies(h: Histogram) {
  const byRoute = new Map<
    string,
    { method: string; route: string; bounds: readonly number[]; counts: number[]; count: number }
  >();
  for (const e of h.entries()) {
    const method = e.labels.method ?? '';
    const route = e.labels.route ?? '';
    const key = `${method} ${route}`;
    let r = byRoute.get(key);
    if (!r)
      byRoute.set(key, (r = { method, route, bounds: e.bounds, counts: e.bounds.map(() => 0), count: 0 }));
    e.counts.forEach((c, i) => (r.counts[i]! += c));
    r.count += e.count;
  }
  return [...byRoute.values()]
    .sort((a, b) => b.count - a.count)
    .map((r) => ({
      method: r.method,
      route: r.route,
      count: r.count,
      p50: Math.round(bucketQuantile(0.5, r.bounds, r.counts, r.count) * 1e4) / 10,
      p99: Math.round(bucketQuantile(0.99, r.bounds, r.counts, r.count) * 1e4) / 10,
    }));
}
