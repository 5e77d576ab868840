/**
 * Pictures of the pages of a PDF that was not made from a template (an uploaded contract, a PDF
 * sent to verification): poppler's `pdftoppm` draws one page as PNG, the PDF on its stdin and the
 * PNG on its stdout, nothing on disk. Like LibreOffice it is an optional engine found on PATH
 * (Debian `poppler-utils`); without it these previews answer RENDER_ENGINE_UNAVAILABLE (503) and
 * everything else works. The PDF comes from strangers: the process has a time limit, its output a
 * size limit, at most two run at once, and they run at a lower CPU priority (nice 10) than the
 * service, so a costly page takes spare CPU rather than the service's.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { setPriority } from 'node:os';
import { delimiter, join } from 'node:path';
import { HetongError } from '../../shared/errors.js';
import { MAX_PNG_WIDTH } from '../preview/png.js';

/** Draws page `page` (1-based) of a PDF as a PNG `width` pixels wide. */
export interface PdfPageRasterizer {
  /** False when its engine is not installed: pagePng then answers RENDER_ENGINE_UNAVAILABLE. */
  readonly available: boolean;
  pagePng(pdf: Uint8Array, options: { page: number; width: number }): Promise<Uint8Array>;
}

/** Nice value of pdftoppm children (setpriority(2): 0 is the default, 19 the lowest). */
const CHILD_PRIORITY = 10;

const TIMEOUT_MS = 20_000;
/** A 4000 px wide page of a long receipt is still far below this. */
const MAX_OUTPUT = 64 * 1024 * 1024;
const CONCURRENCY = 2;

/** `HETONG_PDFTOPPM`, else `pdftoppm` on PATH; null when there is none. */
export function findPdftoppm(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.HETONG_PDFTOPPM ? [env.HETONG_PDFTOPPM] : [];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) candidates.push(join(dir, 'pdftoppm'));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here; try the next one
    }
  }
  return null;
}

export function checkPngWidth(width: number): void {
  if (!Number.isInteger(width) || width < 16 || width > MAX_PNG_WIDTH)
    throw new HetongError(
      'RENDER_OPTIONS_INVALID',
      400,
      `PNG width must be an integer in [16, ${MAX_PNG_WIDTH}]`,
      { width },
    );
}

export class PopplerRasterizer implements PdfPageRasterizer {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly binary: string | null = findPdftoppm()) {}

  get available(): boolean {
    return this.binary !== null;
  }

  async pagePng(pdf: Uint8Array, options: { page: number; width: number }): Promise<Uint8Array> {
    checkPngWidth(options.width);
    if (!Number.isInteger(options.page) || options.page < 1)
      throw new HetongError('RENDER_OPTIONS_INVALID', 400, 'page must be a positive integer', {
        page: options.page,
      });
    const binary = this.binary;
    if (!binary)
      throw new HetongError(
        'RENDER_ENGINE_UNAVAILABLE',
        503,
        'pictures of uploaded PDFs need poppler (pdftoppm, Debian package poppler-utils) on the server',
      );
    if (this.#running >= CONCURRENCY) await new Promise<void>((r) => this.#waiting.push(r));
    this.#running++;
    try {
      return await draw(binary, pdf, options.page, options.width);
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }
}

function draw(binary: string, pdf: Uint8Array, page: number, width: number): Promise<Uint8Array> {
  const n = String(page);
  // -scale-to-y -1 keeps the page's proportions; -singlefile with no output root writes to stdout.
  const args = [
    '-png',
    '-q',
    '-f',
    n,
    '-l',
    n,
    '-scale-to-x',
    String(width),
    '-scale-to-y',
    '-1',
    '-singlefile',
    '-',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { PATH: process.env.PATH ?? '' },
    });
    lowerPriority(child.pid);
    const chunks: Buffer[] = [];
    let size = 0;
    let failure: HetongError | undefined;
    const timer = setTimeout(() => {
      failure = new HetongError(
        'RENDER_TIMEOUT',
        503,
        `drawing the page took more than ${TIMEOUT_MS / 1000} s`,
      );
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_OUTPUT) {
        failure = new HetongError(
          'RENDER_FAILED',
          422,
          'the page picture is too large; ask for a smaller width',
        );
        child.kill('SIGKILL');
        return;
      }
      chunks.push(c);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(
        new HetongError('RENDER_ENGINE_UNAVAILABLE', 503, `pdftoppm could not be started: ${e.message}`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      const png = Buffer.concat(chunks);
      // pdftoppm exits 0 with nothing written for a page past the end; 1–3 for a file it cannot read.
      if (code !== 0 || png.length < 8)
        return reject(new HetongError('RENDER_FAILED', 422, 'the PDF page could not be drawn', { page }));
      resolve(new Uint8Array(png));
    });
    // The child may exit before reading everything (a broken file): EPIPE is expected then.
    child.stdin.on('error', () => undefined);
    child.stdin.end(pdf);
  });
}

/** Best effort: a child that has already exited, or a system that refuses, keeps its priority. */
function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return; // not started: its 'error' event reports why
  try {
    setPriority(pid, CHILD_PRIORITY);
  } catch {
    // ESRCH (gone already) or EACCES: drawing at the default priority is still correct
  }
}
