import { webhookHeaders } from '../src/domain/webhook-signature';
import { PermanentPartnerError, TransientPartnerError, isTimeout } from './errors';

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

/** The socket error's code (ECONNREFUSED, UND_ERR_SOCKET, …) behind fetch's "fetch failed" TypeError, if any. */
function networkCode(e: unknown): string | undefined {
  const code = (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

// The partner closed the connection before answering: typically a pooled keep-alive connection it closed as idle
// just as this request went out on it.
const CLOSED_UNDER_US = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
// Methods HTTP defines as idempotent. Not POST: EasyPost and ShipX ignore Idempotency-Key, so a POST the partner
// performed before the connection died would be performed twice; those wait for the job's retry and its lookup.
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/**
 * Sends a JSON request signed per Standard Webhooks with an Idempotency-Key, and classifies failures:
 * network errors ("connection failed (CODE)", with the socket error as cause), timeouts, 5xx and 408/425/429 are
 * transient; other 4xx are permanent. Returns the parsed JSON body (or null for an empty one); a 2xx with a body that
 * is not JSON is transient (the partner may be mid-deploy).
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
  const method = call.method ?? 'POST';
  const signal = AbortSignal.timeout(call.timeoutMs ?? partner.timeoutMs ?? 10_000);
  const send = () => fetch(url, { method, headers, body: body || undefined, signal });
  let res: Response;
  try {
    // An idempotent call whose connection was closed under it is sent once more (the pool has dropped that connection),
    // within the same timeout: failing the job and waiting out its backoff would only delay the same request.
    res = await send().catch((e: unknown) => (IDEMPOTENT.has(method) && CLOSED_UNDER_US.has(networkCode(e) ?? '') ? send() : Promise.reject(e)));
  } catch (e) {
    const code = networkCode(e);
    const reason = isTimeout(e) ? 'timed out' : `connection failed${code ? ` (${code})` : ''}`;
    throw new TransientPartnerError(`${method} ${url.pathname}: ${reason}`, undefined, { cause: e });
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
