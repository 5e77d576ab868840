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
  },
  server: { proxy: { '/sign/api': 'http://127.0.0.1:3000' } },
});
