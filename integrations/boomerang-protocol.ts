import { randomUUID } from 'node:crypto';
import type { InboundWebhook, PostalAddress, ReturnRef } from './common';
import { JsonReader, malformedAnswer, malformedWebhook } from './json-reader';
import { callPartner, type PartnerCall, type PartnerEndpoint } from './partner-http';

/** An address with every key the protocol promises; the optional ones are null, never missing. */
export function protocolAddress(a: PostalAddress): Required<PostalAddress> {
  return {
    name: a.name ?? null, line1: a.line1, line2: a.line2 ?? null, city: a.city, postalCode: a.postalCode, countryCode: a.countryCode,
    phone: a.phone ?? null,
  };
}

/** What every Boomerang-protocol booking request carries about the return (docs/partner-protocol.md). */
export function returnPayload(req: ReturnRef): ReturnRef {
  return { returnId: req.returnId, rmaNumber: req.rmaNumber, from: protocolAddress(req.from), to: protocolAddress(req.to), parcel: req.parcel };
}

/** One path segment, escaped: partner-issued ids are opaque and may hold `/` or `?`. */
export const segment = (id: string): string => encodeURIComponent(id);

/**
 * Calls a Boomerang-protocol partner and reads its JSON object answer; an empty or malformed 2xx answer is transient
 * (see malformedAnswer).
 */
export async function callForObject(partner: PartnerEndpoint, call: PartnerCall): Promise<JsonReader> {
  const what = `${call.method ?? 'POST'} ${call.path ?? ''}`.split('?')[0];
  const answer = await callPartner(partner, call);
  return JsonReader.object(answer, malformedAnswer(what));
}

/**
 * A read (GET) has no integration job behind it, so no job id: each read is signed with a fresh id, which is also what
 * a partner sees as the Idempotency-Key (repeating a read is harmless).
 */
export function readKey(): string {
  return randomUUID();
}

/** Query string from defined values, in the given order. */
export function query(params: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

/**
 * Reads a Boomerang-protocol webhook `{ "type": ..., "data": {...} }` (already verified upstream with Standard
 * Webhooks) and returns the type, which must be one of `types`, and a reader over `data`. Anything else is permanent.
 */
export function readEnvelope<T extends string>(webhook: InboundWebhook, types: readonly T[]): { type: T; data: JsonReader } {
  const body = JsonReader.parse(webhook.rawBody, malformedWebhook);
  return { type: body.oneOf('type', types), data: body.child('data') };
}
