import { importOrders, orderInput } from '../support/fixtures';
import { readOperation, waitForOperation } from '../support/operations';
import type { TestApi } from '../support/harness';
import { remoteApi, startWorld, stopWorld, type ProofWorld } from '../support/processes';

// refreshAnalytics as a background operation across real processes (`node main.js api|worker`) on real PostgreSQL and
// a redis-server of the test's own: the answer outlives the API process that took the request, and a request made
// while Redis is down runs once Redis is back.
let world: ProofWorld | undefined;
/** The API the first test leaves running (with a worker), used by the second. */
let api: TestApi;

const REFRESH = `mutation($input: RefreshAnalyticsInput) { refreshAnalytics(input: $input) { operation { id status } userErrors { code } } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  world = await startWorld({ ANALYTICS_REFRESH_MS: '0', ANALYTICS_FULL_REFRESH_MS: '0' });
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
  await procs.start('worker', 'worker');
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

