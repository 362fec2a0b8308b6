import { randomBytes } from 'node:crypto';
import type { TestApi } from '../support/harness';
import { importOrders, orderInput } from '../support/fixtures';
import { eventually } from '../support/partner-server';
import {
  createMerchant, expectDeliveredOnce, integrationJobs, remoteApi, requestOneReturn, startWorld, stopWorld, type BoomerangProcess, type ProofWorld,
} from '../support/processes';
import { RedisCluster, redisCli } from '../support/redis-cluster';

// Two api and two worker processes on a real Redis Cluster (3 masters, 3 replicas, started here) through
// REDIS_CLUSTER_NODES: returns requested through both APIs are delivered once each, before, during and after a
// CLUSTER FAILOVER of the master that serves the queues' hash slot.
const N = 16;
const PREFIX = `{proof-${randomBytes(4).toString('hex')}}`;
let cluster: RedisCluster | undefined;
let world: ProofWorld | undefined;
let procs: BoomerangProcess[] = [];
let apis: TestApi[] = [];

beforeAll(async () => {
  const started = RedisCluster.start();
  started.catch(() => undefined);
  world = await startWorld({ WORKER_CONCURRENCY: '1', QUEUE_PREFIX: PREFIX, REDIS_URL: '' });
  cluster = await started;
  const set = world.procs;
  const env = { REDIS_CLUSTER_NODES: cluster.seeds };
  procs = await set.withDump(() => Promise.all([
    set.start('api', 'api-1', env), set.start('api', 'api-2', env), set.start('worker', 'worker-1', env), set.start('worker', 'worker-2', env),
  ]));
  apis = procs.slice(0, 2).map((p) => remoteApi(p.url));
}, 180_000);

afterAll(async () => {
  await stopWorld(world);
  await cluster?.stop();
}, 60_000);

async function readyz(api: TestApi): Promise<number> {
  const res = await fetch(api.url.replace('/graphql', '/readyz'), { signal: AbortSignal.timeout(10_000) });
  return res.status;
}

test(`${N} returns through two APIs and two workers on a Redis Cluster; a failover mid-run loses and duplicates nothing`, () => world!.procs.withDump(async () => {
  const { merchant } = world!;
  merchant.fallback = { status: 200, holdMs: 200 };
  expect(await Promise.all(apis.map(readyz))).toEqual([200, 200]);
  const partnerId = await createMerchant(apis[0], merchant.url);
  const customer = await apis[0].token('CUSTOMER', 'cust-a');
  const orders = await importOrders(apis[1], Array.from({ length: N }, () => orderInput()));
  const request = (from: number, to: number) => Promise.all(orders.slice(from, to).map((o, i) => requestOneReturn(apis[i % 2], customer, o)));

  // Half before the failover; once some are through, the master of the queues' slot hands over to its replica while
  // the other half is requested.
  await request(0, N / 2);
  await eventually(async () => (await integrationJobs(apis[0], partnerId)).filter((j) => j.status === 'SUCCEEDED').length >= 3 || null, 30_000, 100);
  const [moved] = await Promise.all([cluster!.failover(PREFIX), request(N / 2, N)]);
  expect(moved.to).not.toBe(moved.from);
  expect((await cluster!.ownerOf(PREFIX)).master).toBe(moved.to);

  // Each job reached the merchant exactly once, under its own key.
  await expectDeliveredOnce(apis[1], merchant, partnerId, N);
  // Both APIs write to the slot's new master: ready.
  await eventually(async () => (await Promise.all(apis.map(readyz))).every((s) => s === 200) || null, 15_000, 200);
  expect(procs.map((p) => p.alive())).toEqual([true, true, true, true]);

  // Readiness is a write to the slot's master, not a PING: with writes paused there, the master still answers PING but
  // the APIs are not ready; once writes resume, they are again.
  const { master } = await cluster!.ownerOf(PREFIX);
  expect(await redisCli(master, 'CLIENT', 'PAUSE', '5000', 'WRITE')).toBe('OK');
  expect(await redisCli(master, 'PING')).toBe('PONG');
  expect(await Promise.all(apis.map(readyz))).toEqual([503, 503]);
  expect(await redisCli(master, 'CLIENT', 'UNPAUSE')).toBe('OK');
  await eventually(async () => (await Promise.all(apis.map(readyz))).every((s) => s === 200) || null, 15_000, 200);
  // The failover left a bounded trace in the logs, not a line per retry.
  for (const p of procs) expect(p.output().split('\n').filter((l) => l.trim()).length).toBeLessThan(40);
}), 120_000);

test('QUEUE_PREFIX without a hash tag on a Redis Cluster: the process exits with the configuration error', async () => {
  const started = world!.procs.start('api', 'plain-prefix', { REDIS_CLUSTER_NODES: cluster!.seeds, QUEUE_PREFIX: 'proof-plain' });
  await expect(started).rejects.toThrow(/exited \(78\) before its banner:\nBoomerang: Configuration error: QUEUE_PREFIX must contain a hash tag such as \{proof-plain\} with REDIS_CLUSTER_NODES: every queue key must hash to one cluster slot/);
}, 60_000);
