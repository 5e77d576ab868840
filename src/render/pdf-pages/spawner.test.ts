/**
 * The spawner process (issue 14): pictures are drawn without stalling the service's event loop, a
 * spawner that dies fails its pending requests with the engine's code and is replaced, and the
 * spawner keeps the time limit and the output cap.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makePdf } from '../../signing/testing/fixtures.js';
import { PopplerRasterizer, findPdftoppm } from './poppler.js';
import { Spawner } from './spawner.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The longest event-loop delay, in ms, while `work` runs. */
async function stallDuring(work: () => Promise<unknown>): Promise<number> {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  await work();
  await sleep(10); // the delayed tick is recorded when it runs
  lag.disable();
  return lag.max / 1e6;
}

async function waitFor(path: string): Promise<string> {
  for (let i = 0; i < 200 && !existsSync(path); i++) await sleep(25);
  return readFileSync(path, 'utf8').trim();
}

/** Running, not ended (a zombie waiting for a reaper that may never come has ended). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
  } catch {
    return false;
  }
}

describe.skipIf(!findPdftoppm())('PopplerRasterizer event loop', () => {
  it('draws pictures while the event loop keeps turning', async () => {
    // A process of service size that keeps writing to its heap, as the service does: a fork of it
    // stalled the loop 40–80 ms per picture (README, Performance), here 76–160 ms when it did.
    const ballast: Buffer[] = [];
    for (let i = 0; i < 600; i++) ballast.push(Buffer.alloc(1 << 20, i));
    const heap: { n: number; s: string }[] = [];
    for (let i = 0; i < 3_000_000; i++) heap.push({ n: i, s: `x${i}` });
    const busy = setInterval(() => {
      for (let i = 0; i < 1000; i++) heap[Math.floor(Math.random() * heap.length)]!.n++;
    }, 1);
    const pdf = await makePdf(1);
    const r = new PopplerRasterizer();
    try {
      await r.pagePng(pdf, { page: 1, width: 200 }); // the spawner's own fork, paid once
      const stalls: number[] = [];
      for (let i = 0; i < 7; i++)
        stalls.push(await stallDuring(() => r.pagePng(pdf, { page: 1, width: 200 + i })));
      // The median, not the maximum: a loaded machine adds an occasional long delay of its own.
      expect(median(stalls)).toBeLessThan(30);
      expect(heap.length + ballast.length).toBeGreaterThan(0); // kept alive until here
    } finally {
      clearInterval(busy);
      await r.close();
    }
  }, 60_000);
});

describe('PopplerRasterizer spawning', () => {
  it('forks pdftoppm from a small helper process, not from the service', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hetong-spawner-'));
    const r = new PopplerRasterizer(join(dir, 'pdftoppm'));
    try {
      // A stand-in for pdftoppm that notes its parent and the parent's resident size.
      writeFileSync(
        join(dir, 'pdftoppm'),
        `#!/bin/sh\necho $PPID > '${dir}/parent'\ngrep VmRSS /proc/$PPID/status > '${dir}/rss'\nprintf 'PNG-ish bytes'\n`,
      );
      chmodSync(join(dir, 'pdftoppm'), 0o755);
      const png = await r.pagePng(new Uint8Array(10), { page: 1, width: 100 });
      expect(Buffer.from(png).toString()).toBe('PNG-ish bytes');
      expect(Number(readFileSync(join(dir, 'parent'), 'utf8'))).not.toBe(process.pid);
      const rssKb = Number(/(\d+) kB/.exec(readFileSync(join(dir, 'rss'), 'utf8'))![1]);
      expect(rssKb).toBeLessThan(100 * 1024);
    } finally {
      await r.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PopplerRasterizer spawner', () => {
  it('fails pending pictures with RENDER_ENGINE_UNAVAILABLE when the spawner dies, then starts a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hetong-spawner-'));
    const r = new PopplerRasterizer(join(dir, 'pdftoppm'));
    try {
      // A stand-in for pdftoppm: the first call notes its parent (the spawner) and itself, then
      // hangs; later calls answer at once.
      writeFileSync(
        join(dir, 'pdftoppm'),
        `#!/bin/sh\nif [ -e '${dir}/spawner' ]; then printf 'PNG-ish bytes'; exit 0; fi\n` +
          `echo $PPID > '${dir}/spawner.tmp'; mv '${dir}/spawner.tmp' '${dir}/spawner'\n` +
          `echo $$ > '${dir}/child'\nexec sleep 30\n`,
      );
      chmodSync(join(dir, 'pdftoppm'), 0o755);
      const pending = r.pagePng(new Uint8Array(10), { page: 1, width: 100 });
      const spawner = Number(await waitFor(join(dir, 'spawner')));
      const child = Number(await waitFor(join(dir, 'child')));
      process.kill(spawner, 'SIGKILL');
      await expect(pending).rejects.toMatchObject({ code: 'RENDER_ENGINE_UNAVAILABLE', status: 503 });
      // The orphaned pdftoppm does not draw on for nobody.
      for (let i = 0; i < 40 && alive(child); i++) await sleep(25);
      expect(alive(child)).toBe(false);
      const png = await r.pagePng(new Uint8Array(10), { page: 1, width: 100 });
      expect(Buffer.from(png).toString()).toBe('PNG-ish bytes');
    } finally {
      await r.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Spawner limits', () => {
  it('kills a child past its time limit or its output cap, and passes stdin and exit codes through', async () => {
    const s = new Spawner();
    try {
      const base = { stdin: new Uint8Array(0), timeoutMs: 5000, maxOutput: 1 << 20 };
      await expect(
        s.run({ ...base, file: '/bin/sh', args: ['-c', 'sleep 5; echo late'], timeoutMs: 200 }),
      ).resolves.toEqual({
        kind: 'timeout',
      });
      await expect(
        s.run({ ...base, file: '/bin/sh', args: ['-c', 'exec yes'], maxOutput: 10_000 }),
      ).resolves.toEqual({
        kind: 'too-large',
      });
      const echoed = await s.run({
        ...base,
        file: '/bin/sh',
        args: ['-c', 'cat; echo oops >&2; exit 3'],
        stdin: Buffer.from('bytes'),
      });
      expect(echoed).toMatchObject({ kind: 'exited', code: 3, signal: null, stderrHead: 'oops\n' });
      expect(echoed.kind === 'exited' && Buffer.from(echoed.stdout).toString()).toBe('bytes');
      await expect(s.run({ ...base, file: '/nonexistent/program', args: [] })).resolves.toMatchObject({
        kind: 'not-started',
      });
    } finally {
      await s.close();
    }
  });
});
