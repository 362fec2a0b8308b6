import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { migrateOnly, startApp, StartAbortedError, type App, type Role } from './app';
import { DatabaseUnavailableError } from './db/client';
import { MigrationFailedError, MigrationsPendingError } from './db/migrate';
import { PortInUseError } from './http/server';
import { privateRedisPort, RedisUnavailableError } from './jobs/redis';
import { seedDemoIfEmpty } from './demo/seed';

/**
 * Start-up failures an operator can fix, each with its line's prefix and an exit code of its own (sysexits.h), so
 * a supervisor or a script can tell them apart. Anything else is "failed to start", exit 1.
 */
const KNOWN_FAILURES: Array<[new (...args: never[]) => Error, string, number]> = [
  [ConfigError, 'Configuration error', 78], // EX_CONFIG
  [RedisUnavailableError, 'Redis unavailable', 69], // EX_UNAVAILABLE
  [DatabaseUnavailableError, 'Database unreachable', 68], // EX_NOHOST
  [PortInUseError, 'Cannot listen', 73], // EX_CANTCREAT
  [MigrationsPendingError, 'Database not migrated', 75], // EX_TEMPFAIL: run the migrate step, then start again
  [MigrationFailedError, 'Migration failed', 65], // EX_DATAERR
];

/** Ends the process with one line on stderr: never a stack trace, never a hang. */
function fail(e: unknown): never {
  const known = KNOWN_FAILURES.find(([type]) => e instanceof type);
  const message = e instanceof Error ? e.message : String(e);
  const hint = e instanceof ConfigError ? ' (every variable is described in .env.example)' : '';
  process.stderr.write(`Boomerang: ${known ? known[1] : 'failed to start'}: ${message}${hint}\n`);
  process.exit(known ? known[2] : 1);
}

/** Ends the process after a graceful stop, bounded by SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS and a margin. */
function shutdown(app: App, signal: string): void {
  const { shutdownDelayMs, shutdownTimeoutMs } = app.config;
  app.log.info('shutting down', { signal, delayMs: app.http ? shutdownDelayMs : 0, timeoutMs: shutdownTimeoutMs });
  // Closing connections after the drain is quick; a stop that hangs anyway must not outlive the grace period.
  setTimeout(() => {
    app.log.error('shutdown did not finish in time; exiting');
    process.exit(1);
  }, shutdownDelayMs + shutdownTimeoutMs + 10_000).unref();
  app.stop().then((outcome) => {
    app.log.info(outcome === 'drained' ? 'stopped' : 'stopped, cutting what was still running', { signal });
    process.exit(outcome === 'drained' ? 0 : 1);
  }, (e) => { app.log.error('shutdown failed', e); process.exit(1); });
}

/** What main.ts shares with the start-up: its signal handlers are installed before this module is loaded. */
export interface Signals {
  /** Aborted by the first SIGTERM or SIGINT while starting. */
  starting: AbortController;
  /** The first signal received, if any. */
  received: string | null;
  /** Set once started: what a signal does then (a graceful stop). */
  stop: ((signal: string) => void) | null;
}

/** Starts the role; a failure ends the process with one line (see fail). */
export function boot(role: Role | 'migrate', signals: Signals): Promise<void> {
  return run(role, signals).catch(fail);
}

async function run(role: Role | 'migrate', signals: Signals): Promise<void> {
  const { starting } = signals;
  // A signal while this module was loading: nothing has started yet.
  if (starting.signal.aborted) {
    process.stderr.write(`Boomerang: stopped during start-up (${String(starting.signal.reason)})\n`);
    process.exit(0);
  }
  const config = loadConfig(process.env, role === 'migrate' ? 'migrate' : 'serve');
  if (role === 'migrate') {
    // One transaction: a stop mid-way rolls back, so exiting at once leaves nothing half-applied.
    starting.signal.addEventListener('abort', () => {
      process.stderr.write(`Boomerang: migration interrupted (${String(starting.signal.reason)}): nothing of it was applied\n`);
      process.exit(1);
    });
    const applied = await migrateOnly(config);
    process.stdout.write(`Boomerang: database migrated (${applied} migration${applied === 1 ? '' : 's'} applied).\n`);
    return;
  }
  let app: App;
  try {
    app = await startApp(config, role, starting.signal);
  } catch (e) {
    if (!(e instanceof StartAbortedError)) throw e;
    process.stderr.write(`Boomerang: ${e.message}\n`);
    process.exit(0);
  }
  if (signals.received) return shutdown(app, signals.received);
  const started = app;
  signals.stop = (signal) => shutdown(started, signal);
  const where = app.database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}/` : 'PostgreSQL at DATABASE_URL';
  const redisUp = await app.jobs.redisReady();
  const redis = `${app.jobs.redis.source}${redisUp ? '' : ' (unreachable: requests work, jobs wait in PostgreSQL until it answers)'}`;
  app.log.info('Boomerang started', { role, url: app.http?.url, health: app.health?.url, database: where, redis });
  for (const warning of config.warnings) app.log.warn(warning);
  const banner = [
    app.http ? `\nBoomerang GraphQL API: ${app.http.url}` : `\nBoomerang worker running${app.health ? ` (health: ${app.health.url})` : ''}`,
    `Role: ${role}   Database: ${where}   Redis: ${redis}`,
  ];
  if (app.http && config.graphqlIde) banner.push(`GraphQL IDE (GraphiQL, works offline): open ${app.http.url} in a browser; tokens go in its Headers tab.`);
  const privatePort = privateRedisPort(app.jobs.redis);
  if (privatePort !== null) {
    banner.push(`WARNING: no Redis answered on 127.0.0.1:6379, so Boomerang started its own redis-server on port ${privatePort}, `
      + 'in memory: queued jobs are lost when Boomerang stops. Run Redis on 6379 or set REDIS_URL.');
  }
  // A seed cut short by a stop (its database closed under it) is no start-up failure.
  if (app.http && config.seedDemo) banner.push(...(await seedDemoIfEmpty(app).catch((e: unknown) => { if (signals.received) return []; throw e; })));
  // A stop that began meanwhile owns the process now: no banner announcing a running one.
  if (signals.received) return;
  process.stdout.write(`${banner.join('\n')}\n\n`);
}

