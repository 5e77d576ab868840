/**
 * Stream decoding on random and mutated streams (shared/STYLE.md: every parser fed by strangers):
 * decodeStream returns bytes within the inflation budget or throws a read error (isPdfReadError:
 * an unsupported filter or predictor, corrupt zlib data) or PDF_LIMIT_EXCEEDED — never a
 * TypeError or a RangeError — and Flate with PNG predictors gives back what was encoded.
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HetongError } from '../shared/errors.js';
import { isPdfReadError } from './file.js';
import { decodeStream } from './filters.js';
import { InflateBudget } from './limits.js';
import { PdfDict, PdfStream, dict, name, type PdfValue } from './objects.js';
import { applyEdits, mutated, thrownWithin } from './testing/mutate.js';

/** PNG filter types 0–4 (RFC 2083 §6), encoded from the raw rows as a producer would. */
function pngPredict(data: Uint8Array, rowLen: number, bpp: number, types: number[]): Buffer {
  const rows = data.length / rowLen;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const type = types[r % types.length]!;
    out.push(type);
    for (let i = 0; i < rowLen; i++) {
      const x = data[r * rowLen + i]!;
      const left = i >= bpp ? data[r * rowLen + i - bpp]! : 0;
      const up = r > 0 ? data[(r - 1) * rowLen + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? data[(r - 1) * rowLen + i - bpp]! : 0;
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      const paeth = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      const pred = [0, left, up, (left + up) >> 1, paeth][type]!;
      out.push((x - pred) & 0xff);
    }
  }
  return Buffer.from(out);
}

const anyNumber = fc.oneof(
  fc.integer({ min: -4, max: 40 }),
  fc.constantFrom(0, 1, 2, 10, 12, 15, 16, 2 ** 31, 2 ** 53, -(2 ** 31), 1e300, 0.5),
);

/** /DecodeParms a stranger may write: sane, lying or nonsense values. */
const decodeParms: fc.Arbitrary<PdfValue> = fc.oneof(
  fc.constant(null),
  fc
    .record(
      { Predictor: anyNumber, Colors: anyNumber, BitsPerComponent: anyNumber, Columns: anyNumber },
      { requiredKeys: [] },
    )
    .map((o) => new PdfDict(Object.entries(o))),
  fc.constant(name('Nonsense')),
);

const filter: fc.Arbitrary<PdfValue> = fc.oneof(
  fc.constant(name('FlateDecode')),
  fc.constant(name('Fl')),
  fc.constantFrom(name('LZWDecode'), name('ASCIIHexDecode'), name('DCTDecode')),
  fc.constant(7),
  fc.array(fc.constantFrom<PdfValue>(name('FlateDecode'), name('LZWDecode'), null, 3), { maxLength: 3 }),
);

function decodesOrRefuses(stream: PdfStream, budgetFor: number): Uint8Array | undefined {
  const budget = new InflateBudget(budgetFor);
  const before = budget.remaining;
  let out: Uint8Array | undefined;
  const e = thrownWithin(2_000, () => {
    out = decodeStream(stream, undefined, budget);
  });
  if (e !== undefined && !isPdfReadError(e) && !(e instanceof HetongError && e.status < 500)) throw e;
  // Inflation never overdraws the budget; a predictor never makes more than it was given.
  expect(budget.remaining).toBeGreaterThanOrEqual(0);
  if (out) expect(out.length).toBeLessThanOrEqual(Math.max(before, stream.raw.length));
  return out;
}

describe('decodeStream (property)', () => {
  it('random data under random filters and parameters', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.boolean(),
        filter,
        decodeParms,
        (raw, deflate, f, p) => {
          const bytes = deflate ? deflateSync(raw) : raw;
          const d = dict({ Filter: f });
          if (p !== null) d.set('DecodeParms', Array.isArray(f) ? [p, p] : p);
          decodesOrRefuses(new PdfStream(d, bytes), bytes.length);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('mutated Flate streams with predictors: decoded or refused within the budget', () => {
    const seed = deflateSync(pngPredict(Buffer.alloc(64 * 16, 'abcdefgh'), 16, 4, [0, 1, 2, 3, 4]));
    const parms = dict({ Predictor: 12, Colors: 4, BitsPerComponent: 8, Columns: 4 });
    fc.assert(
      fc.property(mutated(seed, { tail: 64, hotspots: [0, 1, 2] }), decodeParms, (bytes, p) => {
        const d = dict({ Filter: name('FlateDecode'), DecodeParms: p ?? parms });
        decodesOrRefuses(new PdfStream(d, bytes), bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a small stream that inflates far past its budget is refused, not decoded', () => {
    const bomb = deflateSync(Buffer.alloc(32 * 1024 * 1024));
    const budget = new InflateBudget(bomb.length);
    const e = thrownWithin(2_000, () =>
      decodeStream(new PdfStream(dict({ Filter: name('FlateDecode') }), bomb), undefined, budget),
    );
    expect(e).toBeInstanceOf(HetongError);
    expect((e as HetongError).code).toBe('PDF_LIMIT_EXCEEDED');
    // A cut bomb is corrupt zlib data: a read error, whatever the cut.
    const cut = applyEdits(bomb, [{ op: 'cut', at: 0.5 }]);
    const f = thrownWithin(2_000, () =>
      decodeStream(new PdfStream(dict({ Filter: name('FlateDecode') }), cut), undefined, budget),
    );
    expect(f === undefined || isPdfReadError(f) || f instanceof HetongError).toBe(true);
  });

  it('Flate with PNG predictors gives back the rows it was given', () => {
    const shape = fc.record({
      colors: fc.integer({ min: 1, max: 4 }),
      bpc: fc.constantFrom(1, 2, 4, 8, 16),
      columns: fc.integer({ min: 1, max: 24 }),
      rows: fc.integer({ min: 1, max: 12 }),
      types: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(shape, fc.integer(), ({ colors, bpc, columns, rows, types }, salt) => {
        const rowLen = Math.ceil((colors * bpc * columns) / 8);
        const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
        const data = Buffer.alloc(rowLen * rows);
        for (let i = 0; i < data.length; i++) data[i] = (i * 31 + salt) & 0xff;
        const encoded = deflateSync(pngPredict(data, rowLen, bpp, types));
        const parms = dict({
          Predictor: 10 + types[0]!,
          Colors: colors,
          BitsPerComponent: bpc,
          Columns: columns,
        });
        const out = decodeStream(
          new PdfStream(dict({ Filter: name('FlateDecode'), DecodeParms: parms }), encoded),
        );
        expect(Buffer.from(out).equals(data)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
