import type { TestApi } from '../support/harness';
import { importOrders, orderInput } from '../support/fixtures';
import { eventually } from '../support/partner-server';
import {
  createMerchant, integrationJobs, remoteApi, requestOneReturn, startWorld, stopWorld, type BoomerangProcess, type ProofWorld,
} from '../support/processes';
import { redisCli } from '../support/redis-cluster';

// Redis loses its data (FLUSHALL on the test's own redis-server) while outbox rows are QUEUED, and while their jobs
// are running: the rows are queued again within OUTBOX_STALE_AFTER_MS, and the merchant still sees each job once,
// even the one whose copy was queued while its first run was still at the merchant.
const STALE_MS = 1000;
const LEASE_MS = 6000;
let world: ProofWorld | undefined;
let api: TestApi;
let partnerId: string;
let customer: string;
let workers: BoomerangProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  world = await startWorld({ WORKER_CONCURRENCY: '1', OUTBOX_STALE_AFTER_MS: String(STALE_MS), WORKER_LOCK_MS: String(LEASE_MS) });
  const apiProc = await world.procs.withDump(() => world!.procs.start('api', 'api'));
  api = remoteApi(apiProc.url);
  partnerId = await createMerchant(api, world.merchant.url);
  customer = await api.token('CUSTOMER', 'cust-a');
}, 120_000);

afterAll(() => stopWorld(world), 30_000);

const flushRedis = async () => expect(await redisCli(world!.redis.port, 'FLUSHALL')).toBe('OK');
const statusOf = async (key: string) => (await integrationJobs(api, partnerId)).find((j) => j.key === key)?.status;

test('rows QUEUED when Redis lost its data are queued again and delivered once', () => world!.procs.withDump(async () => {
  const { merchant, procs } = world!;
  // No worker yet: the API queues the jobs in Redis, which then forgets them.
  const orders = await importOrders(api, [orderInput(), orderInput(), orderInput()]);
  for (const order of orders) await requestOneReturn(api, customer, order);
  const jobs = await eventually(async () => {
    const all = await integrationJobs(api, partnerId);
    return all.length === 3 && all.every((j) => j.status === 'QUEUED') ? all : null;
  }, 10_000, 100);
  await flushRedis();
  expect(await redisCli(world!.redis.port, 'DBSIZE')).toBe('0');

  workers = await Promise.all([procs.start('worker', 'worker-1'), procs.start('worker', 'worker-2')]);
  // Timed from the workers being up (starting two node processes on a busy machine can itself take seconds).
  const started = Date.now();
  await eventually(async () => (await integrationJobs(api, partnerId)).every((j) => j.status === 'SUCCEEDED') || null, 30_000, 100);
  // Found by the sweeper once stale: nothing else knew them any more.
  expect(Date.now() - started).toBeLessThan(STALE_MS + 15_000);
  await sleep(1000); // a late duplicate would show up here
  expect(merchant.calls.map((c) => c.key).sort()).toEqual(jobs.map((j) => j.key).sort());
  expect(workers.map((w) => w.output()).join('\n')).toMatch(/outbox rows whose queue job was missing were queued again/);
}), 90_000);

test('rows RUNNING when Redis lost its data: the copy queued again waits for the first run, which the merchant sees once', () => world!.procs.withDump(async () => {
  const { merchant } = world!;
  const before = merchant.calls.length;
  // A is held 5 s at the merchant, B 9 s: each holds one worker; C waits QUEUED behind them.
  merchant.next({ status: 200, holdMs: 5000 }, { status: 200, holdMs: 9000 });
  const orders = await importOrders(api, [orderInput(), orderInput(), orderInput()]);
  await requestOneReturn(api, customer, orders[0]);
  await eventually(async () => merchant.calls.length === before + 1 || null, 10_000, 50);
  await requestOneReturn(api, customer, orders[1]);
  await eventually(async () => merchant.calls.length === before + 2 || null, 10_000, 50);
  await requestOneReturn(api, customer, orders[2]);
  const [a, b] = merchant.calls.slice(before).map((c) => c.key);
  const c = (await integrationJobs(api, partnerId)).find((j) => j.key !== a && j.key !== b && j.status !== 'SUCCEEDED')!.key;
  await eventually(async () => (await statusOf(c)) === 'QUEUED' || null, 10_000, 50);
  expect([await statusOf(a), await statusOf(b)]).toEqual(['RUNNING', 'RUNNING']);

  await flushRedis();
  // The sweeper queues B again while its first run is still at the merchant (its lease renewed less often than the
  // row goes stale here); A's worker is free from 5 s on and takes the copy, which must not call the merchant.
  const requeuedB = () => workers.some((w) => w.output().split('\n').some((l) => l.includes('queued again') && l.includes(b)));
  await eventually(async () => requeuedB() || null, 8000, 100);
  await eventually(async () => {
    const all = await integrationJobs(api, partnerId);
    return [a, b, c].every((k) => all.find((j) => j.key === k)?.status === 'SUCCEEDED') || null;
  }, 30_000, 100);
  await sleep(LEASE_MS + 1000); // the deferred copy of B wakes after the lease, finds B SUCCEEDED and skips it

  for (const key of [a, b, c]) expect(merchant.callsFor(key)).toHaveLength(1);
  expect(merchant.calls.slice(before).every((call) => call.status === 200)).toBe(true);
  expect(merchant.maxInFlight).toBe(2);
  expect(workers.map((w) => w.alive())).toEqual([true, true]);
}), 90_000);

