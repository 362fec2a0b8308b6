// `npm run build` (and so npm start, partner-sim, seed:history, bench): compiles to dist/ only what changed, one build
// at a time per checkout, then builds the browser apps (web/, Vite) into dist/web when a file under web/ is newer than
// the last web build. tsc's build mode skips the whole compile when no input is newer than dist/.tsbuildinfo; the
// lock (proper-lockfile: a lock directory whose mtime the holder keeps fresh, taken over once stale) makes a second
// `npm start` started meanwhile wait instead of writing dist/ at the same time.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const lockfile = require('proper-lockfile');
const { buildWeb, webStamp } = require('./build-web');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const buildInfo = path.join(dist, '.tsbuildinfo');
// What the npm scripts run. tsc trusts .tsbuildinfo and never checks its outputs, so a deleted one means a full build.
const entries = ['src/main.js', 'scripts/partner-sim.js', 'scripts/seed-history.js', 'scripts/bench.js', 'scripts/emit-schema.js', 'scripts/check-schema-docs.js', 'scripts/import.js', 'scripts/convert-uci-online-retail.js'];
const lockOptions = {
  lockfilePath: path.join(dist, '.build.lock'),
  stale: 20_000,
  onCompromised: (e) => console.error(`build: the build lock was lost (${e.message}); another build may run at the same time`),
};

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : null);

async function lock() {
  fs.mkdirSync(dist, { recursive: true });
  try {
    return await lockfile.lock(root, lockOptions);
  } catch (e) {
    if (e.code !== 'ELOCKED') throw e;
  }
  console.error('build: another build of this checkout is running; waiting for it');
  return lockfile.lock(root, { ...lockOptions, retries: { retries: 1200, factor: 1, minTimeout: 500, maxTimeout: 500 } });
}

function tsc() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const started = Date.now();
  const release = await lock();
  let code;
  try {
    if (entries.some((e) => !fs.existsSync(path.join(dist, e)))) fs.rmSync(buildInfo, { force: true });
    const before = mtime(buildInfo);
    const webBefore = mtime(webStamp);
    code = await tsc();
    if (code === 0) code = await buildWeb();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code === 0) console.error(mtime(buildInfo) === before && mtime(webStamp) === webBefore ? `build: dist/ was up to date (${seconds} s)` : `build: dist/ brought up to date in ${seconds} s`);
  } finally {
    await release();
  }
  process.exitCode = code;
}

main().catch((e) => {
  console.error(`build: ${e.stack ?? e}`);
  process.exitCode = 1;
});
