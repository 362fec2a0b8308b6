import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import IORedis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config, RedisNode } from '../config';
import type { Logger } from '../logger';

/** How to reach Redis: one server by URL, a Redis Cluster by its seed nodes, or a master through its Sentinels. */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: RedisNode[]; username: string | null; password: string | null; tls: boolean }
  | { kind: 'sentinel'; sentinels: RedisNode[]; name: string; username: string | null; password: string | null; sentinelPassword: string | null; tls: boolean };

/** Where Redis is, and how to stop the one we started (if we did). */
export interface RedisTarget {
  topology: RedisTopology;
  source: 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_SENTINELS' | 'local default port' | 'redis-server started by Boomerang';
  stop(): Promise<void>;
}

/** A connection to any topology: BullMQ and the readiness probe take either. */
export type RedisConnection = IORedis | Cluster;

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
  return target.source === 'redis-server started by Boomerang' && target.topology.kind === 'single' ? Number(new URL(target.topology.url).port) : null;
}

const redisTarget = (topology: RedisTopology, source: RedisTarget['source'], stop = async () => undefined): RedisTarget => ({ topology, source, stop });

/**
 * REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS if set; else (development only: production requires one of them) a
 * Redis answering on the local default port; else `redis-server` from PATH started for this process (in memory,
 * stopped with it, announced loudly); else a RedisUnavailableError explaining the options. Call it before opening
 * PGlite, whose start stalls the event loop.
 */
export async function resolveRedis(config: Config, log: Logger, defaultPort = 6379): Promise<RedisTarget> {
  const { redisUsername: username, redisPassword: password, redisTls: tls } = config;
  if (config.redisUrl) return redisTarget({ kind: 'single', url: config.redisUrl }, 'REDIS_URL');
  if (config.redisClusterNodes) {
    return redisTarget({ kind: 'cluster', nodes: config.redisClusterNodes, username, password, tls }, 'REDIS_CLUSTER_NODES');
  }
  if (config.redisSentinels) {
    const topology: RedisTopology = {
      kind: 'sentinel', sentinels: config.redisSentinels, name: config.redisSentinelName!, username, password, sentinelPassword: config.redisSentinelPassword, tls,
    };
    return redisTarget(topology, 'REDIS_SENTINELS');
  }
  if (config.nodeEnv === 'production') throw new RedisUnavailableError('set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS: production never looks for or starts a Redis of its own');
  if (await defaultRedisAnswers(defaultPort)) return redisTarget({ kind: 'single', url: `redis://127.0.0.1:${defaultPort}` }, 'local default port');
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
  return redisTarget({ kind: 'single', url: `redis://127.0.0.1:${port}` }, 'redis-server started by Boomerang', async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  });
}

/** Reconnect delay after the n-th failed attempt: doubling from 250 ms to at most 5 s, so an outage is not a busy loop. */
export const reconnectDelay = (n: number): number => Math.min(250 * 2 ** Math.max(n - 1, 0), 5000);

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|Connection is closed|Stream isn't writeable/;
/**
 * What a Redis Cluster or Sentinel deployment answers while it fails over or is down: a slot without a master
 * (CLUSTERDOWN, TRYAGAIN), redirections that outlast ioredis's retries, no reachable seed node or Sentinel, a
 * blocking command cut off by a role change (UNBLOCKED), a write to a demoted master (READONLY), a replica without
 * its master (MASTERDOWN), a node still loading its data (LOADING).
 */
const TOPOLOGY_ERROR = /CLUSTERDOWN|TRYAGAIN|Too many Cluster redirections|Failed to refresh slots cache|None of startup nodes is available|Cluster isn't ready|UNBLOCKED|READONLY|MASTERDOWN|LOADING|All sentinels are unreachable|MOVED \d+ /;

/** True for the errors a lost, refused or failing-over Redis produces (ioredis and BullMQ report them on every retry). */
export function isRedisConnectionError(e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  const text = `${String(code ?? '')} ${String(message ?? '')}`;
  return CONNECTION_ERROR.test(text) || TOPOLOGY_ERROR.test(text);
}

/** At most one line per distinct message in this long; the next one says how many were left out. */
const REPEAT_QUIET_MS = 60_000;

/**
 * Says "Redis unreachable" once per outage, and "reachable again" when every watched connection is back, instead of
 * one stack trace per reconnect attempt of every connection. Requests go on meanwhile: outbox rows wait in PostgreSQL.
 * Worker errors that no connection reported (a cluster answering CLUSTERDOWN or redirecting during a failover, or
 * anything else a worker's fetch loop hits over and over) are logged at most once a minute per message.
 */
export class RedisOutageLog {
  private readonly down = new Set<RedisConnection>();
  private reported = false;
  private readonly recent = new Map<string, { at: number; repeats: number }>();

  constructor(private readonly log: Logger, private readonly where: string, private readonly now = () => Date.now()) {}

  /** Follows one connection's errors and recoveries (a cluster's own and its nodes'). */
  watch(conn: RedisConnection): void {
    const failed = (e: Error) => {
      this.down.add(conn);
      if (this.reported) return;
      this.reported = true;
      this.log.warn(`Redis unreachable at ${this.where}: ${e.message}; reconnecting with backoff. Requests still work; `
        + 'integration jobs wait in PostgreSQL and are dispatched when Redis is back');
    };
    conn.on('error', failed);
    if (conn instanceof Cluster) conn.on('node error', failed);
    conn.on('ready', () => {
      this.down.delete(conn);
      if (!this.reported || this.down.size > 0) return;
      this.reported = false;
      this.log.info(`Redis reachable again at ${this.where}`);
    });
  }

