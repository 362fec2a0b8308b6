/** A driver error's fields (postgres.js names the constraint `constraint_name`, PGlite `constraint`). */
interface DriverError { code?: unknown; constraint_name?: string; constraint?: string; syscall?: unknown }

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

/** Five characters of digits and capitals: a SQLSTATE (a Node system error such as EPIPE carries `syscall` as well). */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The SQLSTATE of the first PostgreSQL error in err's cause chain, or null (a connection or JavaScript error). */
export function sqlStateOf(err: unknown): string | null {
  for (const e of causeChain(err)) {
    if (typeof e.code === 'string' && SQLSTATE.test(e.code) && e.syscall === undefined) return e.code;
  }
  return null;
}

/**
 * What a lost or refused database connection is called: postgres.js's own codes, the socket's (Node), and PostgreSQL's
 * connection_exception class (08…) and shutdown codes (57P01 admin, 57P02 crash, 57P03 cannot connect now).
 */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
]);

/** True when err (or what it wraps) says the database could not be reached or the connection was lost. */
export function isConnectionError(err: unknown): boolean {
  for (const e of causeChain(err)) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  }
  const state = sqlStateOf(err);
  return state !== null && (state.startsWith('08') || state.startsWith('57P0'));
}

/** The message of the innermost error err wraps (the driver's "relation … does not exist", not drizzle's "Failed query"). */
export function rootMessage(err: unknown): string {
  let message = String(err);
  for (const e of causeChain(err)) if (e instanceof Error) message = e.message;
  return message;
}
