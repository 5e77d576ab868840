/**
 * The overprint check: no word of a PDF may be printed over another. It reads every word's box
 * with poppler (`pdftotext -bbox`, page by page) and reports each pair of words on one page whose
 * boxes overlap by more than a sliver. A box is as tall as the font's ascent plus descent, so the
 * lines of a paragraph with exact line spacing below that height touch: an overlap counts only
 * when it covers `minShare` of the smaller box's height and more than `minWidth` points across.
 * Pictures hide text as well: their boxes come from `mutool trace` (each fill_image's transform in
 * device space, y down) and a word under a picture counts too, unless the caller exempts it (a
 * seal placed in front of its signature line is meant to be there: wrapNone, ECMA-376 Part 1
 * §20.4.2.15). Typst compresses CJK punctuation at the start and end of a word to half its
 * advance (GB/T 15834 style), but poppler gives every glyph its full advance: a word's trailing
 * closing or middle punctuation and leading opening punctuation count half an em.
 * Used by the wrap tests (floats beside text) and over every fidelity document.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PageWord {
  /** 1-based page number. */
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PageImage {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface Overprint {
  page: number;
  a: PageWord;
  /** The word printed over `a`, or the picture covering it. */
  b: PageWord | PageImage;
}

export interface OverlapOptions {
  /** Share of the smaller box's height the overlap must cover (default 0.4). */
  minShare?: number;
  /** Points the boxes must overlap horizontally (default 0.5). */
  minWidth?: number;
}

function withFile<T>(pdf: Uint8Array, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-overlap-'));
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, pdf);
    return fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tool = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });

/** Every word of the PDF with its page and box in points, from `pdftotext -bbox`. */
export function pageWords(pdf: Uint8Array): PageWord[] {
  return withFile(pdf, (path) => parseBbox(tool('pdftotext', ['-bbox', path, '-'])));
}

/** Every picture drawn on the PDF's pages, from `mutool trace`. */
export function pageImages(pdf: Uint8Array): PageImage[] {
  return withFile(pdf, (path) => parseTrace(tool('mutool', ['trace', path])));
}

/** fill_image boxes of `mutool trace` output: the unit square under `transform` (a b c d e f). */
export function parseTrace(xml: string): PageImage[] {
  const out: PageImage[] = [];
  let page = 0;
  for (const m of xml.matchAll(/<page number="(\d+)"|<fill_image [^>]*transform="([^"]+)"/g)) {
    if (m[1] !== undefined) {
      page = Number(m[1]);
      continue;
    }
    const [a, b, c, d, e, f] = m[2]!.split(/\s+/).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const xs = [e, e + a, e + c, e + a + c];
    const ys = [f, f + b, f + d, f + b + d];
    out.push({
      page,
      xMin: Math.min(...xs),
      xMax: Math.max(...xs),
      yMin: Math.min(...ys),
      yMax: Math.max(...ys),
    });
  }
  return out;
}

/** The words of `pdftotext -bbox` output (XHTML: <page> elements holding <word> elements). */
export function parseBbox(html: string): PageWord[] {
  const words: PageWord[] = [];
  let page = 0;
  const re =
    /<page\b|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(re)) {
    if (m[1] === undefined) {
      page++;
      continue;
    }
    words.push({
      page,
      text: unescapeXml(m[5]!),
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
    });
  }
  return words;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Closing and middle CJK punctuation (compressed at a word's end) and opening (at its start). */
const CLOSING = /[，。、：；！？）》」』】〕〉”’]$/u;
const OPENING = /^[（《「『【〔〈“‘]/u;

/** The box of a word's ink: compressible CJK punctuation at its ends counts half an em. */
export function inkBox(w: PageWord): PageWord {
  const em = w.yMax - w.yMin;
  let { xMin, xMax } = w;
  if (CLOSING.test(w.text)) xMax -= em / 2;
  if (OPENING.test(w.text)) xMin += em / 2;
  return xMax > xMin ? { ...w, xMin, xMax } : w;
}

function overlaps(a: PageWord, b: PageWord | PageImage, minShare: number, minWidth: number): boolean {
  const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
  const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
  const h = Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
  return dx > minWidth && dy > minShare * h;
}

/**
 * Pairs of words printed over each other (a sweep over each page's words sorted by left edge),
 * and words under pictures.
 */
export function findOverprints(
  words: readonly PageWord[],
  images: readonly PageImage[] = [],
  options: OverlapOptions = {},
): Overprint[] {
  const minShare = options.minShare ?? 0.4;
  const minWidth = options.minWidth ?? 0.5;
  const out: Overprint[] = [];
  const byPage = new Map<number, PageWord[]>();
  for (const w of words) {
    if (w.text.trim() === '') continue;
    const list = byPage.get(w.page) ?? [];
    list.push(inkBox(w));
    byPage.set(w.page, list);
  }
  for (const [page, list] of byPage) {
    list.sort((p, q) => p.xMin - q.xMin);
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      for (let j = i + 1; j < list.length && list[j]!.xMin < a.xMax - minWidth; j++) {
        if (overlaps(a, list[j]!, minShare, minWidth)) out.push({ page, a, b: list[j]! });
      }
      for (const img of images) {
        if (img.page === page && overlaps(a, img, minShare, minWidth)) out.push({ page, a, b: img });
      }
    }
  }
  return out;
}

/** The overprinted pairs of a PDF: words over words, and pictures over words. */
export function pdfOverprints(pdf: Uint8Array, options: OverlapOptions = {}): Overprint[] {
  return findOverprints(pageWords(pdf), pageImages(pdf), options);
}

/** One line per pair, for a failure message. */
export function describeOverprints(list: readonly Overprint[], max = 12): string {
  const box = (w: PageWord | PageImage) =>
    `${'text' in w ? `"${w.text}"` : 'a picture'} [${w.xMin.toFixed(1)},${w.yMin.toFixed(1)}–${w.xMax.toFixed(1)},${w.yMax.toFixed(1)}]`;
  const lines = list.slice(0, max).map((o) => `page ${o.page}: ${box(o.a)} over ${box(o.b)}`);
  if (list.length > max) lines.push(`… and ${list.length - max} more`);
  return lines.join('\n');
}
