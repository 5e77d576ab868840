/**
 * Where on the pages a later revision changed what a signature covered — the picture beside
 * changes.ts's list: annotations and widgets added, changed or removed (their /Rect, ISO 32000-1
 * §12.5.2), text shown that was not there at signing or is gone (glyph positions from the content
 * streams, §9.4), and page content that changed without a text difference (images, paths: the
 * whole page, since nothing smaller can be said without drawing it). Pure: two parsed revisions
 * in, boxes out, in the coordinates a page picture uses (points from the top-left corner of the
 * page as displayed — crop box, /Rotate applied, §14.11.2 and §8.3.2.3).
 */
import type { PageInfo, PdfFile, Rect } from '../../pdf/file.js';
import { PdfDict, PdfRef, PdfStream, pdfEquals, type PdfValue } from '../../pdf/objects.js';
import { PdfLimitError } from '../../pdf/limits.js';
import { extractGlyphs, type Glyph } from '../text/extract.js';

export interface ChangedRegion {
  /** 1-based page number in the newest revision (in the signed one for a removed page's box). */
  page: number;
  /** Points from the displayed page's top-left corner. */
  left: number;
  top: number;
  width: number;
  height: number;
  change: 'added' | 'changed' | 'removed';
  what: 'signature' | 'annotation' | 'text' | 'content' | 'page';
  /** A later signature's widget (what DocMDP P=2 and PAdES allow) rather than a modification. */
  allowed: boolean;
  /** The annotation subtype, or the text added or removed (cut to 80 characters). */
  detail?: string;
}

/** A page as its picture shows it: size in points after the crop box and /Rotate. */
export interface DisplayedPage {
  width: number;
  height: number;
}

/** At most this many boxes per signature: a rewritten document is one red page, not 10,000 boxes. */
export const MAX_REGIONS = 200;

export function displayedPage(page: PageInfo): DisplayedPage {
  const [x0, y0, x1, y1] = page.cropBox;
  const quarter = ((((page.rotate / 90) | 0) % 4) + 4) % 4;
  return quarter % 2 ? { width: y1 - y0, height: x1 - x0 } : { width: x1 - x0, height: y1 - y0 };
}

/**
 * A user-space rectangle of `page` as a box on its picture: relative to the crop box, turned by
 * /Rotate (clockwise, §8.3.2.3 Table 30 note), clipped to the page.
 */
export function toDisplayed(
  page: PageInfo,
  r: Rect,
): { left: number; top: number; width: number; height: number } {
  const [cx0, cy0, cx1, cy1] = page.cropBox;
  const w = cx1 - cx0;
  const h = cy1 - cy0;
  const x0 = Math.max(0, Math.min(r[0], r[2]) - cx0);
  const x1 = Math.min(w, Math.max(r[0], r[2]) - cx0);
  const y0 = Math.max(0, Math.min(r[1], r[3]) - cy0);
  const y1 = Math.min(h, Math.max(r[1], r[3]) - cy0);
  const bw = Math.max(0, x1 - x0);
  const bh = Math.max(0, y1 - y0);
  const quarter = ((((page.rotate / 90) | 0) % 4) + 4) % 4;
  // Unrotated: top = h - y1. Each quarter turn clockwise maps (x, y-from-top) onto the turned page.
  switch (quarter) {
    case 1:
      return { left: y0, top: x0, width: bh, height: bw };
    case 2:
      return { left: w - x1, top: y0, width: bw, height: bh };
    case 3:
      return { left: h - y1, top: w - x1, width: bh, height: bw };
    default:
      return { left: x0, top: h - y1, width: bw, height: bh };
  }
}

export function changedRegions(signed: PdfFile, final: PdfFile): ChangedRegion[] {
  const out: ChangedRegion[] = [];
  const changedNums = changedObjects(signed, final);
  const before = signed.pages();
  const after = final.pages();
  after.forEach((page, i) => {
    const old = before[i];
    const add = (r: Omit<ChangedRegion, 'page' | 'left' | 'top' | 'width' | 'height'>, rect: Rect) => {
      const box = toDisplayed(page, rect);
      if (box.width > 0 && box.height > 0) out.push({ page: i + 1, ...box, ...r });
    };
    if (!old || old.ref.num !== page.ref.num) {
      add({ change: 'added', what: 'page', allowed: false }, page.cropBox);
      return;
    }
    annotationRegions(signed, final, old, page, changedNums, add);
    if (contentTouched(final, old, page, changedNums)) {
      const text = textRegions(signed, final, old, page);
      if (text === undefined || text.length === 0)
        add({ change: 'changed', what: 'content', allowed: false }, page.cropBox);
      else
        for (const t of text) add({ change: t.change, what: 'text', allowed: false, detail: t.text }, t.rect);
    }
  });
  return out.slice(0, MAX_REGIONS);
}

