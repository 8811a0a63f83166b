/**
 * Vite config of the renderer: root renderer/, relative base (Electron loads it from a custom
 * protocol), output in out/renderer, nothing inlined (the CSP allows only 'self').
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('../renderer', import.meta.url));
const outDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'chrome130',
    modulePreload: { polyfill: false },
  },
});
