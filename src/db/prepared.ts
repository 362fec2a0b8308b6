import type { Executor } from './client';

/**
 * A statement built once per database handle (drizzle binds a prepared query to the handle that made it), so a hot path
 * skips drizzle's query building on every call. On postgres.js it is also a named prepared statement when
 * DATABASE_PREPARE allows (PgBouncer in transaction mode: off, and it is sent unnamed, as every other statement).
 */
export function preparedPer<P>(build: (db: Executor) => P): (db: Executor) => P {
  const built = new WeakMap<Executor, P>();
  return (db) => {
    let p = built.get(db);
    if (p === undefined) {
      p = build(db);
      built.set(db, p);
    }
    return p;
  };
}