test('Redis restarts empty: on reconnect the rows whose jobs it forgot are queued again at once, not after OUTBOX_STALE_AFTER_MS', () => world!.procs.withDump(async () => {
  const { merchant, procs, redis } = world!;
  await Promise.all(workers.map((w) => w.stop('SIGTERM')));
  // A worker that would wait ten minutes for a row to go stale: only the reconnect sweep can find the lost ones.
  const worker = await procs.start('worker', 'worker-3', { OUTBOX_STALE_AFTER_MS: '600000' });
  workers = [worker];
  const before = merchant.calls.length;
  merchant.next({ status: 200, holdMs: 4000 });
  const orders = await importOrders(api, [orderInput(), orderInput()]);
  await requestOneReturn(api, customer, orders[0]);
  await eventually(async () => merchant.calls.length === before + 1 || null, 10_000, 50);
  await requestOneReturn(api, customer, orders[1]);
  const a = merchant.calls[before].key;
  const b = await eventually(async () => (await integrationJobs(api, partnerId)).find((j) => j.key !== a && j.status === 'QUEUED')?.key, 10_000, 50);

  await redis.stop();
  await redis.restart();
  const restarted = Date.now();
  await eventually(async () => (await statusOf(b)) === 'SUCCEEDED' || null, 30_000, 100);
  expect(Date.now() - restarted).toBeLessThan(20_000);
  await eventually(async () => (await statusOf(a)) === 'SUCCEEDED' || null, 10_000, 100);
  await sleep(LEASE_MS + 1000); // A's copy, queued again while A was at the merchant, wakes and skips
  expect(merchant.callsFor(a)).toHaveLength(1);
  expect(merchant.callsFor(b)).toHaveLength(1);
  expect(worker.output().split('\n').some((l) => l.includes('queued again') && l.includes(b))).toBe(true);
  expect(worker.alive()).toBe(true);
}), 90_000);

test('Redis refusing writes (OOM under noeviction): the API logs the kick failure once, not once per request, and the rows wait PENDING', () => world!.procs.withDump(async () => {
  const { merchant, redis, procs } = world!;
  await Promise.all(workers.map((w) => w.stop('SIGTERM'))); // no sweeper: the rows are the API's alone
  const apiProc = procs.start('api', 'api-oom');
  const oomApi = remoteApi((await apiProc).url);
  const before = merchant.calls.length;
  const orders = await importOrders(oomApi, [orderInput(), orderInput(), orderInput()]);
  expect(await redisCli(redis.port, 'CONFIG', 'SET', 'maxmemory-policy', 'noeviction')).toBe('OK');
  expect(await redisCli(redis.port, 'CONFIG', 'SET', 'maxmemory', '1')).toBe('OK');
  try {
    for (const order of orders) await requestOneReturn(oomApi, customer, order);
    await sleep(1000);
  } finally {
    expect(await redisCli(redis.port, 'CONFIG', 'SET', 'maxmemory', '0')).toBe('OK');
  }
  const oomLines = (await apiProc).output().split('\n').filter((l) => l.includes('maxmemory'));
  expect(oomLines).toHaveLength(1);
  expect(oomLines[0]).toMatch(/outbox kick error/);
  // Nothing was lost: the rows wait in PostgreSQL, PENDING, for a sweeper.
  const pending = (await integrationJobs(oomApi, partnerId)).filter((j) => j.status === 'PENDING');
  expect(pending).toHaveLength(3);
  expect(merchant.calls.length).toBe(before);
}), 90_000);

test('Redis refusing writes while a worker runs: once writes are allowed again the scheduled sweeper resumes and delivers what waited', () => world!.procs.withDump(async () => {
  const { merchant, redis, procs } = world!;
  const api2 = remoteApi((await procs.start('api', 'api-oom-2')).url);
  const worker = await procs.start('worker', 'worker-oom');
  const orders = await importOrders(api2, [orderInput(), orderInput()]);
  expect(await redisCli(redis.port, 'CONFIG', 'SET', 'maxmemory-policy', 'noeviction')).toBe('OK');
  expect(await redisCli(redis.port, 'CONFIG', 'SET', 'maxmemory', '1')).toBe('OK');
  let keys: string[];
  try {
    const returns = await Promise.all(orders.map((o) => requestOneReturn(api2, customer, o)));
    keys = (await integrationJobs(api2, partnerId)).filter((j) => j.status === 'PENDING').map((j) => j.key);
    expect(keys).toHaveLength(returns.length);
    // Long enough for several scheduled sweeps to come due and fail to schedule their next run.
    await sleep(3000);
  } finally {
    expect(await redisCli(redis.port, 'CONFIG', 'SET', 'maxmemory', '0')).toBe('OK');
  }
  await eventually(async () => {
    const jobs = (await integrationJobs(api2, partnerId)).filter((j) => keys.includes(j.key));
    return jobs.every((j) => j.status === 'SUCCEEDED') || null;
  }, 40_000, 200); // the watchdog re-registers a schedule 10 s after its missed run
  await sleep(1000); // a late duplicate would show up here
  for (const key of keys) expect(merchant.calls.filter((c) => c.key === key)).toHaveLength(1);
  await worker.stop('SIGTERM');
}), 90_000);
