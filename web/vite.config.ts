/**
 * The dashboard build: `npm run build:web` writes web/dist, which `logtrack serve` serves.
 * `vite --config web/vite.config.ts` serves it in development, proxying the API to a running
 * `logtrack serve` on port 8080.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The CSP allows no inline script: keep everything in external files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': api, '/healthz': api, '/metrics': api },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
