// Fails when drizzle-kit would generate a new migration: the schema in src/db changed without one being committed.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'boomerang-migrations-'));
fs.cpSync(path.join(root, 'migrations'), tmp, { recursive: true });
const before = fs.readdirSync(tmp).filter((f) => f.endsWith('.sql')).length;
execFileSync(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--dialect', 'postgresql', '--schema', './src/db/schema/index.ts', '--out', tmp], { cwd: root, stdio: 'pipe' });
const after = fs.readdirSync(tmp).filter((f) => f.endsWith('.sql')).length;
fs.rmSync(tmp, { recursive: true, force: true });
if (after !== before) {
  console.error('The drizzle schema changed without a migration: run `npm run db:generate` and commit migrations/.');
  process.exit(1);
}
console.log('migrations/ matches the drizzle schema.');
