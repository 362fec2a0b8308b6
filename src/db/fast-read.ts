import { getTableColumns, getTableName, type Column, type InferSelectModel, type Table } from 'drizzle-orm';
import type { Executor } from './client';

/*
 * Fixed SQL for the hottest reads (a page of returns, their items, the items' order lines: every returns page and
 * every Return a client polls), run on the executor's own driver connection with rows decoded by the drizzle table's
 * own column decoders.
 *
 * Why not drizzle's query builder there: it builds each statement afresh (SQL chunks, `is()` checks, parameter
 * lists) and sends it unnamed, so postgres.js describes it first — two round trips for every statement with
 * parameters. With one fixed text per statement (ids as one array parameter, `= any($1::uuid[])`), postgres.js
 * prepares it once per connection and then sends it in one round trip; DATABASE_PREPARE=false (PgBouncer in
 * transaction mode) turns that off at the client, as for every other statement. The executor may be a transaction
 * (the request's read snapshot): the statement runs on its connection, as drizzle's would.
 */

interface Session {
  client: unknown;
  logger: { logQuery(query: string, params: unknown[]): void };
}
type PostgresJs = { unsafe(query: string, params: unknown[]): { values(): Promise<unknown[][]> } };
type PGliteLike = { query(query: string, params: unknown[], options: { rowMode: 'array' }): Promise<{ rows: unknown[][] }> };

/** Runs `text` with `params` on the executor's connection (postgres.js or PGlite) and answers rows as value arrays. */
export async function selectValues(db: Executor, text: string, params: unknown[]): Promise<unknown[][]> {
  const session = (db as unknown as { session: Session }).session;
  // drizzle's logger is how the PGlite database counts statements; postgres.js counts them in its debug hook.
  session.logger.logQuery(text, params);
  const client = session.client;
  if (typeof client === 'function' && 'unsafe' in client) return (client as PostgresJs).unsafe(text, params).values();
  return (await (client as PGliteLike).query(text, params, { rowMode: 'array' })).rows;
}

/** A table's columns as a select list and a decoder from value arrays to the row drizzle's `select()` answers. */
export interface RowColumns<T> {
  /** `"q"."col", …` in the order `read` expects. */
  list: string;
  count: number;
  /** The row at `values[offset …]`, each column decoded as drizzle decodes it (null stays null). */
  read(values: readonly unknown[], offset?: number): T;
}

/**
 * The select list and decoder of `table`'s columns, qualified by `qualifier` (default: the table's name): all of them,
 * or only those named in `only` (drizzle keys, in the table's order; an unknown key throws), for a row that carries just
 * what its reader uses.
 */
export function rowColumns<T extends Table>(table: T, qualifier: string = getTableName(table), only?: readonly string[]): RowColumns<InferSelectModel<T>> {
  const all = Object.entries(getTableColumns(table)) as Array<[string, Column]>;
  const unknown = only?.find((key) => !all.some(([k]) => k === key));
  if (unknown !== undefined) throw new Error(`rowColumns: ${getTableName(table)} has no column ${unknown}`);
  const entries = only ? all.filter(([key]) => only.includes(key)) : all;
  const keys = entries.map(([key]) => key);
  const columns = entries.map(([, column]) => column);
  return {
    list: columns.map((c) => `"${qualifier}"."${c.name}"`).join(', '),
    count: columns.length,
    read(values, offset = 0) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const value = values[offset + i];
        row[keys[i]] = value === null || value === undefined ? null : columns[i].mapFromDriverValue(value);
      }
      return row as InferSelectModel<T>;
    },
  };
}

type PostgresJsBegin = { begin<T>(options: string, fn: (client: unknown) => Promise<T>): Promise<T> };

/**
 * Runs fn in a read-only REPEATABLE READ transaction. On postgres.js the isolation level and access mode travel in the
 * BEGIN statement itself (`begin isolation level repeatable read read only`), one statement where drizzle's
 * `transaction(fn, { isolationLevel, accessMode })` sends BEGIN and then SET TRANSACTION; fn still gets a drizzle
 * transaction (built as drizzle's postgres-js session builds its own). PGlite takes drizzle's way.
 */
export async function readOnlyTransaction<T>(db: Executor, fn: (tx: Executor) => Promise<T>): Promise<T> {
  const session = (db as unknown as { session: Session & { dialect: unknown; schema: unknown; options: unknown } }).session;
  if (!(typeof session.client === 'function' && 'begin' in session.client)) {
    return db.transaction(fn, { isolationLevel: 'repeatable read', accessMode: 'read only' });
  }
  const { PostgresJsSession, PostgresJsTransaction } = await import('drizzle-orm/postgres-js');
  return (session.client as PostgresJsBegin).begin('isolation level repeatable read read only', (client) => {
    const { dialect, schema, options } = session;
    const txSession = new PostgresJsSession(client as never, dialect as never, schema as never, options as never);
    return fn(new PostgresJsTransaction(dialect as never, txSession, schema as never) as unknown as Executor);
  });
}
