import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { DomainError } from '../services/errors';

/** Codes Apollo, graphql-js and our plugins raise for the client's own mistakes; kept as they are. */
const CLIENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_TRUSTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'QUERY_TOO_COMPLEX', 'UNAUTHENTICATED']);

function constraintMessages(errors: ValidationError[], path: string[] = []): string[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((m) => `${here.join('.')}: ${m.replace(/^\S+ /, '')}`);
    return [...own, ...constraintMessages(e.children ?? [], here)];
  });
}

/** graphql-js quotes offending values in coercion messages ("got invalid value {...}"); keep the reason, drop the value. */
function withoutValues(message: string): string {
  return message
    .replace(/^Context creation failed: /, '')
    .replace(/got invalid value .*?;/s, 'got an invalid value;')
    .replace(/Value ".*" does not exist in/s, 'The value does not exist in')
    .replace(/(cannot represent an invalid [\w-]+) .*$/s, '$1')
    .replace(/(cannot represent[^:]*): .*$/s, '$1')
    .slice(0, 300);
}

/**
 * The one place errors become client-visible: classified codes, safe messages, no stack traces, no input values.
 * Unknown errors are logged server-side with the request id and answered as INTERNAL_SERVER_ERROR.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (e: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code } };
  }
  if (original instanceof ArgumentValidationError) {
    const errors = original.extensions.validationErrors;
    const details = Array.isArray(errors) ? constraintMessages(errors as ValidationError[]).slice(0, 10) : ['not valid'];
    return { ...base, message: `Invalid input: ${details.join('; ')}`, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (original instanceof AuthenticationError) return { ...base, message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } };
  if (original instanceof AuthorizationError) return { ...base, message: 'Not allowed', extensions: { code: 'FORBIDDEN' } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    return { ...base, message: withoutValues(formatted.message), extensions: { code } };
  }
  // Apollo's own refusals of a malformed request carry an HTTP 4xx but no code ("provided sha does not match query",
  // "Unsupported persisted query version"): the client's mistake, said as it is.
  // (Apollo's formatted copy says INTERNAL_SERVER_ERROR for any error without a code of its own.)
  const status = original instanceof GraphQLError && original.extensions.code === undefined
    ? (original.extensions.http as { status?: number } | undefined)?.status : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    return { ...base, message: withoutValues(formatted.message), extensions: { code: 'BAD_REQUEST' } };
  }
  log(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
