import type { TestApi } from '../support/harness';
import { importOrders, orderInput } from '../support/fixtures';
import {
  createMerchant, expectDeliveredOnce, integrationJobs, remoteApi, requestOneReturn, startWorld, stopWorld, type ProofWorld,
} from '../support/processes';

// Two api processes and two worker processes on one PostgreSQL and one Redis (a redis-server of our own): returns
// requested through both APIs are delivered exactly once each, whichever worker takes them.
const N = 8;
let world: ProofWorld | undefined;
let apis: TestApi[] = [];

beforeAll(async () => {
  // One job at a time per worker: two calls in flight at the merchant can only come from two workers.
  world = await startWorld({ WORKER_CONCURRENCY: '1' });
  const { procs } = world;
  await procs.withDump(async () => {
    // All four start at once on a fresh database: their migrations are serialised by an advisory lock.
    const started = await Promise.all([
      procs.start('api', 'api-1'), procs.start('api', 'api-2'), procs.start('worker', 'worker-1'), procs.start('worker', 'worker-2'),
    ]);
    apis = started.slice(0, 2).map((p) => remoteApi(p.url));
  });
}, 120_000);

afterAll(() => stopWorld(world), 30_000);

test(`${N} returns through two APIs, two workers: ${N} deliveries under ${N} distinct keys, every job SUCCEEDED`, () => world!.procs.withDump(async () => {
  const { merchant } = world!;
  // Each call takes 300 ms at the merchant, so the queue backs up and both workers have work.
  merchant.fallback = { status: 200, holdMs: 300 };
  const partnerId = await createMerchant(apis[0], merchant.url);
  const customer = await apis[0].token('CUSTOMER', 'cust-a');
  const orders = await importOrders(apis[1], Array.from({ length: N }, () => orderInput()));
  const returns = await Promise.all(orders.map((o, i) => requestOneReturn(apis[i % 2], customer, o)));
  expect(new Set(returns.map((r) => r.id)).size).toBe(N);

  const jobs = await expectDeliveredOnce(apis[1], merchant, partnerId, N, 30_000);
  expect(jobs.every((j) => j.attempts === 1)).toBe(true);
  // Both workers took part: each runs one job at a time, so two calls in flight at once came from two workers.
  expect(merchant.maxInFlight).toBe(2);
  // Both APIs read the same outbox.
  expect((await integrationJobs(apis[0], partnerId)).map((j) => j.key).sort()).toEqual(jobs.map((j) => j.key).sort());
}), 60_000);
