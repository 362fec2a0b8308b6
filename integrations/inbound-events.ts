import { verifyWebhook } from '../src/domain/webhook-signature';
import type { InboundWebhook } from './common';
import { PermanentPartnerError } from './errors';
import type { PartnerEndpoint } from './partner-http';
import type { MerchantPaymentConfirmation } from './merchant/types';
import type { RecyclingLotReport } from './recyclers/types';
import type { RefurbishmentUpdate } from './refurbishers/types';
import { adapterFor } from './registry';
import type { VendorCreditConfirmation } from './vendors/types';

/** What a parcel scan means for the return, in Boomerang's terms. */
export type ParcelMovement = 'SHIPPED' | 'SCANNED' | 'DELIVERED' | 'BOOKING_ENDED';

/** A carrier's, locker's, store's or pickup partner's scan of a booked return. */
export interface ParcelEvent {
  kind: 'PARCEL';
  /** Tracking number, reservation id, drop-off reference or pickup confirmation (the booking's externalRef). */
  ref: string;
  movement: ParcelMovement;
  /** The partner's own status word, kept for the history. */
  status: string;
  occurredAt: string;
  detail: string | null;
}

/**
 * Every partner's webhook, translated: parcel scans, or a refurbisher's, recycler's or vendor's report on its own work
 * (`ref` is then the global id of the job, lot or authorization it reports on).
 */
export type InboundPartnerEvent =
  | ParcelEvent
  | { kind: 'REFURBISHMENT_UPDATE'; ref: string; update: RefurbishmentUpdate }
  | { kind: 'RECYCLING_REPORT'; ref: string; report: RecyclingLotReport }
  | { kind: 'VENDOR_CREDIT'; ref: string; confirmation: VendorCreditConfirmation }
  | { kind: 'MERCHANT_PAYMENT'; ref: string; confirmation: MerchantPaymentConfirmation };

/** The partner as the translation needs it: its endpoint, kind and adapter. */
export type InboundPartner = PartnerEndpoint & { kind: string; adapter: string };

type Scan = { ref: string; status: string; occurredAt: string; detail?: string | null };

/** Keeps the scans whose status means something to a return; other statuses are dropped. */
function parcels(scans: Scan[], movements: Readonly<Record<string, ParcelMovement>>): ParcelEvent[] {
  return scans.flatMap((s) => {
    const movement = Object.hasOwn(movements, s.status) ? movements[s.status] : undefined;
    return movement ? [{ kind: 'PARCEL' as const, ref: s.ref, movement, status: s.status, occurredAt: s.occurredAt, detail: s.detail ?? null }] : [];
  });
}

const TRANSLATORS: Readonly<Record<string, (p: InboundPartner, w: InboundWebhook) => InboundPartnerEvent[]>> = {
  CARRIER: (p, w) => parcels(adapterFor('CARRIER', p.adapter).parseWebhook(p, w).map((u) => ({ ref: u.trackingNumber, status: u.status, occurredAt: u.occurredAt, detail: u.detail })), {
    pre_transit: 'SCANNED', in_transit: 'SHIPPED', out_for_delivery: 'SHIPPED', delivered: 'DELIVERED', return_to_sender: 'SCANNED', failure: 'SCANNED',
  }),
  LOCKER_NETWORK: (p, w) => parcels(adapterFor('LOCKER_NETWORK', p.adapter).parseWebhook(p, w).map((e) => ({ ref: e.reservationId, status: e.status, occurredAt: e.occurredAt })), {
    DEPOSITED: 'SHIPPED', COLLECTED: 'SCANNED', EXPIRED: 'BOOKING_ENDED', CANCELLED: 'BOOKING_ENDED',
  }),
  STORE_NETWORK: (p, w) => parcels(adapterFor('STORE_NETWORK', p.adapter).parseWebhook(p, w).map((e) => ({ ref: e.reference, status: e.status, occurredAt: e.occurredAt })), {
    DROPPED_OFF: 'SHIPPED', HANDED_TO_CARRIER: 'SCANNED', CANCELLED: 'BOOKING_ENDED',
  }),
  PICKUP: (p, w) => parcels(adapterFor('PICKUP', p.adapter).parseWebhook(p, w).map((e) => ({ ref: e.confirmationNumber, status: e.status, occurredAt: e.occurredAt, detail: e.detail })), {
    PICKED_UP: 'SHIPPED', FAILED: 'SCANNED', CANCELLED: 'BOOKING_ENDED',
  }),
  REFURBISHER: (p, w) => adapterFor('REFURBISHER', p.adapter).parseWebhook(p, w).map((update) => ({ kind: 'REFURBISHMENT_UPDATE', ref: update.jobId, update })),
  RECYCLER: (p, w) => adapterFor('RECYCLER', p.adapter).parseWebhook(p, w).map((report) => ({ kind: 'RECYCLING_REPORT', ref: report.lotId, report })),
  VENDOR: (p, w) => adapterFor('VENDOR', p.adapter).parseWebhook(p, w).map((confirmation) => ({ kind: 'VENDOR_CREDIT', ref: confirmation.authorizationId, confirmation })),
  MERCHANT: (p, w) => adapterFor('MERCHANT', p.adapter).parsePaymentWebhook(p, w).map((confirmation) => ({ kind: 'MERCHANT_PAYMENT', ref: confirmation.paymentId, confirmation })),
};

/** Translates a verified webhook through the partner's adapter; throws PermanentPartnerError when it is malformed. */
export function translateWebhook(partner: InboundPartner, webhook: InboundWebhook): InboundPartnerEvent[] {
  const translate = Object.hasOwn(TRANSLATORS, partner.kind) ? TRANSLATORS[partner.kind] : undefined;
  if (!translate) throw new PermanentPartnerError(`${partner.kind} partners do not send webhooks`);
  return translate(partner, webhook);
}

const CUSTOM_VERIFIERS = ['CARRIER', 'LOCKER_NETWORK', 'STORE_NETWORK', 'PICKUP', 'REFURBISHER', 'RECYCLER', 'VENDOR'] as const;

/**
 * Authenticates a webhook: the adapter's own scheme where it has one (e.g. EasyPost's X-Hmac-Signature), else Standard
 * Webhooks with a 5-minute tolerance. Returns the delivery id used for de-duplication, or null when not authentic.
 */
export function verifyInbound(partner: InboundPartner, webhook: InboundWebhook, now: Date): { id: string } | null {
  const kind = CUSTOM_VERIFIERS.find((k) => k === partner.kind);
  const custom = kind ? adapterFor(kind, partner.adapter).verifyWebhook : undefined;
  if (custom) return custom(partner, webhook, now);
  const h = webhook.headers;
  const result = verifyWebhook(partner.signingSecret, { id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] }, webhook.rawBody, now);
  return result.ok ? { id: result.id } : null;
}
