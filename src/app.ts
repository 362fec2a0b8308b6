import 'reflect-metadata';
import type { Config } from './config';
import { connectionOptions, openDatabase, type Database } from './db/client';
import { applyConfiguredMigrations, migrateDatabase, requireMigrated } from './db/migrate';
import { healthRouter, startHealthServer, type HealthServer, type Readiness } from './http/health';
import { startHttpServer, type HttpServer } from './http/server';
import { resolveRedis } from './jobs/redis';
import { startJobRuntime, type JobRuntime } from './jobs/runtime';
import { createLogger, type Logger } from './logger';

/** What this process runs: the GraphQL API, the background workers, or both (`migrate` is a step, see migrateOnly). */
export type Role = 'api' | 'worker' | 'all';

/** How a stop ended: everything finished, or requests or jobs were cut at SHUTDOWN_TIMEOUT_MS (and logged). */
export type StopOutcome = 'drained' | 'cut';

/** A started Boomerang process. */
export interface App {
  config: Config;
  role: Role;
  database: Database;
  jobs: JobRuntime;
  /** Present for the api and all roles. */
  http: HttpServer | null;
  /** The worker role's /healthz, /readyz and /metrics listener, when HEALTH_PORT is set. */
  health: HealthServer | null;
  log: Logger;
  /**
   * Graceful stop: /readyz turns 503 at once; an API keeps serving for SHUTDOWN_DELAY_MS, then stops accepting and
   * drains; workers stop taking jobs; both get SHUTDOWN_TIMEOUT_MS to finish. What is still running then is cut: the
   * caller should end the process, whose connections would otherwise stay busy.
   */
  stop(): Promise<StopOutcome>;
}

/** Thrown by startApp when its `signal` aborted (SIGTERM or SIGINT during start-up): whatever had started is stopped. */
export class StartAbortedError extends Error {}

const sleep = (ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms); });

/** What start-up throws once `signal` has aborted. */
function startAborted(signal: AbortSignal): StartAbortedError {
  return new StartAbortedError(`stopped during start-up (${String(signal.reason ?? 'aborted')})`);
}

/** Throws StartAbortedError when `signal` has aborted. */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw startAborted(signal);
}

/**
 * `step`, unless `signal` aborts first: then StartAbortedError. What the step was doing (connecting, migrating in one
 * transaction) is abandoned to the process's exit, which closes its connections; PostgreSQL rolls back the rest.
 */
function unlessAborted<T>(step: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return step;
  if (signal.aborted) return Promise.reject(startAborted(signal));
  let onAbort: () => void = () => undefined;
  return Promise.race([step, new Promise<never>((_, reject) => {
    onAbort = () => reject(startAborted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  })]).finally(() => signal.removeEventListener('abort', onAbort));
}

/**
 * The `migrate` role: applies pending migrations on DATABASE_MIGRATION_URL (or the embedded database) and returns how
 * many it applied. Needs no Redis.
 */
export async function migrateOnly(config: Config): Promise<number> {
  const database = await openDatabase(config.databaseMigrationUrl, config.dataDir, {
    ...connectionOptions(config, 1), variable: 'DATABASE_MIGRATION_URL',
  });
  try {
    return await applyConfiguredMigrations(config, database.db);
  } finally {
    await database.close();
  }
}

/**
 * Finds Redis, opens the database (migrating it, or checking it is migrated: MIGRATE_ON_START), and starts the API
 * and/or workers for the role. Redis that is unreachable does not stop the start: requests work and jobs wait in
 * PostgreSQL until it answers. When `signal` aborts, start-up stops where it is, stops what had started and throws
 * StartAbortedError.
 */
export async function startApp(config: Config, role: Role = 'all', signal?: AbortSignal): Promise<App> {
  const log = createLogger(config.logLevel);
  // Before PGlite opens: its start stalls the event loop long enough to miss a local Redis that is there. Not
  // abandoned midway: it may be starting a redis-server of its own, which must be stopped again.
  const redis = await resolveRedis(config, log);
  let database: Database;
  try {
    database = await unlessAborted(openDatabase(config.databaseUrl, config.dataDir, {
      ...connectionOptions(config, config.databasePoolMax), readUrl: config.databaseReadUrl,
    }), signal);
  } catch (e) {
    await redis.stop();
    throw e;
  }
  let jobs: JobRuntime | null = null;
  let http: HttpServer | null = null;
  let health: HealthServer | null = null;
  const readiness: Readiness = { stopping: false };
  try {
    // In production migrations are a step of their own (`npm run migrate`): a process only checks it is not behind.
    await unlessAborted<unknown>(config.migrateOnStart ? migrateDatabase(config, database) : requireMigrated(database), signal);
    jobs = await unlessAborted(startJobRuntime(config, database, log, role !== 'api', redis), signal);
    if (role === 'worker') {
      if (config.healthPort !== null) health = await startHealthServer(config.healthPort, healthRouter(config, database, jobs, readiness, log));
    } else {
      http = await unlessAborted(startHttpServer(config, database, jobs, log, readiness), signal);
    }
    throwIfAborted(signal);
    const runtime = jobs;
    const api = http;
    let stopping: Promise<StopOutcome> | null = null;
    const stop = async (): Promise<StopOutcome> => {
      readiness.stopping = true;
      if (api) await sleep(config.shutdownDelayMs);
      const timeoutMs = config.shutdownTimeoutMs;
      // Workers stop alongside the drain, but the queues stay open until the last request has answered: a request
      // still running enqueues what it committed (the outbox kick, an admin operation), and retries remove queued jobs.
      const [requestsCut, jobsCut] = await Promise.all([api?.drain(timeoutMs) ?? 0, runtime.stopWorkers(timeoutMs)]);
      await api?.close();
      await health?.close();
      await runtime.close(0);
      // Cut jobs still hold database connections: not waited for, the caller ends the process, which closes them.
      if (requestsCut + jobsCut > 0) {
        void database.close().catch(() => undefined);
        return 'cut';
      }
      await database.close();
      return 'drained';
    };
    return {
      config, role, database, jobs: runtime, http, health, log,
      stop: () => (stopping ??= stop()),
    };
  } catch (e) {
    const aborted = e instanceof StartAbortedError;
    await http?.close().catch(() => undefined);
    await health?.close();
    await (jobs ? jobs.close(aborted ? 0 : undefined) : redis.stop()).catch(() => undefined);
    // An abandoned step may still hold a connection: the process's exit closes it without waiting for its query.
    if (aborted) void database.close().catch(() => undefined);
    else await database.close();
    throw e;
  }
}

/** The API and workers in one process (tests, demo). */
export function startApi(config: Config): Promise<App & { http: HttpServer }> {
  return startApp(config, 'all') as Promise<App & { http: HttpServer }>;
}
