/**
 * Numbering labels for the HTML preview (ECMA-376 Part 1 §17.9): numbering instances (w:num)
 * sharing an abstract definition continue one sequence; a level restarts after a higher level
 * (or after the level named by w:lvlRestart, §17.9.10); w:lvlText placeholders %1..%9 take each
 * level's current number in that level's format (§17.18.59 ST_NumberFormat), decimal when isLgl.
 */
import type { NumberingDefinition, NumberingLevel, NumberingRef } from '../model.js';
import { formatNumber } from '../number-format.js';

export interface NumberLabel {
  text: string;
  suffix: NumberingLevel['suffix'];
}

/** Counts numbered paragraphs in document order and gives each its label. */
export class NumberingCounter {
  private readonly counters = new Map<string, (number | undefined)[]>();
  private readonly usedNums = new Set<string>();

  constructor(private readonly definitions: Record<string, NumberingDefinition>) {}

  next(ref: NumberingRef): NumberLabel | undefined {
    const def = this.definitions[ref.numId];
    const level = def?.levels[ref.level];
    if (!def || !level) return undefined;
    let counts = this.counters.get(def.abstractId);
    if (!counts) {
      counts = [];
      this.counters.set(def.abstractId, counts);
    }
    // A w:num with start overrides restarts its levels the first time it is used (§17.9.27).
    if (!this.usedNums.has(ref.numId)) {
      this.usedNums.add(ref.numId);
      for (const key of Object.keys(def.startOverrides)) counts[Number(key)] = undefined;
    }
    const start = (l: number): number => def.startOverrides[l] ?? def.levels[l]?.start ?? 1;
    const current = counts[ref.level];
    counts[ref.level] = current === undefined ? start(ref.level) : current + 1;
    for (let l = ref.level + 1; l < 9; l += 1) {
      const restartAfter = def.levels[l]?.restartAfter;
      // Default: restart after any higher level; w:lvlRestart names the (1-based) level; 0 never.
      if (restartAfter === undefined || (restartAfter !== 0 && ref.level + 1 <= restartAfter))
        counts[l] = undefined;
    }
    if (level.format === 'bullet') return { text: level.text, suffix: level.suffix };
    const text = level.text.replace(/%([1-9])/g, (_, d: string) => {
      const l = Number(d) - 1;
      const lvl = def.levels[l];
      const n = counts[l] ?? start(l);
      return formatNumber(n, level.legal ? 'decimal' : (lvl?.format ?? 'decimal'));
    });
    return { text, suffix: level.suffix };
  }
}
