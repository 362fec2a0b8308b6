import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import IORedis, { type RedisOptions } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../logger';

/** Where Redis is, and how to stop the one we started (if we did). */
export interface RedisTarget {
  url: string;
  source: 'REDIS_URL' | 'local default port' | 'redis-server started by Boomerang';
  stop(): Promise<void>;
}

/** Thrown when no Redis can be found or started; the message says how to get one. */
export class RedisUnavailableError extends Error {}

function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

/**
 * REDIS_URL if set; else a Redis on the local default port; else `redis-server` from PATH started for this
 * process (in-memory, stopped with it); else a RedisUnavailableError explaining the options.
 */
export async function resolveRedis(config: Config, log: Logger): Promise<RedisTarget> {
  if (config.redisUrl) return { url: config.redisUrl, source: 'REDIS_URL', stop: async () => undefined };
  if (await portOpen(6379)) return { url: 'redis://127.0.0.1:6379', source: 'local default port', stop: async () => undefined };
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new RedisUnavailableError(
      'Boomerang needs Redis for its background jobs and none was found. Either set REDIS_URL, run Redis on 127.0.0.1:6379 ' +
      '(`docker compose up -d redis`, or `apt-get install redis-server` / `brew install redis`), or put `redis-server` on PATH ' +
      'and Boomerang will start one for itself.');
  }
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await portOpen(port)); i++) await new Promise((r) => setTimeout(r, 100));
  log.warn('started redis-server for this process (in memory; set REDIS_URL for anything that must survive a restart)', { port });
  return {
    url: `redis://127.0.0.1:${port}`,
    source: 'redis-server started by Boomerang',
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A connection for BullMQ workers (blocking commands: no per-request retry limit). */
export function workerConnection(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null });
}

/** A connection for producers in request paths: fails fast while Redis is down instead of queueing commands. */
export function producerConnection(url: string): IORedis {
  const options: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, retryStrategy: (n) => Math.min(n * 200, 2000) };
  const conn = new IORedis(url, options);
  conn.on('error', () => undefined); // reconnects by itself; callers see failures on their commands
  return conn;
}
