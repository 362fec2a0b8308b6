import type { PartnerEndpoint } from './partner-http';

/** A postal address as partners need it. */
export interface PostalAddress {
  name?: string | null;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  countryCode: string;
  phone?: string | null;
}

export interface GeoPoint { latitude: number; longitude: number }

/** A time slot, ISO-8601 instants. */
export interface TimeWindow { start: string; end: string }

/** One parcel: weight and (when known) outer dimensions. */
export interface ParcelSpec { weightGrams: number; lengthCm?: number | null; widthCm?: number | null; heightCm?: number | null }

/** What every booking request carries about the return. */
export interface ReturnRef {
  returnId: string;
  rmaNumber: string;
  /** The customer's address (origin of the return). */
  from: PostalAddress;
  /** The merchant's returns warehouse. */
  to: PostalAddress;
  parcel: ParcelSpec;
}

/** Raw inbound webhook as received: headers lower-cased, body as the exact bytes' string. */
export interface InboundWebhook { headers: Record<string, string | undefined>; rawBody: string }

/**
 * Optional per-adapter webhook verification for partners whose scheme is not Standard Webhooks (e.g. EasyPost's
 * X-Hmac-Signature). Returns the delivery id used for deduplication, or null when the signature is not valid.
 */
export type VerifyInbound = (partner: PartnerEndpoint, webhook: InboundWebhook, now: Date) => { id: string } | null;
