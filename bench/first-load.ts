/**
 * What a first visit to a built web app downloads: index.html, the entry script with its static
 * imports, and the CSS it links, each gzipped at level 9 (as a server or CDN would send them).
 * Lazily imported chunks (`import("./x.js")`) are not counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The chunk files a module imports statically (`import … from"./x.js"`), not `import("./x.js")`. */
function staticImports(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["`]\.\/([^"`]+\.(?:js|css))["`]/g)) out.add(m[1]!);
  return [...out];
}

export interface FirstLoad {
  /** gzip bytes by file (index.html included). */
  files: Map<string, number>;
  js: number;
  css: number;
  html: number;
  total: number;
}

/** The first load of the app built into `dist`, served under `base` (e.g. `/sign/`); null if not built. */
export function firstLoad(dist: string, base: string): FirstLoad | null {
  const indexPath = join(dist, 'index.html');
  if (!existsSync(indexPath)) return null;
  const html = readFileSync(indexPath, 'utf8');
  const prefix = `${base}assets/`.replace(/[/.]/g, '\\$&');
  const queue = [...html.matchAll(new RegExp(`(?:src|href)="${prefix}([^"]+)"`, 'g'))].map((m) => m[1]!);
  const files = new Map<string, number>([['index.html', gzipSync(html, { level: 9 }).length]]);
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    const body = readFileSync(join(dist, 'assets', file));
    files.set(file, gzipSync(body, { level: 9 }).length);
    if (file.endsWith('.js')) queue.push(...staticImports(body.toString('utf8')));
  }
  const sum = (ext: string) =>
    [...files].filter(([f]) => f.endsWith(ext)).reduce((n, [, bytes]) => n + bytes, 0);
  const [js, css, htmlBytes] = [sum('.js'), sum('.css'), files.get('index.html')!];
  return { files, js, css, html: htmlBytes, total: js + css + htmlBytes };
}
