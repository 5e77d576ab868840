/**
 * Starts short-lived programs (pdftoppm) from a small long-lived helper process instead of from
 * the service. Spawning forks the process that spawns: a fork of the ~900 MB service stalls its
 * event loop 40–80 ms, so a stranger looping on PDF previews stalled everyone's requests (issue
 * 14). The helper (spawner-child.mjs) is plain JavaScript without the application, a few tens of
 * MB, started once on first use with `fork` (that one fork is paid once) and again after it dies.
 * A worker thread does not help: the fork copies the whole process's page tables whichever thread
 * asks, and the main thread still stalls (p99 48–59 ms against 92–140 from the main thread and
 * 11–15 from a helper process, README, Performance).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SpawnRequest {
  file: string;
  args: string[];
  stdin: Uint8Array;
  /** The child is killed (SIGKILL) after this long. */
  timeoutMs: number;
  /** The child is killed when its stdout grows past this many bytes. */
  maxOutput: number;
}

export type SpawnOutcome =
  | { kind: 'exited'; code: number | null; signal: string | null; stdout: Uint8Array; stderrHead: string }
  | { kind: 'timeout' }
  | { kind: 'too-large' }
  /** The program could not be started (ENOENT, EACCES…). */
  | { kind: 'not-started'; message: string }
  /** The helper process ended (killed, out of memory) or could not be started. */
  | { kind: 'spawner-ended'; message: string };

type Answer =
  | { id: number; pid: number }
  | { id: number; failure: 'timeout' | 'too-large' | 'spawn'; message: string }
  | { id: number; code: number | null; signal: string | null; stdout: Uint8Array; stderrHead: string };

interface Pending {
  resolve: (outcome: SpawnOutcome) => void;
  pid?: number;
  watchdog: NodeJS.Timeout;
}

const childPath = fileURLToPath(new URL('./spawner-child.mjs', import.meta.url));
/** How long past a request's own time limit the helper may stay silent before it is thought stuck. */
const WATCHDOG_GRACE_MS = 10_000;

export class Spawner {
  #child: ChildProcess | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  run(request: SpawnRequest): Promise<SpawnOutcome> {
    const child = this.#start();
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const watchdog = setTimeout(
        () => child.kill('SIGKILL'), // its 'exit' answers every pending request
        request.timeoutMs + WATCHDOG_GRACE_MS,
      );
      watchdog.unref();
      this.#pending.set(id, { resolve, watchdog });
      child.channel?.ref();
      child.send({ id, ...request }, (e) => {
        if (e)
          this.#settle(id, {
            kind: 'spawner-ended',
            message: `the spawner did not take the request: ${e.message}`,
          });
      });
    });
  }

  /** Ends the helper; its running children are killed and pending requests answered 'spawner-ended'. */
  async close(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // Disconnecting tells the helper to kill its children and exit; SIGKILL if it does not.
    if (child.connected) child.disconnect();
    const force = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(force);
  }

  #start(): ChildProcess {
    if (this.#child) return this.#child;
    const child = fork(childPath, [], {
      execArgv: [], // not the service's flags (loaders, heap size): a bare Node
      serialization: 'advanced', // Buffers travel as bytes, not as JSON arrays
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { PATH: process.env.PATH ?? '' },
    });
    this.#child = child;
    // An idle helper must not keep the service (or a test) alive: only pending requests hold it.
    child.unref();
    child.channel?.unref();
    child.on('message', (a: Answer) => this.#answer(a));
    let ended = false;
    const end = (why: string) => {
      if (ended) return;
      ended = true;
      if (this.#child === child) this.#child = undefined;
      for (const [id, p] of this.#pending) {
        // The helper's children are orphans now; one may still be drawing (pid reuse within these
        // few milliseconds is not a practical concern).
        if (p.pid !== undefined) killQuietly(p.pid);
        this.#settle(id, { kind: 'spawner-ended', message: why });
      }
    };
    child.on('exit', (code, signal) => end(`the spawner ended (${signal ?? `exit code ${code}`})`));
    child.on('error', (e) => {
      end(`the spawner failed: ${e.message}`);
      child.kill('SIGKILL');
    });
    return child;
  }

  #answer(a: Answer): void {
    const p = this.#pending.get(a.id);
    if (!p) return;
    if ('pid' in a) {
      p.pid = a.pid;
      return;
    }
    if ('failure' in a)
      this.#settle(
        a.id,
        a.failure === 'spawn' ? { kind: 'not-started', message: a.message } : { kind: a.failure },
      );
    else
      this.#settle(a.id, {
        kind: 'exited',
        code: a.code,
        signal: a.signal,
        stdout: new Uint8Array(a.stdout.buffer, a.stdout.byteOffset, a.stdout.byteLength),
        stderrHead: a.stderrHead,
      });
  }

  #settle(id: number, outcome: SpawnOutcome): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    clearTimeout(p.watchdog);
    if (this.#pending.size === 0) this.#child?.channel?.unref();
    p.resolve(outcome);
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // ESRCH: it ended already
  }
}
