import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { migrateOnly, startApp, type Role } from './app';
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

/** Entry point: `node dist/src/main.js` (npm start). */
async function main(): Promise<void> {
  const config = loadConfig();
  const role = (process.argv[2] ?? process.env.ROLE ?? 'all') as Role | 'migrate';
  if (role === 'migrate') {
    const applied = await migrateOnly(config);
    process.stdout.write(`Boomerang: database migrated (${applied} migration${applied === 1 ? '' : 's'} applied).\n`);
    return;
  }
  if (!['api', 'worker', 'all'].includes(role)) {
    process.stderr.write(`Unknown role "${role}": use api, worker, all or migrate.\n`);
    process.exit(64);
  }
  const app = await startApp(config, role);
  // Before the banner: whoever waits for it (a supervisor, a test) may signal at once.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info('shutting down', { signal });
    app.stop().then(() => process.exit(0), (e) => { app.log.error('shutdown failed', e); process.exit(1); });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  const where = app.database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}/` : 'PostgreSQL at DATABASE_URL';
  const redisUp = await app.jobs.redisReady();
  const redis = `${app.jobs.redis.source}${redisUp ? '' : ' (unreachable: requests work, jobs wait in PostgreSQL until it answers)'}`;
  app.log.info('Boomerang started', { role, url: app.http?.url, database: where, redis });
  const banner = [
    app.http ? `\nBoomerang GraphQL API: ${app.http.url}` : '\nBoomerang worker running',
    `Role: ${role}   Database: ${where}   Redis: ${redis}`,
  ];
  const privatePort = privateRedisPort(app.jobs.redis);
  if (privatePort !== null) {
    banner.push(`WARNING: no Redis answered on 127.0.0.1:6379, so Boomerang started its own redis-server on port ${privatePort}, `
      + 'in memory: queued jobs are lost when Boomerang stops. Run Redis on 6379 or set REDIS_URL.');
  }
  if (app.http && config.seedDemo) banner.push(...(await seedDemoIfEmpty(app)));
  process.stdout.write(`${banner.join('\n')}\n\n`);
}

main().catch(fail);
