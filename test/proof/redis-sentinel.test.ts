import type { TestApi } from '../support/harness';
import { importOrders, orderInput } from '../support/fixtures';
import { eventually } from '../support/partner-server';
import {
  createMerchant, expectDeliveredOnce, integrationJobs, remoteApi, requestOneReturn, startWorld, stopWorld, type BoomerangProcess, type ProofWorld,
} from '../support/processes';
import { RedisSentinels } from '../support/redis-cluster';

// An api and a worker process on a Sentinel-managed Redis (a master, a replica and one Sentinel, started here) through
// REDIS_SENTINELS and REDIS_SENTINEL_NAME: a SENTINEL FAILOVER mid-run loses and duplicates nothing.
const N = 10;
let sentinels: RedisSentinels | undefined;
let world: ProofWorld | undefined;
let procs: BoomerangProcess[] = [];
let api: TestApi;

beforeAll(async () => {
  const started = RedisSentinels.start('proof');
  started.catch(() => undefined);
  world = await startWorld({ REDIS_URL: '' });
  sentinels = await started;
  const set = world.procs;
  const env = { REDIS_SENTINELS: sentinels.sentinels, REDIS_SENTINEL_NAME: 'proof' };
  procs = await set.withDump(() => Promise.all([set.start('api', 'api', env), set.start('worker', 'worker', env)]));
  api = remoteApi(procs[0].url);
}, 120_000);

afterAll(async () => {
  await stopWorld(world);
  await sentinels?.stop();
}, 60_000);

async function readyz(): Promise<number> {
  return (await fetch(api.url.replace('/graphql', '/readyz'), { signal: AbortSignal.timeout(10_000) })).status;
}

test(`${N} returns on a Sentinel-managed Redis; a failover mid-run loses and duplicates nothing`, () => world!.procs.withDump(async () => {
  const { merchant } = world!;
  merchant.fallback = { status: 200, holdMs: 200 };
  expect(await readyz()).toBe(200);
  const partnerId = await createMerchant(api, merchant.url);
  const customer = await api.token('CUSTOMER', 'cust-a');
  const orders = await importOrders(api, Array.from({ length: N }, () => orderInput()));
  await Promise.all(orders.slice(0, N / 2).map((o) => requestOneReturn(api, customer, o)));
  await eventually(async () => (await integrationJobs(api, partnerId)).filter((j) => j.status === 'SUCCEEDED').length >= 2 || null, 30_000, 100);

  const [moved] = await Promise.all([sentinels!.failover(), Promise.all(orders.slice(N / 2).map((o) => requestOneReturn(api, customer, o)))]);
  expect(moved.to).not.toBe(moved.from);

  await expectDeliveredOnce(api, merchant, partnerId, N);
  // The API writes to the new master: ready.
  await eventually(async () => (await readyz()) === 200 || null, 15_000, 200);
  expect(procs.map((p) => p.alive())).toEqual([true, true]);
  for (const p of procs) expect(p.output().split('\n').filter((l) => l.trim()).length).toBeLessThan(40);
}), 120_000);
