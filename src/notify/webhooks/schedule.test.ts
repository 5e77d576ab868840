import { describe, expect, it } from 'vitest';
import { MAX_TRIES, retryDelayMs } from './schedule.js';

describe('webhook retry schedule', () => {
  it('waits 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, then gives up after the 10th try', () => {
    const s = 1000;
    const gaps = Array.from({ length: MAX_TRIES }, (_, i) => retryDelayMs(i + 1));
    expect(gaps).toEqual([
      10 * s,
      30 * s,
      120 * s,
      600 * s,
      1800 * s,
      3600 * s,
      7200 * s,
      14_400 * s,
      28_800 * s,
      null,
    ]);
    expect(MAX_TRIES).toBe(10);
    expect(retryDelayMs(11)).toBeNull(); // a manual redelivery after the last try is not retried
  });

  it('spreads the tries over most of a day, each gap longer than the one before', () => {
    const gaps = Array.from({ length: MAX_TRIES - 1 }, (_, i) => retryDelayMs(i + 1)!);
    const total = gaps.reduce((a, b) => a + b, 0);
    expect(total).toBe(56_560_000); // 15 h 42 min 40 s from the first try to the last
    expect(total).toBeGreaterThan(12 * 3_600_000);
    expect(total).toBeLessThan(24 * 3_600_000);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1]!);
  });

  it('counts tries from 1', () => {
    expect(() => retryDelayMs(0)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5)).toThrow(RangeError);
  });
});
