import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import postgres from 'postgres';
import type { TestApi } from '../support/harness';
import { eventually } from '../support/partner-server';
import { importOrders, orderInput } from '../support/fixtures';
import {
  jobByKey, newReturn, remoteApi, requestOneReturn, startMerchantWorld, stopWorld, succeededJob, type BoomerangProcess, type ProofWorld,
} from '../support/processes';

// SIGTERM to real processes (`node dist/src/main.js api|worker`): an API turns /readyz 503 at once, keeps serving for
// SHUTDOWN_DELAY_MS, drains what is in flight within SHUTDOWN_TIMEOUT_MS and cuts the rest; a worker finishes its job
// or leaves it to another worker; a signal during start-up stops it promptly. Slow requests are made slow by holding
// an exclusive lock on the table they read, so their duration is the test's to choose.
let world: ProofWorld | undefined;
let api: TestApi;
let partnerId: string;
let customer: string;
let sql: postgres.Sql;

/** Clean-ups of the running test (a lock it holds), run after it whether it passed or not. */
let afterThis: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of afterThis) await fn();
  afterThis = [];
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RETURNS_QUERY = 'query SlowReturns { returns(first: 1) { edges { node { id } } } }';

beforeAll(async () => {
  // A cut worker's job is taken over once its lock has expired (2 s), found by a check every 500 ms.
  ({ world, api, partnerId, customer } = await startMerchantWorld({ PARTNER_TIMEOUT_MS: '30000', WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '500' }));
  sql = postgres(world.db.url, { max: 2, onnotice: () => undefined });
}, 120_000);

afterAll(async () => {
  await sql?.end({ timeout: 1 });
  await stopWorld(world);
}, 30_000);

/** Holds ACCESS EXCLUSIVE on `returns` until the returned release() is called: every read of returns waits. */
async function lockReturns(): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => { locked = r; });
  const tx = sql.begin(async (t) => {
    await t`lock table returns in access exclusive mode`;
    locked();
    await released;
  });
  await isLocked;
  return async () => { release(); await tx; };
}

/** GET of a path beside the API's /graphql. */
const probe = (base: string, path: string, timeoutMs = 5000) => fetch(base.replace(/\/graphql$/, '') + path, { signal: AbortSignal.timeout(timeoutMs) })
  .then((r) => r.status, () => 'no answer');

/** Resolves once the process has exited, with the time it took from now. */
async function exitOf(proc: BoomerangProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | string | null; ms: number }> {
  const start = Date.now();
  const code = await proc.stop(signal);
  return { code, ms: Date.now() - start };
}

test('SIGTERM to an API: /readyz 503 during the delay while requests still succeed, the slow request completes, then exit 0', () => world!.procs.withDump(async () => {
  const { procs } = world!;
  const victim = await procs.start('api', 'api-drain', { SHUTDOWN_DELAY_MS: '1500', SHUTDOWN_TIMEOUT_MS: '10000' });
  const admin = await api.token('ADMIN', 'admin-1');
  await eventually(async () => (await probe(victim.url, '/readyz')) === 200, 10_000, 50);

  const release = await lockReturns();
  afterThis.push(release);
  const slow = remoteApi(victim.url).gql(RETURNS_QUERY, {}, admin);
  await sleep(300); // the request is in flight, waiting for the lock
  const exited = exitOf(victim);
  await eventually(async () => (await probe(victim.url, '/readyz')) === 503, 1000, 20);
  // Still serving during the delay: liveness and other requests.
  expect(await probe(victim.url, '/healthz')).toBe(200);
  const other = await remoteApi(victim.url).gql('{ __typename }');
  expect(other).toMatchObject({ status: 200, data: { __typename: 'Query' } });

  await sleep(1800); // past the delay: no longer accepting, the slow request still draining
  expect(victim.alive()).toBe(true);
  expect(await probe(victim.url, '/healthz')).toBe('no answer'); // connection refused
  await release();
  const answer = await slow;
  const answeredAt = Date.now();
  expect(answer.status).toBe(200);
  expect(answer.errors).toBeUndefined();
  const { code } = await exited;
  expect(code).toBe(0);
  // No keep-alive connection (the client pools them) holds the exit up until it times out (5 s).
  expect(Date.now() - answeredAt).toBeLessThan(2000);
  expect(victim.output()).not.toMatch(/\n\s+at /);
}), 60_000);

