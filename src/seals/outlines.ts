/**
 * Glyph outlines straight from the TrueType `glyf` table, so seal text reaches resvg as plain
 * SVG paths and resvg needs no fonts at all (loading the two 15 MB Noto files into resvg cost
 * ~1 s per seal). Each font file is read once per process; glyphs are decoded on first use and
 * kept. Only what seals need is read: `head`, `hhea`, `hmtx`, `cmap` (formats 4 and 12), `loca`
 * and `glyf` (simple and composite glyphs), after the OpenType specification 1.9
 * (https://learn.microsoft.com/typography/opentype/spec/): glyf "Simple glyph description" and
 * "Composite glyph description", cmap "Format 4" and "Format 12".
 */
import { readFileSync } from 'node:fs';

export interface GlyphOutline {
  /** SVG path data in font units, y up (the font's own coordinate system). */
  path: string;
  advanceWidth: number;
}

export class TrueTypeFont {
  readonly unitsPerEm: number;
  private readonly buf: Buffer;
  private readonly tables = new Map<string, { offset: number; length: number }>();
  private readonly longLoca: boolean;
  private readonly numHMetrics: number;
  private readonly cmap: (codePoint: number) => number;
  private readonly cache = new Map<number, GlyphOutline>();

  constructor(bytes: Buffer) {
    this.buf = bytes;
    const version = bytes.readUInt32BE(0);
    if (version !== 0x00010000 && version !== 0x74727565)
      throw new Error('not a TrueType font with glyf outlines');
    const count = bytes.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const rec = 12 + 16 * i;
      this.tables.set(bytes.toString('latin1', rec, rec + 4), {
        offset: bytes.readUInt32BE(rec + 8),
        length: bytes.readUInt32BE(rec + 12),
      });
    }
    const head = this.table('head');
    this.unitsPerEm = bytes.readUInt16BE(head + 18);
    this.longLoca = bytes.readInt16BE(head + 50) === 1;
    this.numHMetrics = bytes.readUInt16BE(this.table('hhea') + 34);
    this.cmap = this.readCmap();
  }

  static load(file: string): TrueTypeFont {
    return new TrueTypeFont(readFileSync(file));
  }

  glyphIndex(codePoint: number): number {
    return this.cmap(codePoint);
  }

  /** The outline of the character (the .notdef glyph when the font lacks it). */
  outline(ch: string): GlyphOutline {
    const gid = this.cmap(ch.codePointAt(0) ?? 0);
    let cached = this.cache.get(gid);
    if (!cached) {
      const contours = this.contours(gid, 0);
      cached = { path: contours.map(contourPath).join(''), advanceWidth: this.advance(gid) };
      this.cache.set(gid, cached);
    }
    return cached;
  }

  private table(tag: string): number {
    const t = this.tables.get(tag);
    if (!t) throw new Error(`font has no ${tag} table`);
    return t.offset;
  }

  private advance(gid: number): number {
    const hmtx = this.table('hmtx');
    return this.buf.readUInt16BE(hmtx + 4 * Math.min(gid, this.numHMetrics - 1));
  }

  private readCmap(): (cp: number) => number {
    const b = this.buf;
    const cmap = this.table('cmap');
    const n = b.readUInt16BE(cmap + 2);
    let best: { offset: number; format: number } | undefined;
    for (let i = 0; i < n; i++) {
      const platform = b.readUInt16BE(cmap + 4 + 8 * i);
      const encoding = b.readUInt16BE(cmap + 6 + 8 * i);
      const offset = cmap + b.readUInt32BE(cmap + 8 + 8 * i);
      const format = b.readUInt16BE(offset);
      const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
      if (!unicode) continue;
      // Format 12 covers the whole of Unicode; prefer it over the BMP-only format 4.
      if (format === 12 || (format === 4 && best?.format !== 12)) best = { offset, format };
    }
    if (!best) throw new Error('font has no Unicode cmap');
    const o = best.offset;
    if (best.format === 12) {
      const groups = b.readUInt32BE(o + 12);
      return (cp) => {
        let lo = 0;
        let hi = groups - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const g = o + 16 + 12 * mid;
          const start = b.readUInt32BE(g);
          const end = b.readUInt32BE(g + 4);
          if (cp < start) hi = mid - 1;
          else if (cp > end) lo = mid + 1;
          else return b.readUInt32BE(g + 8) + (cp - start);
        }
        return 0;
      };
    }
    const segX2 = b.readUInt16BE(o + 6);
    const ends = o + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    return (cp) => {
      if (cp > 0xffff) return 0;
      for (let i = 0; i < segX2; i += 2) {
        if (cp > b.readUInt16BE(ends + i)) continue;
        const start = b.readUInt16BE(starts + i);
        if (cp < start) return 0;
        const delta = b.readInt16BE(deltas + i);
        const ro = b.readUInt16BE(rangeOffsets + i);
        if (ro === 0) return (cp + delta) & 0xffff;
        const gid = b.readUInt16BE(rangeOffsets + i + ro + 2 * (cp - start));
        return gid === 0 ? 0 : (gid + delta) & 0xffff;
      }
      return 0;
    };
  }

  private glyphRange(gid: number): { start: number; end: number } {
    const loca = this.table('loca');
    const b = this.buf;
    const at = (i: number) =>
      this.longLoca ? b.readUInt32BE(loca + 4 * i) : b.readUInt16BE(loca + 2 * i) * 2;
    const glyf = this.table('glyf');
    return { start: glyf + at(gid), end: glyf + at(gid + 1) };
  }

  private contours(gid: number, depth: number): Point[][] {
    const { start, end } = this.glyphRange(gid);
    if (end <= start || depth > 8) return [];
    const b = this.buf;
    const numberOfContours = b.readInt16BE(start);
    return numberOfContours >= 0 ? this.simple(start, numberOfContours) : this.composite(start, depth);
  }

  private simple(start: number, numberOfContours: number): Point[][] {
    const b = this.buf;
    let p = start + 10;
    const endPts: number[] = [];
    for (let i = 0; i < numberOfContours; i++, p += 2) endPts.push(b.readUInt16BE(p));
    const numPoints = (endPts.at(-1) ?? -1) + 1;
    p += 2 + b.readUInt16BE(p); // skip instructions
    const flags: number[] = [];
    while (flags.length < numPoints) {
      const f = b[p++]!;
      flags.push(f);
      if (f & 0x08) for (let r = b[p++]!; r > 0; r--) flags.push(f);
    }
    const coords = (short: number, same: number): number[] => {
      const out: number[] = [];
      let v = 0;
      for (const f of flags) {
        if (f & short) {
          const d = b[p++]!;
          v += f & same ? d : -d;
        } else if (!(f & same)) {
          v += b.readInt16BE(p);
          p += 2;
        }
        out.push(v);
      }
      return out;
    };
    const xs = coords(0x02, 0x10);
    const ys = coords(0x04, 0x20);
    const contours: Point[][] = [];
    let first = 0;
    for (const last of endPts) {
      const c: Point[] = [];
      for (let i = first; i <= last; i++) c.push({ x: xs[i]!, y: ys[i]!, on: (flags[i]! & 0x01) !== 0 });
      contours.push(c);
      first = last + 1;
    }
    return contours;
  }

  private composite(start: number, depth: number): Point[][] {
    const b = this.buf;
    let p = start + 10;
    const out: Point[][] = [];
    for (;;) {
      const flags = b.readUInt16BE(p);
      const gid = b.readUInt16BE(p + 2);
      p += 4;
      let dx: number;
      let dy: number;
      if (flags & 0x0001) {
        dx = b.readInt16BE(p);
        dy = b.readInt16BE(p + 2);
        p += 4;
      } else {
        dx = b.readInt8(p);
        dy = b.readInt8(p + 1);
        p += 2;
      }
      // Point-matching placement (ARGS_ARE_XY_VALUES clear) does not occur in CJK fonts: no offset.
      if (!(flags & 0x0002)) dx = dy = 0;
      let [a, bb, c, d] = [1, 0, 0, 1];
      const f2dot14 = (o: number) => b.readInt16BE(o) / 16384;
      if (flags & 0x0008) {
        a = d = f2dot14(p);
        p += 2;
      } else if (flags & 0x0040) {
        a = f2dot14(p);
        d = f2dot14(p + 2);
        p += 4;
      } else if (flags & 0x0080) {
        a = f2dot14(p);
        bb = f2dot14(p + 2);
        c = f2dot14(p + 4);
        d = f2dot14(p + 6);
        p += 8;
      }
      for (const contour of this.contours(gid, depth + 1))
        out.push(contour.map((q) => ({ x: a * q.x + c * q.y + dx, y: bb * q.x + d * q.y + dy, on: q.on })));
      if (!(flags & 0x0020)) return out;
    }
  }
}

