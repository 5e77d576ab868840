/**
 * An opened PDF: its cross-reference chain (ISO 32000-1 §7.5.4 tables, §7.5.8 streams, §7.5.6
 * incremental updates via /Prev) and lazy access to its objects as of the newest revision.
 * Files come from strangers: xref sizes, inflation, nesting and object loading are bounded by
 * ./limits.ts, and exceeding a bound throws PdfLimitError (PDF_LIMIT_EXCEEDED, 400).
 */
import { UnsupportedFilterError, decodeStream } from './filters.js';
import { InflateBudget, PDF_LIMITS, PdfLimitError } from './limits.js';
import { PdfDict, PdfRef, PdfStream, type PdfValue } from './objects.js';
import { PdfParser, PdfSyntaxError, indexOf, lastIndexOf } from './parser.js';

export type XrefEntry =
  { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number } | { type: 0 };

export type XrefKind = 'table' | 'stream';

export class PdfFormatError extends Error {}

/**
 * Whether `e` says the bytes are not a PDF we can read (malformed syntax or xref, a filter we do
 * not decode, a corrupt zlib stream) rather than a fault of ours. PdfLimitError is a HetongError.
 */
export function isPdfReadError(e: unknown): e is Error {
  return (
    e instanceof PdfFormatError ||
    e instanceof PdfSyntaxError ||
    e instanceof UnsupportedFilterError ||
    (e instanceof Error && /^Z_/.test(String((e as NodeJS.ErrnoException).code ?? '')))
  );
}

export interface OpenOptions {
  /** Shared by every opening of one file's bytes (default: a budget of this file's own). */
  inflation?: InflateBudget;
}

export class PdfFile {
  /** Merged cross-reference: newest definition of each object number. */
  readonly xref = new Map<number, XrefEntry>();
  readonly trailer: PdfDict;
  /** Offset the last `startxref` points at, i.e. /Prev for the next update. */
  readonly startxref: number;
  /** Kind of the newest xref section: an update must continue with the same kind (§7.5.8.4). */
  readonly lastXrefKind: XrefKind;
  private readonly cache = new Map<number, PdfValue>();
  private readonly objStmCache = new Map<
    number,
    { offsets: Map<number, number>; data: Uint8Array; first: number }
  >();
  /** What this file's streams may still inflate to (./limits.ts). */
  readonly inflation: InflateBudget;
  /** Entries read from all xref sections so far (PDF_LIMITS.maxXrefEntries). */
  private xrefEntriesRead = 0;
  /** Objects being loaded: a /Length or object stream that leads back to one of them is absent. */
  private readonly loading = new Set<number>();

  private constructor(
    readonly bytes: Uint8Array,
    options: OpenOptions,
  ) {
    this.inflation = options.inflation ?? new InflateBudget(bytes.length);
    const sx = lastIndexOf(bytes, 'startxref');
    if (sx < 0) throw new PdfFormatError('no startxref');
    const p = new PdfParser(bytes, sx + 'startxref'.length);
    const off = p.parseValue();
    if (typeof off !== 'number' || off < 0 || off >= bytes.length) throw new PdfFormatError('bad startxref');
    this.startxref = off;
    const seen = new Set<number>();
    let next: number | undefined = off;
    let newestTrailer: PdfDict | undefined;
    let kind: XrefKind | undefined;
    while (next !== undefined && !seen.has(next)) {
      seen.add(next);
      const section = this.readSection(next);
      newestTrailer ??= section.trailer;
      kind ??= section.kind;
      for (const [n, e] of section.entries) if (!this.xref.has(n)) this.xref.set(n, e);
      const prev = section.trailer.get('Prev');
      next = typeof prev === 'number' ? prev : undefined;
    }
    this.trailer = newestTrailer!;
    this.lastXrefKind = kind!;
  }

