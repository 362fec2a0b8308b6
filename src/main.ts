import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { startApp, type Role } from './app';
import { RedisUnavailableError } from './jobs/redis';
import { seedDemoIfEmpty } from './demo/seed';

/** Entry point: `node dist/src/main.js` (npm start). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${e.message}\nSee .env.example for every variable.\n`);
      process.exit(78);
    }
    throw e;
  }
  const role = (process.argv[2] ?? process.env.ROLE ?? 'all') as Role;
  if (!['api', 'worker', 'all'].includes(role)) {
    process.stderr.write(`Unknown role "${role}": use api, worker or all.\n`);
    process.exit(64);
  }
  const app = await startApp(config, role);
  const where = app.database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}/` : 'PostgreSQL at DATABASE_URL';
  app.log.info('Boomerang started', { role, url: app.http?.url, database: where, redis: app.jobs.redis.source });
  const banner = [
    app.http ? `\nBoomerang GraphQL API: ${app.http.url}` : '\nBoomerang worker running',
    `Role: ${role}   Database: ${where}   Redis: ${app.jobs.redis.source}`,
  ];
  if (app.http && config.seedDemo) banner.push(...(await seedDemoIfEmpty(app)));
  process.stdout.write(`${banner.join('\n')}\n\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info('shutting down', { signal });
    app.stop().then(() => process.exit(0), (e) => { app.log.error('shutdown failed', e); process.exit(1); });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof RedisUnavailableError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(69);
  }
  process.stderr.write(`Boomerang failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
