// Builds the renderer (the React app) into dist/renderer, which Electron serves over app:// and the
// browser test host over http. Relative asset paths (`base: './'`) work under both.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './shared/security/contentSecurityPolicy.ts';

/** The page's CSP comes from its one definition in shared/ (the Electron shell sends the same as a header). */
const CSP_PLACEHOLDER = '<!-- Content-Security-Policy: put here by the build (vite.config.ts). -->';
const contentSecurityPolicy = {
  name: 'enighed-csp',
  transformIndexHtml(html: string): string {
    if (!html.includes(CSP_PLACEHOLDER)) throw new Error('renderer/index.html has lost its CSP placeholder');
    return html.replace(CSP_PLACEHOLDER, `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
  },
};

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [contentSecurityPolicy, react()],
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
