import { webhookHeaders } from '../src/domain/webhook-signature';
import { PermanentPartnerError, TransientPartnerError } from './errors';

/** What every adapter knows about the partner it calls. */
export interface PartnerEndpoint {
  id: string;
  endpoint: string;
  signingSecret: string;
  settings: Record<string, unknown>;
  /** Per-call timeout; defaults to 10 s. */
  timeoutMs?: number;
}

/** Options for one signed partner call. */
export interface PartnerCall {
  method?: 'POST' | 'PUT' | 'GET' | 'DELETE';
  path?: string;
  body?: unknown;
  /** The integration job id: the partner must treat repeats of this key as the same request. */
  idempotencyKey: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  now?: Date;
}

const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * Sends a JSON request signed per Standard Webhooks with an Idempotency-Key, and classifies failures:
 * network errors, timeouts, 5xx and 408/425/429 are transient; other 4xx are permanent. Returns the parsed JSON body
 * (or null for an empty one); a 2xx with a body that is not JSON is transient (the partner may be mid-deploy).
 */
export async function callPartner<T = unknown>(partner: PartnerEndpoint, call: PartnerCall): Promise<T | null> {
  const body = call.body === undefined ? '' : JSON.stringify(call.body);
  const url = new URL(call.path ?? '', partner.endpoint.endsWith('/') ? partner.endpoint : `${partner.endpoint}/`);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': call.idempotencyKey,
    'user-agent': 'Boomerang/0.1',
    ...webhookHeaders(partner.signingSecret, call.idempotencyKey, body, call.now ?? new Date()),
    ...call.headers,
  };
  let res: Response;
  try {
    res = await fetch(url, { method: call.method ?? 'POST', headers, body: body || undefined, signal: AbortSignal.timeout(call.timeoutMs ?? partner.timeoutMs ?? 10_000) });
  } catch (e) {
    const reason = e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'connection failed';
    throw new TransientPartnerError(`${call.method ?? 'POST'} ${url.pathname}: ${reason}`);
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500 || RETRYABLE_4XX.has(res.status)) throw new TransientPartnerError(`${url.pathname}: HTTP ${res.status}`, res.status);
  if (res.status >= 400) throw new PermanentPartnerError(`${url.pathname}: HTTP ${res.status}${text ? ` ${text.slice(0, 200)}` : ''}`, res.status);
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new TransientPartnerError(`${url.pathname}: answer is not JSON`);
  }
}
