/**
 * poppler-utils as the judge of PDFs in tests: text (pdftotext), page count (pdfinfo), images
 * (pdfimages -list) and fonts (pdffonts). Each call writes the PDF to a temporary file.
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

/** Base font names from `pdffonts`, without the subset prefix ("ABCDEF+"). */
export function pdfFontNames(pdf: Uint8Array): Promise<string[]> {
  return withPdf(pdf, async (p) =>
    (await run('pdffonts', [p])).stdout
      .split('\n')
      .slice(2)
      .map((l) => l.split(/\s+/)[0] ?? '')
      .filter(Boolean)
      .map((n) => n.replace(/^[A-Z]{6}\+/, '')),
  );
}
