// The browser apps' build (web/, Vite) into dist/web, skipped when the last build is newer than every file under web/.
// Run by scripts/build.js (npm run build) and by the browser tests before they load the apps.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const lockfile = require('proper-lockfile');

const root = path.resolve(__dirname, '..');
const web = path.join(root, 'web');
const webStamp = path.join(root, 'dist', 'web', '.built');
/** The trusted documents manifest (`npm run codegen`), copied beside the build so a deployment of dist/ has it. */
const manifest = path.join(root, 'web', 'gql', 'persisted-documents.json');
const builtManifest = path.join(root, 'dist', 'persisted-documents.json');

/** The newest mtime of the files under dir (0 when there are none). */
function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs);
  }
  return latest;
}

/** Vite run in a child process; resolves with its exit code. */
function vite(stdio) {
  return new Promise((resolve, reject) => {
    const bin = path.join(root, 'node_modules/vite/bin/vite.js');
    const child = spawn(process.execPath, [bin, 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'], { cwd: root, stdio });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Builds web/ into dist/web unless it is up to date; resolves with the exit code (output goes to stdio). One build at a
 * time per checkout (two test files may ask at once): a lock directory as in build.js, its own so build.js can hold both.
 */
async function buildWeb(stdio = 'inherit') {
  fs.mkdirSync(path.dirname(webStamp), { recursive: true });
  const release = await lockfile.lock(web, {
    lockfilePath: path.join(root, 'dist', '.web-build.lock'),
    stale: 20_000,
    retries: { retries: 600, factor: 1, minTimeout: 200, maxTimeout: 200 },
  });
  try {
    if (upToDate()) return 0;
    const code = await vite(stdio);
    if (code === 0) {
      if (fs.existsSync(manifest)) fs.copyFileSync(manifest, builtManifest);
      fs.writeFileSync(webStamp, `${new Date().toISOString()}\n`);
    }
    return code;
  } finally {
    await release();
  }
}

function upToDate() {
  const built = fs.existsSync(webStamp) ? fs.statSync(webStamp).mtimeMs : -1;
  return built >= newest(web);
}

module.exports = { buildWeb, webStamp };
