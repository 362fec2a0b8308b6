import type { TestApi } from '../support/harness';
import { importOrders, orderInput } from '../support/fixtures';
import { eventually } from '../support/partner-server';
import {
  createMerchant, integrationJobs, remoteApi, requestOneReturn, startWorld, stopWorld, type BoomerangProcess, type ProofWorld,
} from '../support/processes';

// An api process and a worker process on real PostgreSQL and a redis-server of our own, which the test stops and
// starts again on the same port, empty (in memory only, as a Redis without persistence comes back). The shared Redis
// is not used.
let world: ProofWorld | undefined;
let apiProc: BoomerangProcess;
let workerProc: BoomerangProcess;
let api: TestApi;
let partnerId: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  world = await startWorld();
  const { procs, merchant } = world;
  await procs.withDump(async () => {
    [apiProc, workerProc] = await Promise.all([procs.start('api', 'api'), procs.start('worker', 'worker')]);
    api = remoteApi(apiProc.url);
    partnerId = await createMerchant(api, merchant.url);
  });
}, 120_000);

afterAll(() => stopWorld(world), 30_000);

async function readyz(): Promise<{ status: number; body: unknown }> {
  const res = await fetch(api.url.replace('/graphql', '/readyz'), { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.json() };
}

test('Redis down: returns are still accepted and their jobs wait as PENDING; Redis back (empty): each is delivered once', () => world!.procs.withDump(async () => {
  const { redis, merchant } = world!;
  const customer = await api.token('CUSTOMER', 'cust-a');
  const orders = await importOrders(api, [orderInput(), orderInput(), orderInput(), orderInput()]);

  // Before the outage the path works (and the sweeper's schedule is in Redis, to be lost with it).
  await requestOneReturn(api, customer, orders[0]);
  await eventually(async () => (await integrationJobs(api, partnerId)).find((j) => j.status === 'SUCCEEDED'), 15_000);
  const warm = new Set((await integrationJobs(api, partnerId)).map((j) => j.key));
  const before = merchant.calls.length;

  await redis.stop();
  expect(await readyz()).toEqual({ status: 503, body: { status: 'not ready', database: true, redis: false } });

  // Customers keep requesting returns: every mutation succeeds, promptly.
  const started = Date.now();
  const requested = [];
  for (const order of orders.slice(1)) requested.push(await requestOneReturn(api, customer, order));
  expect(requested.map((r) => r.status)).toEqual(['REQUESTED', 'REQUESTED', 'REQUESTED']);
  expect(Date.now() - started).toBeLessThan(10_000);

  // Their outbox rows wait in PostgreSQL: nothing can move them to the queue, nothing reaches the merchant.
  const outageJobs = async () => (await integrationJobs(api, partnerId)).filter((j) => !warm.has(j.key));
  const pending = await outageJobs();
  expect(pending.map((j) => j.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
  await sleep(1500); // several sweep periods
  expect((await outageJobs()).map((j) => j.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
  expect(merchant.calls.length).toBe(before);
  expect([apiProc.alive(), workerProc.alive()]).toEqual([true, true]);

  // Redis comes back with nothing in it: the worker registers the sweeper again, which dispatches every PENDING row.
  await redis.restart();
  await eventually(async () => (await outageJobs()).every((j) => j.status === 'SUCCEEDED'), 30_000, 200);
  await sleep(1000); // a late duplicate would show up here
  const calls = merchant.calls.slice(before);
  expect(calls.map((c) => c.key).sort()).toEqual(pending.map((j) => j.key).sort());
  expect(calls.every((c) => c.status === 200)).toBe(true);
  await eventually(async () => (await readyz()).status === 200, 10_000, 200);
  expect([apiProc.alive(), workerProc.alive()]).toEqual([true, true]);
}), 60_000);
