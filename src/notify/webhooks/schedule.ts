/**
 * When a failed webhook delivery is tried again: 10 tries in all, the gaps growing from 10 s to
 * 8 h, so a receiver that is down for most of a day still gets the event (the last try is
 * 15 h 42 min 40 s after the first). Written out rather than computed, so the table is the spec.
 */
const GAPS_MS = [
  10_000, // after try 1: 10 s
  30_000, // 30 s
  2 * 60_000, // 2 min
  10 * 60_000, // 10 min
  30 * 60_000, // 30 min
  3_600_000, // 1 h
  2 * 3_600_000, // 2 h
  4 * 3_600_000, // 4 h
  8 * 3_600_000, // after try 9: 8 h
] as const;

/** Tries of one delivery before it is `failed` (a manual redelivery adds one more). */
export const MAX_TRIES = GAPS_MS.length + 1;

/**
 * The wait after the `attempt`-th try (1-based) failed, or null when that was the last one and
 * the delivery is now `failed`.
 */
export function retryDelayMs(attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError('attempts count from 1');
  return GAPS_MS[attempt - 1] ?? null;
}
