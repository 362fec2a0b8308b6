import type { Logger } from '../../src/logger';
import { isRedisConnectionError, RedisOutageLog } from '../../src/jobs/redis';

// Log volume stays bounded while Redis, or a cluster, is unavailable: a worker's error loop may report the same
// failure many times a second.
function capture(): Logger & { lines: Array<[string, string, unknown]> } {
  const lines: Array<[string, string, unknown]> = [];
  const at = (level: string) => (msg: string, data?: unknown) => { lines.push([level, msg, data]); };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

test('cluster and Sentinel failover answers count as outages; a bug does not', () => {
  for (const message of [
    'CLUSTERDOWN The cluster is down', 'TRYAGAIN Multiple keys request during rehashing of slot', 'Too many Cluster redirections. Last error: Error: Connection is closed.',
    'Failed to refresh slots cache.', 'None of startup nodes is available', "READONLY You can't write against a read only replica.",
    'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)', 'MOVED 1234 127.0.0.1:7001',
    'connect ECONNREFUSED 127.0.0.1:6379', 'All sentinels are unreachable. Retrying from scratch after 250ms.',
  ]) expect([message, isRedisConnectionError(new Error(message))]).toEqual([message, true]);
  expect(isRedisConnectionError(new Error('ERR wrong number of arguments for \'zadd\' command'))).toBe(false);
  expect(isRedisConnectionError(new TypeError('Cannot read properties of undefined'))).toBe(false);
});

test('a worker error repeated many times is one line a minute, saying how many were left out', () => {
  let now = 0;
  const log = capture();
  const outages = new RedisOutageLog(log, 'Redis Cluster 127.0.0.1:7000', () => now);
  const onError = outages.workerErrors('dispatch worker');
  for (let i = 0; i < 10_000; i++) onError(new Error('CLUSTERDOWN The cluster is down'));
  for (let i = 0; i < 10_000; i++) onError(new Error('NOPERM this user has no permissions to run the \'evalsha\' command'));
  expect(log.lines.map(([level, msg]) => [level, msg])).toEqual([
    ['warn', 'dispatch worker: Redis at Redis Cluster 127.0.0.1:7000 is failing over or unavailable: CLUSTERDOWN The cluster is down; retrying with backoff'],
    ['error', 'dispatch worker error'],
  ]);
  now += 60_000;
  onError(new Error('CLUSTERDOWN The cluster is down'));
  expect(log.lines).toHaveLength(3);
  expect(log.lines[2][2]).toEqual({ repeatsSinceLastLogged: 9_999 });
});
