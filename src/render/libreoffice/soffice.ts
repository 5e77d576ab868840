/**
 * Runs `soffice --headless --convert-to pdf` with a private profile. LibreOffice cannot share a
 * user profile between processes (a second process hands its work to the first over a pipe and
 * exits), so every converter owns one profile and runs one soffice at a time; calls queue.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HetongError } from '../../shared/errors.js';

export const DEFAULT_TIMEOUT_MS = 60_000;

/** The fontconfig file with Word font aliases that ships beside this module. */
export const FONTS_CONF = fileURLToPath(new URL('./fonts.conf', import.meta.url));

/** `HETONG_SOFFICE`, else `soffice` or `libreoffice` on PATH; null when there is none. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.HETONG_SOFFICE ? [env.HETONG_SOFFICE] : [];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    candidates.push(join(dir, 'soffice'), join(dir, 'libreoffice'));
  }
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

export interface ConverterOptions {
  /** Path of soffice; found with `findSoffice()` when absent. */
  binary?: string;
}

export class SofficeConverter {
  private readonly binary: string;
  private profileDir: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly onExit = () => this.removeProfileSync();

  constructor(options: ConverterOptions = {}) {
    const binary = options.binary ?? findSoffice();
    if (!binary) {
      throw new HetongError(
        'RENDER_ENGINE_UNAVAILABLE',
        503,
        'LibreOffice (soffice) is not installed; install libreoffice-writer-nogui or set HETONG_SOFFICE',
      );
    }
    this.binary = binary;
    process.once('exit', this.onExit);
  }

  /**
   * Converts .docx files to PDF in one soffice run (one start-up for the batch). Results come in
   * the order of `docxs`. Queued behind earlier calls on this converter.
   */
  convert(docxs: readonly Uint8Array[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Uint8Array[]> {
    if (this.closed) return Promise.reject(new Error('SofficeConverter is closed'));
    const run = this.queue.then(() => this.convertNow(docxs, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    process.removeListener('exit', this.onExit);
    this.removeProfileSync();
  }

  private async convertNow(docxs: readonly Uint8Array[], timeoutMs: number): Promise<Uint8Array[]> {
    if (docxs.length === 0) return [];
    this.profileDir ??= mkdtempSync(join(tmpdir(), 'hetong-lo-profile-'));
    const work = await mkdtemp(join(tmpdir(), 'hetong-lo-job-'));
    try {
      const inputs = docxs.map((_, i) => join(work, `doc-${i}.docx`));
      await Promise.all(inputs.map((p, i) => writeFile(p, docxs[i]!)));
      const out = join(work, 'out');
      await mkdir(out);
      const args = [
        ...profileArgs(this.profileDir),
        '--nodefault',
        '--convert-to',
        'pdf:writer_pdf_Export',
        '--outdir',
        out,
        ...inputs,
      ];
      const result = await runWithTimeout(this.binary, args, timeoutMs);
      if (result.timedOut) {
        // A killed soffice can leave its profile locked or half-written: start the next one afresh.
        this.removeProfileSync();
        throw new HetongError('RENDER_TIMEOUT', 504, `LibreOffice did not finish within ${timeoutMs} ms`, {
          timeoutMs,
          documents: docxs.length,
        });
      }
      return await Promise.all(
        inputs.map(async (_, i) => {
          try {
            return new Uint8Array(await readFile(join(out, `doc-${i}.pdf`)));
          } catch {
            throw new HetongError('RENDER_FAILED', 500, 'LibreOffice produced no PDF for the document', {
              document: i,
              exitCode: result.code,
              stderr: result.stderr.slice(-2000),
            });
          }
        }),
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private removeProfileSync(): void {
    if (this.profileDir) rmSync(this.profileDir, { recursive: true, force: true });
    this.profileDir = null;
  }
}

/** The environment of every soffice we start: our font aliases, the headless VCL backend. */
export function sofficeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, FONTCONFIG_FILE: FONTS_CONF, SAL_USE_VCLPLUGIN: 'svp', ...extra };
}

/** Options every soffice we start shares (private profile, no UI, no recovery, no lock check). */
export function profileArgs(profileDir: string): string[] {
  return [
    `-env:UserInstallation=${pathToFileURL(profileDir).href}`,
    '--headless',
    '--invisible',
    '--norestore',
    '--nologo',
    '--nolockcheck',
  ];
}

interface RunResult {
  code: number | null;
  stderr: string;
  timedOut: boolean;
}

/** Spawns soffice in its own process group so that a timeout kills oosplash and soffice.bin. */
export function runWithTimeout(binary: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: sofficeEnv(),
    });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      if (stderr.length < 64_000) stderr += s;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(
        new HetongError('RENDER_ENGINE_UNAVAILABLE', 503, `LibreOffice could not be started: ${e.message}`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}
