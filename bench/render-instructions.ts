/**
 * Instruction count of one render, for a figure that does not drift with the machine's load:
 * runs 10 warm renders of the standard contract, then N measured ones, each with its own data,
 * through TypstRunner (Typst compile + PDF export + compaction), in this thread. Run it twice
 * under callgrind and divide the difference by N:
 *
 *   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.0 node bin/run-ts.js bench/render-instructions.ts 0
 *   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.60 node bin/run-ts.js bench/render-instructions.ts 60
 *   (I refs of the second − I refs of the first) / 60
 *
 * callgrind_annotate splits it by library: the Typst compiler's .node file, glibc, node. Under
 * valgrind V8 does one-time work (tier-up, deoptimisation) inside the first measured documents:
 * with N = 20 it showed as 120 M extra instructions per document, with N = 60 it is amortised.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTemplate } from '../src/render/index.js';
import { shippedFonts } from '../src/render/fonts/index.js';
import { prepareData } from '../src/render/typst/data.js';
import { TypstRunner } from '../src/render/typst/runner.js';
import { BENCH_DIR } from '../test/shared-bench.js';

const compiled = await compileTemplate(
  new Uint8Array(readFileSync(join(BENCH_DIR, 'standard-contract.docx'))),
);
const dataset = JSON.parse(readFileSync(join(BENCH_DIR, 'standard-contract.data.json'), 'utf8')) as Record<
  string,
  unknown
>[];
const runner = new TypstRunner(shippedFonts().map((f) => f.bytes));
const measured = Number(process.argv[2] ?? 0);
for (let i = 0; i < 10 + measured; i++) {
  const prepared = prepareData(
    { ...dataset[i % dataset.length], contractNo: `HT-INSTR-${i}` },
    {
      fields: compiled.fields,
      htmlBases: compiled.htmlBases,
      settings: compiled.doc.settings,
      textWidth: compiled.textWidth,
    },
  );
  runner.run({
    programId: compiled.id,
    program: compiled.program,
    modules: compiled.modules,
    assets: compiled.assets,
    data: prepared.json,
    theme: '{"dark":false}',
    shadows: prepared.shadows,
    format: 'pdf',
  });
  // Node frees the PDF buffers' native memory from the event loop.
  await new Promise((resolve) => setImmediate(resolve));
}
