import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hashLeaf,
  proveConsistency,
  proveInclusion,
  rootHash,
  verifyConsistency,
  verifyInclusion,
  type NodeSource,
} from './merkle.js';
import {
  appendLeaves,
  frontier,
  placeOf,
  tileName,
  tilesOf,
  TileSet,
  TILE_SLOTS,
  type TileKey,
} from './tiles.js';

/** A tile store in memory, used as the database adapter uses it: load frontier tiles, append, write back. */
function memoryLog() {
  const stored = new Map<string, Uint8Array>();
  let size = 0;
  return {
    get size() {
      return size;
    },
    append(leaves: Uint8Array[]) {
      const set = new TileSet(size);
      for (const key of tilesOf(frontier(size))) {
        const data = stored.get(tileName(key));
        if (data) set.load(key, data);
      }
      size = appendLeaves(size, leaves, set);
      for (const { key, data } of set.dirty()) stored.set(tileName(key), Uint8Array.from(data));
    },
    nodes(): NodeSource {
      const set = new TileSet(size);
      for (const [name, data] of stored) {
        const [level, index] = name.split('/').map(Number) as [number, number];
        set.load({ level, index } as TileKey, data);
      }
      return (level, index) => set.node(level, index);
    },
    tileCount: () => stored.size,
  };
}

describe('log tiles', () => {
  it('give every node of a tile its own slot', () => {
    const slots = new Set<number>();
    for (let k = 0; k < 8; k++)
      for (let i = 0; i < 256 >> k; i++) {
        const p = placeOf(k, i);
        expect(p).toMatchObject({ level: 0, index: 0 });
        slots.add(p.slot);
      }
    expect(slots.size).toBe(TILE_SLOTS);
    expect(Math.max(...slots)).toBe(TILE_SLOTS - 1);
    expect(placeOf(8, 0)).toEqual({ level: 1, index: 0, slot: 0 });
    expect(placeOf(3, 32)).toEqual({ level: 0, index: 1, slot: 448 });
  });

  it('the frontier is the binary decomposition of the size', () => {
    expect(frontier(0)).toEqual([]);
    expect(frontier(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });

  it('appending in any batches gives the same tree as appending one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 6 }), (batches) => {
        const leaves = Array.from({ length: batches.reduce((a, b) => a + b, 0) }, () =>
          hashLeaf(randomBytes(4)),
        );
        const batched = memoryLog();
        let at = 0;
        for (const b of batches) {
          batched.append(leaves.slice(at, at + b));
          at += b;
        }
        const single = memoryLog();
        single.append(leaves);
        const n = leaves.length;
        expect(Buffer.from(rootHash(n, batched.nodes()))).toEqual(Buffer.from(rootHash(n, single.nodes())));
        const m = n >> 1;
        const proof = proveInclusion(m, n, batched.nodes());
        expect(verifyInclusion(m, n, leaves[m]!, proof, rootHash(n, single.nodes()))).toBe(true);
        const from = Math.max(1, m);
        const consistency = proveConsistency(from, n, batched.nodes());
        expect(
          verifyConsistency(
            from,
            n,
            rootHash(from, single.nodes()),
            rootHash(n, single.nodes()),
            consistency,
          ),
        ).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('a tile that exists but was not loaded is never overwritten', () => {
    const set = new TileSet(10);
    expect(() => appendLeaves(10, [hashLeaf(Uint8Array.of(1))], set)).toThrow(/not loaded/);
  });

  it('70 000 leaves take ~ 70000/256 bottom tiles plus the upper levels', () => {
    const log = memoryLog();
    for (let i = 0; i < 7; i++)
      log.append(Array.from({ length: 10_000 }, (_, j) => hashLeaf(Uint8Array.of(i, j & 255, j >> 8))));
    expect(log.tileCount()).toBe(Math.ceil(70_000 / 256) + Math.ceil(70_000 / 256 / 256) + 1);
  });
});
