// @ts-check
/**
 * The spawner: a small Node process that starts pdftoppm children for the service (spawner.ts).
 * Plain JavaScript with no imports from the application, so it stays a few tens of MB: spawning a
 * child forks the process that spawns it, and a fork of the ~900 MB service stalls the service's
 * event loop 40–80 ms (issue 14; README, Performance). A fork of this process costs little, and
 * the stall, if any, is this process's.
 *
 * Requests arrive over IPC (advanced serialization: Buffers travel as bytes):
 *   { id, file, args, stdin, timeoutMs, maxOutput }
 * and each gets, once the child has started, { id, pid }, then one answer:
 *   { id, code, signal, stdout, stderrHead }  or  { id, failure: 'timeout' | 'too-large' | 'spawn', message }
 *
 * Children run at nice 10: this process lowers its own priority when it starts and children
 * inherit it from the fork (setpriority(2)), so no child ever runs a moment at the service's
 * priority. A service already nicer than 10 keeps its own value.
 */
import { spawn } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { clearTimeout, setTimeout } from 'node:timers';

const CHILD_PRIORITY = 10;
const STDERR_HEAD = 1024;
/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();

try {
  // Never raised: a service already nicer than 10 keeps its children as nice (root could raise it).
  setPriority(Math.max(CHILD_PRIORITY, getPriority()));
} catch {
  // EPERM: the children inherit the priority we have
}

/** @param {unknown} message */
function answer(message) {
  // The service may be gone; there is then nobody to tell.
  if (process.connected) process.send?.(message);
}

/**
 * @param {{ id: number, file: string, args: string[], stdin: Uint8Array, timeoutMs: number, maxOutput: number }} job
 */
function run(job) {
  const { id } = job;
  const child = spawn(job.file, job.args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  running.add(child);
  if (child.pid !== undefined) answer({ id, pid: child.pid });
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  /** @type {Buffer[]} */
  const errs = [];
  let errSize = 0;
  let done = false;
  /**
   * Past a limit the child is killed and the answer given at once: a process the child started
   * could hold its pipes open, and nobody wants the rest of its output.
   * @param {'timeout' | 'too-large'} why
   */
  const stop = (why) => {
    child.kill('SIGKILL');
    child.stdout.destroy();
    child.stderr.destroy();
    if (done) return;
    done = true;
    answer({ id, failure: why, message: why });
  };
  const timer = setTimeout(() => stop('timeout'), job.timeoutMs);
  child.stdout.on('data', (/** @type {Buffer} */ c) => {
    if (done) return;
    size += c.length;
    if (size > job.maxOutput) {
      chunks.length = 0;
      clearTimeout(timer);
      stop('too-large');
      return;
    }
    chunks.push(c);
  });
  child.stderr.on('data', (/** @type {Buffer} */ c) => {
    if (errSize < STDERR_HEAD) errs.push(c.subarray(0, STDERR_HEAD - errSize));
    errSize += c.length;
  });
  child.on('error', (e) => {
    clearTimeout(timer);
    running.delete(child);
    if (done) return;
    done = true;
    answer({ id, failure: 'spawn', message: e.message });
  });
  child.on('close', (code, signal) => {
    clearTimeout(timer);
    running.delete(child);
    if (done) return;
    done = true;
    answer({
      id,
      code,
      signal,
      stdout: Buffer.concat(chunks),
      stderrHead: Buffer.concat(errs).toString('utf8'),
    });
  });
  // The child may exit before reading everything (a broken file): EPIPE is expected then.
  child.stdin.on('error', () => undefined);
  child.stdin.end(job.stdin);
}

process.on('message', (/** @type {any} */ job) => run(job));
// The service went away (closed us, or died): nothing more will be asked, nobody reads the answers.
process.on('disconnect', () => {
  for (const child of running) child.kill('SIGKILL');
  process.exit(0);
});
