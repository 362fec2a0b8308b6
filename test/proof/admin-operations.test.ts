import postgres from 'postgres';
import { openDatabase } from '../../src/db/client';
import { generateHistory } from '../../src/demo/history';
import { importOrders, orderInput } from '../support/fixtures';
import { readOperation, waitForOperation } from '../support/operations';
import { eventually } from '../support/partner-server';
import type { TestApi } from '../support/harness';
import { remoteApi, startWorld, stopWorld, type BoomerangProcess, type ProofWorld } from '../support/processes';

// refreshAnalytics as a background operation across real processes (`node main.js api|worker`) on real PostgreSQL and
// a redis-server of the test's own: the answer outlives the API process that took the request, a request made while
// Redis is down runs once Redis is back, and a run whose worker is killed is run again by another worker. Heartbeats,
// locks and sweeps are short here so that recovery takes seconds, not minutes.
let world: ProofWorld | undefined;
/** The API and worker the first test leaves running, used by the next ones. */
let api: TestApi;
let worker: BoomerangProcess;

const REFRESH = `mutation($input: RefreshAnalyticsInput) { refreshAnalytics(input: $input) { operation { id status } userErrors { code } } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  world = await startWorld({
    ANALYTICS_REFRESH_MS: '0', ANALYTICS_FULL_REFRESH_MS: '0', ADMIN_OPERATION_STALE_MS: '3000', WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '500',
  });
}, 180_000);

afterAll(() => stopWorld(world), 30_000);

test('an operation requested through an API that is then killed is run by a worker and reported by the next API', () => world!.procs.withDump(async () => {
  const { procs } = world!;
  const first = await procs.start('api', 'api-1');
  const api1 = remoteApi(first.url);
  const admin = await api1.token('ADMIN', 'admin-1');
  await importOrders(api1, [orderInput(), orderInput()]);

  // No worker yet: the request answers at once with the queued operation.
  const res = await api1.gql(REFRESH, { input: { full: true } }, admin);
  expect(res.data.refreshAnalytics).toMatchObject({ userErrors: [], operation: { status: 'QUEUED' } });
  const id = res.data.refreshAnalytics.operation.id;
  await first.stop('SIGKILL');

  const second = await procs.start('api', 'api-2');
  worker = await procs.start('worker', 'worker');
  api = remoteApi(second.url);
  expect(await waitForOperation(api, id, admin)).toMatchObject({
    status: 'SUCCEEDED', attempts: 1, progress: 1, result: { __typename: 'AnalyticsRefreshSummary', mode: 'FULL', salesRows: 2 },
  });
}), 180_000);

test('Redis down: the request still answers with an operation, which runs once Redis is back (empty)', () => world!.procs.withDump(async () => {
  const { redis } = world!;
  const admin = await api.token('ADMIN', 'admin-1');
  await importOrders(api, [orderInput()]);

  await redis.stop();
  const started = Date.now();
  const res = await api.gql(REFRESH, { input: { full: false } }, admin);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(res.data.refreshAnalytics).toMatchObject({ userErrors: [], operation: { status: 'QUEUED' } });
  const id = res.data.refreshAnalytics.operation.id;
  await sleep(1500); // several sweep periods: nothing can run it
  expect((await readOperation(api, id, admin)).status).toBe('QUEUED');

  // Redis comes back with nothing in it: the worker registers the sweeper again, which queues the operation.
  await redis.restart();
  expect(await waitForOperation(api, id, admin, { timeoutMs: 60_000 })).toMatchObject({
    status: 'SUCCEEDED', attempts: 1, result: { mode: 'INCREMENTAL', salesRows: 2 },
  });
}), 120_000);


test('a run whose worker is killed is run again by another worker, to the same result', () => world!.procs.withDump(async () => {
  const { procs, db } = world!;
  const admin = await api.token('ADMIN', 'admin-1');
  // Enough history for a full rebuild to run for seconds.
  const database = await openDatabase(db.url, '.data', { poolMax: 3 });
  try {
    await generateHistory(database, { orders: 40_000, seed: 5, weeks: 52, refresh: false });
  } finally {
    await database.close();
  }
  const res = await api.gql(REFRESH, { input: { full: true } }, admin);
  const id = res.data.refreshAnalytics.operation.id;
  const running = await eventually(async () => {
    const op = await readOperation(api, id, admin);
    if (op.status === 'SUCCEEDED' || op.status === 'FAILED') throw new Error(`finished before the worker could be killed: ${JSON.stringify(op)}`);
    return op.status === 'RUNNING' ? op : null;
  }, 60_000, 20);
  expect(running.attempts).toBe(1);
  await worker.stop('SIGKILL');
  await sleep(1000);
  expect((await readOperation(api, id, admin)).status).toBe('RUNNING'); // nobody is left to say otherwise

  worker = await procs.start('worker', 'worker-2');
  const done = await waitForOperation(api, id, admin, { timeoutMs: 90_000 });
  expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 2, progress: 1, result: { mode: 'FULL' } });
  expect(done.result.salesRows).toBeGreaterThan(100);
}), 240_000);

test('a worker stopping while an operation runs cancels its statement in PostgreSQL: the lock is free and the operation QUEUED again at once', () => world!.procs.withDump(async () => {
  const { procs, db } = world!;
  await worker.stop('SIGTERM');
  const admin = await api.token('ADMIN', 'admin-1');
  const cutter = await procs.start('worker', 'worker-cut', { SHUTDOWN_TIMEOUT_MS: '1000', LOG_LEVEL: 'info' });
  const sql = postgres(db.url, { max: 2, onnotice: () => undefined });
  // The refresh's reads of orders wait behind this lock: a run busy in PostgreSQL for as long as the test wants.
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => { locked = r; });
  const tx = sql.begin(async (t) => { await t`lock table orders in access exclusive mode`; locked(); await held; });
  let id: string;
  try {
    await isLocked;
    const res = await api.gql(REFRESH, { input: { full: true } }, admin);
    id = res.data.refreshAnalytics.operation.id;
    await eventually(async () => (await readOperation(api, id, admin)).status === 'RUNNING' || null, 30_000, 50);
    await eventually(async () => (await sql`select 1 from pg_stat_activity where datname = current_database() and application_name = 'boomerang' and wait_event_type = 'Lock'`).length > 0 || null, 30_000, 50);

    expect(await cutter.stop('SIGTERM')).toBe(1);
    expect(cutter.output()).toMatch(/shutdown: cut 1 job\(s\)/);
    // Before the test lets go of orders: the run's transaction is gone, and with it the refresh lock.
    const advisory = sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;
    expect(await advisory).toEqual([{ n: 0 }]);
    expect(await readOperation(api, id, admin)).toMatchObject({ status: 'QUEUED', attempts: 0, phase: expect.stringMatching(/worker running it stopped/) });
  } finally {
    release();
    await tx;
    await sql.end({ timeout: 1 });
  }
  // The next worker runs it to the end.
  worker = await procs.start('worker', 'worker-3');
  expect(await waitForOperation(api, id, admin, { timeoutMs: 90_000 })).toMatchObject({ status: 'SUCCEEDED', attempts: 1, result: { mode: 'FULL' } });
}), 240_000);
