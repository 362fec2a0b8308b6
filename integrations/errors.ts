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