  static open(bytes: Uint8Array, options: OpenOptions = {}): PdfFile {
    if (indexOf(bytes.subarray(0, 1024), '%PDF-') < 0) throw new PdfFormatError('not a PDF: no %PDF- header');
    try {
      return new PdfFile(bytes, options);
    } catch (e) {
      if (e instanceof PdfFormatError || e instanceof PdfLimitError) throw e;
      if (e instanceof PdfSyntaxError || e instanceof Error) throw new PdfFormatError(e.message);
      throw e;
    }
  }

  /** The decoded bytes of one of this file's streams, within the file's inflation budget. */
  decode(stream: PdfStream): Uint8Array {
    return decodeStream(stream, (v) => this.resolve(v), this.inflation);
  }

  /** Counts entries before they are stored, so a section's declared size never drives allocation. */
  private countXrefEntries(n: number): void {
    this.xrefEntriesRead += n;
    if (this.xrefEntriesRead > PDF_LIMITS.maxXrefEntries)
      throw new PdfLimitError(
        'xref-entries',
        PDF_LIMITS.maxXrefEntries,
        `its cross-reference sections hold more than ${PDF_LIMITS.maxXrefEntries} entries`,
      );
  }

  /** Size for the next update's trailer: one past the highest object number in use (§7.5.5). */
  get size(): number {
    const s = this.trailer.get('Size');
    let max = typeof s === 'number' ? s : 0;
    for (const n of this.xref.keys()) if (n + 1 > max) max = n + 1;
    return max;
  }

  private readSection(offset: number): { kind: XrefKind; entries: Map<number, XrefEntry>; trailer: PdfDict } {
    const p = new PdfParser(this.bytes, offset);
    if (p.peekKeyword('xref')) return this.readTable(p);
    const obj = p.parseIndirectObject();
    if (!(obj.value instanceof PdfStream) || obj.value.dict.name('Type') !== 'XRef') {
      throw new PdfFormatError(`startxref/Prev ${offset} points at neither a table nor an xref stream`);
    }
    return { kind: 'stream', entries: this.readXrefStream(obj.value), trailer: obj.value.dict };
  }

  /** §7.5.4: `xref`, subsections of 20-byte entries, then `trailer << … >>`. */
  private readTable(p: PdfParser): { kind: XrefKind; entries: Map<number, XrefEntry>; trailer: PdfDict } {
    p.expectKeyword('xref');
    const entries = new Map<number, XrefEntry>();
    for (;;) {
      if (p.peekKeyword('trailer')) break;
      // Digits only: an empty token (a delimiter, the end of the file) would read as 0 and loop.
      const startTok = p.readRegular();
      p.skipWhitespace();
      const countTok = p.readRegular();
      if (!/^\d+$/.test(startTok) || !/^\d+$/.test(countTok)) throw new PdfFormatError('bad xref subsection');
      const start = Number(startTok);
      const count = Number(countTok);
      // §7.5.4: each entry is 20 bytes, so the rest of the file bounds what a subsection can hold.
      const room = Math.floor((this.bytes.length - p.pos) / PDF_LIMITS.minXrefEntryBytes);
      if (count > room)
        throw new PdfLimitError(
          'xref-entries',
          room,
          `an xref subsection declares ${count} entries; the ${this.bytes.length - p.pos} bytes after it hold at most ${room}`,
        );
      this.countXrefEntries(count);
      for (let i = 0; i < count; i++) {
        p.skipWhitespace();
        if (p.pos >= this.bytes.length) throw new PdfFormatError('xref subsection ends early');
        const o = Number(p.readRegular());
        p.skipWhitespace();
        const g = Number(p.readRegular());
        p.skipWhitespace();
        const t = p.readRegular();
        const n = start + i;
        if (entries.has(n)) continue;
        entries.set(n, t === 'n' ? { type: 1, offset: o, gen: g } : { type: 0 });
      }
    }
    p.expectKeyword('trailer');
    const trailer = p.parseValue();
    if (!(trailer instanceof PdfDict)) throw new PdfFormatError('trailer is not a dictionary');
    // §7.5.8.4 hybrid-reference files: entries missing from the table come from /XRefStm.
    const xs = trailer.get('XRefStm');
    if (typeof xs === 'number') {
      const obj = new PdfParser(this.bytes, xs).parseIndirectObject();
      if (obj.value instanceof PdfStream) {
        for (const [n, e] of this.readXrefStream(obj.value)) if (!entries.has(n)) entries.set(n, e);
      }
    }
    return { kind: 'table', entries, trailer };
  }

