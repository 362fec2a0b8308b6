import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The browser apps, built by `npm run build` (scripts/build.js) into dist/web and served by Boomerang itself:
// /returns (customer returns portal) and /console (warehouse console); their assets under /web/.
// Vite 8 compiles TSX with its built-in Oxc transform (automatic JSX runtime), so no React plugin is needed for a build.
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/web/',
  build: {
    outDir: resolve(here, '../dist/web'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        returns: resolve(here, 'returns/index.html'),
        console: resolve(here, 'console/index.html'),
      },
    },
  },
});
