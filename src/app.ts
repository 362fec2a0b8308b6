import 'reflect-metadata';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { applyMigrations, migrateDatabase, requireMigrated } from './db/migrate';
import { startHttpServer, type HttpServer } from './http/server';
import { resolveRedis } from './jobs/redis';
import { startJobRuntime, type JobRuntime } from './jobs/runtime';
import { createLogger, type Logger } from './logger';

/** What this process runs: the GraphQL API, the background workers, or both (`migrate` is a step, see migrateOnly). */
export type Role = 'api' | 'worker' | 'all';

/** A started Boomerang process. */
export interface App {
  config: Config;
  role: Role;
  database: Database;
  jobs: JobRuntime;
  /** Present for the api and all roles. */
  http: HttpServer | null;
  log: Logger;
  stop(): Promise<void>;
}

/**
 * The `migrate` role: applies pending migrations on DATABASE_MIGRATION_URL (or the embedded database) and returns how
 * many it applied. Needs no Redis.
 */
export async function migrateOnly(config: Config): Promise<number> {
  const database = await openDatabase(config.databaseMigrationUrl, config.dataDir, {
    poolMax: 1, connectTimeoutMs: config.databaseConnectTimeoutMs, prepare: config.databasePrepare, variable: 'DATABASE_MIGRATION_URL',
  });
  try {
    return await applyMigrations(database.db);
  } finally {
    await database.close();
  }
}

/**
 * Finds Redis, opens the database (migrating it, or checking it is migrated: MIGRATE_ON_START), and starts the API and/or workers for the role. Redis that is
 * unreachable does not stop the start: requests work and jobs wait in PostgreSQL until it answers.
 */
export async function startApp(config: Config, role: Role = 'all'): Promise<App> {
  const log = createLogger(config.logLevel);
  // Before PGlite opens: its start stalls the event loop long enough to miss a local Redis that is there.
  const redis = await resolveRedis(config, log);
  let database: Database;
  try {
    database = await openDatabase(config.databaseUrl, config.dataDir, {
      poolMax: config.databasePoolMax, connectTimeoutMs: config.databaseConnectTimeoutMs, prepare: config.databasePrepare, readUrl: config.databaseReadUrl,
    });
  } catch (e) {
    await redis.stop();
    throw e;
  }
  let jobs: JobRuntime | null = null;
  try {
    // In production migrations are a step of their own (`npm run migrate`): a process only checks it is not behind.
    if (config.migrateOnStart) await migrateDatabase(config, database);
    else await requireMigrated(database);
    jobs = await startJobRuntime(config, database, log, role !== 'api', redis);
    const http = role === 'worker' ? null : await startHttpServer(config, database, jobs, log);
    const runtime = jobs;
    return {
      config, role, database, jobs: runtime, http, log,
      stop: async () => {
        await http?.close();
        await runtime.close();
        await database.close();
      },
    };
  } catch (e) {
    await (jobs ? jobs.close() : redis.stop()).catch(() => undefined);
    await database.close();
    throw e;
  }
}

/** The API and workers in one process (tests, demo). */
export function startApi(config: Config): Promise<App & { http: HttpServer }> {
  return startApp(config, 'all') as Promise<App & { http: HttpServer }>;
}
