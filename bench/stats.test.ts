import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.js';

describe('bench stats', () => {
  it('uses nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(500);
    expect(percentile(sorted, 0.99)).toBe(990);
    expect(percentile(sorted, 0.999)).toBe(999);
    expect(percentile([7], 0.99)).toBe(7);
    expect(Number.isNaN(percentile([], 0.5))).toBe(true);
  });

  it('computes throughput over wall time', () => {
    const s = summarize('x', [3, 1, 2], 1500);
    expect(s).toMatchObject({ count: 3, p50: 2, max: 3, throughput: 2 });
  });
});
