import type { Sql } from 'postgres';

/*
 * Which of drizzle's statements postgres.js prepares.
 *
 * drizzle sends every statement not built with `.prepare(name)` as unnamed (`prepare: false`). postgres.js describes
 * an unnamed statement that has parameters before it binds it: Parse + Describe, wait for the parameter types, then
 * Bind + Execute — two round trips and two socket writes per statement, and PostgreSQL parses and plans it every
 * time. A named prepared statement costs that once per connection; after that it goes out in one write and is planned
 * from PostgreSQL's plan cache.
 *
 * Preparing every text would let the texts that vary (IN lists of every length, multi-row inserts) pile up as
 * prepared statements on every connection for as long as it lives, in postgres.js and in the server. So a text is
 * prepared from its second use, and at most `limit` texts are ever prepared by one process; later texts run unnamed,
 * as before. The texts the code repeats (one per query shape) are met first and take the places. postgres.js
 * forgets a connection's statements when it replaces the connection (`max_lifetime`, 30–60 minutes).
 *
 * DATABASE_PREPARE=false (PgBouncer in transaction mode) turns preparing off in postgres.js itself, which this does
 * not override. Statements without parameters are left as they are: postgres.js sends them in one round trip anyway.
 * A hand-written module: drizzle 0.45 has no hook for it, and postgres.js keeps no bound on its statement cache.
 */
export class PreparePolicy {
  private readonly prepared = new Set<string>();
  private seen = new Set<string>();

  /** `limit`: texts ever prepared; `seenLimit`: texts remembered as used once (forgotten all at once when full). */
  constructor(readonly limit = 1000, private readonly seenLimit = 10_000) {}

  /** Whether to prepare `text` now (its second use or later, while there is room). */
  shouldPrepare(text: string): boolean {
    if (this.prepared.has(text)) return true;
    if (this.prepared.size >= this.limit) return false;
    if (this.seen.has(text)) {
      this.seen.delete(text);
      this.prepared.add(text);
      return true;
    }
    if (this.seen.size >= this.seenLimit) this.seen = new Set();
    this.seen.add(text);
    return false;
  }

  /** How many texts are prepared (for tests and the bench). */
  get preparedCount(): number {
    return this.prepared.size;
  }
}

type UnsafeOptions = { prepare?: boolean } & Record<string, unknown>;

/**
 * Texts with more parameters are left unnamed: those are the ones whose text varies with their data (IN lists of a
 * batch's length, multi-row inserts) and would otherwise take the places of texts that repeat.
 */
const MAX_PREPARED_PARAMETERS = 32;
type AnySql = Sql & { savepoint?: unknown };
type Callable = (...args: unknown[]) => unknown;

/**
 * `sql` as drizzle (and the app's fast reads) see it: `unsafe` with parameters asks `policy` whether to prepare; every
 * statement sent is counted by `onStatement` (each query, and a transaction's or savepoint's opening and closing
 * statements); the transactions, savepoints and reserved connections it hands out do the same. Everything else is
 * postgres.js's own.
 *
 * Counting here rather than with postgres.js's `debug` option: with `debug` set, postgres.js captures a stack trace
 * (`new Error()`) for every query it builds, a measurable share of a request's CPU.
 */
export function withPreparePolicy<T extends Sql>(sql: T, policy: PreparePolicy, onStatement: () => void = () => undefined): T {
  return wrap(sql as AnySql, policy, onStatement) as unknown as T;
}

function wrap(sql: AnySql, policy: PreparePolicy, onStatement: () => void): AnySql {
  const unsafe = (query: string, params?: unknown[] | UnsafeOptions, options?: UnsafeOptions) => {
    onStatement();
    // unsafe(query, options) is postgres.js's two-argument form.
    if (params !== undefined && !Array.isArray(params)) return sql.unsafe(query, undefined, params);
    if (options?.prepare === true) return sql.unsafe(query, params as never, options);
    const prepare = params !== undefined && params.length > 0 && params.length <= MAX_PREPARED_PARAMETERS && policy.shouldPrepare(query);
    return sql.unsafe(query, params as never, prepare ? { ...options, prepare: true } : options);
  };
  // begin(fn) or begin(options, fn); savepoint(fn) or savepoint(name, fn): the callback is last. A transaction sends
  // BEGIN and then COMMIT or ROLLBACK; a savepoint (postgres.js 3.4) SAVEPOINT, and ROLLBACK TO only when it fails.
  const scoped = (open: Callable, closes: 'always' | 'onFailure') => (...args: unknown[]) => {
    const fn = args[args.length - 1];
    if (typeof fn !== 'function') return open(...args);
    onStatement();
    const done = open(...args.slice(0, -1), (tx: AnySql) => fn(wrap(tx, policy, onStatement))) as Promise<unknown>;
    return closes === 'always' ? done.finally(onStatement) : done.catch((e: unknown) => { onStatement(); throw e; });
  };
  const reserve = (open: Callable) => async () => wrap(await (open() as Promise<AnySql>), policy, onStatement);
  return new Proxy(sql, {
    apply(target, thisArg, args) {
      onStatement();
      return Reflect.apply(target as unknown as Callable, thisArg, args);
    },
    get(target, prop, receiver) {
      if (prop === 'unsafe') return unsafe;
      const value = Reflect.get(target, prop, receiver) as Callable | undefined;
      if (typeof value !== 'function') return value;
      if (prop === 'begin') return scoped(value.bind(target), 'always');
      if (prop === 'savepoint') return scoped(value.bind(target), 'onFailure');
      if (prop === 'reserve') return reserve(value.bind(target));
      return value;
    },
  });
}
