// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

/** A layer boundary: files matching `files` may not import anything matching one of the `{ regex, message }` patterns. */
function boundary(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

/** Storage, queue, HTTP and GraphQL libraries: kept out of the domain and the partner adapters. */
const DRIVER_LIBS = '^(drizzle-orm|postgres|@electric-sql/pglite|bullmq|ioredis|express|type-graphql|graphql|@apollo/.*)(/|$)';

module.exports = tseslint.config(
  { ignores: ['dist/**', '.cache/**', 'web/gql/**', 'node_modules/**', 'migrations/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // GraphQL responses in tests are untyped JSON by nature.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Layer boundaries (docs/architecture.md, "Where code goes"). Regexes, not paths, so they hold at any folder depth.
  // The domain is pure: it imports only itself (a flat folder, so never `../`) and node built-ins.
  boundary(['src/domain/**/*.ts'], [
    { regex: '^\\.\\./', message: 'src/domain imports nothing outside itself: move the code into the domain, or the caller out of it.' },
    { regex: DRIVER_LIBS, message: 'src/domain stays free of drivers and frameworks; the layers around it use them.' },
  ]),
  // Adapters know the domain's vocabulary and nothing of the app that hosts them.
  boundary(['integrations/**/*.ts'], [
    { regex: '(^|/)src/(?!domain(/|$))', message: 'integrations/ imports only src/domain: pass what an adapter needs in, or move the type into the domain.' },
    { regex: DRIVER_LIBS, message: 'integrations/ talk HTTP to partners; storage, queues and GraphQL belong to the app.' },
  ]),
  // Services are called by graphql, http and jobs, never the other way round.
  boundary(['src/services/**/*.ts'], [
    { regex: '^(\\.\\./)+(graphql|http|jobs)(/|$)', message: 'Services never import graphql, http or jobs: those layers call services.' },
    { regex: '^(graphql|type-graphql|express|bullmq|@apollo/.*)(/|$)', message: 'Services stay transport-free: GraphQL, HTTP and queue libraries live in their layers.' },
  ]),
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
