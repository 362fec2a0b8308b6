import 'reflect-metadata';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { migrateDatabase } from './db/migrate';
import { startHttpServer, type HttpServer } from './http/server';
import { createLogger, type Logger } from './logger';

/** A started Boomerang API: its database, HTTP server and logger. */
export interface App {
  config: Config;
  database: Database;
  http: HttpServer;
  log: Logger;
  stop(): Promise<void>;
}

/** Opens the database, applies migrations and starts the HTTP gateway. */
export async function startApi(config: Config): Promise<App> {
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  try {
    await migrateDatabase(database);
    const http = await startHttpServer(config, database, log);
    return {
      config, database, http, log,
      stop: async () => {
        await http.close();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
