#!/usr/bin/env node
// Builds the web apps the server serves: the signing pages (web/sign -> web/sign/dist, under
// /sign/) and the admin console (web/console -> web/console/dist, under /console/).
// Run by `npm install` / `npm ci` (the prepare script) and by `npm run build:web`. Without the
// build tools (an install that omitted devDependencies) it says so and leaves the server to
// answer /sign/ with a page explaining how to build.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let vite;
try {
  vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
} catch {
  console.warn('hetong: vite is not installed (devDependencies omitted?): the web apps were not built');
  process.exit(0);
}
for (const name of ['sign', 'console']) {
  const r = spawnSync(process.execPath, [vite, 'build', join(root, 'web', name), ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    // A production build whoever runs it: under vitest NODE_ENV is `test`, and Vite would bundle
    // React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