/** Object numbers whose definition differs between the revisions (§7.5.4 entries, then by value). */
function changedObjects(signed: PdfFile, final: PdfFile): Set<number> {
  const out = new Set<number>();
  for (const [num, entry] of final.xref) {
    const b = signed.xref.get(num);
    if (b === undefined || b.type !== entry.type) {
      out.add(num);
      continue;
    }
    if (b.type === 1 && entry.type === 1 && b.offset === entry.offset) continue;
    if (!pdfEquals(safeObject(signed, num), safeObject(final, num))) out.add(num);
  }
  return out;
}

function safeObject(file: PdfFile, num: number): PdfValue | undefined {
  try {
    return file.getObject(num);
  } catch (e) {
    if (e instanceof PdfLimitError) throw e;
    return undefined;
  }
}

type Add = (r: Omit<ChangedRegion, 'page' | 'left' | 'top' | 'width' | 'height'>, rect: Rect) => void;

function annotationRegions(
  signed: PdfFile,
  final: PdfFile,
  old: PageInfo,
  page: PageInfo,
  changedNums: Set<number>,
  add: Add,
): void {
  const list = (file: PdfFile, p: PageInfo): PdfValue[] => {
    const a = file.resolve(p.dict.get('Annots'));
    return Array.isArray(a) ? a : [];
  };
  const was = list(signed, old);
  const now = list(final, page);
  const key = (v: PdfValue) => (v instanceof PdfRef ? `r${v.num}` : undefined);
  const wasKeys = new Set(was.map(key).filter((k) => k !== undefined));
  const nowKeys = new Set(now.map(key).filter((k) => k !== undefined));
  for (const v of now) {
    const annot = final.resolveDict(v);
    if (!annot) continue;
    const rect = rectOf(final, annot);
    if (!rect) continue;
    const k = key(v);
    const existed = k !== undefined ? wasKeys.has(k) : was.some((w) => pdfEquals(w, v));
    const subtype = annot.name('Subtype');
    const signature = isSignedSignatureWidget(final, annot);
    if (!existed) {
      add(
        {
          change: 'added',
          what: signature ? 'signature' : 'annotation',
          allowed: signature,
          ...(subtype ? { detail: subtype } : {}),
        },
        rect,
      );
    } else if (v instanceof PdfRef && changedNums.has(v.num)) {
      // A signature field being signed in place is allowed (changes.ts); anything else is not.
      const oldAnnot = signed.resolveDict(v);
      const signedInPlace =
        signature && oldAnnot !== undefined && !oldAnnot.has('V') && isSigField(signed, oldAnnot);
      add(
        {
          change: 'changed',
          what: signature ? 'signature' : 'annotation',
          allowed: signedInPlace,
          ...(subtype ? { detail: subtype } : {}),
        },
        rect,
      );
    }
  }
  for (const v of was) {
    const k = key(v);
    const gone = k !== undefined ? !nowKeys.has(k) : !now.some((n) => pdfEquals(n, v));
    if (!gone) continue;
    const annot = signed.resolveDict(v);
    const rect = annot && rectOf(signed, annot);
    const subtype = annot?.name('Subtype');
    if (rect)
      add(
        { change: 'removed', what: 'annotation', allowed: false, ...(subtype ? { detail: subtype } : {}) },
        rect,
      );
  }
}

function rectOf(file: PdfFile, annot: PdfDict): Rect | undefined {
  const r = file.resolve(annot.get('Rect'));
  if (!Array.isArray(r) || r.length !== 4) return undefined;
  const n = r.map((x) => file.resolve(x));
  if (!n.every((x): x is number => typeof x === 'number' && Number.isFinite(x))) return undefined;
  return [Math.min(n[0]!, n[2]!), Math.min(n[1]!, n[3]!), Math.max(n[0]!, n[2]!), Math.max(n[1]!, n[3]!)];
}

function isSigField(file: PdfFile, d: PdfDict): boolean {
  if (d.name('FT') === 'Sig') return true;
  return file.resolveDict(d.get('Parent'))?.name('FT') === 'Sig';
}

/** A widget of a signature field whose value is a signature dictionary (§12.7.4.5, §12.8.1). */
function isSignedSignatureWidget(file: PdfFile, widget: PdfDict): boolean {
  if (widget.name('Subtype') !== 'Widget') return false;
  const field = widget.has('FT') ? widget : file.resolveDict(widget.get('Parent'));
  if (field?.name('FT') !== 'Sig') return false;
  const v = file.resolveDict(field.get('V'));
  return v !== undefined && v.has('ByteRange') && v.has('Contents');
}

