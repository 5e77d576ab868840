/**
 * Stream decoding (ISO 32000-1 §7.4): FlateDecode with PNG/TIFF predictors (§7.4.4.4), which
 * covers xref streams, object streams and the content streams of every producer we accept.
 * Inflation is bounded (./limits.ts): zlib stops at `maxOutputLength`, so a stream that would
 * inflate to a gigabyte costs what the budget allows and no more.
 */
import { inflateSync } from 'node:zlib';
import { InflateBudget, PDF_LIMITS, PdfLimitError } from './limits.js';
import type { PdfStream } from './objects.js';
import { PdfDict, PdfName, type PdfValue } from './objects.js';

export class UnsupportedFilterError extends Error {}

function asArray(v: PdfValue | undefined): PdfValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * The decoded bytes of `stream`. `budget` is the file's (PdfFile.inflation); without one the
 * stream gets a budget of its own, relative to its encoded length.
 */
export function decodeStream(
  stream: PdfStream,
  resolve: (v: PdfValue | undefined) => PdfValue | undefined = (v) => v,
  budget: InflateBudget = new InflateBudget(stream.raw.length),
): Uint8Array {
  const filters = asArray(resolve(stream.dict.get('Filter')));
  const parms = asArray(resolve(stream.dict.get('DecodeParms')));
  let data: Uint8Array = stream.raw;
  filters.forEach((f, i) => {
    const fname = f instanceof PdfName ? f.value : '';
    const p = resolve(parms[i]);
    if (fname === 'FlateDecode' || fname === 'Fl') {
      data = inflateBounded(data, budget);
      if (p instanceof PdfDict) data = unpredict(data, p);
    } else {
      throw new UnsupportedFilterError(`unsupported stream filter ${fname}`);
    }
  });
  return data;
}

function inflateBounded(data: Uint8Array, budget: InflateBudget): Uint8Array {
  const max = budget.nextStreamMax;
  let out: Uint8Array;
  try {
    out = inflateLimited(data, max, false);
  } catch (e) {
    if (isTooLarge(e)) throw inflateLimitError(budget, max);
    // Some producers leave trailing garbage after the zlib stream; a partial flush recovers the data.
    try {
      out = inflateLimited(data, max, true);
    } catch (e2) {
      if (isTooLarge(e2)) throw inflateLimitError(budget, max);
      throw e2;
    }
  }
  budget.spend(out.length);
  return out;
}

function inflateLimited(data: Uint8Array, max: number, partial: boolean): Uint8Array {
  // zlib refuses a zero limit; an exhausted budget still lets an empty stream through.
  return inflateSync(data, {
    maxOutputLength: Math.max(1, max),
    ...(partial ? { finishFlush: 2 /* Z_SYNC_FLUSH */ } : {}),
  });
}

/** Node's zlib throws ERR_BUFFER_TOO_LARGE (a RangeError) once the output passes maxOutputLength. */
function isTooLarge(e: unknown): boolean {
  return e instanceof RangeError && (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
}

function inflateLimitError(budget: InflateBudget, max: number): PdfLimitError {
  return budget.remaining > PDF_LIMITS.maxStreamBytes
    ? new PdfLimitError('stream-bytes', max, `a stream inflates to more than ${max} bytes`)
    : new PdfLimitError(
        'inflated-bytes',
        max,
        `its streams inflate to more than the file's budget (${max} bytes left)`,
      );
}

/** §7.4.4.4 Table 8: Predictor 2 (TIFF) and 10–15 (PNG, per-row filter byte). */
function unpredict(data: Uint8Array, parms: PdfDict): Uint8Array {
  const predictor = num(parms.get('Predictor'), 1);
  if (predictor < 10) {
    if (predictor === 1) return data;
    throw new UnsupportedFilterError(`unsupported predictor ${predictor}`);
  }
  const colors = num(parms.get('Colors'), 1);
  const bpc = num(parms.get('BitsPerComponent'), 8);
  const columns = num(parms.get('Columns'), 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  // A row longer than the data (or a nonsense /Columns) decodes to nothing, allocating nothing.
  if (!Number.isSafeInteger(rowLen) || rowLen < 1 || rowLen >= data.length) return new Uint8Array(0);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  let prev = new Uint8Array(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const row = out.subarray(r * rowLen, (r + 1) * rowLen);
    const src = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? row[i - bpp]! : 0;
      const up = prev[i]!;
      const upLeft = i >= bpp ? prev[i - bpp]! : 0;
      let v = src[i]!;
      switch (type) {
        case 1:
          v += left;
          break;
        case 2:
          v += up;
          break;
        case 3:
          v += (left + up) >> 1;
          break;
        case 4: {
          const pa = Math.abs(up - upLeft);
          const pb = Math.abs(left - upLeft);
          const pc = Math.abs(left + up - 2 * upLeft);
          v += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
          break;
        }
      }
      row[i] = v & 0xff;
    }
    prev = row;
  }
  return out;
}

function num(v: PdfValue | undefined, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}
