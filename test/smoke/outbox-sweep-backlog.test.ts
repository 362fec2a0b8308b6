import IORedis from 'ioredis';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import type { Logger } from '../../src/logger';
import { OutboxRelay } from '../../src/jobs/outbox';
import { JOB, openQueues, type IntegrationQueue } from '../../src/jobs/queues';
import { createTestDatabase } from '../support/harness';
import { RedisServer } from '../support/processes';

// Redis lost the jobs of a backlog larger than one page of the sweeper's check: one sweep puts every lost row back on
// the queue (page after page within its time budget), and leaves alone the rows whose job is still waiting.
const none = () => undefined;
const log: Logger = { debug: none, info: none, warn: none, error: none };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let database: Database;
let redis: RedisServer;
let conn: IORedis;
let queue: IntegrationQueue;
let sql: postgres.Sql;

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(), RedisServer.start()]);
  database = await openDatabase(db.url, '.data', { poolMax: 4 });
  await applyMigrations(database.db);
  sql = postgres(db.url, { max: 1, onnotice: () => undefined });
  conn = new IORedis(redis.url, { maxRetriesPerRequest: null });
  queue = openQueues(conn, 'backlog').integration;
}, 60_000);

afterAll(async () => {
  await queue?.close();
  conn?.disconnect();
  await sql?.end({ timeout: 1 });
  await database?.close();
  await redis?.stop();
  await db?.drop();
});

test('one sweep re-queues every lost row of a backlog of 1,200, and none whose job is still waiting', async () => {
  const [{ id: partnerId }] = await sql`insert into partners (id, kind, name, adapter, endpoint, signing_secret)
    values (gen_random_uuid(), 'MERCHANT', 'Backlog shop', 'boomerang-merchant-v1', 'http://127.0.0.1:9', 'x') returning id`;
  const rows = await sql<Array<{ id: string }>>`insert into integration_jobs (id, partner_id, type, payload, status, updated_at)
    select gen_random_uuid(), ${partnerId}, 'merchant.notify', '{}'::jsonb, 'QUEUED', now() - interval '1 hour' from generate_series(1, 1200)
    returning id`;
  const ids = rows.map((r) => r.id).sort();
  // Every 10th row's job is still waiting in Redis: not lost.
  const waiting = ids.filter((_, i) => i % 10 === 0);
  await queue.addBulk(waiting.map((id) => ({ name: JOB.DISPATCH, data: { integrationJobId: id }, opts: { jobId: id } })));

  const relay = new OutboxRelay(database.db, queue, 100, log, 1000, none, conn, 8);
  expect(await relay.sweep()).toBe(ids.length - waiting.length);
  expect(await queue.getJobCounts('waiting')).toEqual({ waiting: ids.length });
  // Re-queued rows restarted their stale clock; the waiting ones were not touched.
  const [{ fresh }] = await sql`select count(*)::int as fresh from integration_jobs where updated_at > now() - interval '1 minute'`;
  expect(fresh).toBe(ids.length - waiting.length);
}, 60_000);
