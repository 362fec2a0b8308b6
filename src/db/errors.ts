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

/** Why PostgreSQL rolled a whole transaction back where running it again may succeed. */
export type TransactionAbortReason = 'deadlock' | 'serialization_failure';

const RETRYABLE_SQLSTATES: Record<string, TransactionAbortReason> = { '40P01': 'deadlock', '40001': 'serialization_failure' };

/** The reason when err (or what it wraps) is a deadlock or serialization failure, after which the whole transaction may run again; else null. */
export function transactionAbortReason(err: unknown): TransactionAbortReason | null {
  for (const pg of causeChain(err)) {
    if (typeof pg.code === 'string' && Object.hasOwn(RETRYABLE_SQLSTATES, pg.code)) return RETRYABLE_SQLSTATES[pg.code];
  }
  return null;
}
