import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import type { Config } from '../config';
import { connectionOptions, connectPostgres, MIGRATIONS_DIR, type Database, type Db, type Executor } from './client';
import { rootMessage, sqlStateOf } from './errors';
import { rowsOf } from './rows';

// Hand-written instead of drizzle's migrator: that one creates its schema and table, and reads what was applied,
// outside its transaction, so concurrent starters need a session advisory lock around it, which PgBouncer in
// transaction mode cannot hold (another client's statement may run on that backend, the unlock on another). Here
// everything, lock included, happens in ONE transaction: `pg_advisory_xact_lock` serializes the runs and is released
// by COMMIT or ROLLBACK, and a failing migration rolls back the whole run. The table and its semantics are drizzle's
// (drizzle-orm/pg-core/dialect migrate()), so databases migrated by either one keep working with the other.

/** Serializes migration runs across processes (transaction-scoped advisory lock key). */
export const MIGRATION_LOCK = 7_311_042;
const TABLE = sql`"drizzle"."__drizzle_migrations"`;

/** A migration file failed to apply; nothing of the run was kept. */
export class MigrationFailedError extends Error {}

/** The database lacks migrations and this process does not migrate (MIGRATE_ON_START=false). */
export class MigrationsPendingError extends Error {}

/** The journal's migrations with their tags (readMigrationFiles keeps only the SQL, hash and timestamp). */
function migrationsIn(folder: string): Array<MigrationMeta & { tag: string }> {
  const files = readMigrationFiles({ migrationsFolder: folder });
  const journal = (JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> }).entries;
  return files.map((m, i) => ({ ...m, tag: journal[i].tag }));
}

/** created_at of the newest applied migration (drizzle's rule: later journal timestamps are pending); null if none. */
async function lastApplied(db: Executor): Promise<number | null> {
  const [present] = rowsOf<{ table: string | null }>(await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as table`));
  if (!present.table) return null;
  const [last] = rowsOf<{ created_at: string | null }>(await db.execute(sql`select max(created_at)::text as created_at from ${TABLE}`));
  return last.created_at === null ? null : Number(last.created_at);
}

const pendingAfter = <T extends MigrationMeta>(all: T[], last: number | null) => all.filter((m) => last === null || m.folderMillis > last);

/** How a migration run waits for table locks. */
export interface MigrationOptions {
  /** Longest one statement waits for a lock (MIGRATION_LOCK_TIMEOUT_MS); default 5 s. */
  lockTimeoutMs?: number;
  /** Runs before giving up when a lock was not granted (default 3), waiting backoffMs, then twice that, … between them. */
  attempts?: number;
  backoffMs?: number;
}

/** A statement of migration `tag` waited longer than lock_timeout (SQLSTATE 55P03): the run rolled back and may be retried. */
class LockNotGranted extends Error {
  constructor(readonly tag: string, readonly pending: number, cause: unknown) {
    super(rootMessage(cause));
  }
}

async function applyOnce(db: Db, all: Array<MigrationMeta & { tag: string }>, lockTimeoutMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    // After the advisory lock (waiting for another run is expected). An ALTER queued for a lock puts every later query
    // on its table in the queue behind it: better to give up quickly and try again than to stall the application.
    await tx.execute(sql`select set_config('lock_timeout', ${`${lockTimeoutMs}ms`}, true)`);
    await tx.execute(sql`create schema if not exists "drizzle"`);
    await tx.execute(sql`create table if not exists ${TABLE} (id serial primary key, hash text not null, created_at bigint)`);
    const pending = pendingAfter(all, await lastApplied(tx));
    for (const migration of pending) {
      try {
        for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      } catch (e) {
        if (sqlStateOf(e) === '55P03') throw new LockNotGranted(migration.tag, pending.length, e);
        throw new MigrationFailedError(`${migration.tag} failed, so none of the ${pending.length} pending migration(s) was applied: ${rootMessage(e)}`);
      }
      await tx.execute(sql`insert into ${TABLE} (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`);
    }
    return pending.length;
  });
}

/**
 * Applies the pending migrations of `folder` in one transaction and returns how many it applied. Concurrent runs
 * wait for each other and then find nothing left to do; a failure (MigrationFailedError) leaves the database as it was.
 * A statement that cannot get its table lock within options.lockTimeoutMs rolls the run back, which is retried with
 * backoff, then given up (MigrationFailedError naming the migration and MIGRATION_LOCK_TIMEOUT_MS).
 */
export async function applyMigrations(db: Db, folder = MIGRATIONS_DIR, options: MigrationOptions = {}): Promise<number> {
  const { lockTimeoutMs = 5000, attempts = 3, backoffMs = 1000 } = options;
  const all = migrationsIn(folder);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await applyOnce(db, all, lockTimeoutMs);
    } catch (e) {
      if (!(e instanceof LockNotGranted)) throw e;
      if (attempt >= attempts) {
        throw new MigrationFailedError(`${e.tag} waited more than ${lockTimeoutMs} ms (MIGRATION_LOCK_TIMEOUT_MS) for a table lock `
          + `in each of ${attempts} tries, so none of the ${e.pending} pending migration(s) was applied: a long query or open `
          + `transaction holds a conflicting lock (see pg_locks / pg_stat_activity); run it again when that is over (${e.message})`);
      }
      await sleep(backoffMs * 2 ** (attempt - 1));
    }
  }
}

/** How many migrations of `folder` the database has not applied yet. */
export async function pendingMigrations(db: Db, folder = MIGRATIONS_DIR): Promise<number> {
  return pendingAfter(migrationsIn(folder), await lastApplied(db)).length;
}

/**
 * Runs fn on a connection of its own at DATABASE_MIGRATION_URL (a direct connection for migrations and cross-process
 * locks; default DATABASE_URL), opened for fn and closed after: a transaction held there for long never takes a slot
 * of the pool requests use. PGlite has one connection and one process: fn gets the database's handle.
 */
export async function onMigrationConnection<T>(config: Config, database: Database, fn: (db: Db) => Promise<T>): Promise<T> {
  const url = config.databaseMigrationUrl;
  if (database.kind === 'pglite' || !url) return fn(database.db);
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = await connectPostgres(url, 'DATABASE_MIGRATION_URL', connectionOptions(config, 1));
  try {
    return await fn(drizzle(client) as unknown as Db);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Applies pending migrations on `db` waiting for the migration lock at most MIGRATION_LOCK_TIMEOUT_MS. */
export function applyConfiguredMigrations(config: Config, db: Db): Promise<number> {
  return applyMigrations(db, MIGRATIONS_DIR, { lockTimeoutMs: config.migrationLockTimeoutMs });
}

/** Applies pending migrations on the migration connection (start-up with MIGRATE_ON_START, seed:history). */
export function migrateDatabase(config: Config, database: Database): Promise<number> {
  return onMigrationConnection(config, database, (db) => applyConfiguredMigrations(config, db));
}

/** Refuses to go on (MigrationsPendingError) when the database lacks migrations this code needs. */
export async function requireMigrated(database: Database): Promise<void> {
  const behind = await pendingMigrations(database.db);
  if (behind > 0) {
    throw new MigrationsPendingError(`the database is ${behind} migration${behind === 1 ? '' : 's'} behind: run \`npm run migrate\` `
      + '(or `node dist/src/main.js migrate`) first, or set MIGRATE_ON_START=true');
  }
}
