import type { UserErrorCode } from '../domain/user-error-codes';

export type { UserErrorCode } from '../domain/user-error-codes';

/** Top-level error codes a client can see (Apollo `extensions.code`). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'QUERY_TOO_COMPLEX' | 'PARTNER_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

/** A thrown, classified failure; mapped once in Apollo's formatError. Its message is safe to show. */
export class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Malformed input: wrong shape, out of range, unknown id format. */
export class BadInputError extends DomainError {
  constructor(message: string, readonly field?: string[]) { super('BAD_USER_INPUT', message); }
}

/** No valid credentials where some are required. */
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required') { super('UNAUTHENTICATED', message); }
}

/** Valid credentials without the right to do this. */
export class ForbiddenError extends DomainError {
  constructor(message = 'Not allowed') { super('FORBIDDEN', message); }
}

/** The object does not exist or is not visible to the caller (the two are not told apart). */
export class NotFoundError extends DomainError {
  constructor(what = 'Object') { super('NOT_FOUND', `${what} not found`); }
}

/** A partner a read depends on (the merchant's stock) did not answer in time or failed; trying again later may work. */
export class PartnerUnavailableError extends DomainError {
  constructor(message: string) { super('PARTNER_UNAVAILABLE', message); }
}

/** A business-rule outcome returned to the client as a userError with a stable code (a value of UserErrorCode). */
export interface UserError {
  field: string[] | null;
  message: string;
  code: UserErrorCode;
}

/** Result of a service call that may fail on business rules. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; userErrors: UserError[] };

/** Builds a failed outcome with one userError. */
export function fail<T = never>(code: UserErrorCode, message: string, field: string[] | null = null): Outcome<T> {
  return { ok: false, userErrors: [{ code, message, field }] };
}

/** Builds a successful outcome. */
export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/** Thrown inside a transaction to roll it back and surface userErrors. */
export class UserErrorAbort extends Error {
  constructor(readonly userErrors: UserError[]) { super('user error'); }
}

/** Throws one userError inside a transaction: `runMutation` rolls back and returns it. */
export function abort(code: UserErrorCode, message: string, field: string[] | null = null): never {
  throw new UserErrorAbort([{ code, message, field }]);
}
