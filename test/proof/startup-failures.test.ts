import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import { JWT_SECRET, createTestDatabase } from '../support/harness';
import { buildOnce, ROOT } from '../support/processes';

// Misconfigured starts of the built entry point: each ends on its own, promptly, with one line on stderr and an exit
// code of its own, never a stack trace or a hang. And a healthy production start says how to enable /metrics.
let main: string;
const servers: Array<{ server: net.Server; sockets: Set<net.Socket> }> = [];

beforeAll(async () => {
  main = await buildOnce();
}, 180_000);

afterAll(async () => {
  for (const { server, sockets } of servers) {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
});

/** A loopback TCP server: `silent` accepts connections and never answers (a database host that hangs). */
async function listen(silent: boolean): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    if (!silent) socket.end();
  });
  servers.push({ server, sockets });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

interface Run { code: number | null; signal: string | null; stdout: string; stderr: string }

/** Runs `node main.js <role>` with `env` until it exits; a run still going after timeoutMs is killed (and fails the test). */
function run(env: Record<string, string>, role = 'all', timeoutMs = 60_000): Promise<Run> {
  const child = spawn(process.execPath, [main, role], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), TMPDIR: os.tmpdir(), SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
}

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const base = () => ({ NODE_ENV: 'test', JWT_SECRET, LOG_LEVEL: 'info', REDIS_URL: redisUrl, QUEUE_PREFIX: `sf_${randomBytes(4).toString('hex')}` });

/** One line on stderr, no stack trace, the expected exit code. */
function expectOneLine(r: Run, code: number, pattern: RegExp): void {
  expect({ code: r.code, signal: r.signal }).toEqual({ code, signal: null });
  const lines = r.stderr.split('\n').filter((l) => l.trim());
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

test('PORT already in use: one line naming the port, exit 73', async () => {
  const db = await createTestDatabase();
  try {
    const port = await listen(false);
    const r = await run({ ...base(), DATABASE_URL: db.url, PORT: String(port) }, 'api');
    expectOneLine(r, 73, new RegExp(`^Boomerang: Cannot listen: port ${port} is already in use`));
  } finally {
    await db.drop();
  }
}, 90_000);

test('a database host that accepts and never answers: one line naming the host (never the password), exit 68', async () => {
  const port = await listen(true);
  const r = await run({ ...base(), DATABASE_URL: `postgres://boomerang:s3cret-pw@127.0.0.1:${port}/boomerang`, DATABASE_CONNECT_TIMEOUT_MS: '1000', PORT: '0' });
  expectOneLine(r, 68, new RegExp(`^Boomerang: Database unreachable: .*127\\.0\\.0\\.1:${port}/boomerang.*no answer within 1 s \\(DATABASE_CONNECT_TIMEOUT_MS\\)`));
  expect(r.stderr).not.toContain('s3cret-pw');
}, 90_000);

test('production without DATABASE_URL, or with the published development secret: one line, exit 78', async () => {
  const prod = { ...base(), NODE_ENV: 'production', PORT: '0' };
  expectOneLine(await run(prod), 78, /^Boomerang: Configuration error: set DATABASE_URL in production/);
  expectOneLine(await run({ ...prod, DATABASE_URL: 'postgres://127.0.0.1:1/x', JWT_SECRET: 'boomerang-development-secret-change-me' }), 78,
    /^Boomerang: Configuration error: JWT_SECRET is a published default or placeholder/);
  const noRedis: Record<string, string> = { ...prod, DATABASE_URL: 'postgres://127.0.0.1:1/x' };
  delete noRedis.REDIS_URL;
  expectOneLine(await run(noRedis), 78, /^Boomerang: Configuration error: set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS in production/);
}, 90_000);

test('production on an unmigrated database: one line saying how far behind and what to run, exit 75; `migrate` fixes it', async () => {
  const db = await createTestDatabase();
  try {
    const prod = { ...base(), NODE_ENV: 'production', DATABASE_URL: db.url, PORT: '0' };
    expectOneLine(await run(prod, 'api'), 75, /^Boomerang: Database not migrated: the database is \d+ migrations behind: run `npm run migrate`/);
    const migrated = await run(prod, 'migrate');
    expect({ code: migrated.code, stderr: migrated.stderr }).toEqual({ code: 0, stderr: '' });
    expect(migrated.stdout).toMatch(/^Boomerang: database migrated \(\d+ migrations applied\)\.\n$/);
    const again = await run(prod, 'migrate');
    expect(again.stdout).toBe('Boomerang: database migrated (0 migrations applied).\n');
  } finally {
    await db.drop();
  }
}, 120_000);

test('production without METRICS_TOKEN: /metrics is 404 and start-up says once how to enable it', async () => {
  const db = await createTestDatabase();
  const child = spawn(process.execPath, [main, 'api'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...base(), NODE_ENV: 'production', MIGRATE_ON_START: 'true', DATABASE_URL: db.url, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  try {
    const started = Date.now();
    while (!/Boomerang GraphQL API: (\S+)\n/.test(out)) {
      if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`no banner:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /Boomerang GraphQL API: (\S+)\n/.exec(out)![1].replace('localhost', '127.0.0.1');
    expect((await fetch(url.replace('/graphql', '/metrics'))).status).toBe(404);
    expect(out.split('\n').filter((l) => l.includes('METRICS_TOKEN'))).toEqual([expect.stringMatching(/"level":"warn".*\/metrics is not served: set METRICS_TOKEN/)]);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await db.drop();
  }
}, 90_000);