interface Point {
  x: number;
  y: number;
  on: boolean;
}

const num = (n: number): string => (Math.round(n * 100) / 100).toString();

/**
 * A closed quadratic contour as SVG path data. Two off-curve points in a row imply an on-curve
 * point midway between them (glyf "Simple glyph description"); a contour may start off-curve.
 */
function contourPath(points: Point[]): string {
  if (points.length === 0) return '';
  const n = points.length;
  const onIndex = points.findIndex((q) => q.on);
  let start: Point;
  let begin: number;
  if (onIndex < 0) {
    // Every point is a control point: start midway between the first two, continue at the second.
    const [p0, p1] = [points[0]!, points[1 % n]!];
    start = { x: (p0.x + p1.x) / 2, y: (p0.y + p1.y) / 2, on: true };
    begin = 1;
  } else {
    start = points[onIndex]!;
    begin = onIndex + 1;
  }
  let d = `M${num(start.x)} ${num(start.y)}`;
  let control: Point | undefined;
  for (let k = 0; k < n; k++) {
    const q = points[(begin + k) % n]!;
    if (q === start) break;
    if (q.on) {
      d += control
        ? `Q${num(control.x)} ${num(control.y)} ${num(q.x)} ${num(q.y)}`
        : `L${num(q.x)} ${num(q.y)}`;
      control = undefined;
    } else {
      if (control) {
        const mx = (control.x + q.x) / 2;
        const my = (control.y + q.y) / 2;
        d += `Q${num(control.x)} ${num(control.y)} ${num(mx)} ${num(my)}`;
      }
      control = q;
    }
  }
  if (control) d += `Q${num(control.x)} ${num(control.y)} ${num(start.x)} ${num(start.y)}`;
  return `${d}Z`;
}
