import 'reflect-metadata';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { migrateDatabase } from './db/migrate';
import { startHttpServer, type HttpServer } from './http/server';
import { resolveRedis } from './jobs/redis';
import { startJobRuntime, type JobRuntime } from './jobs/runtime';
import { createLogger, type Logger } from './logger';

/** What this process runs: the GraphQL API, the background workers, or both. */
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
 * Finds Redis, opens the database (migrating it), and starts the API and/or workers for the role. Redis that is
 * unreachable does not stop the start: requests work and jobs wait in PostgreSQL until it answers.
 */
export async function startApp(config: Config, role: Role = 'all'): Promise<App> {
  const log = createLogger(config.logLevel);
  // Before PGlite opens: its start stalls the event loop long enough to miss a local Redis that is there.
  const redis = await resolveRedis(config, log);
  let database: Database;
  try {
    database = await openDatabase(config.databaseUrl, config.dataDir, undefined, config.databaseConnectTimeoutMs);
  } catch (e) {
    await redis.stop();
    throw e;
  }
  let jobs: JobRuntime | null = null;
  try {
    await migrateDatabase(database);
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
