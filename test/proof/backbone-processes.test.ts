import type { TestApi } from '../support/harness';
import { eventually } from '../support/partner-server';
import {
  integrationJobs, jobByKey, newReturn, startMerchantWorld, stopWorld, succeededJob, type BoomerangProcess, type ProofWorld,
} from '../support/processes';

// Real processes (`node dist/src/main.js api|worker`), real PostgreSQL, a redis-server of our own: a worker killed with
// SIGKILL in the middle of a partner call, and a partner failing for a while. The API runs in its own process.
let world: ProofWorld | undefined;
let api: TestApi;
let partnerId: string;
let customer: string;
/** The worker running now (after the kill: its successor, which the next test reuses). */
let worker: BoomerangProcess | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  ({ world, api, partnerId, customer } = await startMerchantWorld({
    // The merchant holds the first call for 20 s: the worker must still be waiting for it when it is killed.
    PARTNER_TIMEOUT_MS: '30000',
    // A dead worker's job is taken over once its lock has expired (2 s), found by a check every 500 ms.
    WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '500',
  }));
}, 120_000);

afterAll(() => stopWorld(world), 30_000);

test('kill -9 of a worker mid-call: a new worker completes the job once and the merchant books once', () => world!.procs.withDump(async () => {
  const { procs, merchant } = world!;
  const workerA = worker = await procs.start('worker', 'worker-a');
  merchant.next({ status: 200, holdMs: 20_000 });
  const before = merchant.calls.length;
  await newReturn(api, customer);

  // The worker is now inside the partner call, which the merchant holds open.
  const first = await eventually(async () => merchant.calls[before], 15_000);
  expect(first.path).toBe('/events');
  expect(await jobByKey(api, partnerId, first.key)).toMatchObject({ status: 'RUNNING', attempts: 1 });

  expect(await workerA.stop('SIGKILL')).toBe('SIGKILL');
  await eventually(async () => first.abandoned, 5000);
  // With no worker running, the job stays where the dead one left it.
  await sleep(500);
  expect(merchant.calls.length).toBe(before + 1);
  expect((await jobByKey(api, partnerId, first.key))?.status).toBe('RUNNING');

  worker = await procs.start('worker', 'worker-b');
  const done = await succeededJob(api, partnerId, first.key);
  expect(done.lastError).toBeNull();
  await sleep(1000); // a late duplicate would show up here

  // The merchant saw the request twice (the one cut off by the kill, then the retry) under one key: one booking.
  const calls = merchant.calls.slice(before);
  expect(calls.map((c) => [c.key, c.status, c.abandoned])).toEqual([[first.key, null, true], [first.key, 200, false]]);
  expect(new Set(calls.map((c) => c.key)).size).toBe(1);
  expect((await integrationJobs(api, partnerId)).filter((j) => j.status !== 'SUCCEEDED')).toEqual([]);
}), 60_000);

test('a merchant answering 500 for a while: retried with exponential backoff, then booked once', () => world!.procs.withDump(async () => {
  const { procs, merchant } = world!;
  if (!worker?.alive()) worker = await procs.start('worker', 'worker-c');
  merchant.next({ status: 500 }, { status: 503 });
  const before = merchant.calls.length;
  await newReturn(api, customer);
  const key = await eventually(async () => merchant.calls[before]?.key, 15_000);
  const done = await succeededJob(api, partnerId, key);
  expect(done).toMatchObject({ attempts: 3, lastError: null });
  await sleep(500); // a late duplicate would show up here

  const calls = merchant.calls.slice(before);
  expect(calls.map((c) => [c.key, c.status])).toEqual([[key, 500], [key, 503], [key, 200]]);
  // INTEGRATION_BACKOFF_MS=100, doubling, jitter 0.5: at least 50 ms, then at least 100 ms between attempts.
  expect(calls[1].receivedAt - calls[0].receivedAt).toBeGreaterThanOrEqual(50);
  expect(calls[2].receivedAt - calls[1].receivedAt).toBeGreaterThanOrEqual(100);
}), 60_000);
