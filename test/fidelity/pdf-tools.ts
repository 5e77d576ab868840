/**
 * poppler-utils and mupdf-tools as the judges of PDFs in tests: text (pdftotext), page count
 * (pdfinfo), images (pdfimages -list) and the font of each character (mutool). Each call writes
 * the PDF to a temporary file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function withPdf<T>(pdf: Uint8Array, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'hetong-pdf-'));
  try {
    const path = join(dir, 'doc.pdf');
    await writeFile(path, pdf);
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Text, pages separated by form feeds. `layout` (pdftotext -layout) orders text by its place on
 * the page, line by line, instead of by poppler's reading-order guess, which follows the order
 * an engine wrote its text objects in (table cells especially); fidelity comparisons use it.
 */
export function pdfText(pdf: Uint8Array, options: { layout?: boolean } = {}): Promise<string> {
  const args = ['-enc', 'UTF-8', ...(options.layout ? ['-layout'] : []), '-', '-'];
  return withPdf(pdf, async (p) => {
    args[args.length - 2] = p;
    return (await run('pdftotext', args, { maxBuffer: 64 << 20 })).stdout;
  });
}

export function pdfPageCount(pdf: Uint8Array): Promise<number> {
  return withPdf(pdf, async (p) => {
    const m = /^Pages:\s+(\d+)/m.exec((await run('pdfinfo', [p])).stdout);
    if (!m) throw new Error('pdfinfo printed no page count');
    return Number(m[1]);
  });
}

export interface PdfImage {
  page: number;
  width: number;
  height: number;
  type: string;
}

/** `pdfimages -list` rows (soft masks excluded). */
export function pdfImages(pdf: Uint8Array): Promise<PdfImage[]> {
  return withPdf(pdf, async (p) => {
    const lines = (await run('pdfimages', ['-list', p])).stdout.split('\n').slice(2);
    return lines
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c.length > 4 && c[2] !== 'smask')
      .map((c) => ({ page: Number(c[0]), type: c[2]!, width: Number(c[3]), height: Number(c[4]) }));
  });
}

/** A character as drawn, with the base name of the font that draws it. */
export interface PdfChar {
  font: string;
  char: string;
}

/**
 * Every character of the PDF with the font that draws it (`mutool draw -F stext`): which face a
 * script ended up in, whatever other fonts the machine has installed.
 */
export function pdfCharFonts(pdf: Uint8Array): Promise<PdfChar[]> {
  return withPdf(pdf, async (p) => {
    const xml = (await run('mutool', ['draw', '-q', '-F', 'stext', '-o', '-', p], { maxBuffer: 64 << 20 }))
      .stdout;
    const out: PdfChar[] = [];
    let font = '';
    for (const m of xml.matchAll(/<font name="([^"]*)"|<char [^>]*\bc="([^"]*)"/g)) {
      if (m[1] !== undefined) font = m[1].replace(/^[A-Z]{6}\+/, '');
      else out.push({ font, char: decodeXml(m[2]!) });
    }
    return out;
  });
}

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(Number(e[1] === 'x' ? `0${e.slice(1)}` : e.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()]!;
  });
}

/** Each page's size in points (pdfinfo), rounded to the point. */
export function pdfPageSizes(pdf: Uint8Array): Promise<{ width: number; height: number }[]> {
  return withPdf(pdf, async (p) => {
    const out = (await run('pdfinfo', ['-f', '1', '-l', '100000', p])).stdout;
    return [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => ({
      width: Math.round(Number(m[1])),
      height: Math.round(Number(m[2])),
    }));
  });
}

export interface PageWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
}

/** Words with their page (1-based) and top-left corner in points (pdftotext -bbox). */
export function pdfPageWords(pdf: Uint8Array): Promise<PageWord[]> {
  return withPdf(pdf, async (p) => {
    const html = (await run('pdftotext', ['-bbox', p, '-'], { maxBuffer: 64 << 20 })).stdout;
    const words: PageWord[] = [];
    let page = 0;
    for (const m of html.matchAll(/<page\b|<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)) {
      if (m[0] === '<page') page += 1;
      else words.push({ page, text: m[3]!, xMin: Number(m[1]), yMin: Number(m[2]) });
    }
    return words;
  });
}

/** A line of text as drawn: its page, its baseline (points from the top) and its text. */
export interface PdfLine {
  page: number;
  baseline: number;
  text: string;
  /** Each character's origin from the left edge, in order. */
  xs: number[];
}

/**
 * The text lines of the PDF with their baselines (`mutool draw -F stext`: each character's
 * origin), pieces of one line that mutool splits (at a wide space) joined, top to bottom.
 */
export function pdfLines(pdf: Uint8Array): Promise<PdfLine[]> {
  return withPdf(pdf, async (p) => {
    const xml = (await run('mutool', ['draw', '-q', '-F', 'stext', '-o', '-', p], { maxBuffer: 64 << 20 }))
      .stdout;
    const out: PdfLine[] = [];
    let page = 0;
    for (const pageXml of xml.split(/<page /).slice(1)) {
      page += 1;
      const lines: PdfLine[] = [];
      for (const line of pageXml.split(/<line /).slice(1)) {
        const chars = [...line.matchAll(/<char [^>]*\bx="([\d.]+)" y="([\d.]+)"[^>]*\bc="([^"]*)"/g)];
        if (chars.length === 0) continue;
        const baseline = Number(chars[0]![2]);
        const text = chars.map((c) => decodeXml(c[3]!)).join('');
        const xs = chars.map((c) => Number(c[1]));
        const same = lines.find((l) => Math.abs(l.baseline - baseline) < 0.05);
        if (same) {
          same.text += text;
          same.xs.push(...xs);
        } else lines.push({ page, baseline, text, xs });
      }
      out.push(...lines.sort((a, b) => a.baseline - b.baseline));
    }
    return out;
  });
}