test('a request still running at SHUTDOWN_TIMEOUT_MS is cut, logged, and the process exits', () => world!.procs.withDump(async () => {
  const { procs } = world!;
  const victim = await procs.start('api', 'api-cut', { SHUTDOWN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '1000', LOG_LEVEL: 'info' });
  const admin = await api.token('ADMIN', 'admin-1');
  const release = await lockReturns();
  try {
    const slow = remoteApi(victim.url).gql(RETURNS_QUERY, {}, admin).then(() => 'answered', () => 'cut');
    await sleep(300);
    const { code, ms } = await exitOf(victim);
    expect(code).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(5000);
    expect(await slow).toBe('cut');
    expect(victim.output()).toMatch(/shutdown: cut 1 request\(s\) still running after SHUTDOWN_TIMEOUT_MS/);
    expect(victim.output()).toMatch(/"operation":"SlowReturns"/);
  } finally {
    await release();
  }
}), 60_000);

test('SIGTERM to a worker mid-job: it takes no new job, finishes the running one (SUCCEEDED) and exits 0', () => world!.procs.withDump(async () => {
  const { procs, merchant } = world!;
  const worker = await procs.start('worker', 'worker-finish', { SHUTDOWN_TIMEOUT_MS: '15000', HEALTH_PORT: '0' });
  expect(worker.health).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await eventually(async () => (await probe(worker.health, '/readyz')) === 200, 10_000, 50);
  expect(await probe(worker.health, '/healthz')).toBe(200);
  expect(await probe(worker.health, '/metrics')).toBe(200);

  merchant.next({ status: 200, holdMs: 2500 });
  const before = merchant.calls.length;
  await newReturn(api, customer);
  const first = await eventually(async () => merchant.calls[before], 15_000);
  const exited = exitOf(worker);
  await eventually(async () => (await probe(worker.health, '/readyz')) === 503, 1000, 20);
  await newReturn(api, customer); // queued while the worker stops: not for it

  const { code } = await exited;
  expect(code).toBe(0);
  expect(first.status).toBe(200);
  expect(await jobByKey(api, partnerId, first.key)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
  expect(merchant.calls.length).toBe(before + 1);
  expect(worker.output()).not.toMatch(/\n\s+at /);

  // The next worker takes the job queued meanwhile.
  const next = await procs.start('worker', 'worker-next');
  await eventually(async () => merchant.calls[before + 1], 15_000);
  expect(await exitOf(next)).toMatchObject({ code: 0 });
}), 90_000);

test('a worker whose job outlives SHUTDOWN_TIMEOUT_MS exits; another worker completes the job exactly once', () => world!.procs.withDump(async () => {
  const { procs, merchant } = world!;
  const worker = await procs.start('worker', 'worker-cut', { SHUTDOWN_TIMEOUT_MS: '1000', LOG_LEVEL: 'info' });
  merchant.next({ status: 200, holdMs: 20_000 });
  const before = merchant.calls.length;
  await newReturn(api, customer);
  const first = await eventually(async () => merchant.calls[before], 15_000);
  const { code, ms } = await exitOf(worker);
  expect(code).toBe(1);
  expect(ms).toBeLessThan(5000);
  expect(worker.output()).toMatch(/shutdown: cut 1 job\(s\) still running after SHUTDOWN_TIMEOUT_MS/);
  await eventually(async () => first.abandoned, 5000);

  const successor = await procs.start('worker', 'worker-successor');
  const done = await succeededJob(api, partnerId, first.key);
  expect(done.lastError).toBeNull();
  await sleep(1000); // a late duplicate would show up here
  const calls = merchant.callsFor(first.key);
  expect(calls.map((c) => [c.status, c.abandoned])).toEqual([[null, true], [200, false]]);
  expect(await exitOf(successor)).toMatchObject({ code: 0 });
}), 90_000);

/** A loopback server that accepts connections and never answers: a database host that hangs. */
async function silentServer(): Promise<{ port: number; connected: Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let connected!: () => void;
  const firstConnection = new Promise<void>((r) => { connected = r; });
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => undefined); connected(); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connected: firstConnection,
    close: async () => { for (const s of sockets) s.destroy(); await new Promise((r) => server.close(r)); },
  };
}

