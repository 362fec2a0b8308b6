/** A partner failure worth retrying: 5xx, 429, timeouts, connection errors, unreadable answers to a retryable call. */
export class TransientPartnerError extends Error {
  constructor(message: string, readonly status?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientPartnerError';
  }
}

/** A partner's permanent refusal: 4xx (other than 408/429) or a validation failure. Retrying cannot help. */
export class PermanentPartnerError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'PermanentPartnerError';
  }
}

/**
 * True when a fetch was aborted by its `AbortSignal.timeout`. By name, not `instanceof`: the abort reason is a
 * DOMException, which is no Error of another realm (jest's VM).
 */
export function isTimeout(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'TimeoutError';
}
