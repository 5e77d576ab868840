/**
 * Latency of the LibreOffice engine on the standard contract (../shared/bench/), warm: one
 * WarmLibreOffice, `count` documents one after another after `warmup` untimed ones, each a
 * docxtemplater fill + PDF export. For the render bench section to show LibreOffice side by side:
 * `import { measureLibreOffice } from '../src/render/libreoffice/measure.js'`. Standalone:
 * `npx tsx src/render/libreoffice/measure.ts [count] [contract.docx] [contract.data.json]`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { fillTemplate } from './fill.js';
import { WarmLibreOffice } from './warm.js';

export interface LibreOfficeMeasurement {
  count: number;
  startMs: number;
  /** Whole document (fill + conversion), milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /** docxtemplater fill alone, median milliseconds. */
  fillP50: number;
  pdfBytes: number;
}

function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function measureLibreOffice(
  docx: Uint8Array,
  dataSets: readonly unknown[],
  count = 50,
  warmup = 3,
): Promise<LibreOfficeMeasurement> {
  const lo = new WarmLibreOffice();
  try {
    const t0 = performance.now();
    await lo.start();
    const startMs = performance.now() - t0;
    for (let i = 0; i < warmup; i++) await lo.render(docx, dataSets[i % dataSets.length]);
    const total: number[] = [];
    const fill: number[] = [];
    let pdfBytes = 0;
    for (let i = 0; i < count; i++) {
      const data = dataSets[i % dataSets.length];
      const t = performance.now();
      const filled = fillTemplate(docx, data);
      const tf = performance.now();
      const pdf = await lo.convert(filled);
      total.push(performance.now() - t);
      fill.push(tf - t);
      pdfBytes = pdf.length;
    }
    total.sort((a, b) => a - b);
    fill.sort((a, b) => a - b);
    return {
      count,
      startMs,
      p50: nearestRank(total, 0.5),
      p99: nearestRank(total, 0.99),
      max: total[total.length - 1]!,
      fillP50: nearestRank(fill, 0.5),
      pdfBytes,
    };
  } finally {
    await lo.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [count = '50', docxPath = '../shared/bench/standard-contract.docx', dataPath] = process.argv.slice(2);
  const docx = new Uint8Array(readFileSync(docxPath));
  const data = JSON.parse(
    readFileSync(dataPath ?? docxPath.replace(/\.docx$/, '.data.json'), 'utf8'),
  ) as unknown;
  const m = await measureLibreOffice(docx, Array.isArray(data) ? data : [data], Number(count));
  console.log(JSON.stringify(m, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v)));
  process.exit(0);
}
