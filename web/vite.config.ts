import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The portal is served by `strata serve`; in development, Vite proxies the API to it.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/readyz': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
  // React, Mantine and the router together weigh about 520 kB before compression.
  build: { sourcemap: true, chunkSizeWarningLimit: 800 },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    // Whole-portal tests type into many fields; a busy machine needs more than the default 5 s.
    testTimeout: 30_000,
  },
});
