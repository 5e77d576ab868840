// The signing pages: `vite build web/sign` (npm run build:web) writes web/sign/dist, which the
// server serves under /sign/ (src/http/routes/signing-pages.ts).
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The modules boot.ts needs (and nothing else): its own chunk, with no imports of the app's. */
const BOOT_MODULES = /\/web\/sign\/src\/(boot|api|page-width|theme|contrast)\.ts$/;

/**
 * index.html loads the boot chunk as a script of its own before the app's: a module script runs
 * once its own graph is fetched and compiled, so boot.ts asks for the session and the first page
 * while the app's half-megabyte is still being compiled and evaluated (on a 4×-throttled phone,
 * ~0.4 s before the app's first line runs). The app imports the same chunk, which runs only once.
 */
function bootFirst(): Plugin {
  return {
    name: 'hetong-boot-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const boot = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.name === 'boot');
        if (!boot || boot.type !== 'chunk') throw new Error('the boot chunk is missing');
        if (boot.imports.length > 0)
          throw new Error(`the boot chunk imports ${boot.imports.join(', ')}: it must stand alone`);
        const app = html.indexOf('<script type="module"');
        if (app < 0) throw new Error('index.html has no module script for the app');
        // Before the app's script: module scripts run in document order.
        const tag = `<script type="module" crossorigin src="/sign/${boot.fileName}"></script>\n    `;
        return html.slice(0, app) + tag + html.slice(app);
      },
    },
  };
}

export default defineConfig({
  base: '/sign/',
  plugins: [react(), bootFirst()],
  build: {
    target: ['chrome87', 'safari14', 'firefox78'],
    // The CSP allows no inline script: keep the module-preload polyfill out of index.html.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        // Everything the first screen needs in one chunk (one gzip stream: smaller than the shared
        // chunks the bundler would cut between it and the lazy screens); the lazy screens
        // (combined signing, drawing, the reading mode) carry only their own code.
        // boot.ts and what it imports stand alone (bootFirst).
        codeSplitting: {
          groups: [
            { name: 'boot', test: BOOT_MODULES, priority: 2 },
            { name: 'app', tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/sign/api': 'http://127.0.0.1:3000' } },
});
