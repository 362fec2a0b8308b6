import { sql, type SQL } from 'drizzle-orm';

/*
 * Multi-row writes as one JSON document per table, expanded by json_to_recordset: one bind parameter per table
 * whatever the row count, the same on postgres.js and PGlite, one round trip per statement. Used by the history
 * generator and by importReturns. A table spec is its column list with SQL types ("id uuid, at timestamptz, …");
 * rows are plain objects keyed by column name, timestamptz columns given as Unix milliseconds.
 */

/** A row as sent: column name → value (timestamptz as Unix milliseconds). */
export type RecordsetRow = Record<string, unknown>;

/**
 * The column list, the select list and the json_to_recordset column definitions of a table spec: timestamptz
 * columns arrive as milliseconds and are converted (`to_timestamp(ms / 1000.0)`, exact to the millisecond).
 */
export function recordsetSql(spec: string): { columns: string; select: string; definition: string } {
  const pairs = spec.split(/,\s*/).map((c) => { const i = c.indexOf(' '); return [c.slice(0, i), c.slice(i + 1)] as const; });
  return {
    columns: pairs.map(([name]) => name).join(', '),
    select: pairs.map(([name, type]) => (type === 'timestamptz' ? `to_timestamp(${name} / 1000.0)` : name)).join(', '),
    definition: pairs.map(([name, type]) => `${name} ${type === 'timestamptz' ? 'double precision' : type}`).join(', '),
  };
}

/**
 * `insert into <table> (<columns>) select … from json_to_recordset(<rows>) as x(…) <tail>`: the rows of one table in
 * one statement (or one data-modifying CTE). `tail` may filter (`where …`), resolve conflicts or return columns.
 */
export function recordsetInsert(table: string, spec: string, rows: readonly RecordsetRow[], tail: SQL = sql``): SQL {
  const { columns, select, definition } = recordsetSql(spec);
  // One parameter per table: a json value is text, so slicing one big document per table would re-scan all of it.
  return sql`${sql.raw(`insert into ${table} (${columns}) select ${select} from json_to_recordset(`)}${JSON.stringify(rows)}${sql.raw(`::json) as x(${definition})`)} ${tail}`;
}

/** A timestamp as sent: Unix milliseconds (cheaper on both ends than formatting and parsing ISO text). */
export function stamp(ms: number | Date | null | undefined): number | null {
  if (ms === null || ms === undefined) return null;
  return Math.floor(ms instanceof Date ? ms.getTime() : ms);
}
