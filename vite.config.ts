// Builds the renderer (the React app) into dist/renderer, which Electron serves over app:// and the
// browser test host over http. Relative asset paths (`base: './'`) work under both.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron 45 ships a current Chromium; no need to transpile for old browsers.
    target: 'es2022',
    // Chromium supports module preload natively; the polyfill would only add code.
    modulePreload: { polyfill: false },
    sourcemap: true,
    // Loaded from disk, not a network: one bundle is fine.
    chunkSizeWarningLimit: 1500,
  },
});
