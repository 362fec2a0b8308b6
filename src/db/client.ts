import path from 'node:path';
import fs from 'node:fs';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import * as schema from './schema';

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
  kind: 'postgres' | 'pglite';
  /** Statements sent since start; tests read it to prove no N+1. */
  statementCount(): number;
  /** Runs fn while holding a cluster-wide advisory lock (no-op lock on PGlite, which has one connection). */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
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
export function databaseWhere(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * One `select 1`, given connectTimeoutMs (plus a second for the query itself): a host that accepts connections and
 * never answers ends start-up with a line naming it instead of a silent hang.
 */
async function checkReachable(sql: { (strings: TemplateStringsArray): PromiseLike<unknown> }, url: string, connectTimeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${connectTimeoutMs / 1000} s (DATABASE_CONNECT_TIMEOUT_MS)`)), connectTimeoutMs + 1000);
  });
  try {
    await Promise.race([sql`select 1`, timeout]);
  } catch (e) {
    const password = (() => { try { return decodeURIComponent(new URL(url).password); } catch { return ''; } })();
    let reason = e instanceof Error ? e.message : String(e);
    if ((e as { code?: string }).code === 'CONNECT_TIMEOUT') reason = `no answer within ${connectTimeoutMs / 1000} s (DATABASE_CONNECT_TIMEOUT_MS)`;
    if (password) reason = reason.split(password).join('***');
    throw new DatabaseUnavailableError(`cannot use PostgreSQL at ${databaseWhere(url)} (DATABASE_URL): ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens PostgreSQL at `url` and checks that it answers within connectTimeoutMs (DatabaseUnavailableError otherwise),
 * or an embedded PGlite under `dataDir` when url is null.
 */
export async function openDatabase(url: string | null, dataDir: string, poolSize = 10, connectTimeoutMs = 10_000): Promise<Database> {
  let statements = 0;
  if (url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const sql = postgres(url, {
      max: poolSize,
      // In seconds; also bounds every later connection attempt (a pool refilling after a failover).
      connect_timeout: connectTimeoutMs / 1000,
      onnotice: () => undefined,
      debug: () => { statements += 1; },
      connection: { application_name: 'boomerang' },
    });
    await checkReachable(sql, url, connectTimeoutMs).catch(async (e: unknown) => {
      await sql.end({ timeout: 0 }).catch(() => undefined);
      throw e;
    });
    const db = drizzle(sql, { schema }) as unknown as Db;
    const withLock = async <T>(key: number, fn: () => Promise<T>): Promise<T> => {
      const conn = await sql.reserve();
      try {
        await conn`select pg_advisory_lock(${key})`;
        return await fn();
      } finally {
        await conn`select pg_advisory_unlock(${key})`.catch(() => undefined);
        conn.release();
      }
    };
    return { db, kind: 'postgres', statementCount: () => statements, withLock, close: () => sql.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(path.resolve(dataDir, 'pglite'));
  const db = drizzle(client, { schema, logger: { logQuery: () => { statements += 1; } } }) as unknown as Db;
  return { db, kind: 'pglite', statementCount: () => statements, withLock: (_key, fn) => fn(), close: () => client.close() };
}
