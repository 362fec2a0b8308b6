import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/client';
import { healthRouter, startHealthServer, type HealthServer } from '../../src/http/health';
import type { JobRuntime } from '../../src/jobs/runtime';
import { createLogger } from '../../src/logger';
import { createTestDatabase } from '../support/harness';

// /readyz against real PostgreSQL whose only pool connection is busy: the probe answers "not ready" within its
// time limit instead of hanging until the orchestrator's probe times out.

let handle: { url: string; drop(): Promise<void> };
let database: Database;
let server: HealthServer;
let release!: () => void;
let busy: Promise<unknown>;

beforeAll(async () => {
  handle = await createTestDatabase();
  database = await openDatabase(handle.url, '.data', { poolMax: 1 });
  // Only Redis is stood in for: this test is about the database half of the probe.
  const jobs = { redisReady: async () => true } as unknown as JobRuntime;
  server = await startHealthServer(0, healthRouter(loadConfig({ NODE_ENV: 'test' }), database, jobs, { stopping: false }, createLogger('error')));
});

afterAll(async () => {
  release?.();
  await busy?.catch(() => undefined);
  await server.close();
  await database.close();
  await handle.drop();
});

test('/readyz answers 503 within about 2 s when PostgreSQL does not answer, and 200 again once it does', async () => {
  const ready = async () => {
    const res = await fetch(`${server.url}/readyz`);
    return { status: res.status, body: await res.json() as unknown };
  };
  expect(await ready()).toEqual({ status: 200, body: { status: 'ready', database: true, redis: true } });

  // A long transaction holds the pool's one connection: `select 1` queues behind it.
  const held = new Promise<void>((resolve) => { release = resolve; });
  busy = database.db.transaction(async (tx) => { await tx.execute(sql`select 1`); await held; });
  const started = Date.now();
  expect(await ready()).toEqual({ status: 503, body: { status: 'not ready', database: false, redis: true } });
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(1900);
  expect(took).toBeLessThan(5000);

  release();
  await busy;
  expect((await ready()).status).toBe(200);
}, 30_000);
