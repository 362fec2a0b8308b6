import { isUuid } from '../domain/ids';
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

interface PreparedLike<R> { execute(values?: Record<string, unknown>): Promise<R>; params: unknown[]; client: unknown }
type Session = { client: unknown; options: object };

/**
 * A drizzle statement built once — `sql.placeholder('name')` for everything that varies — and run on whichever handle a
 * call has: the pool, or the transaction the call runs in. drizzle binds a prepared query to the handle that built it,
 * so `.prepare()` alone helps only statements that always run on the pool; here the built query (text, parameter
 * order, result mapping) is kept and only the connection changes per call. What it saves: building the statement
 * (drizzle's query builder is most of a write's CPU in the gateway: docs/benchmarks.md). On postgres.js it is a named
 * prepared statement unless DATABASE_PREPARE=false.
 *
 * A value drizzle fills in while building (a column's `$defaultFn`, such as a new row's id) would be built in once and
 * reused by every call: inserts pass a placeholder for every such column, and a parameter built in that looks like a
 * uuid refuses to run.
 */
export function builtOnce<V extends Record<string, unknown>, R>(
  name: string, build: (db: Executor) => { prepare(name: string): unknown },
): (db: Executor, values: V) => Promise<R> {
  // One built query per database: a handle's transactions share its session options (drizzle hands them on), while
  // another database (a test's second one, PGlite next to postgres.js) has its own driver, logger and cache.
  const perDatabase = new WeakMap<object, PreparedLike<R>>();
  return async (db, values) => {
    const session = (db as unknown as { session: Session }).session;
    let prepared = perDatabase.get(session.options);
    if (!prepared) {
      const built = build(db).prepare(name) as PreparedLike<R>;
      const fixed = built.params.find(isUuid);
      if (fixed !== undefined) throw new Error(`builtOnce(${name}): the value ${String(fixed)} was built into the statement; pass it as a placeholder`);
      prepared = built;
      perDatabase.set(session.options, prepared);
    }
    const run = Object.create(prepared) as PreparedLike<R>;
    run.client = session.client;
    return run.execute(values);
  };
}
