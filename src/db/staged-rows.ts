import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './client';
import { jsonRecordset } from './json-rows';

/*
 * Many rows as the source of one set-based statement, at COPY speed. On postgres.js the rows are COPYed (text format)
 * into a temporary table created in the caller's transaction (ON COMMIT DROP, and dropped again once used): session
 * state that lives only inside one transaction, so it is safe behind PgBouncer in transaction mode and needs no
 * prepared statement. PostgreSQL parses COPY text about twice as fast as json_to_recordset. Elsewhere (PGlite, which
 * has no COPY FROM STDIN here) the rows go as one json_to_recordset parameter, as before.
 */

/** Column name → SQL type, in table order (keys = the row objects' keys). */
export type StagedColumns = Record<string, string>;

/** The postgres.js transaction (or savepoint) handle under a drizzle transaction, when there is one. */
interface CopyClient {
  unsafe(query: string): { writable(): Promise<NodeJS.WritableStream>; simple(): PromiseLike<unknown> } & PromiseLike<unknown>;
}

function copyClient(db: Executor): CopyClient | null {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client as { unsafe?: unknown; savepoint?: unknown } | undefined;
  // Only a transaction's handle (it has `savepoint`; the pool has not) keeps one connection for the temporary table.
  return client && typeof client.unsafe === 'function' && typeof client.savepoint === 'function' ? client as CopyClient : null;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in COPY text format: \N for null, booleans t/f, objects as JSON, special characters escaped. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v);
  return /[\\\n\r\t]/.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : s;
}

/** The rows as COPY text. */
export function copyText(rows: ReadonlyArray<Record<string, unknown>>, columns: StagedColumns): string {
  const names = Object.keys(columns);
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < names.length; i++) out += (i ? '\t' : '') + copyValue(row[names[i]]);
    out += '\n';
  }
  return out;
}

/** Staging tables in use (nested uses get their own): names repeat, so statement texts (and prepared statements) do. */
let depth = 0;

/** Below this many rows one json_to_recordset parameter is as fast as three more statements (create, COPY, drop). */
export const STAGE_MIN_ROWS = 500;

/**
 * Runs `use` with a FROM item (`<source> as r`) holding `rows` with these columns: a temporary table filled by COPY
 * when `db` is a postgres.js transaction and there are at least STAGE_MIN_ROWS rows, else json_to_recordset. `use` runs one or more statements reading it.
 */
export async function withStagedRows<T>(
  db: Executor, rows: ReadonlyArray<Record<string, unknown>>, columns: StagedColumns, use: (from: SQL) => Promise<T>,
): Promise<T> {
  const client = rows.length >= STAGE_MIN_ROWS ? copyClient(db) : null;
  if (!client) return use(jsonRecordset(rows, columns));
  const table = `pg_temp.bulk_stage_${depth}`;
  // One left behind by a failed use earlier in this transaction goes first; pg_temp names only a temporary table.
  await client.unsafe(`drop table if exists ${table}; create temporary table ${table} (${Object.entries(columns).map(([n, t]) => `${n} ${t}`).join(', ')}) on commit drop`).simple();
  const writable = await client.unsafe(`copy ${table} (${Object.keys(columns).join(', ')}) from stdin`).writable();
  await new Promise<void>((resolve, reject) => {
    writable.on('error', reject);
    writable.on('finish', resolve);
    writable.end(copyText(rows, columns));
  });
  depth += 1;
  try {
    const result = await use(sql.raw(`${table} as r`));
    await client.unsafe(`drop table ${table}`);
    return result;
  } finally {
    depth -= 1;
  }
}
