// Builds the web app (portal, desk, administration, managers' dashboard) into dist/web, served by the motcua server.
// JSX is compiled by Vite's own transformer (no React plugin needed: no fast refresh in a build).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // The large chunks are loaded on demand only: the dashboard's charts (ECharts, ~600 kB) and the XLSX
    // writer (exceljs, ~930 kB, on the first export click). scripts/web-size.mjs watches the portal's entry.
    chunkSizeWarningLimit: 1000,
  },
});
