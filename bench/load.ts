/**
 * The load generator shared by the HTTP benchmark sections: a child process (the section's own file,
 * started with a spec in an environment variable) drives the service over loopback with bounded
 * concurrency, a bounded count and a bounded time, and prints its samples as one JSON line.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadLimits {
  count: number;
  concurrency: number;
  seconds: number;
  /** Untimed calls before the measured ones (given negative indices). */
  warmup: number;
}

export interface LoadResult {
  samples: number[];
  wallMs: number;
  errors: number;
  firstError?: string;
}

/** `--name=N` from the bench arguments, or the fallback. */
export function benchArg(args: string[], name: string, fallback: number): number {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
}

/** Load only ever goes to this machine's loopback address. */
export function assertLoopback(url: string): void {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error('the load generator only targets 127.0.0.1');
}

/** Runs `call` with `concurrency` workers until `count` calls are made or `seconds` elapse. */
export async function driveLoad(
  limits: LoadLimits,
  call: (i: number) => Promise<unknown>,
): Promise<LoadResult> {
  for (let i = 0; i < limits.warmup; i++) await call(-1 - i);
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const start = performance.now();
  const deadline = start + limits.seconds * 1000;
  const worker = async () => {
    while (next < limits.count && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await call(i);
        samples.push(performance.now() - t0);
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: limits.concurrency }, worker));
  return { samples, wallMs: performance.now() - start, errors, ...(firstError ? { firstError } : {}) };
}

/** Starts `moduleUrl` as a child with `spec` in `envName` and reads back its LoadResult line. */
export function runLoadChild(moduleUrl: string, envName: string, spec: unknown): Promise<LoadResult> {
  const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runTs, fileURLToPath(moduleUrl)], {
      env: { ...process.env, [envName]: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult);
    });
  });
}
