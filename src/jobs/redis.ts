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

/**
 * True when a Redis answers a PING on host:port within timeoutMs (any reply counts: one that wants a password is still
 * somebody's Redis, never a reason to start another). A TCP connect alone is not enough to say either way.
 */
export function redisAnswers(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => { clearTimeout(timer); socket.destroy(); resolve(ok); };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(/^[+-]/.test(d.toString())));
    socket.once('error', () => done(false));
  });
}

/** Asks a few times: right after start-up the event loop may stall (PGlite, module loading) long enough to miss one. */
async function defaultRedisAnswers(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await redisAnswers(port)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
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

/** The port the private redis-server listens on, for the banner's warning; null for any other source. */
export function privateRedisPort(target: RedisTarget): number | null {
  return target.source === 'redis-server started by Boomerang' ? Number(new URL(target.url).port) : null;
}

/**
 * REDIS_URL if set; else (development only: production requires REDIS_URL) a Redis answering on the local default
 * port; else `redis-server` from PATH started for this process (in memory, stopped with it, announced loudly); else a
 * RedisUnavailableError explaining the options. Call it before opening PGlite, whose start stalls the event loop.
 */
export async function resolveRedis(config: Config, log: Logger, defaultPort = 6379): Promise<RedisTarget> {
  if (config.redisUrl) return { url: config.redisUrl, source: 'REDIS_URL', stop: async () => undefined };
  if (config.nodeEnv === 'production') throw new RedisUnavailableError('set REDIS_URL: production never looks for or starts a Redis of its own');
  if (await defaultRedisAnswers(defaultPort)) return { url: `redis://127.0.0.1:${defaultPort}`, source: 'local default port', stop: async () => undefined };
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new RedisUnavailableError(
      'Boomerang needs Redis for its background jobs and none was found. Either set REDIS_URL, run Redis on 127.0.0.1:6379 ' +
      '(`docker compose up -d redis`, or `apt-get install redis-server` / `brew install redis`), or put `redis-server` on PATH ' +
      'and Boomerang will start one for itself.');
  }
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await redisAnswers(port, '127.0.0.1', 500)); i++) await new Promise((r) => setTimeout(r, 100));
  log.warn(`no Redis answered on 127.0.0.1:${defaultPort}, so Boomerang started its own redis-server on port ${port}: in memory, `
    + 'queued jobs are lost when Boomerang stops; run Redis on 6379 or set REDIS_URL', { port });
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

/** Reconnect delay after the n-th failed attempt: doubling from 250 ms to at most 5 s, so an outage is not a busy loop. */
export const reconnectDelay = (n: number): number => Math.min(250 * 2 ** Math.max(n - 1, 0), 5000);

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|Connection is closed|Stream isn't writeable/;

/** True for the errors a lost or refused Redis connection produces (ioredis and BullMQ report them on every retry). */
export function isRedisConnectionError(e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  return CONNECTION_ERROR.test(`${String(code ?? '')} ${String(message ?? '')}`);
}

/**
 * Says "Redis unreachable" once per outage, and "reachable again" when every watched connection is back, instead of
 * one stack trace per reconnect attempt of every connection. Requests go on meanwhile: outbox rows wait in PostgreSQL.
 */
export class RedisOutageLog {
  private readonly down = new Set<IORedis>();
  private reported = false;

  constructor(private readonly log: Logger, private readonly where: string) {}

  /** Follows one connection's errors and recoveries. */
  watch(conn: IORedis): void {
    conn.on('error', (e: Error) => {
      this.down.add(conn);
      if (this.reported) return;
      this.reported = true;
      this.log.warn(`Redis unreachable at ${this.where}: ${e.message}; reconnecting with backoff. Requests still work; `
        + 'integration jobs wait in PostgreSQL and are dispatched when Redis is back');
    });
    conn.on('ready', () => {
      this.down.delete(conn);
      if (!this.reported || this.down.size > 0) return;
      this.reported = false;
      this.log.info(`Redis reachable again at ${this.where}`);
    });
  }

  /** An error handler for a BullMQ worker: connection failures, and any error during a reported outage, are the outage's. */
  workerErrors(label: string): (e: Error) => void {
    return (e) => {
      if (isRedisConnectionError(e) || this.reported) return;
      this.log.error(`${label} error`, e);
    };
  }
}

/** Resolves true once conn is ready, false at its first error or after timeoutMs: never waits out an outage. */
export function connectsSoon(conn: IORedis, timeoutMs = 5000): Promise<boolean> {
  if (conn.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => { clearTimeout(timer); conn.off('ready', onReady); conn.off('error', onError); resolve(ok); };
    const onReady = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    conn.once('ready', onReady);
    conn.once('error', onError);
  });
}

/** host:port of a Redis URL, never its password. */
export function redisWhere(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'REDIS_URL';
  }
}

/** A connection for BullMQ workers (blocking commands: no per-request retry limit). */
export function workerConnection(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, retryStrategy: reconnectDelay });
}

/** A connection for producers in request paths: fails fast while Redis is down instead of queueing commands. */
export function producerConnection(url: string): IORedis {
  const options: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, retryStrategy: reconnectDelay };
  const conn = new IORedis(url, options);
  conn.on('error', () => undefined); // reconnects by itself; callers see failures on their commands
  return conn;
}