test('SIGTERM during start-up: while the database connect hangs, while migrations wait, while its modules load: prompt exit, no stack trace', () => world!.procs.withDump(async () => {
  const { procs } = world!;
  const silent = await silentServer();
  try {
    const connecting = procs.spawn('api', 'start-connect', { DATABASE_URL: `postgres://postgres@127.0.0.1:${silent.port}/x`, DATABASE_CONNECT_TIMEOUT_MS: '60000' });
    await silent.connected;
    const { code, ms } = await exitOf(connecting);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3000);
    expect(connecting.output()).toMatch(/Boomerang: stopped during start-up \(SIGTERM\)/);
    expect(connecting.output()).not.toMatch(/\n\s+at /);
  } finally {
    await silent.close();
  }

  // Migrations wait on a lock the test holds on their bookkeeping table: the process is inside the migration step.
  const fresh = await (await import('../support/harness')).createTestDatabase();
  const direct = postgres(fresh.url, { max: 1, onnotice: () => undefined });
  try {
    await direct`create schema drizzle`;
    await direct`create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`;
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => { locked = r; });
    const tx = direct.begin(async (t) => { await t`lock table drizzle.__drizzle_migrations in access exclusive mode`; locked(); await held; });
    await isLocked;
    const migrating = procs.spawn('worker', 'start-migrate', { DATABASE_URL: fresh.url });
    const watcher = postgres(fresh.url, { max: 1, onnotice: () => undefined });
    try {
      await eventually(async () => (await watcher`select 1 from pg_stat_activity where datname = current_database() and application_name = 'boomerang' and wait_event_type = 'Lock'`).length > 0, 15_000, 50);
    } finally {
      await watcher.end();
    }
    const { code, ms } = await exitOf(migrating);
    release();
    await tx;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3000);
    expect(migrating.output()).toMatch(/stopped during start-up \(SIGTERM\)/);
    expect(migrating.output()).not.toMatch(/\n\s+at /);
    // Nothing half-applied: no migration recorded, no table of the app's created.
    expect(await direct`select count(*)::int as n from drizzle.__drizzle_migrations`).toEqual([{ n: 0 }]);
    expect(await direct`select to_regclass('public.returns') as t`).toEqual([{ t: null }]);
  } finally {
    await direct.end();
    await fresh.drop();
  }

  // While the application's modules load (Node has read 1 MB more than its own start-up: main.js is running, the
  // heavy modules are being read): the handler installed before them stops it cleanly, instead of a death by SIGTERM.
  const early = procs.spawn('api', 'start-early');
  await eventually(async () => (await bytesRead(early.pid)) > bootRead + 1_000_000, 10_000, 1);
  const { code, ms } = await exitOf(early);
  expect(code).toBe(0);
  // The handler runs once the module being loaded returns (JavaScript cannot be interrupted mid-require), so this exit
  // waits for the rest of the loading: seconds on a busy machine (4.2 s once in a full suite), never a hang.
  expect(ms).toBeLessThan(15_000);
  expect(early.output()).toMatch(/Boomerang: stopped during start-up \(SIGTERM\)/);
  expect(early.output()).not.toMatch(/\n\s+at /);
}), 90_000);

/** The bytes a process has read so far (its `rchar`), 0 once it is gone. */
const bytesRead = (pid: number) => fs.readFile(`/proc/${pid}/io`, 'utf8').then((io) => Number(/rchar: (\d+)/.exec(io)![1]), () => 0);

/** What Node reads before it runs a script's first line. */
let bootRead = 0;
beforeAll(async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 10_000)'], { stdio: 'ignore' });
  try {
    await sleep(500);
    bootRead = await bytesRead(child.pid!);
    expect(bootRead).toBeGreaterThan(0);
  } finally {
    child.kill();
  }
});

// Last in the file: no worker runs any more, so no sweeper could queue the row instead of the request's own kick.
test('a mutation still running during the drain queues its integration job itself: the queues close after the last request', () => world!.procs.withDump(async () => {
  const { procs } = world!;
  const victim = await procs.start('api', 'api-kick', { SHUTDOWN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '15000' });
  const remote = remoteApi(victim.url);
  const [order] = await importOrders(remote, [orderInput()]);
  const [{ since }] = await sql<Array<{ since: Date }>>`select now() as since`;
  const release = await lockReturns();
  afterThis.push(release);
  const requested = requestOneReturn(remote, customer, order);
  await eventually(async () => (await sql`select 1 from pg_stat_activity where datname = current_database() and application_name = 'boomerang' and wait_event_type = 'Lock'`).length > 0, 15_000, 50);
  const exited = exitOf(victim);
  // Draining: no longer accepting, and a pooled keep-alive connection is answered once more with "Connection: close"
  // (before the fix it was kept, and answered 200 for as long as the drain lasted).
  await eventually(async () => (await probe(victim.url, '/healthz', 1000)) === 'no answer', 10_000, 20);
  await sleep(300);
  await release();
  expect((await requested).status).toBe('REQUESTED');
  // Queued by the request's kick within moments; without it the row would stay PENDING until a sweeper ran.
  const rows = await eventually(async () => {
    const found = await sql<Array<{ status: string }>>`select status from integration_jobs where created_at >= ${since}`;
    return found.length > 0 && found.every((r) => r.status === 'QUEUED') ? found : null;
  }, 3000, 50);
  expect(rows.length).toBeGreaterThan(0);
  expect(await exited).toMatchObject({ code: 0 });
  expect(victim.output()).not.toMatch(/outbox kick failed/);
}), 60_000);
