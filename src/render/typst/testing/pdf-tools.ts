/** Test helpers: check PDFs with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const dir = mkdtempSync(join(tmpdir(), 'hetong-render-test-'));
let n = 0;

function file(pdf: Uint8Array): string {
  const path = join(dir, `${++n}.pdf`);
  writeFileSync(path, pdf);
  return path;
}

export function pdfText(pdf: Uint8Array, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file(pdf), '-'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

export function pdfInfo(pdf: Uint8Array): { pages: number; width: number; height: number } {
  const out = execFileSync('pdfinfo', [file(pdf)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const pages = Number(/Pages:\s+(\d+)/.exec(out)?.[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(out);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

export function pdfFonts(pdf: Uint8Array): PdfFont[] {
  const lines = execFileSync('pdffonts', [file(pdf)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .split('\n')
    .slice(2)
    .filter(Boolean);
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type… encoding emb sub uni objectId gen: emb/sub are the 5th and 4th from the end.
    return {
      name: cols[0]!,
      type: cols[1]!,
      embedded: cols[cols.length - 5] === 'yes',
      subset: cols[cols.length - 4] === 'yes',
    };
  });
}

/** RGB of a pixel of page 1 rendered at `dpi`, at a fraction (fx, fy) of the page. */
export function pdfPixel(pdf: Uint8Array, fx: number, fy: number, dpi = 20): [number, number, number] {
  const base = join(dir, `px${++n}`);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file(pdf), base]);
  const png = PNG.sync.read(readFileSync(`${base}.png`));
  const x = Math.floor(fx * (png.width - 1));
  const y = Math.floor(fy * (png.height - 1));
  const i = (y * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

export interface PdfWord {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  /** The bottom of the word's box: the baseline plus the font's descent. */
  yMax: number;
}

/** Words with their boxes in points (pdftotext -bbox), page by page in reading order. */
export function pdfWords(pdf: Uint8Array): PdfWord[] {
  const html = execFileSync('pdftotext', ['-bbox', file(pdf), '-'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return [
    ...html.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
  ].map((m) => ({
    text: m[5]!,
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}
