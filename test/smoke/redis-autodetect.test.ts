import net, { type AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import { privateRedisPort, resolveRedis, type RedisTarget } from '../../src/jobs/redis';
import { freePort } from '../support/processes';

// Development without REDIS_URL: a Redis answering on the default port is used, even when the event loop stalls
// right after the probe is sent (as when PGlite opens); only when none answers is a private redis-server started,
// and then loudly.
const servers: net.Server[] = [];
const targets: RedisTarget[] = [];

afterAll(async () => {
  for (const t of targets) await t.stop();
  for (const s of servers) await new Promise((r) => s.close(r));
});

function capture(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const none = () => undefined;
  return { warnings, debug: none, info: none, error: none, warn: (msg: string) => { warnings.push(msg); } };
}

/** A loopback server answering RESP PING with +PONG, as Redis does. */
async function fakeRedis(): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (d) => { if (/PING/i.test(d.toString())) socket.write('+PONG\r\n'); });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** Blocks the event loop, as opening PGlite or loading modules does right after start. */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) { /* busy */ }
}

const dev = loadConfig({ NODE_ENV: 'development' });

test('a Redis answering on the default port is used even when the event loop stalls during the probe', async () => {
  const port = await fakeRedis();
  const log = capture();
  const pending = resolveRedis(dev, log, port);
  stall(800);
  const target = await pending;
  targets.push(target);
  expect(target.source).toBe('local default port');
  expect(target.topology).toEqual({ kind: 'single', url: `redis://127.0.0.1:${port}` });
  expect(log.warnings).toEqual([]);
}, 30_000);

test('nothing answers on the default port: a private redis-server, said loudly', async () => {
  const log = capture();
  const target = await resolveRedis(dev, log, await freePort());
  targets.push(target);
  expect(target.source).toBe('redis-server started by Boomerang');
  const port = privateRedisPort(target);
  expect(port).toEqual(expect.any(Number));
  expect(log.warnings).toEqual([expect.stringMatching(new RegExp(`started its own redis-server on port ${port}: in memory.*set REDIS_URL`))]);
}, 30_000);

test('production never looks for a Redis of its own', async () => {
  const prod = { ...dev, nodeEnv: 'production' as const, redisUrl: null };
  await expect(resolveRedis(prod, capture(), await fakeRedis())).rejects.toThrow(/^set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS: production never/);
});
