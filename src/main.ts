import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { startApi } from './app';
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
  const app = await startApi(config);
  const where = app.database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}/` : 'PostgreSQL at DATABASE_URL';
  app.log.info('Boomerang API started', { url: app.http.url, database: where });
  const banner = [`\nBoomerang GraphQL API: ${app.http.url}`, `Database: ${where}`];
  if (config.seedDemo) banner.push(...(await seedDemoIfEmpty(app)));
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
  process.stderr.write(`Boomerang failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