/** Whether what the page draws may differ: its /Contents, /Resources or an object they name changed. */
function contentTouched(final: PdfFile, old: PageInfo, page: PageInfo, changedNums: Set<number>): boolean {
  if (!pdfEquals(old.dict.get('Contents'), page.dict.get('Contents'))) return true;
  if (!pdfEquals(old.resources, page.resources)) return true;
  if (!pdfEquals(old.cropBox, page.cropBox) || old.rotate !== page.rotate) return true;
  const seen = new Set<number>();
  // Everything the contents and resources reach, to a bounded depth (fonts, images, forms).
  const reaches = (v: PdfValue | undefined, depth: number): boolean => {
    if (v instanceof PdfRef) {
      if (changedNums.has(v.num)) return true;
      if (seen.has(v.num) || depth > 6 || seen.size > 5_000) return false;
      seen.add(v.num);
      return reaches(safeObject(final, v.num), depth + 1);
    }
    if (Array.isArray(v)) return v.some((x) => reaches(x, depth));
    if (v instanceof PdfDict) return [...v.map.values()].some((x) => reaches(x, depth));
    if (v instanceof PdfStream) return reaches(v.dict, depth);
    return false;
  };
  return reaches(page.dict.get('Contents'), 0) || reaches(page.resources, 0);
}

interface TextChange {
  change: 'added' | 'removed';
  text: string;
  rect: Rect;
}

/**
 * Glyphs shown now and not at signing, and the other way round, joined into runs on one baseline;
 * undefined when either revision's text cannot be read (then the whole page is marked).
 */
function textRegions(
  signed: PdfFile,
  final: PdfFile,
  old: PageInfo,
  page: PageInfo,
): TextChange[] | undefined {
  let was: Glyph[];
  let now: Glyph[];
  try {
    was = extractGlyphs(signed, old);
    now = extractGlyphs(final, page);
  } catch (e) {
    if (e instanceof PdfLimitError) throw e;
    return undefined;
  }
  return [...runs(difference(now, was), 'added'), ...runs(difference(was, now), 'removed')];
}

const glyphKey = (g: Glyph) => `${g.text}@${g.x.toFixed(1)},${g.y.toFixed(1)},${g.size.toFixed(1)}`;

/** The glyphs of `a` that `b` does not have (as a multiset: a repeated glyph counts each time). */
export function difference(a: Glyph[], b: Glyph[]): Glyph[] {
  const left = new Map<string, number>();
  for (const g of b) left.set(glyphKey(g), (left.get(glyphKey(g)) ?? 0) + 1);
  return a.filter((g) => {
    const k = glyphKey(g);
    const n = left.get(k) ?? 0;
    if (n > 0) {
      left.set(k, n - 1);
      return false;
    }
    return g.text.trim() !== '';
  });
}

/** Glyphs in shown order joined while they stay on one baseline and close together. */
export function runs(glyphs: Glyph[], change: 'added' | 'removed'): TextChange[] {
  const out: TextChange[] = [];
  let cur: { text: string; x0: number; x1: number; y: number; size: number } | undefined;
  const flush = () => {
    if (!cur) return;
    out.push({
      change,
      text: cur.text.slice(0, 80),
      // The glyph box as find.ts draws it: 0.2 em below the baseline to 0.8 em above.
      rect: [cur.x0, cur.y - 0.2 * cur.size, cur.x1, cur.y + 0.8 * cur.size],
    });
    cur = undefined;
  };
  for (const g of glyphs) {
    const near =
      cur !== undefined &&
      Math.abs(g.y - cur.y) < 0.3 * Math.max(g.size, cur.size) &&
      g.x >= cur.x0 - g.size &&
      g.x <= cur.x1 + 2 * Math.max(g.size, cur.size);
    if (cur && near) {
      // Spaces are not compared (difference() drops them); a gap of a space's width puts one back.
      cur.text += (g.x - cur.x1 > 0.15 * g.size ? ' ' : '') + g.text;
      cur.x0 = Math.min(cur.x0, g.x);
      cur.x1 = Math.max(cur.x1, g.xEnd);
      cur.size = Math.max(cur.size, g.size);
    } else {
      flush();
      cur = { text: g.text, x0: Math.min(g.x, g.xEnd), x1: Math.max(g.x, g.xEnd), y: g.y, size: g.size };
    }
  }
  flush();
  return out;
}
