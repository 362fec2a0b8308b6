import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/client';
import { sqlStateOf } from '../../src/db/errors';
import { applyMigrations } from '../../src/db/migrate';
import { queryRows } from '../../src/db/rows';
import { countHistoryOrders, generateHistory } from '../../src/demo/history';
import type { ServiceContext } from '../../src/services/context';
import { TimeLimitExceeded } from '../../src/services/insight/exclusive-run';
import { trainReturnRiskModel, type RiskModelRow } from '../../src/services/insight/risk-model.service';
import { ADMIN_URL, createTestDatabase, JWT_SECRET } from '../support/harness';

/*
 * DATABASE_READ_URL serves model training's reads: the lock and the stored version stay on the primary, the history is
 * read on the replica, where temp tables are refused (here a second database whose sessions are read-only, as on a hot
 * standby). The replica holds the history and the primary none, so a training that succeeds read the replica; the
 * same history trained on without a replica (the temp-table path) must give the same model.
 */

type Handle = Awaited<ReturnType<typeof createTestDatabase>>;
const handles: Handle[] = [];
const opened: Database[] = [];

async function database(url: string, readUrl: string | null = null): Promise<Database> {
  const db = await openDatabase(url, '.data', { poolMax: 2, readUrl });
  opened.push(db);
  return db;
}

async function newDatabase(): Promise<Handle> {
  const handle = await createTestDatabase();
  handles.push(handle);
  return handle;
}

/** A copy of `source` (which nobody may be connected to) whose sessions are read-only: a stand-in for a hot standby. */
async function readOnlyCopy(source: Handle): Promise<Handle> {
  const copy = await newDatabase();
  const name = (url: string) => new URL(url).pathname.slice(1);
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`drop database ${name(copy.url)}`);
    await admin.unsafe(`create database ${name(copy.url)} template ${name(source.url)}`);
    await admin.unsafe(`alter database ${name(copy.url)} set default_transaction_read_only = on`);
  } finally {
    await admin.end();
  }
  return copy;
}

async function train(db: Database, env: Record<string, string> = {}): Promise<RiskModelRow> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://unused', JWT_SECRET, LOG_LEVEL: 'error', ...env });
  const ctx: ServiceContext = { actor: { kind: 'system', process: 'test' }, requestId: randomUUID(), db: db.db, database: db, config, now: () => new Date() };
  const outcome = await trainReturnRiskModel(ctx, { seed: 3, holdoutWeeks: 4 });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.userErrors));
  return outcome.value;
}

/** Numbers to 12 significant digits: the two paths sum the same floats, possibly in another order. */
const rounded = (value: unknown): unknown => JSON.parse(JSON.stringify(value), (_, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));

let alone: RiskModelRow;
let withReplica: RiskModelRow;
let primary: Database;
let replica: Database;
let replicaUrl: string;

beforeAll(async () => {
  const history = await newDatabase();
  const onlyPrimary = await database(history.url);
  await applyMigrations(onlyPrimary.db);
  await generateHistory(onlyPrimary, { orders: 2500, customers: 400, seed: 12, weeks: 30, refresh: false });
  await onlyPrimary.close();
  const copy = await readOnlyCopy(history);
  alone = await train(await database(history.url));

  const empty = await newDatabase();
  primary = await database(empty.url, copy.url);
  await applyMigrations(primary.db);
  replica = await database(copy.url);
  replicaUrl = copy.url;
  withReplica = await train(primary);
}, 240_000);

afterAll(async () => {
  for (const db of opened) await db.close();
  for (const handle of handles) await handle.drop();
});

test('the replica refuses temp tables, as a hot standby does', async () => {
  const refused = await replica.db.execute(sql`create temp table probe (a int)`).then(() => null, (e: unknown) => e);
  expect(sqlStateOf(refused)).toBe('25006'); // read_only_sql_transaction
});

test('training reads the replica: the primary holds no history, yet it trains on all of the replica\'s and stores there', async () => {
  expect(await countHistoryOrders(primary.db)).toBe(0);
  expect(await countHistoryOrders(replica.db)).toBe(2500);
  expect(withReplica.trainRows).toBeGreaterThan(200);
  expect(withReplica.holdoutRows).toBeGreaterThan(50);
  const stored = await queryRows<{ version: number }>(primary.db, sql`select version from return_risk_models`);
  expect(stored.map((r) => r.version)).toEqual([withReplica.version]);
});

test('the same history gives the same model with and without a replica (same labels, features and seed)', () => {
  expect([withReplica.trainRows, withReplica.holdoutRows]).toEqual([alone.trainRows, alone.holdoutRows]);
  expect([withReplica.holdoutFrom, withReplica.trainedUntil]).toEqual([alone.holdoutFrom, alone.trainedUntil]);
  expect(rounded(withReplica.model)).toEqual(rounded(alone.model));
  expect(rounded(withReplica.metrics)).toEqual(rounded(alone.metrics));
  expect((alone.metrics as { auc: number }).auc).toBeGreaterThan(0.6);
});

test('the time limit bounds the reads on the replica too', async () => {
  // Another session holds orders on the replica (a writable transaction, only this test's stand-in can have one):
  // training blocks there until RISK_MODEL_TRAIN_TIMEOUT_MS, then is TIMED_OUT; unbounded it would finish once the
  // lock goes, 5 s later.
  const holder = postgres(replicaUrl, { max: 1, onnotice: () => undefined });
  const conn = await holder.reserve();
  await conn`begin read write`;
  await conn`lock table orders in access exclusive mode`;
  const released = sleep(5000).then(() => conn`commit`);
  try {
    const started = performance.now();
    const trained = await train(primary, { RISK_MODEL_TRAIN_TIMEOUT_MS: '1000' }).then(() => null, (e: unknown) => e);
    expect(trained).toBeInstanceOf(TimeLimitExceeded);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(await queryRows(primary.db, sql`select 1 from return_risk_models`)).toHaveLength(1);
  } finally {
    await released;
    conn.release();
    await holder.end();
  }
}, 30_000);

