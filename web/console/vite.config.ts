// The admin console: `vite build web/console` (npm run build:web) writes web/console/dist, which
// the server serves under /console/ (src/http/routes/console-pages.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    target: ['chrome100', 'safari15', 'firefox100'],
    // The CSP allows no inline script: keep the module-preload polyfill out of index.html.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/admin/api': 'http://127.0.0.1:3000' } },
});
