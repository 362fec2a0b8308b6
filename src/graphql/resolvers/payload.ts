import type { Outcome } from '../../services/errors';

/** Maps a service outcome to a payload object: the value under `key` (null on failure) plus userErrors. */
export function toPayload<P, T>(outcome: Outcome<T>, key: string, map: (v: T) => unknown = (v) => v): P {
  const body = outcome.ok ? { [key]: map(outcome.value), userErrors: [] } : { [key]: null, userErrors: outcome.userErrors };
  return body as P;
}
