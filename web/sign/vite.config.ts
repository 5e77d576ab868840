// The signing pages: `vite build web/sign` (npm run build:web) writes web/sign/dist, which the
// server serves under /sign/ (src/http/routes/signing-pages.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/sign/',
  plugins: [react()],
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
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  server: { proxy: { '/sign/api': 'http://127.0.0.1:3000' } },
});
