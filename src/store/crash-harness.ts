/**
 * Test support for the crash tests: runs a writer fixture (a .ts file printing `ack <id> <value>`
 * per durable write) and SIGKILLs it a random 0..`maxDelayMs` after its `acks`-th acknowledgement,
 * i.e. somewhere inside a later write. Resolves with what it acknowledged before dying.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const runTs = join(import.meta.dirname, '../../bin/run-ts.js');

export function runAndKill(
  fixture: string,
  args: string[],
  acks: number,
  maxDelayMs: number,
): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runTs, fixture, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, string>();
    let buffer = '';
    let stderr = '';
    let killing = false;
    // A writer that hangs is a failure, not one more kill at a random point.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 150_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const [word, id, value] = buffer.slice(0, nl).split(' ');
        buffer = buffer.slice(nl + 1);
        if (word === 'ack' && id && value) acked.set(id, value);
      }
      if (!killing && acked.size >= acks) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * maxDelayMs));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`writer hung (no ${acks} acks in 150 s): ${stderr}`));
      else if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited ${code}: ${stderr}`));
    });
  });
}
