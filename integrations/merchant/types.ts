import type { InboundWebhook } from '../common';
import type { PartnerEndpoint } from '../partner-http';
import { EXCHANGE_EVENT_TYPES, type MerchantExchangeAdapter } from './exchange.types';

/** Return lifecycle events a merchant can subscribe to (PartnerCapabilities.events). */
export const RETURN_EVENT_TYPES = [
  'return.requested', 'return.approved', 'return.rejected', 'return.method_booked', 'return.in_transit',
  'return.received', 'return.inspected', 'return.refund_issued', 'return.completed', 'return.cancelled', 'return.expired',
  ...EXCHANGE_EVENT_TYPES,
] as const;
export type ReturnMerchantEventType = (typeof RETURN_EVENT_TYPES)[number];

/** Resale listing events, so the merchant's inventory follows what Boomerang offers for resale. */
export const LISTING_EVENT_TYPES = ['listing.created', 'listing.reserved', 'listing.sold', 'listing.released', 'listing.withdrawn'] as const;
export type ListingMerchantEventType = (typeof LISTING_EVENT_TYPES)[number];

/** Every event a merchant can subscribe to (PartnerCapabilities.events). */
export const MERCHANT_EVENT_TYPES = [...RETURN_EVENT_TYPES, ...LISTING_EVENT_TYPES] as const;
export type MerchantEventType = (typeof MERCHANT_EVENT_TYPES)[number];

/** What a merchant's systems receive: a return event or a listing event. */
export type MerchantEvent = ReturnMerchantEvent | ListingMerchantEvent;

/** What a merchant's systems receive for one resale listing change. */
export interface ListingMerchantEvent {
  /** Unique per delivery subject: the listing event id. */
  id: string;
  type: ListingMerchantEventType;
  occurredAt: string;
  data: {
    listingId: string;
    returnItemId: string;
    sku: string;
    category: string;
    units: number;
    condition: string;
    source: string;
    /** The listing's status right after this change. */
    status: string;
    price: { amount: string; currencyCode: string };
    soldPrice: { amount: string; currencyCode: string } | null;
    details: Record<string, unknown>;
  };
}

/** What a merchant's systems receive for one return event. */
export interface ReturnMerchantEvent {
  /** Unique per delivery subject: the return event id. */
  id: string;
  type: ReturnMerchantEventType;
  occurredAt: string;
  data: {
    returnId: string;
    rmaNumber: string;
    orderNumber: string;
    status: string;
    customerExternalId: string;
    refund: { amount: string; currencyCode: string; status: string };
    items: Array<{ sku: string; quantity: number; receivedQuantity: number; reason: string; grade: string | null; disposition: string | null }>;
    details: Record<string, unknown>;
  };
}

/** The contract every merchant adapter implements (the exchange calls: exchange.types.ts). */
export interface MerchantAdapter extends MerchantExchangeAdapter {
  /** Identifier stored on the partner (`partner.adapter`). */
  readonly id: string;
  /** Delivers one event; throws TransientPartnerError or PermanentPartnerError. `idempotencyKey` is the job id. */
  deliverEvent(partner: PartnerEndpoint, event: MerchantEvent, idempotencyKey: string): Promise<{ acknowledged: boolean }>;
  /** Asks the merchant's payment system to refund (`refund.requested`); a repeated idempotency key must not pay twice. */
  requestRefund(partner: PartnerEndpoint, refund: MerchantRefundRequest, idempotencyKey: string): Promise<MerchantPaymentAnswer>;
  /** Asks the merchant's gift card / store-credit system to issue a credit; a repeated key must not issue twice. */
  issueStoreCredit(partner: PartnerEndpoint, credit: MerchantStoreCreditRequest, idempotencyKey: string): Promise<MerchantPaymentAnswer>;
  /** Translates a verified payment webhook (a later confirmation or decline); PermanentPartnerError when malformed. */
  parsePaymentWebhook(partner: PartnerEndpoint, webhook: InboundWebhook): MerchantPaymentConfirmation[];
}

/** An amount as exchanged with the merchant: a decimal string in the currency's minor-unit precision. */
export interface MerchantMoney { amount: string; currencyCode: string }

/** What Boomerang asks the merchant's payment system to refund (`POST refunds`). */
export interface MerchantRefundRequest {
  /** Boomerang's refund id (a global id): the merchant confirms with it, in its answer, webhooks or the API. */
  refundId: string;
  returnId: string;
  rmaNumber: string;
  orderNumber: string;
  customerExternalId: string;
  amount: MerchantMoney;
  /** 1 for the first request, then one more per operator retry (each has its own idempotency key). */
  attempt: number;
}

/** What Boomerang asks the merchant's gift card / store-credit system to issue (`POST store-credits`). */
export interface MerchantStoreCreditRequest {
  /** Boomerang's store-credit id (a global id), as refundId. */
  storeCreditId: string;
  returnId: string;
  rmaNumber: string;
  orderNumber: string;
  customerExternalId: string;
  customerEmail: string;
  /** The credit to issue, the bonus included. */
  amount: MerchantMoney;
  /** The bonus for choosing store credit inside amount. */
  bonus: MerchantMoney;
  attempt: number;
}

/**
 * The merchant's answer to a refund or store-credit request: done at once (CONFIRMED, with its reference and for a
 * credit the code and balance), accepted and to be confirmed later (PENDING), or refused (DECLINED, with a reason).
 */
export type MerchantPaymentAnswer =
  | { status: 'CONFIRMED'; reference: string; creditCode: string | null; creditBalance: MerchantMoney | null }
  | { status: 'PENDING'; reference: string | null }
  | { status: 'DECLINED'; reason: string };

/** A later confirmation or decline of a refund or store credit (webhook or the `confirmRefund` mutation), normalized. */
export interface MerchantPaymentConfirmation {
  /** The refundId or storeCreditId Boomerang sent. */
  paymentId: string;
  outcome: 'CONFIRMED' | 'DECLINED';
  reference: string | null;
  reason: string | null;
  creditCode: string | null;
  creditBalance: MerchantMoney | null;
  occurredAt: string | null;
}
