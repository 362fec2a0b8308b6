import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../src/db/client';
import { applyMigrations, MIGRATION_LOCK, MigrationFailedError, MigrationsPendingError, pendingMigrations, requireMigrated } from '../../src/db/migrate';
import { queryRows } from '../../src/db/rows';
import { createTestDatabase } from '../support/harness';
import { eventually } from '../support/partner-server';
import { buildOnce, ROOT, terminate, track } from '../support/processes';
import { scratchDir, scratchRoot } from '../support/scratch';

// The hand-written migration runner (src/db/migrate.ts) on real PostgreSQL: concurrent runs, drizzle compatibility,
// and a failing migration that leaves nothing behind.

const JOURNAL = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string; when: number }> };
const COUNT = JOURNAL.entries.length;

const opened: Array<{ database: Database; url: string; drop(): Promise<void> }> = [];
async function freshDatabase(poolMax = 5): Promise<Database> {
  const handle = await createTestDatabase();
  const database = await openDatabase(handle.url, '.data', { poolMax });
  opened.push({ database, url: handle.url, drop: handle.drop });
  return database;
}

const recorded = async (database: Database) => queryRows<{ hash: string; created_at: string }>(database.db,
  sql`select hash, created_at::text from drizzle.__drizzle_migrations order by created_at`);
const exists = async (database: Database, name: string) =>
  (await queryRows<{ t: string | null }>(database.db, sql`select to_regclass(${name})::text as t`))[0].t !== null;

afterAll(async () => {
  for (const { database, drop } of opened) {
    await database.close();
    await drop();
  }
});

test('five concurrent runs on an empty database apply each migration once and all succeed', async () => {
  const database = await freshDatabase(6);
  await expect(requireMigrated(database)).rejects.toThrow(new MigrationsPendingError(
    `the database is ${COUNT} migrations behind: run \`npm run migrate\` (or \`node dist/src/main.js migrate\`) first, or set MIGRATE_ON_START=true`));
  const applied = await Promise.all(Array.from({ length: 5 }, () => applyMigrations(database.db)));
  expect(applied.sort((a, b) => b - a)).toEqual([COUNT, 0, 0, 0, 0]);
  const rows = await recorded(database);
  expect(rows.map((r) => Number(r.created_at))).toEqual(JOURNAL.entries.map((e) => e.when));
  expect(await pendingMigrations(database.db)).toBe(0);
  await expect(requireMigrated(database)).resolves.toBeUndefined();
});

test("a database migrated by drizzle's own migrator is up to date for this runner, and the other way round", async () => {
  const byDrizzle = await freshDatabase();
  await drizzleMigrate(byDrizzle.db as any, { migrationsFolder: MIGRATIONS_DIR });
  expect(await pendingMigrations(byDrizzle.db)).toBe(0);
  expect(await applyMigrations(byDrizzle.db)).toBe(0);

  const byRunner = await freshDatabase();
  expect(await applyMigrations(byRunner.db)).toBe(COUNT);
  const before = await recorded(byRunner);
  await drizzleMigrate(byRunner.db as any, { migrationsFolder: MIGRATIONS_DIR });
  // Same hashes and timestamps as drizzle records, so drizzle finds nothing to apply either.
  expect(await recorded(byRunner)).toEqual(before);
  expect(before.map((r) => r.hash)).toEqual((await recorded(byDrizzle)).map((r) => r.hash));
});

