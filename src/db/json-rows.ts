import { sql, type SQL } from 'drizzle-orm';

/**
 * Many rows as one statement parameter: `json_to_recordset($1::json) as r(col type, …)` over the rows serialized as
 * JSON (keys = column names). A multi-row VALUES list costs a bind parameter per value, which drizzle builds one by one
 * (tens of thousands per batch in a bulk import); one JSON text is built natively and parsed by PostgreSQL at COPY-like
 * speed. Works unprepared (PgBouncer transaction mode) and on PGlite.
 */
export function jsonRecordset(rows: ReadonlyArray<Record<string, unknown>>, columns: Record<string, string>): SQL {
  const definition = sql.raw(Object.entries(columns).map(([name, type]) => `${name} ${type}`).join(', '));
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as r(${definition})`;
}

/** The column list of a recordset, for `insert into t (…) select … from`. */
export function recordsetColumns(columns: Record<string, string>): SQL {
  return sql.raw(Object.keys(columns).join(', '));
}
