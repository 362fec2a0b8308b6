import type { SQL } from 'drizzle-orm';
import type { Executor } from './client';

/**
 * Runs a raw statement and returns its rows, whichever driver is underneath: postgres.js answers an array of rows,
 * PGlite an object with `rows`. Cast numeric results in SQL (`::int`, `::float8`, `::text`) so both drivers agree.
 */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

/** The rows of a raw statement's result, whichever driver ran it (postgres.js: an array; PGlite: `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