test('a failing migration leaves nothing of the run applied, and the next run after the fix applies both', async () => {
  const folder = scratchDir('migrations-');
  try {
    fs.mkdirSync(path.join(folder, 'meta'));
    const journal = { version: '7', dialect: 'postgresql', entries: [
      { idx: 0, version: '7', when: 1_000, tag: '0000_good', breakpoints: true },
      { idx: 1, version: '7', when: 2_000, tag: '0001_broken', breakpoints: true },
    ] };
    fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
    fs.writeFileSync(path.join(folder, '0000_good.sql'), 'CREATE TABLE "good" ("id" integer PRIMARY KEY);\n--> statement-breakpoint\nINSERT INTO "good" VALUES (1);');
    fs.writeFileSync(path.join(folder, '0001_broken.sql'), 'CREATE TABLE "second" ("id" integer);\n--> statement-breakpoint\nALTER TABLE "missing" ADD COLUMN "x" integer;');
    const database = await freshDatabase();

    const failure = await applyMigrations(database.db, folder).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect((failure as Error).message).toMatch(/^0001_broken failed, so none of the 2 pending migration\(s\) was applied: relation "missing" does not exist/);
    expect(await exists(database, 'public.good')).toBe(false);
    expect(await exists(database, 'public.second')).toBe(false);
    expect(await exists(database, 'drizzle.__drizzle_migrations')).toBe(false);
    expect(await pendingMigrations(database.db, folder)).toBe(2);

    fs.writeFileSync(path.join(folder, '0001_broken.sql'), 'CREATE TABLE "second" ("id" integer);');
    expect(await applyMigrations(database.db, folder)).toBe(2);
    expect(await queryRows(database.db, sql`select id from good`)).toEqual([{ id: 1 }]);
    expect(await exists(database, 'public.second')).toBe(true);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('a server that refuses CREATE EXTENSION cube: the run fails naming the extension and what to do, and applies nothing', async () => {
  const database = await freshDatabase();
  // What a managed server without cube on its allow-list does: refuse the statement (here an event trigger does it).
  await database.db.execute(sql.raw(`create function refuse_extensions() returns event_trigger language plpgsql
    as $$ begin raise exception 'extension is not allow-listed on this server'; end $$`));
  await database.db.execute(sql.raw(`create event trigger refuse_extensions on ddl_command_start when tag in ('CREATE EXTENSION')
    execute function refuse_extensions()`));
  const failure = await applyMigrations(database.db).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(MigrationFailedError);
  expect((failure as Error).message).toMatch(new RegExp(`^0014_geo_gist failed, so none of the ${COUNT} pending migration\\(s\\) was applied: `
    + 'the PostgreSQL extension "cube" \\(contrib\\) is required for the drop-off location search and could not be created '
    + '\\(extension is not allow-listed on this server\\): have a superuser run CREATE EXTENSION cube in this database'));
  expect((failure as Error).message).toContain('docs/database.md');
  expect(await pendingMigrations(database.db)).toBe(COUNT);
  expect(await exists(database, 'public.drop_off_locations')).toBe(false);

  // Once the server allows it, the next run applies everything.
  await database.db.execute(sql.raw('drop event trigger refuse_extensions'));
  expect(await applyMigrations(database.db)).toBe(COUNT);
  expect(await exists(database, 'public.drop_off_locations_geo_gist')).toBe(true);
});

test('a migration that cannot get its table lock gives up within MIGRATION_LOCK_TIMEOUT_MS instead of stalling the table, and is retried', async () => {
  const folder = scratchDir('migrations-');
  try {
    fs.mkdirSync(path.join(folder, 'meta'));
    const entry = (idx: number, tag: string) => ({ idx, version: '7', when: 1_000 * (idx + 1), tag, breakpoints: true });
    const journal = (tags: string[]) => JSON.stringify({ version: '7', dialect: 'postgresql', entries: tags.map((t, i) => entry(i, t)) });
    fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), journal(['0000_busy']));
    fs.writeFileSync(path.join(folder, '0000_busy.sql'), 'CREATE TABLE "busy" ("id" integer PRIMARY KEY);');
    const database = await freshDatabase(4);
    expect(await applyMigrations(database.db, folder)).toBe(1);
    fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), journal(['0000_busy', '0001_alter']));
    fs.writeFileSync(path.join(folder, '0001_alter.sql'), 'ALTER TABLE "busy" ADD COLUMN "x" integer;');

    // A long read (a report, a refresh) holds ACCESS SHARE on the table until `release`.
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => { locked = resolve; });
    const holder = database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table busy in access share mode`);
      locked();
      await released;
    });
    await isLocked;

    // Every try gives up after 200 ms: the run fails in well under a second, saying which migration and what to do.
    const started = Date.now();
    const failure = await applyMigrations(database.db, folder, { lockTimeoutMs: 200, attempts: 2, backoffMs: 50 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect((failure as Error).message).toMatch(/^0001_alter waited more than 200 ms \(MIGRATION_LOCK_TIMEOUT_MS\) for a table lock in each of 2 tries, so none of the 1 pending migration\(s\) was applied/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await pendingMigrations(database.db, folder)).toBe(1);

    // While a run waits for the lock, other queries on the table are held up at most one lock timeout.
    const retried = applyMigrations(database.db, folder, { lockTimeoutMs: 300, attempts: 5, backoffMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const readStarted = Date.now();
    await database.db.execute(sql`select count(*) from busy`);
    expect(Date.now() - readStarted).toBeLessThan(2_000);
    // The holder finishes during the retries: a later try applies the migration.
    release();
    await holder;
    expect(await retried).toBe(1);
    expect(await queryRows(database.db, sql`select column_name from information_schema.columns where table_name = 'busy' order by column_name`))
      .toEqual([{ column_name: 'id' }, { column_name: 'x' }]);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('SIGTERM to the migrate role mid-run: "migration interrupted", exit 1, and nothing of it applied', async () => {
  const main = await buildOnce();
  const database = await freshDatabase(3);
  // Another run holds the migration lock, so this one is caught waiting inside its transaction.
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => { locked = resolve; });
  const holder = database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    locked();
    await released;
  });
  await isLocked;
  try {
    const { url } = opened.find((o) => o.database === database)!;
    const child = track(spawn(process.execPath, [main, 'migrate'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: scratchRoot(), TMPDIR: scratchRoot(), NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'warn' },
    }));
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => { stdout += d; });
    child.stderr!.on('data', (d) => { stderr += d; });
    // Waiting for the lock: its backend shows up in pg_locks, not granted.
    await eventually(async () => {
      const [{ waiting }] = await queryRows<{ waiting: number }>(database.db,
        sql`select count(*)::int as waiting from pg_locks where locktype = 'advisory' and objid = ${MIGRATION_LOCK} and not granted`);
      return waiting > 0 ? true : null;
    }, 30_000, 50);
    const code = await terminate(child, 'SIGTERM');
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: 'Boomerang: migration interrupted (SIGTERM): nothing of it was applied\n' });
  } finally {
    release();
    await holder;
  }
  // Its transaction never committed: every migration is still pending, and the next run applies them all.
  expect(await pendingMigrations(database.db)).toBe(COUNT);
  expect(await applyMigrations(database.db)).toBe(COUNT);
}, 180_000);
