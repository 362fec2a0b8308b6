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

/** SQLSTATEs of data PostgreSQL refuses (classes 22 data exception and 23 integrity violation), by condition name. */
const REFUSAL_CONDITIONS: Record<string, string> = {
  '22001': 'string_data_right_truncation', '22003': 'numeric_value_out_of_range', '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow', '22021': 'character_not_in_repertoire', '22P02': 'invalid_text_representation',
  '22P05': 'untranslatable_character', '23502': 'not_null_violation', '23503': 'foreign_key_violation',
  '23505': 'unique_violation', '23514': 'check_violation', '23P01': 'exclusion_violation',
};

/** PostgreSQL refused the data of a statement (not the connection, not a lock): what to tell the sender, safely. */
export interface DataRefusal { sqlState: string; condition: string; constraint: string | null; table: string | null; column: string | null }

/**
 * The refusal when err (or what it wraps) is a data exception (SQLSTATE class 22) or an integrity constraint violation
 * (class 23): the same statement with other rows might pass. Only names (condition, constraint, table, column), never
 * the statement, the values or PostgreSQL's message, so it can be shown to the sender of the data.
 */
export function dataRefusal(err: unknown): DataRefusal | null {
  for (const e of causeChain(err)) {
    const state = typeof e.code === 'string' && SQLSTATE.test(e.code) && e.syscall === undefined ? e.code : null;
    if (!state || !(state.startsWith('22') || state.startsWith('23'))) continue;
    const pg = e as DriverError & { table_name?: string; table?: string; column_name?: string; column?: string };
    const name = (v: unknown) => (typeof v === 'string' && v ? v : null);
    return {
      sqlState: state, condition: REFUSAL_CONDITIONS[state] ?? (state.startsWith('22') ? 'data_exception' : 'integrity_constraint_violation'),
      constraint: name(pg.constraint_name ?? pg.constraint), table: name(pg.table_name ?? pg.table), column: name(pg.column_name ?? pg.column),
    };
  }
  return null;
}
