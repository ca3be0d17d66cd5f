import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const conditions = ['@labforge/source', 'module', 'browser', 'import', 'default'];

export default defineConfig({
  plugins: [react()],
  resolve: { conditions },
  server: {
    port: 5173,
    // ws: the console WebSocket. The Host header stays the browser's (no changeOrigin), so the
    // API's same-origin check sees the page's own origin.
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
      '/docs': 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir: 'dist',
    // noVNC 1.7 uses top-level await (every browser LabForge supports has it).
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      output: {
        // Libraries change far less often than the app: separate files stay cached across releases.
        // Only app code is split per page (src/app/lazy-pages.tsx): every library below is used
        // by the builder page too (react-hook-form, TanStack Query, zod through the contracts),
        // so grouping them costs the first load nothing. A library only a lazy page uses must
        // return undefined here, or it would be pulled into the first load (as noVNC is kept out).
        manualChunks(id: string) {
          if (!id.includes('node_modules')) return undefined;
          // noVNC loads with the console page only (a dynamic import inside that page's chunk).
          if (id.includes('@novnc')) return undefined;
          if (/[\\/](react|react-dom|scheduler)[\\/]/.test(id)) return 'react';
          if (id.includes('react-router')) return 'router';
          if (id.includes('zod')) return 'zod';
          return 'vendor';
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/testing/setup-tests.ts'],
    testTimeout: 20_000,
  },
});
