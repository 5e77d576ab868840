/**
 * Page pictures of long documents (issue 14; src/contracts/page-source.ts): what one page costs
 * drawn by Typst (the whole document's program run, then one page rasterised, in the render pool)
 * and by poppler's pdftoppm from the document's PDF, by document length — the numbers behind the
 * page count above which contract previews are drawn from the PDF, and Typst's page limit.
 *
 *   npm run bench -- previews [--pages=10,25,50,100,200,400] [--width=800]
 *
 * Per length (the abuse bench's long-contract generator, ~0.77 pages per asked page): Typst's CPU
 * (main thread and render workers) and wall time for page 1, median of 3 after a warm-up; the
 * peak RSS of this process while it draws (VmHWM reset before); pdftoppm's CPU (its own, as a
 * waited-for child: /proc/self/stat cutime+cstime) and wall time, median of 3; and the longest
 * event-loop stall while pdftoppm runs (spawning forks the process that spawns: the rasterizer
 * spawns from a small helper process so that this one, large, does not stall).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { compileTemplate, RenderEngine } from '../src/render/index.js';
import { PopplerRasterizer } from '../src/render/pdf-pages/index.js';
import { longDocx } from './abuse-inputs.js';
import { memory, resetPeak } from './proc.js';
import { percentile } from './stats.js';

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return percentile(sorted, 0.5);
}
const MB = 1024 * 1024;

/** proc(5) /proc/PID/stat: the fields after "pid (comm) ", so index 0 is field 3 (state). */
function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
}

/** Fields 16 (cutime) and 17 (cstime): CPU of a process's waited-for children, in ms. */
const waitedChildrenCpuMs = (fields: string[]) => ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;

/**
 * CPU of pdftoppm runs that have ended: this process's waited-for children, and those of its own
 * child processes (pdftoppm is started by the rasterizer's spawner process, src/render/pdf-pages).
 */
function childrenCpuMs(): number {
  let ms = waitedChildrenCpuMs(statFields('self'));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(Number(entry));
      if (Number(fields[1]) === process.pid) ms += waitedChildrenCpuMs(fields); // field 4: ppid
    } catch {
      // ended meanwhile
    }
  }
  return ms;
}

export async function run(args: string[]): Promise<void> {
  const pages = (
    args.find((a) => a.startsWith('--pages='))?.slice('--pages='.length) ?? '10,25,50,100,200,400'
  )
    .split(',')
    .map(Number);
  const width = Number(args.find((a) => a.startsWith('--width='))?.slice('--width='.length) ?? 800);
  const engine = new RenderEngine();
  const poppler = new PopplerRasterizer();
  const data = { contractNo: 'HT-LONG' };
  const rows: string[] = [];
  try {
    for (const asked of pages) {
      const compiled = await compileTemplate(longDocx(asked));
      const { pdf, pageCount } = await engine.renderPdf(compiled, data);
      await engine.renderPng(compiled, data, { width: width - 1, pages: [1] }); // warm-up
      const before = memory('self').rss / MB;
      resetPeak('self');
      const cpu: number[] = [];
      const wall: number[] = [];
      for (let i = 0; i < 3; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        // A new width each time: Typst memoises a layout it has seen.
        await engine.renderPng(compiled, data, { width: width + i, pages: [1] });
        wall.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      const peak = memory('self').peak / MB;
      let cell = 'not installed | — | —';
      if (poppler.available) {
        const lag = monitorEventLoopDelay({ resolution: 5 });
        lag.enable();
        const popCpu: number[] = [];
        const popWall: number[] = [];
        for (let i = 0; i < 3; i++) {
          const c0 = childrenCpuMs();
          const t0 = performance.now();
          await poppler.pagePng(pdf, { page: 1, width: width + i });
          popWall.push(performance.now() - t0);
          popCpu.push(childrenCpuMs() - c0);
        }
        lag.disable();
        cell = `${median(popCpu).toFixed(0)} | ${median(popWall).toFixed(0)} | ${(lag.max / 1e6).toFixed(0)}`;
      }
      rows.push(
        `| ${pageCount} | ${median(cpu).toFixed(0)} | ${median(wall).toFixed(0)} | ${before.toFixed(0)} → ${peak.toFixed(0)} | ${cell} | ${(pdf.length / 1024).toFixed(0)} |`,
      );
    }
  } finally {
    await engine.close();
    await poppler.close();
  }
  console.log(`\n## Page pictures of long documents (page 1, ${width} px)\n`);
  console.log(
    '| pages | Typst CPU ms | Typst wall ms | RSS MB before → peak | pdftoppm CPU ms | pdftoppm wall ms | event-loop stall max ms | PDF KB |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}