  /** §7.5.8.2–3: /W field widths, /Index ranges, entry types 0/1/2. */
  private readXrefStream(s: PdfStream): Map<number, XrefEntry> {
    const data = decodeStream(s, undefined, this.inflation);
    const w = s.dict.get('W');
    if (
      !Array.isArray(w) ||
      w.length < 3 ||
      w.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 8)
    )
      throw new PdfFormatError('bad /W');
    const [w0, w1, w2] = w as number[];
    // §7.5.8.2: a row of zero bytes would let /Size or /Index declare entries the data never holds.
    if (w0! + w1! + w2! === 0) throw new PdfFormatError('bad /W: rows of zero bytes');
    const size = s.dict.get('Size');
    const index = s.dict.get('Index');
    const ranges = (Array.isArray(index) ? index : [0, size]) as number[];
    const entries = new Map<number, XrefEntry>();
    const rowLen = w0! + w1! + w2!;
    let pos = 0;
    const field = (width: number, dflt: number): number => {
      if (width === 0) return dflt;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + (data[pos++] ?? 0);
      return v;
    };
    this.countXrefEntries(Math.floor(data.length / rowLen));
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const start = ranges[r]!;
      const count = ranges[r + 1]!;
      if (typeof start !== 'number' || typeof count !== 'number') throw new PdfFormatError('bad /Index');
      for (let i = 0; i < count && pos + rowLen <= data.length; i++) {
        const type = field(w0!, 1);
        const f2 = field(w1!, 0);
        const f3 = field(w2!, 0);
        const n = start + i;
        if (entries.has(n)) continue;
        if (type === 1) entries.set(n, { type: 1, offset: f2, gen: f3 });
        else if (type === 2) entries.set(n, { type: 2, stream: f2, index: f3 });
        else entries.set(n, { type: 0 });
      }
    }
    return entries;
  }

  /** The object with number `num` as of the newest revision, or undefined when free/absent. */
  getObject(num: number): PdfValue | undefined {
    if (this.cache.has(num)) return this.cache.get(num);
    // An indirect /Length or an object stream may need another object first, and that one
    // another: a cycle makes the object absent, a chain is bounded (not the engine's stack).
    if (this.loading.has(num)) return undefined;
    if (this.loading.size >= PDF_LIMITS.maxLoadDepth)
      throw new PdfLimitError(
        'object-load-depth',
        PDF_LIMITS.maxLoadDepth,
        `loading object ${num} needs a chain of more than ${PDF_LIMITS.maxLoadDepth} other objects`,
      );
    const e = this.xref.get(num);
    let value: PdfValue | undefined;
    this.loading.add(num);
    try {
      if (e?.type === 1) {
        const p = new PdfParser(this.bytes, e.offset, (r) => {
          const v = this.getObject(r.num);
          return typeof v === 'number' ? v : undefined;
        });
        value = p.parseIndirectObject().value;
      } else if (e?.type === 2) {
        value = this.fromObjectStream(e.stream, num);
      }
    } finally {
      this.loading.delete(num);
    }
    this.cache.set(num, value as PdfValue);
    return value;
  }

  private fromObjectStream(streamNum: number, num: number): PdfValue | undefined {
    let os = this.objStmCache.get(streamNum);
    if (!os) {
      const s = this.getObject(streamNum);
      if (!(s instanceof PdfStream)) return undefined;
      const data = this.decode(s);
      const n = this.resolve(s.dict.get('N'));
      const first = this.resolve(s.dict.get('First'));
      if (typeof n !== 'number' || typeof first !== 'number') return undefined;
      // §7.5.7: N pairs of integers, each at least "0 0 " (4 bytes), precede /First.
      if (n > (data.length + 1) / 4)
        throw new PdfLimitError(
          'object-stream-entries',
          Math.floor(data.length / 4),
          `an object stream declares ${n} objects in ${data.length} bytes`,
        );
      const header = new PdfParser(data, 0);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const on = header.parseValue();
        const oo = header.parseValue();
        if (typeof on === 'number' && typeof oo === 'number') offsets.set(on, oo);
      }
      os = { offsets, data, first };
      this.objStmCache.set(streamNum, os);
    }
    const off = os.offsets.get(num);
    if (off === undefined) return undefined;
    return new PdfParser(os.data, os.first + off).parseValue();
  }

  resolve(v: PdfValue | undefined): PdfValue | undefined {
    let cur = v;
    for (let i = 0; i < 32 && cur instanceof PdfRef; i++) cur = this.getObject(cur.num);
    return cur;
  }

  resolveDict(v: PdfValue | undefined): PdfDict | undefined {
    const r = this.resolve(v);
    if (r instanceof PdfDict) return r;
    if (r instanceof PdfStream) return r.dict;
    return undefined;
  }

  catalogRef(): PdfRef {
    const root = this.trailer.get('Root');
    if (!(root instanceof PdfRef)) throw new PdfFormatError('trailer has no /Root reference');
    return root;
  }

  catalog(): PdfDict {
    const c = this.resolveDict(this.catalogRef());
    if (!c) throw new PdfFormatError('catalog is not a dictionary');
    return c;
  }

  /** The pages in order (§7.7.3.2), with inheritable attributes resolved (§7.7.3.4). */
  pages(): PageInfo[] {
    const out: PageInfo[] = [];
    // A page tree is a tree (§7.7.3.2): a node seen twice would make a shared-kids DAG exponential.
    const seen = new Set<number>();
    const visit = (ref: PdfValue | undefined, inherited: Inherited, depth: number): void => {
      if (depth > 64 || !(ref instanceof PdfRef) || seen.has(ref.num)) return;
      seen.add(ref.num);
      const node = this.resolveDict(ref);
      if (!node) return;
      const inh: Inherited = {
        mediaBox: rect(this.resolve(node.get('MediaBox'))) ?? inherited.mediaBox,
        cropBox: rect(this.resolve(node.get('CropBox'))) ?? inherited.cropBox,
        rotate: numOr(this.resolve(node.get('Rotate')), inherited.rotate),
        resources: node.get('Resources') ?? inherited.resources,
      };
      const type = node.name('Type');
      const kids = this.resolve(node.get('Kids'));
      if (type === 'Pages' || (type === undefined && Array.isArray(kids))) {
        if (Array.isArray(kids)) for (const k of kids) visit(k, inh, depth + 1);
        return;
      }
      const mediaBox = inh.mediaBox ?? [0, 0, 612, 792];
      out.push({
        ref,
        dict: node,
        mediaBox,
        cropBox: inh.cropBox ?? mediaBox,
        rotate: inh.rotate,
        resources: inh.resources,
      });
    };
    visit(this.catalog().get('Pages'), { rotate: 0 }, 0);
    return out;
  }

  isEncrypted(): boolean {
    return this.trailer.has('Encrypt');
  }
}

export type Rect = [number, number, number, number];

interface Inherited {
  mediaBox?: Rect;
  cropBox?: Rect;
  rotate: number;
  resources?: PdfValue;
}

export interface PageInfo {
  ref: PdfRef;
  dict: PdfDict;
  mediaBox: Rect;
  cropBox: Rect;
  rotate: number;
  resources: PdfValue | undefined;
}

function rect(v: PdfValue | undefined): Rect | undefined {
  if (!Array.isArray(v) || v.length !== 4 || v.some((x) => typeof x !== 'number')) return undefined;
  const [a, b, c, d] = v as number[];
  return [Math.min(a!, c!), Math.min(b!, d!), Math.max(a!, c!), Math.max(b!, d!)];
}

function numOr(v: PdfValue | undefined, d: number): number {
  return typeof v === 'number' ? v : d;
}
