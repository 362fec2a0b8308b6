/** A driver error's fields (postgres.js names the constraint `constraint_name`, PGlite `constraint`). */
interface DriverError { code?: unknown; constraint_name?: string; constraint?: string }

/** err and every error it wraps: drizzle wraps the driver's error as `cause` of "Failed query: …". */
function* causeChain(err: unknown): Generator<DriverError> {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    yield e as DriverError;
  }
}

/** True when err (or the driver error drizzle wrapped in `cause`) is a unique violation of `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (const pg of causeChain(err)) {
    if (pg.code === '23505' && (pg.constraint_name ?? pg.constraint) === constraint) return true;
  }
  return false;
}

/** deadlock_detected and serialization_failure: PostgreSQL rolled the whole transaction back, and running it again may succeed. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

/** True when err (or what it wraps) is a deadlock or serialization failure, after which the whole transaction may run again. */
export function isRetryableTransactionError(err: unknown): boolean {
  for (const pg of causeChain(err)) {
    if (typeof pg.code === 'string' && RETRYABLE_SQLSTATES.has(pg.code)) return true;
  }
  return false;
}
