import type { TestApi } from '../support/harness';
import { importOrders, orderInput } from '../support/fixtures';
import { eventually } from '../support/partner-server';
import {
  createMerchant, integrationJobs, remoteApi, requestOneReturn, startWorld, stopWorld, type BoomerangProcess, type ProofWorld,
} from '../support/processes';

// `node main.js all` started while REDIS_URL points at a port nobody listens on (the world's own redis-server,
// stopped before the start): the API must open and serve, the outage be logged once, and everything catch up when a
// Redis starts on that port.
let world: ProofWorld | undefined;
let proc: BoomerangProcess;
let api: TestApi;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  world = await startWorld({ LOG_LEVEL: 'info' });
  await world.redis.stop();
  proc = await world.procs.withDump(() => world!.procs.start('all', 'all'));
  api = remoteApi(proc.url);
}, 120_000);

afterAll(() => stopWorld(world), 30_000);

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(api.url.replace('/graphql', path), { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

/** stderr and stdout lines that are log entries (JSON) or anything unexpected, without the banner. */
const logLines = () => proc.output().split('\n').filter((l) => l.trim() && !/^(Boomerang GraphQL API|Role: )/.test(l));

test('Redis unreachable at start: the API answers, /readyz says redis false, one log line; Redis comes: the job is delivered', () => world!.procs.withDump(async () => {
  const { merchant, redis } = world!;
  expect(proc.output()).toMatch(/Redis: REDIS_URL \(unreachable/);

  // Mutations that write outbox rows succeed while Redis is down; their rows wait in PostgreSQL.
  const partnerId = await createMerchant(api, merchant.url);
  const [order] = await importOrders(api, [orderInput()]);
  await requestOneReturn(api, await api.token('CUSTOMER', 'cust-a'), order);
  expect((await integrationJobs(api, partnerId)).map((j) => j.status)).toEqual(['PENDING']);

  const ready = await get('/readyz');
  expect([ready.status, JSON.parse(ready.text)]).toEqual([503, { status: 'not ready', database: true, redis: false }]);
  // Metrics do not wait for a queue that never reached Redis.
  expect((await get('/metrics')).status).toBe(200);

  await sleep(3000); // several reconnect attempts of every connection
  const lines = logLines();
  expect(lines.filter((l) => l.includes('Redis unreachable'))).toHaveLength(1);
  expect(lines.join('\n')).not.toMatch(/\n\s+at |"stack"/);
  expect(lines.length).toBeLessThanOrEqual(4);
  expect(merchant.calls).toHaveLength(0);

  // A Redis on that port: workers connect, the schedules are registered, the waiting row is dispatched once.
  await redis.restart();
  await eventually(async () => (await integrationJobs(api, partnerId)).every((j) => j.status === 'SUCCEEDED'), 30_000, 200);
  await eventually(async () => (await get('/readyz')).status === 200, 15_000, 200);
  expect(merchant.bookings().size).toBe(1);
  await eventually(async () => logLines().some((l) => l.includes('Redis reachable again')), 10_000, 100);
  expect(proc.alive()).toBe(true);

  // SIGTERM ends it cleanly.
  expect(await proc.stop('SIGTERM')).toBe(0);
}), 90_000);

test('stopping while Redis is still unreachable does not hang', () => world!.procs.withDump(async () => {
  await world!.redis.stop();
  const again = await world!.procs.start('all', 'all-2');
  expect(again.output()).toMatch(/Redis: REDIS_URL \(unreachable/);
  // stop() SIGKILLs after 10 s, which would end it with SIGKILL, not 0.
  expect(await again.stop('SIGTERM')).toBe(0);
}), 90_000);
