import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The browser apps, built by `npm run build` (scripts/build.js) into dist/web and served by Boomerang itself:
// /returns (customer returns portal), /console (warehouse console) and the GraphQL IDE (GraphiQL, at the GraphQL URL);
// their assets under /web/.
// Vite 8 compiles TSX with its built-in Oxc transform (automatic JSX runtime), so no React plugin is needed for a build.
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/web/',
  build: {
    outDir: resolve(here, '../dist/web'),
    emptyOutDir: true,
    // GraphiQL's editor (Monaco) is a few MB on its own, loaded only by the IDE page.
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // GraphiQL's dependencies mark modules "use client" / "use no memo" (React Server Components and compiler hints),
      // which mean nothing in a client bundle: not worth a warning per module.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        returns: resolve(here, 'returns/index.html'),
        console: resolve(here, 'console/index.html'),
        graphiql: resolve(here, 'graphiql/index.html'),
      },
    },
  },
});
