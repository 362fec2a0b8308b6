import type { InboundWebhook, ReturnRef } from '../../integrations/common';
import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { newSigningSecret, verifyWebhook } from '../../src/domain/webhook-signature';
import { setTimeout as sleep } from 'node:timers/promises';
import { PartnerServer, type ReceivedCall, type Reply } from './partner-server';

/** Client timeout for a call the partner is scripted to hang on; `HANG` answers well after it. */
export const TIMEOUT_MS = 150;
export const HANG: Reply = { delayMs: 450, status: 200 };
/** Client timeout for every other call: generous, so a busy machine cannot turn a slow answer into a timeout. */
export const PATIENT_TIMEOUT_MS = 20_000;

/**
 * A PartnerServer whose stop() waits out replies it was told to delay, so no answer timer outlives the test file
 * (jest would report a worker that failed to exit).
 */
export class LoopbackPartner extends PartnerServer {
  private quietAt = 0;

  override next(...replies: Reply[]): void {
    for (const r of replies) if ('delayMs' in r) this.quietAt = Math.max(this.quietAt, Date.now() + r.delayMs + 100);
    super.next(...replies);
  }

  /** Whether the next call will be answered late. */
  hangsNext(): boolean {
    return 'delayMs' in (this.script[0] ?? this.fallback);
  }

  override async stop(): Promise<void> {
    const wait = this.quietAt - Date.now();
    if (wait > 0) await sleep(wait);
    return super.stop();
  }
}

/**
 * A partner endpoint pointing at a loopback partner. Its client timeout is read per call: TIMEOUT_MS for a call the
 * partner is scripted to hang on, PATIENT_TIMEOUT_MS for any other, so only the timeout cases depend on timing.
 */
export function endpointOf(server: LoopbackPartner, settings: Record<string, unknown> = {}, signingSecret = newSigningSecret()): PartnerEndpoint {
  return {
    id: 'partner-under-test', endpoint: server.url, signingSecret, settings,
    get timeoutMs() { return server.hangsNext() ? TIMEOUT_MS : PATIENT_TIMEOUT_MS; },
  };
}

/** A 2xx reply with a JSON body. */
export function json(value: unknown, status = 200): Reply {
  return { status, body: JSON.stringify(value) };
}

type ErrorClass = typeof TransientPartnerError | typeof PermanentPartnerError;

/**
 * How every partner call must classify failures (docs/partner-protocol.md, "Answers"): server errors, rate limits,
 * timeouts and unreadable 2xx bodies are transient; other 4xx are permanent.
 */
export const FAILURE_MODES: Array<[string, Reply, ErrorClass]> = [
  ['500', { status: 500, body: '{"error":"boom"}' }, TransientPartnerError],
  ['503', { status: 503 }, TransientPartnerError],
  ['429', { status: 429 }, TransientPartnerError],
  ['timeout', HANG, TransientPartnerError],
  ['2xx not JSON', { status: 200, body: '<html>deploying</html>' }, TransientPartnerError],
  ['400', { status: 400, body: '{"error":"bad request"}' }, PermanentPartnerError],
  ['404', { status: 404 }, PermanentPartnerError],
  ['422', { status: 422, body: '{"error":"unprocessable"}' }, PermanentPartnerError],
];

/** Asserts the promise rejects with exactly that error class (and not, say, a TypeError from a careless read). */
export async function expectRejects(promise: Promise<unknown>, errorClass: ErrorClass, message?: RegExp): Promise<void> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(errorClass);
  if (message) expect((error as Error).message).toMatch(message);
}

/** Asserts Boomerang signed the call per Standard Webhooks with the idempotency key as webhook-id. */
export function expectSignedCall(call: ReceivedCall, signingSecret: string, idempotencyKey?: string): void {
  const id = call.headers['webhook-id'] as string;
  expect(call.headers['idempotency-key']).toBe(id);
  if (idempotencyKey) expect(id).toBe(idempotencyKey);
  const headers = { id, timestamp: call.headers['webhook-timestamp'] as string, signature: call.headers['webhook-signature'] as string };
  expect(verifyWebhook(signingSecret, headers, call.body, new Date())).toEqual({ ok: true, id });
}

/** The JSON body Boomerang sent. */
export function bodyOf(call: ReceivedCall): any {
  return JSON.parse(call.body);
}

/** An inbound webhook as the gateway hands it to an adapter. */
export function webhook(body: unknown, headers: Record<string, string> = {}): InboundWebhook {
  return { headers, rawBody: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** A return being shipped from a customer in Kraków to a warehouse in Warsaw. */
export const RETURN: ReturnRef = {
  returnId: '01a21f3c-7f2e-7161-a633-bcab8f96b5de',
  rmaNumber: 'RMA-00100007',
  from: { name: 'Ada Nowak', line1: 'Kapelanka 14', line2: null, city: 'Kraków', postalCode: '30-347', countryCode: 'PL', phone: '+48500100200' },
  to: { name: 'Boomerang Returns', line1: 'Magazynowa 5/2', line2: 'Hala B', city: 'Warszawa', postalCode: '02-652', countryCode: 'PL', phone: '+48221234567' },
  parcel: { weightGrams: 1200, lengthCm: 30, widthCm: 20, heightCm: 10 },
};
