import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { BackoffWorker } from '../../src/jobs/backoff-worker';
import { workerConnection, type RedisConnection } from '../../src/jobs/redis';
import { RedisServer } from '../support/processes';
import { redisCli } from '../support/redis-cluster';

// A worker whose Redis answers every job fetch with an error that is not a lost connection (here NOPERM: the ACL
// forbids scripts; in production CLUSTERDOWN, MOVED storms or READONLY during a failover). BullMQ's own Worker asks
// again at once, thousands of times a second; BackoffWorker waits longer after each failure.
let redis: RedisServer;
const conns: RedisConnection[] = [];

beforeAll(async () => {
  redis = await RedisServer.start();
}, 30_000);

afterAll(async () => {
  for (const c of conns) c.disconnect();
  await redis.stop();
});

/** Errors a worker of `kind` emits in `ms` while every fetch fails. */
async function errorsIn(kind: typeof Worker, ms: number): Promise<number> {
  const prefix = `backoff-${kind.name}`;
  const producer = workerConnection({ kind: 'single', url: redis.url });
  const consumer = workerConnection({ kind: 'single', url: redis.url });
  conns.push(producer, consumer);
  const queue = new Queue('q', { connection: producer as unknown as ConnectionOptions, prefix });
  await queue.add('job', {});
  const worker = new kind('q', async () => null, { connection: consumer as unknown as ConnectionOptions, prefix, autorun: false });
  let errors = 0;
  worker.on('error', () => { errors += 1; });
  await worker.waitUntilReady();
  expect(await redisCli(redis.port, 'ACL', 'SETUSER', 'default', '-eval', '-evalsha')).toBe('OK');
  try {
    void worker.run();
    await new Promise((r) => setTimeout(r, ms));
  } finally {
    expect(await redisCli(redis.port, 'ACL', 'SETUSER', 'default', '+@all')).toBe('OK');
    await worker.close(true);
    await queue.close();
  }
  return errors;
}

test('while every fetch fails, BullMQ\'s Worker spins and BackoffWorker backs off (250 ms doubling to 5 s)', async () => {
  // The failure provoked here is one BullMQ retries at once: hundreds of errors in two seconds.
  expect(await errorsIn(Worker, 2000)).toBeGreaterThan(200);
  // 250 + 500 + 1000 ms of waits fit in two seconds: a handful.
  const backedOff = await errorsIn(BackoffWorker as typeof Worker, 2000);
  expect(backedOff).toBeGreaterThanOrEqual(2);
  expect(backedOff).toBeLessThanOrEqual(6);
}, 30_000);
