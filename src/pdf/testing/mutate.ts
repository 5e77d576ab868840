/**
 * fast-check generators of mutated inputs for the property tests of the parsers strangers feed
 * (shared/STYLE.md): a real file or blob with a few edits — bit flips, byte changes, insertions,
 * deletions, truncations, a slice of the input spliced in elsewhere (a copied length or header),
 * or a token of the format inserted — applied in order.
 */
import fc from 'fast-check';

export type Edit =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; byte: number }
  | { op: 'insert'; at: number; byte: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'cut'; at: number }
  | { op: 'splice'; at: number; from: number; length: number }
  | { op: 'token'; at: number; token: string };

/**
 * Where an edit lands: a fraction of the length, an offset from the end (`tail` bytes, where a
 * PDF keeps its xref, trailer and latest objects), or near one of the seed's `hotspots` (offsets
 * of structure — a DER header, a PDF keyword — where one changed byte reaches furthest).
 */
function position(tail: number, hotspots: readonly number[], length: number): fc.Arbitrary<number> {
  const anywhere = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  const end = fc.integer({ min: -tail, max: -1 });
  if (hotspots.length === 0 || length === 0) return fc.oneof(anywhere, end);
  // A fraction that lands exactly on the byte `spot + delta` of the unedited seed.
  const near = fc
    .tuple(fc.constantFrom(...hotspots), fc.integer({ min: 0, max: 4 }))
    .map(([spot, delta]) => Math.min(length - 1, spot + delta + 0.5) / length);
  return fc.oneof(anywhere, end, near, near);
}

function edit(tokens: readonly string[], at: fc.Arbitrary<number>): fc.Arbitrary<Edit> {
  const arbs: fc.Arbitrary<Edit>[] = [
    fc.record({ op: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ op: fc.constant('set' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('insert' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ op: fc.constant('cut' as const), at }),
    fc.record({ op: fc.constant('splice' as const), at, from: at, length: fc.integer({ min: 1, max: 256 }) }),
  ];
  if (tokens.length > 0)
    arbs.push(fc.record({ op: fc.constant('token' as const), at, token: fc.constantFrom(...tokens) }));
  return fc.oneof(...arbs);
}

function offset(at: number, length: number): number {
  if (at < 0) return Math.max(0, length + at);
  return Math.min(length, Math.floor(at * length));
}

export function applyEdits(seed: Uint8Array, edits: readonly Edit[]): Buffer {
  let b = Buffer.from(seed);
  for (const e of edits) {
    const at = offset(e.at, b.length);
    switch (e.op) {
      case 'flip':
        if (at < b.length) b[at] = b[at]! ^ (1 << e.bit);
        break;
      case 'set':
        if (at < b.length) b[at] = e.byte;
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.length)]);
        break;
      case 'cut':
        b = b.subarray(0, at);
        break;
      case 'splice': {
        const from = offset(e.from, b.length);
        b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + e.length), b.subarray(at)]);
        break;
      }
      case 'token':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(e.token, 'latin1'), b.subarray(at)]);
        break;
    }
  }
  return b;
}

export interface MutationOptions {
  /** Pieces of the format worth inserting (`<<`, a DER header …). */
  tokens?: readonly string[];
  /** Offsets in the seed where edits concentrate. */
  hotspots?: readonly number[];
  maxEdits?: number;
  /** How far from the end the end-relative edits land (default 4096). */
  tail?: number;
}

/** `seed` with one to `maxEdits` edits. */
export function mutated(seed: Uint8Array, options: MutationOptions = {}): fc.Arbitrary<Buffer> {
  const at = position(options.tail ?? 4096, options.hotspots ?? [], seed.length);
  return fc
    .array(edit(options.tokens ?? [], at), { minLength: 1, maxLength: options.maxEdits ?? 6 })
    .map((edits) => applyEdits(seed, edits));
}

/**
 * Runs `f` and returns what it threw, undefined when it returned; fails when it took longer than
 * `ms` (the property's "no hang": a slow case is reported with its input, not as a test timeout).
 */
export function thrownWithin(ms: number, f: () => unknown): unknown {
  const t0 = performance.now();
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  const took = performance.now() - t0;
  if (took > ms) throw new Error(`took ${Math.round(took)} ms (bound ${ms} ms)`);
  return thrown;
}
