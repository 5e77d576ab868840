/**
 * The incremental-update writer (ISO 32000-1 §7.5.6): new and changed objects are appended after
 * the last %%EOF, followed by a cross-reference section of the same kind as the previous one — a
 * classic table (§7.5.4) or an xref stream (§7.5.8) — and a trailer whose /Prev points back.
 * The original bytes are never touched, which is what keeps earlier signatures valid.
 */
import type { PdfFile } from './file.js';
import { PdfDict, PdfName, PdfRef, PdfStream, serialize, serializeObject, type PdfValue } from './objects.js';

export interface WrittenUpdate {
  bytes: Buffer;
  /** Offset in `bytes` where each written object's body (after `N G obj\n`) starts. */
  bodyOffsets: Map<number, number>;
}

export class IncrementalUpdate {
  private nextNum: number;
  private readonly objects = new Map<number, { gen: number; body: Buffer }>();

  constructor(readonly file: PdfFile) {
    this.nextNum = file.size;
  }

  allocate(): PdfRef {
    return new PdfRef(this.nextNum++, 0);
  }

  /** Writes (or overwrites) the object `ref` with `value`. */
  set(ref: PdfRef, value: PdfValue): PdfRef {
    return this.setBody(ref, serializeObject(value));
  }

  setBody(ref: PdfRef, body: Buffer): PdfRef {
    this.objects.set(ref.num, { gen: ref.gen, body });
    return ref;
  }

  add(value: PdfValue): PdfRef {
    return this.set(this.allocate(), value);
  }

  has(num: number): boolean {
    return this.objects.has(num);
  }

  build(): WrittenUpdate {
    const original = this.file.bytes;
    const chunks: Buffer[] = [Buffer.from(original.buffer, original.byteOffset, original.byteLength)];
    let pos = original.length;
    const push = (b: Buffer): void => {
      chunks.push(b);
      pos += b.length;
    };
    const last = original[original.length - 1];
    if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n'));
    const offsets = new Map<number, { offset: number; gen: number }>();
    const bodyOffsets = new Map<number, number>();
    for (const [num, { gen, body }] of this.objects) {
      offsets.set(num, { offset: pos, gen });
      const header = Buffer.from(`${num} ${gen} obj\n`, 'latin1');
      bodyOffsets.set(num, pos + header.length);
      push(header);
      push(body);
      push(Buffer.from('\nendobj\n', 'latin1'));
    }
    const trailer = new PdfDict();
    for (const key of ['Root', 'Info', 'ID']) {
      const v = this.file.trailer.get(key);
      if (v !== undefined) trailer.set(key, v);
    }
    trailer.set('Prev', this.file.startxref);
    const xrefOffset = pos;
    if (this.file.lastXrefKind === 'table') {
      push(Buffer.from(classicTable(offsets) + 'trailer\n', 'latin1'));
      trailer.set('Size', this.nextNum);
      push(Buffer.from(`${serialize(sortTrailer(trailer))}\n`, 'latin1'));
    } else {
      const self = this.allocate();
      offsets.set(self.num, { offset: pos, gen: 0 });
      push(Buffer.from(`${self.num} 0 obj\n`, 'latin1'));
      push(serializeObject(xrefStream(offsets, trailer, this.nextNum)));
      push(Buffer.from('\nendobj\n', 'latin1'));
    }
    push(Buffer.from(`startxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
    return { bytes: Buffer.concat(chunks, pos), bodyOffsets };
  }
}

function sortTrailer(t: PdfDict): PdfDict {
  const order = ['Size', 'Root', 'Info', 'ID', 'Prev'];
  return new PdfDict(order.filter((k) => t.has(k)).map((k) => [k, t.get(k)!]));
}

/** Contiguous runs of object numbers, each a §7.5.4 subsection. */
function runs(nums: number[]): [number, number[]][] {
  const sorted = [...nums].sort((a, b) => a - b);
  const out: [number, number[]][] = [];
  for (const n of sorted) {
    const cur = out[out.length - 1];
    if (cur && cur[0] + cur[1].length === n) cur[1].push(n);
    else out.push([n, [n]]);
  }
  return out;
}

function classicTable(offsets: Map<number, { offset: number; gen: number }>): string {
  let s = 'xref\n';
  for (const [start, nums] of runs([...offsets.keys()])) {
    s += `${start} ${nums.length}\n`;
    for (const n of nums) {
      const e = offsets.get(n)!;
      // §7.5.4: each entry is exactly 20 bytes including a two-character end of line.
      s += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
    }
  }
  return s;
}

function xrefStream(
  offsets: Map<number, { offset: number; gen: number }>,
  trailer: PdfDict,
  size: number,
): PdfStream {
  const index: number[] = [];
  const rows: Buffer[] = [];
  for (const [start, nums] of runs([...offsets.keys()])) {
    index.push(start, nums.length);
    for (const n of nums) {
      const e = offsets.get(n)!;
      const row = Buffer.alloc(7);
      row[0] = 1; // §7.5.8.3 type 1: uncompressed object at a byte offset
      row.writeUInt32BE(e.offset, 1);
      row.writeUInt16BE(e.gen, 5);
      rows.push(row);
    }
  }
  const d = new PdfDict([
    ['Type', PdfName.of('XRef')],
    ['Size', size],
    ['W', [1, 4, 2]],
    ['Index', index],
  ]);
  for (const k of ['Root', 'Info', 'ID', 'Prev']) {
    const v = trailer.get(k);
    if (v !== undefined) d.set(k, v);
  }
  return new PdfStream(d, Buffer.concat(rows));
}
