/**
 * Finding a keyword on the pages (for sign fields placed by text such as "甲方（盖章）"): glyphs in
 * content-stream order, compared after NFKC normalisation (full-width and half-width forms
 * match) with whitespace ignored.
 */
import type { PageInfo, PdfFile } from '../../pdf/file.js';
import type { PdfDict } from '../../pdf/objects.js';
import { extractGlyphs, type Glyph } from './extract.js';
import type { FontDecoder } from './fonts.js';

export interface TextHit {
  pageIndex: number;
  /** Bounding box of the match in user space: x0/x1 from the glyph origins and ends, y from the baseline and size. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const normalize = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

export function findText(file: PdfFile, pages: PageInfo[], keyword: string): TextHit[] {
  const needle = normalize(keyword);
  if (!needle) return [];
  const hits: TextHit[] = [];
  const fonts = new Map<PdfDict, FontDecoder>();
  // A glyph's text is mostly one character from a small set: normalising each distinct text once
  // instead of once per glyph was a third of the search.
  const normalized = new Map<string, string[]>();
  pages.forEach((page, pageIndex) => {
    let glyphs: Glyph[];
    try {
      glyphs = extractGlyphs(file, page, fonts);
    } catch {
      return; // unreadable content: nothing to find on this page
    }
    let text = '';
    const owner: number[] = [];
    glyphs.forEach((g, i) => {
      let norm = normalized.get(g.text);
      if (norm === undefined) normalized.set(g.text, (norm = [...normalize(g.text)]));
      for (const ch of norm) {
        text += ch;
        owner.push(i);
      }
    });
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
      const first = glyphs[owner[at]!]!;
      const last = glyphs[owner[at + needle.length - 1]!]!;
      const size = Math.max(first.size, last.size);
      hits.push({
        pageIndex,
        x0: first.x,
        x1: last.xEnd,
        y0: first.y - 0.2 * size,
        y1: first.y + 0.8 * size,
      });
    }
  });
  return hits;
}
