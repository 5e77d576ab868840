/**
 * Pictures of the pages of a PDF that was not made from a template (an uploaded contract, a PDF
 * sent to verification): poppler's `pdftoppm` draws one page as PNG, the PDF on its stdin and the
 * PNG on its stdout, nothing on disk. Like LibreOffice it is an optional engine found on PATH
 * (Debian `poppler-utils`); without it these previews answer RENDER_ENGINE_UNAVAILABLE (503) and
 * everything else works. The PDF comes from strangers: the process has a time limit, its output a
 * size limit, at most two run at once, and they run at a lower CPU priority (nice 10) than the
 * service, so a costly page takes spare CPU rather than the service's. They are started by a small
 * helper process (spawner.ts), not by the service: spawning from the service forks all of it and
 * stalls its event loop 40–80 ms each time.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HetongError } from '../../shared/errors.js';
import { MAX_PNG_WIDTH } from '../preview/png.js';
import { Spawner } from './spawner.js';

/** Draws page `page` (1-based) of a PDF as a PNG `width` pixels wide. */
export interface PdfPageRasterizer {
  /** False when its engine is not installed: pagePng then answers RENDER_ENGINE_UNAVAILABLE. */
  readonly available: boolean;
  pagePng(pdf: Uint8Array, options: { page: number; width: number }): Promise<Uint8Array>;
}

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
  readonly #spawner = new Spawner();

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
      return await draw(this.#spawner, binary, pdf, options.page, options.width);
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }

  /** Ends the spawner process (started on first use); a later picture starts a new one. */
  close(): Promise<void> {
    return this.#spawner.close();
  }
}

async function draw(
  spawner: Spawner,
  binary: string,
  pdf: Uint8Array,
  page: number,
  width: number,
): Promise<Uint8Array> {
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
  const outcome = await spawner.run({
    file: binary,
    args,
    stdin: pdf,
    timeoutMs: TIMEOUT_MS,
    maxOutput: MAX_OUTPUT,
  });
  switch (outcome.kind) {
    case 'timeout':
      throw new HetongError('RENDER_TIMEOUT', 503, `drawing the page took more than ${TIMEOUT_MS / 1000} s`);
    case 'too-large':
      throw new HetongError('RENDER_FAILED', 422, 'the page picture is too large; ask for a smaller width');
    case 'not-started':
      throw new HetongError(
        'RENDER_ENGINE_UNAVAILABLE',
        503,
        `pdftoppm could not be started: ${outcome.message}`,
      );
    case 'spawner-ended':
      // Not the PDF's fault: the next request starts a new spawner.
      throw new HetongError(
        'RENDER_ENGINE_UNAVAILABLE',
        503,
        `pdftoppm could not finish: ${outcome.message}`,
      );
    case 'exited':
      // pdftoppm exits 0 with nothing written for a page past the end; 1–3 for a file it cannot read.
      if (outcome.code !== 0 || outcome.stdout.length < 8)
        throw new HetongError('RENDER_FAILED', 422, 'the PDF page could not be drawn', { page });
      return outcome.stdout;
  }
}