  /** An error handler for a BullMQ worker: outage errors during a reported outage are the outage's; repeats are counted. */
  workerErrors(label: string): (e: Error) => void {
    return (e) => {
      const outage = isRedisConnectionError(e);
      if (outage && this.reported) return;
      const key = `${label}\0${e.message}`;
      const seen = this.recent.get(key);
      const now = this.now();
      if (seen && now - seen.at < REPEAT_QUIET_MS) {
        seen.repeats += 1;
        return;
      }
      this.recent.set(key, { at: now, repeats: 0 });
      if (this.recent.size > 100) this.recent.delete(this.recent.keys().next().value!);
      const repeats = seen?.repeats ? { repeatsSinceLastLogged: seen.repeats } : {};
      if (outage) this.log.warn(`${label}: Redis at ${this.where} is failing over or unavailable: ${e.message}; retrying with backoff`, repeats);
      else this.log.error(`${label} error`, { error: e, ...repeats });
    };
  }
}

/** Resolves true once conn is ready, false at its first error or after timeoutMs: never waits out an outage. */
export function connectsSoon(conn: RedisConnection, timeoutMs = 5000): Promise<boolean> {
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

const nodeList = (nodes: RedisNode[]) => nodes.map((n) => `${n.host.includes(':') ? `[${n.host}]` : n.host}:${n.port}`).join(',');

/** Where Redis is for log lines, never a password: host:port, the cluster's seed nodes, or the Sentinels and master name. */
export function redisWhere(topology: RedisTopology): string {
  if (topology.kind === 'cluster') return `Redis Cluster ${nodeList(topology.nodes)}`;
  if (topology.kind === 'sentinel') return `master "${topology.name}" of Sentinels ${nodeList(topology.sentinels)}`;
  try {
    const u = new URL(topology.url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * Cluster behaviour both connection kinds share. A failover (a master's slots moving to its replica) answers MOVED,
 * TRYAGAIN or CLUSTERDOWN, or closes the old master's connections, for a few seconds: ioredis refreshes the slot map
 * and retries the command meanwhile (up to maxRedirections times, each after the delay below), so a command is not
 * lost to a failover that completes within about 16 × 300 ms. Reconnecting to the seed nodes backs off like a single
 * server's.
 */
const CLUSTER_OPTIONS: ClusterOptions = {
  clusterRetryStrategy: reconnectDelay,
  retryDelayOnFailover: 300,
  retryDelayOnClusterDown: 300,
  retryDelayOnTryAgain: 300,
  maxRedirections: 16,
  slotsRefreshTimeout: 2000,
};

/**
 * REDIS_TLS: Node's TLS with its defaults (the system's CAs plus NODE_EXTRA_CA_CERTS; the certificate must name the
 * host connected to). A cluster keeps node hostnames as they are (dnsLookup passes them through) so that a certificate
 * naming them verifies, as with ElastiCache's TLS endpoints; a node the cluster announces by IP needs the IP in its
 * certificate.
 */
const TLS_CLUSTER_OPTIONS: Partial<ClusterOptions> = { dnsLookup: (address, callback) => callback(null, address) };

/** Opens a connection to the topology with the given per-connection options (cluster: per node). */
function open(topology: RedisTopology, options: RedisOptions): RedisConnection {
  if (topology.kind === 'single') return new IORedis(topology.url, options);
  const auth = { ...(topology.username ? { username: topology.username } : {}), ...(topology.password ? { password: topology.password } : {}) };
  if (topology.kind === 'sentinel') {
    return new IORedis({
      ...options, ...auth, sentinels: topology.sentinels, name: topology.name,
      ...(topology.sentinelPassword ? { sentinelPassword: topology.sentinelPassword } : {}),
      // TLS to the Sentinels (sentinelTLS) and to the master and replicas they name (tls).
      ...(topology.tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
      sentinelRetryStrategy: reconnectDelay,
      // Follows the Sentinels' +switch-master, so a planned failover moves the connection at once.
      failoverDetector: true,
      // After a failover the old master, if it comes back as a replica, refuses writes: reconnect to the new one.
      reconnectOnError: (e) => /READONLY/.test(e.message),
    });
  }
  const { enableOfflineQueue, retryStrategy: _retry, ...nodeOptions } = options;
  return new Cluster(topology.nodes, {
    ...CLUSTER_OPTIONS, ...(topology.tls ? TLS_CLUSTER_OPTIONS : {}), enableOfflineQueue: enableOfflineQueue ?? true,
    redisOptions: { ...nodeOptions, ...auth, ...(topology.tls ? { tls: {} } : {}) },
  });
}

/** A connection for BullMQ workers (blocking commands: no per-request retry limit). */
export function workerConnection(topology: RedisTopology): RedisConnection {
  return open(topology, { maxRetriesPerRequest: null, retryStrategy: reconnectDelay });
}

/** A connection for producers in request paths: fails fast while Redis is down instead of queueing commands. */
export function producerConnection(topology: RedisTopology): RedisConnection {
  const conn = open(topology, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, retryStrategy: reconnectDelay });
  conn.on('error', () => undefined); // reconnects by itself; callers see failures on their commands
  return conn;
}
