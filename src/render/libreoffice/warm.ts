/**
 * A LibreOffice kept running between documents (the "warm" engine): one soffice per instance,
 * started once with our StarBasic spool loop (basic-server.ts), so a document costs a load and
 * a PDF export instead of a whole start-up (DESIGN.md: ~1.7 s per cold conversion vs ~0.3 s).
 * Conversions are serialised; a conversion that times out kills soffice (RENDER_TIMEOUT) and
 * the next one starts a fresh instance with a fresh profile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HetongError } from '../../shared/errors.js';
import { basicModuleXml, BASIC_MODULE_NAME, withModuleListed } from './basic-server.js';
import { fillTemplate, type Delimiters } from './fill.js';
import { DEFAULT_TIMEOUT_MS, findSoffice, profileArgs, runWithTimeout, sofficeEnv } from './soffice.js';

const START_TIMEOUT_MS = 120_000;
const POLL_MS = 4;

export class WarmLibreOffice {
  private readonly binary: string;
  private root: string | null = null;
  private child: ChildProcess | null = null;
  private starting: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly onExit = () => this.killSync();

  constructor(options: { binary?: string } = {}) {
    const binary = options.binary ?? findSoffice();
    if (!binary) {
      throw new HetongError('RENDER_ENGINE_UNAVAILABLE', 503, 'LibreOffice (soffice) is not installed');
    }
    this.binary = binary;
    process.once('exit', this.onExit);
  }

  /** Starts soffice (first call only); resolves when the spool loop is running. */
  start(): Promise<void> {
    this.starting ??= this.startNow().catch((e: unknown) => {
      this.starting = null;
      this.killSync();
      throw e;
    });
    return this.starting;
  }

  /** Fills the template and converts it through the warm instance. */
  async render(
    docx: Uint8Array,
    data: unknown,
    options: { delimiters?: Delimiters; timeoutMs?: number } = {},
  ) {
    const filled = fillTemplate(docx, data, options.delimiters ? { delimiters: options.delimiters } : {});
    return this.convert(filled, options.timeoutMs);
  }

  /** Converts one .docx to PDF; calls queue behind each other. */
  convert(docx: Uint8Array, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Uint8Array> {
    const run = this.queue.then(() => this.convertNow(docx, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    process.removeListener('exit', this.onExit);
    if (this.root && this.child) {
      await writeFile(join(this.root, 'spool', 'stop'), '').catch(() => undefined);
      const exited = new Promise<void>((resolve) => this.child?.once('close', () => resolve()));
      await Promise.race([exited, sleep(5000)]);
    }
    this.killSync();
  }

  private async startNow(): Promise<void> {
    const root = mkdtempSync(join(tmpdir(), 'hetong-lo-warm-'));
    this.root = root;
    const profile = join(root, 'profile');
    const spool = join(root, 'spool');
    await mkdir(join(spool, 'in'), { recursive: true });
    await mkdir(join(spool, 'out'), { recursive: true });
    // 1. Let LibreOffice create its profile (it replaces a user/basic it did not write itself).
    const init = await runWithTimeout(
      this.binary,
      [...profileArgs(profile), '--terminate_after_init'],
      START_TIMEOUT_MS,
    );
    if (init.timedOut) throw new HetongError('RENDER_TIMEOUT', 504, 'LibreOffice did not start in time');
    // 2. Install the spool loop into the Standard library of that profile.
    const lib = join(profile, 'user', 'basic', 'Standard');
    const xlb = await readFile(join(lib, 'script.xlb'), 'utf8').catch(() => {
      throw new HetongError(
        'RENDER_ENGINE_UNAVAILABLE',
        503,
        'LibreOffice created no Basic library in its profile',
        {
          stderr: init.stderr.slice(-2000),
        },
      );
    });
    await writeFile(join(lib, 'script.xlb'), withModuleListed(xlb));
    await writeFile(join(lib, `${BASIC_MODULE_NAME}.xba`), basicModuleXml());
    // 3. Start the loop and wait for its ready file.
    const child = spawn(
      this.binary,
      [...profileArgs(profile), `macro:///Standard.${BASIC_MODULE_NAME}.Serve`],
      {
        detached: true,
        stdio: 'ignore',
        env: sofficeEnv({ HETONG_SPOOL: spool, HETONG_PARENT_PID: String(process.pid) }),
      },
    );
    child.once('close', () => {
      if (this.child === child) this.child = null;
    });
    this.child = child;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await exists(join(spool, 'ready')))) {
      if (this.child !== child)
        throw new HetongError('RENDER_FAILED', 500, 'LibreOffice exited while starting');
      if (Date.now() > deadline)
        throw new HetongError('RENDER_TIMEOUT', 504, 'LibreOffice did not start in time');
      await sleep(20);
    }
  }

  private async convertNow(docx: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    await this.start();
    const spool = join(this.root!, 'spool');
    const id = randomUUID();
    const input = join(spool, 'in', `${id}.docx`);
    await writeFile(`${input}.tmp`, docx);
    await rename(`${input}.tmp`, input); // the loop only picks up complete *.docx files
    const pdf = join(spool, 'out', `${id}.pdf`);
    const err = join(spool, 'out', `${id}.err`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await exists(pdf)) {
        const bytes = new Uint8Array(await readFile(pdf));
        await rm(pdf, { force: true });
        return bytes;
      }
      if (await exists(err)) {
        const message = (await readFile(err, 'utf8')).trim();
        await rm(err, { force: true });
        throw new HetongError('RENDER_FAILED', 500, 'LibreOffice could not convert the document', {
          message,
        });
      }
      if (!this.child) {
        this.reset();
        throw new HetongError('RENDER_FAILED', 500, 'LibreOffice exited during the conversion');
      }
      if (Date.now() > deadline) {
        this.reset();
        throw new HetongError('RENDER_TIMEOUT', 504, `LibreOffice did not finish within ${timeoutMs} ms`, {
          timeoutMs,
        });
      }
      await sleep(POLL_MS);
    }
  }

  /** Kills the instance and forgets it: the next conversion starts afresh. */
  private reset(): void {
    this.killSync();
    this.starting = null;
  }

  private killSync(): void {
    const child = this.child;
    this.child = null;
    if (child?.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (this.root) rmSync(this.root, { recursive: true, force: true });
    this.root = null;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
