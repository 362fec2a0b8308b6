import postgres from 'postgres';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import type { Logger } from '../../src/logger';
import { privateRedisPort, redisAnswers, resolveRedis } from '../../src/jobs/redis';
import { startJobRuntime } from '../../src/jobs/runtime';
import { createTestDatabase, JWT_SECRET } from '../support/harness';
import { eventually } from '../support/partner-server';
import { freePort } from '../support/processes';

// A stop that cuts a job still running leaves the process's connections to its end, but a redis-server Boomerang
// started for itself (development, nothing on the default port) is stopped all the same: it would outlive the process.
const none = () => undefined;
const log: Logger = { debug: none, info: none, warn: none, error: none };

test('a cut shutdown stops the redis-server the process started', async () => {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, JWT_SECRET, LOG_LEVEL: 'error', QUEUE_PREFIX: 'cut_stop', OUTBOX_SWEEP_MS: '60000' });
  const database = await openDatabase(db.url, config.dataDir, { poolMax: 4 });
  const sql = postgres(db.url, { max: 2, onnotice: () => undefined });
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  let lock: Promise<unknown> = Promise.resolve();
  try {
    await applyMigrations(database.db);
    const target = await resolveRedis(config, log, await freePort());
    const port = privateRedisPort(target);
    expect(port).toEqual(expect.any(Number));
    // The outbox sweeper's first run (registered at start) waits on this lock: a job that outlives the stop's timeout.
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => { locked = r; });
    lock = sql.begin(async (t) => { await t`lock table integration_jobs in access exclusive mode`; locked(); await held; });
    await isLocked;
    const runtime = await startJobRuntime(config, database, log, true, target);
    await eventually(async () => (await sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`).length > 0, 15_000, 50);

    expect(await runtime.close(200)).toBeGreaterThan(0);
    expect(await redisAnswers(port!, '127.0.0.1', 500)).toBe(false);
  } finally {
    release();
    await lock;
    await sql.end({ timeout: 1 });
    void database.close().catch(() => undefined);
    await db.drop().catch(() => undefined);
  }
}, 60_000);
