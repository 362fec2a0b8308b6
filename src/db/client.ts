import path from 'node:path';
import fs from 'node:fs';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
import type { Config } from '../config';
import * as schema from './schema';
import { PreparePolicy, withPreparePolicy } from './prepare-policy';
import { withTimeout } from '../timeout';

export type Schema = typeof schema;
/** The drizzle handle, whichever driver is underneath (postgres.js or PGlite). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on. */
export type Executor = Db | Tx;

/** An open database with its driver kind and a statement counter (used by tests and benchmarks). */
export interface Database {
  db: Db;
  /**
   * Where heavy read-only queries go (analytics, forecasts, reports, model training): the replica at DATABASE_READ_URL,
   * else `db`.
   * It may lag the primary, so nothing that must see a request's own writes reads here.
   */
  read: Db;
  kind: 'postgres' | 'pglite';
  /** Statements sent since start; tests read it to prove no N+1. */
  statementCount(): number;
  close(): Promise<void>;
}

/** The project root: the nearest folder above this file holding package.json (works from src/ and dist/). */
export const PROJECT_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');

/** Thrown at start-up when PostgreSQL at DATABASE_URL does not answer (refused, unknown host, timeout, login refused). */
export class DatabaseUnavailableError extends Error {}

/** host:port/database of a connection string, never its credentials. */
export function databaseWhere(url: string, variable = 'DATABASE_URL'): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname}`;
  } catch {
    return variable;
  }
}

/** How to connect to PostgreSQL; every pool (primary, replica, migrations) gets the same settings. */
export interface ConnectionOptions {
  /** Connections per pool (DATABASE_POOL_MAX). */
  poolMax?: number;
  /** DATABASE_CONNECT_TIMEOUT_MS. */
  connectTimeoutMs?: number;
  /**
   * Named prepared statements (DATABASE_PREPARE). PgBouncer in transaction mode hands consecutive statements to
   * different backends, where a statement prepared on another one does not exist: it must be off there.
   */
  prepare?: boolean;
}

/** The configuration's connection settings (DATABASE_CONNECT_TIMEOUT_MS, DATABASE_PREPARE) for a pool of `poolMax`. */
export function connectionOptions(config: Pick<Config, 'databaseConnectTimeoutMs' | 'databasePrepare'>, poolMax: number): ConnectionOptions {
  return { poolMax, connectTimeoutMs: config.databaseConnectTimeoutMs, prepare: config.databasePrepare };
}

/** Where to open the database: PostgreSQL (with an optional read replica) or, without a URL, embedded PGlite. */
export interface DatabaseOptions extends ConnectionOptions {
  /** The replica for heavy reads (DATABASE_READ_URL); null: they read the primary. */
  readUrl?: string | null;
  /** The variable `url` came from, named when it does not answer (default DATABASE_URL). */
  variable?: string;
}

/**
 * A postgres.js pool at `url` that has answered `select 1` (DatabaseUnavailableError naming `variable` otherwise).
 */
export async function connectPostgres(url: string, variable: string, options: ConnectionOptions): Promise<Sql> {
  const { default: postgres } = await import('postgres');
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const sql = postgres(url, {
    max: options.poolMax ?? 10,
    prepare: options.prepare ?? true,
    // In seconds; also bounds every later connection attempt (a pool refilling after a failover).
    connect_timeout: connectTimeoutMs / 1000,
    onnotice: () => undefined,
    connection: { application_name: 'boomerang' },
  });
  await checkReachable(sql, url, variable, connectTimeoutMs).catch(async (e: unknown) => {
    await sql.end({ timeout: 0 }).catch(() => undefined);
    throw e;
  });
  return sql;
}

/**
 * One `select 1`, given connectTimeoutMs (plus a second for the query itself): a host that accepts connections and
 * never answers ends start-up with a line naming it instead of a silent hang.
 */
async function checkReachable(sql: { (strings: TemplateStringsArray): PromiseLike<unknown> }, url: string, variable: string, connectTimeoutMs: number): Promise<void> {
  try {
    await withTimeout(sql`select 1`, connectTimeoutMs + 1000, `no answer within ${connectTimeoutMs / 1000} s (DATABASE_CONNECT_TIMEOUT_MS)`);
  } catch (e) {
    const password = (() => { try { return decodeURIComponent(new URL(url).password); } catch { return ''; } })();
    let reason = e instanceof Error ? e.message : String(e);
    if ((e as { code?: string }).code === 'CONNECT_TIMEOUT') reason = `no answer within ${connectTimeoutMs / 1000} s (DATABASE_CONNECT_TIMEOUT_MS)`;
    if (password) reason = reason.split(password).join('***');
    throw new DatabaseUnavailableError(`cannot use PostgreSQL at ${databaseWhere(url, variable)} (${variable}): ${reason}`);
  }
}

/**
 * Opens PostgreSQL at `url` (and the replica at options.readUrl) and checks that each answers within the connect
 * timeout (DatabaseUnavailableError otherwise), or an embedded PGlite under `dataDir` when url is null.
 */
export async function openDatabase(url: string | null, dataDir: string, options: DatabaseOptions = {}): Promise<Database> {
  let statements = 0;
  const count = () => { statements += 1; };
  if (url) {
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const sql = await connectPostgres(url, options.variable ?? 'DATABASE_URL', options);
    let replica: Sql | null = null;
    try {
      replica = options.readUrl ? await connectPostgres(options.readUrl, 'DATABASE_READ_URL', options) : null;
    } catch (e) {
      await sql.end({ timeout: 0 }).catch(() => undefined);
      throw e;
    }
    // drizzle's statements are prepared once they repeat (src/db/prepare-policy.ts), unless DATABASE_PREPARE=false.
    // They are counted there too (statementCount).
    const db = drizzle(withPreparePolicy(sql, new PreparePolicy(), count), { schema }) as unknown as Db;
    const read = replica ? drizzle(withPreparePolicy(replica, new PreparePolicy(), count), { schema }) as unknown as Db : db;
    const close = async () => {
      await Promise.all([sql.end({ timeout: 5 }), replica?.end({ timeout: 5 })]);
    };
    return { db, read, kind: 'postgres', statementCount: () => statements, close };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { cube } = await import('@electric-sql/pglite/contrib/cube');
  const { drizzle } = await import('drizzle-orm/pglite');
  fs.mkdirSync(dataDir, { recursive: true });
  // contrib `cube`, which PGlite ships: the drop-off location search's GiST index (migrations/0014) needs it.
  const client = await PGlite.create(path.resolve(dataDir, 'pglite'), { extensions: { cube } });
  const db = drizzle(client, { schema, logger: { logQuery: count } }) as unknown as Db;
  return { db, read: db, kind: 'pglite', statementCount: () => statements, close: () => client.close() };
}
