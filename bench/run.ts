/**
 * `npm run bench [-- SECTION…]`: runs every benchmark section (`bench/<name>.bench.ts`, each
 * exporting `run(args)`), or only those named. Benchmarks report numbers; tests assert correctness.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sections = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length > 0 ? wanted : sections;
for (const name of selected) {
  if (!sections.includes(name)) {
    console.error(`bench: no section '${name}' (have: ${sections.join(', ')})`);
    process.exit(2);
  }
}
console.log(`# Hetong benchmarks — ${new Date().toISOString()}, Node ${process.version}`);
for (const name of selected) {
  const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as {
    run: (args: string[]) => Promise<void>;
  };
  await mod.run(process.argv.slice(2));
}
