/**
 * Render benchmark on the standard contract (/work/shared/bench, or HETONG_BENCH_DIR): template
 * compile time, warm latency on one worker (p50/p99/p999 over ≥ 1,000 documents), throughput of
 * the full pool, peak RSS and RSS after the run (10,000 documents with --long), PDF size, where the
 * time goes inside Typst (compile vs PDF export/subsetting), and LibreOffice side by side when
 * installed. Flags: --long, --docs=N, --no-lo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { compileTemplate, RenderEngine } from '../src/render/index.js';
import { shippedFonts } from '../src/render/fonts/index.js';
import { prepareData } from '../src/render/typst/data.js';
import { DATA_FILE, THEME_FILE } from '../src/render/typst/prelude.js';
import { compactPdf } from '../src/pdf/compact.js';
import { printTable, summarize, timeSerial, type LatencySummary } from './stats.js';

const dir = process.env.HETONG_BENCH_DIR ?? '/work/shared/bench';
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function flag(args: string[], name: string): string | undefined {
  const a = args.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  return a === undefined ? undefined : (a.split('=')[1] ?? '');
}

export async function run(args: string[]): Promise<void> {
  const long = flag(args, 'long') !== undefined;
  const docs = Number(flag(args, 'docs') ?? (long ? 10_000 : 1_000));
  const docx = new Uint8Array(readFileSync(join(dir, 'standard-contract.docx')));
  const dataset = JSON.parse(readFileSync(join(dir, 'standard-contract.data.json'), 'utf8')) as Record<
    string,
    unknown
  >[];
  const rows: LatencySummary[] = [];
  // Every document gets its own contract number, as in production: Typst memoises the layout of
  // identical inputs, so cycling through three data objects would measure its cache.
  const dataFor = (i: number) => ({ ...dataset[i % dataset.length], contractNo: `HT-BENCH-${i}` });

  // Template compile (once per template version): a few warm-up compiles, then 40 timed (5 were
  // too few to tell a change from the JIT's warm-up).
  const compileSamples: number[] = [];
  let compiled = await compileTemplate(docx);
  for (let i = 0; i < 4; i++) compiled = await compileTemplate(docx);
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    compiled = await compileTemplate(docx);
    compileSamples.push(performance.now() - t0);
  }
  rows.push(
    summarize(
      'compile template (.docx -> Typst program)',
      compileSamples,
      compileSamples.reduce((a, b) => a + b, 0),
    ),
  );

  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  sampler.unref();

  // One worker, one document at a time.
  const one = new RenderEngine({ workers: 1 });
  await one.ready();
  let size = 0;
  const rssStart = process.memoryUsage.rss();
  const rssCurve: string[] = [];
  const serial = await timeSerial(
    `render PDF, 1 worker, serial (${dataset.length} data objects)`,
    docs,
    async (i) => {
      const out = await one.renderPdf(compiled, dataFor(i));
      size = Math.max(size, out.pdf.byteLength);
      if (i % 1000 === 999) rssCurve.push(`${i + 1}: ${mb(process.memoryUsage.rss())}`);
    },
  );
  serial.note = `PDF ${(size / 1024).toFixed(0)} KB, workers recycled ${one.pool.recycled}`;
  rows.push(serial);
  const rssAfterSerial = process.memoryUsage.rss();
  await one.close();

  // The full pool, several documents in flight.
  const workers = availableParallelism();
  const pool = new RenderEngine({ workers });
  await pool.ready();
  const poolDocs = Math.min(docs, 600);
  for (let i = 0; i < 20; i++) await pool.renderPdf(compiled, dataFor(i));
  const samples: number[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers * 2 }, async () => {
      while (next < poolDocs) {
        const i = next++;
        const s = performance.now();
        await pool.renderPdf(compiled, dataFor(i));
        samples.push(performance.now() - s);
      }
    }),
  );
  rows.push(
    summarize(
      `render PDF, pool of ${workers}, ${workers * 2} in flight`,
      samples,
      performance.now() - t0,
      'latency includes queueing',
    ),
  );
  await pool.close();
  clearInterval(sampler);

  // Where the time goes: Typst compile (layout), PDF export (font subsetting), compaction, cache
  // eviction — as TypstRunner does it (program mapped once, data as a file), for variants of the
  // program, one after the other (so the machine's drift between them shows in their rows too).
  interface Variant {
    name: string;
    edit: (source: string) => string;
    /** Pass sys.inputs: the theme (unused by the program), or the data instead of the data file. */
    inputs?: 'theme' | 'data';
  }
  const variants: Variant[] = [
    { name: 'as compiled (serif + sans)', edit: (source) => source },
    // Every font list reduced to the serif family: one CJK face less to subset.
    { name: 'serif only', edit: (source) => source.replace(/"Noto Sans SC"/g, '"Noto Serif SC"') },
    // Why the runner passes no sys.inputs at all.
    { name: 'as compiled, theme in sys.inputs', edit: (source) => source, inputs: 'theme' },
    {
      name: 'data in sys.inputs',
      edit: (source) => source.replace(`json("${DATA_FILE}")`, 'json(bytes(sys.inputs.data))'),
      inputs: 'data',
    },
  ];
  const fontBlobs = shippedFonts().map((f) => Buffer.from(f.bytes));
  // Each variant under its own folder: Typst's memo cache is global to the process, and the same
  // file at the same path would let one variant reuse another's work.
  const runs = variants.map((v, k) => {
    const dir = `/hetong/p${k}`;
    const compiler = NodeCompiler.create({ workspace: '/hetong', fontArgs: [{ fontBlobs }] });
    for (const [path, bytes] of Object.entries(compiled.assets))
      compiler.mapShadow(`/hetong${path}`, Buffer.from(bytes));
    compiler.addSource(`${dir}/main.typ`, v.edit(compiled.program));
    for (const [file, source] of Object.entries(compiled.modules))
      compiler.addSource(`${dir}/${file}`, v.edit(source));
    compiler.mapShadow(`/hetong${THEME_FILE}`, Buffer.from('{}'));
    const times = {
      compile: [] as number[],
      export: [] as number[],
      compaction: [] as number[],
      eviction: [] as number[],
    };
    // The largest PDF before and after compaction (bytes), for the compaction row's note.
    const sizes = { exported: 0, compacted: 0 };
    return { v, dir, compiler, times, sizes };
  });
  for (const { v, dir, compiler, times, sizes } of runs) {
    for (let i = 0; i < 60; i++) {
      const prepared = prepareData(dataFor(i), {
        fields: compiled.fields,
        htmlBases: compiled.htmlBases,
        settings: compiled.doc.settings,
        textWidth: compiled.textWidth,
      });
      compiler.mapShadow(`/hetong${DATA_FILE}`, Buffer.from(prepared.json));
      const inputs: Record<string, string> | undefined =
        v.inputs === 'theme' ? { theme: '{}' } : v.inputs === 'data' ? { data: prepared.json } : undefined;
      const a = performance.now();
      const doc = compiler.compile({
        mainFilePath: `${dir}/main.typ`,
        ...(inputs ? { inputs } : {}),
      }).result!;
      const b = performance.now();
      const exported = compiler.pdf(doc, { pdfTags: false });
      const c = performance.now();
      const { pdf: compacted } = compactPdf(exported);
      const d = performance.now();
      sizes.exported = Math.max(sizes.exported, exported.byteLength);
      sizes.compacted = Math.max(sizes.compacted, compacted.byteLength);
      compiler.evictCache(10);
      const e = performance.now();
      if (i >= 10) {
        times.compile.push(b - a);
        times.export.push(c - b);
        times.compaction.push(d - c);
        times.eviction.push(e - d);
      }
      // Let Node run the finalisers of the PDF buffers (napi frees them from the event loop).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const row = (name: string, samples: number[], note?: string) => {
    const r = summarize(
      name,
      samples,
      samples.reduce((x, y) => x + y, 0),
    );
    if (note !== undefined) r.note = note;
    rows.push(r);
  };
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  for (const { v, times, sizes } of runs) {
    row(`${v.name}: Typst compile (eval + layout)`, times.compile);
    row(`${v.name}: PDF export (font subsetting)`, times.export);
    row(
      `${v.name}: compaction (src/pdf/compact.ts)`,
      times.compaction,
      `largest PDF ${kib(sizes.exported)} -> ${kib(sizes.compacted)}`,
    );
    row(`${v.name}: cache eviction`, times.eviction);
  }

  // LibreOffice side by side.
  if (
    flag(args, 'no-lo') === undefined &&
    existsSync(new URL('../src/render/libreoffice/index.ts', import.meta.url))
  ) {
    const lo = (await import('../src/render/libreoffice/index.js')) as {
      isLibreOfficeAvailable: () => Promise<boolean>;
      renderWithLibreOffice: (docx: Uint8Array, data: unknown) => Promise<Uint8Array>;
    };
    if (await lo.isLibreOfficeAvailable()) {
      await lo.renderWithLibreOffice(docx, dataset[0]);
      let loSize = 0;
      // (LibreOffice's median includes docxtemplater's fill; one soffice run per document.)
      const r = await timeSerial(
        'LibreOffice (docxtemplater fill + soffice), serial',
        5,
        async (i) => {
          loSize = (await lo.renderWithLibreOffice(docx, dataset[i % dataset.length])).byteLength;
        },
        0,
      );
      r.note = `PDF ${(loSize / 1024).toFixed(0)} KB`;
      rows.push(r);
    }
  }

  printTable(`render — standard contract (${docs} documents on one worker)`, rows);
  console.log(
    `\nRSS: start of serial run ${mb(rssStart)}, after ${docs} documents ${mb(rssAfterSerial)} (growth ${mb(rssAfterSerial - rssStart)}), peak ${mb(peakRss)}; max PDF ${(size / 1024).toFixed(1)} KB` +
      (rssCurve.length > 0 ? `\nRSS every 1,000 documents: ${rssCurve.join(', ')}` : ''),
  );
}
