// PGlite's contrib extensions are exported as `@electric-sql/pglite/contrib/<name>` (package.json "exports"), which
// TypeScript's "node" module resolution does not read; this names the one Boomerang loads.
declare module '@electric-sql/pglite/contrib/cube' {
  export const cube: import('@electric-sql/pglite').Extension;
}
