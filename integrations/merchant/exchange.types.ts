import type { PostalAddress } from '../common';
import type { PartnerEndpoint } from '../partner-http';

/** Exchange events a merchant can subscribe to (docs/exchanges.md): each step of an exchange, signed like the others. */
export const EXCHANGE_EVENT_TYPES = [
  'return.exchange_ordered', 'return.exchange_failed', 'return.exchange_hold_placed', 'return.exchange_hold_failed',
  'return.exchange_hold_released', 'return.exchange_hold_charged',
] as const;
export type ExchangeMerchantEventType = (typeof EXCHANGE_EVENT_TYPES)[number];

/** An amount as the protocol carries it: decimal string in major units. */
export interface ProtocolMoney { amount: string; currencyCode: string }

/** One variant of a product with its stock and price, as the merchant reports it. */
export interface ExchangeVariantAnswer {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  /** Units in stock (0: sold out). */
  available: number;
  price: ProtocolMoney;
}

/** The exchange order Boomerang asks the merchant to place for one return item. */
export interface ExchangeOrderRequest {
  returnId: string;
  rmaNumber: string;
  returnItemId: string;
  orderNumber: string;
  customerExternalId: string;
  originalSku: string;
  sku: string;
  quantity: number;
  unitPrice: ProtocolMoney;
  /** Replacement − paid for the units (negative: Boomerang refunds the difference with the return). */
  priceDifference: ProtocolMoney;
  /** What the merchant charges the customer with this order (a dearer replacement); "0.00" otherwise. */
  charge: ProtocolMoney;
  /** The payment hold behind an instant exchange, null when the return has arrived. */
  holdId: string | null;
  shipTo: Required<PostalAddress> | null;
}

/** A hold on the customer's original payment while an instant exchange's return is on its way. */
export interface PaymentHoldRequest {
  returnId: string;
  rmaNumber: string;
  orderNumber: string;
  customerExternalId: string;
  amount: ProtocolMoney;
}

/** Exchange calls of the merchant adapter contract; each throws TransientPartnerError or PermanentPartnerError. */
export interface MerchantExchangeAdapter {
  /** The variants of the product `sku` belongs to, with stock and price: a synchronous read, kept short. */
  exchangeOptions(partner: PartnerEndpoint, sku: string): Promise<ExchangeVariantAnswer[]>;
  /** Places the exchange order; a repeat of `idempotencyKey` is the same order. Out of stock is a permanent refusal. */
  createExchangeOrder(partner: PartnerEndpoint, req: ExchangeOrderRequest, idempotencyKey: string): Promise<{ orderReference: string }>;
  /** Authorizes (holds) an amount on the order's original payment; a refusal is permanent. */
  holdPayment(partner: PartnerEndpoint, req: PaymentHoldRequest, idempotencyKey: string): Promise<{ holdId: string }>;
  /** Releases a hold (the return arrived, or the exchange did not go ahead). */
  releaseHold(partner: PartnerEndpoint, holdId: string, idempotencyKey: string): Promise<void>;
  /** Charges `amount` of a hold (the return never arrived). */
  captureHold(partner: PartnerEndpoint, holdId: string, amount: ProtocolMoney, idempotencyKey: string): Promise<{ chargeReference: string }>;
}
