import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `vite build web` uses this directory as root, so the bundle lands in web/dist,
// which the API server serves with an SPA fallback. The dev server forwards API
// calls to a hub started with `npm run dev` on its default port.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:8080' } },
});
