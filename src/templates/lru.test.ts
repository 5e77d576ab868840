import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lru } from './lru.js';

describe('Lru', () => {
  it('evicts the least recently used entry', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });

  it('behaves like a reference model under any sequence of operations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 8 })), { maxLength: 60 }),
        (capacity, ops) => {
          const lru = new Lru<number, number>(capacity);
          let model: number[] = []; // keys, least recent first
          for (const [isSet, k] of ops) {
            if (isSet) {
              lru.set(k, k * 10);
              model = [...model.filter((x) => x !== k), k].slice(-capacity);
            } else {
              const hit = model.includes(k);
              expect(lru.get(k)).toBe(hit ? k * 10 : undefined);
              if (hit) model = [...model.filter((x) => x !== k), k];
            }
            expect(lru.size).toBe(model.length);
          }
        },
      ),
    );
  });

  it('refuses a capacity below one', () => {
    expect(() => new Lru(0)).toThrow(RangeError);
  });
});
