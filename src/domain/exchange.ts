import { mulDivRound } from './money';

/** How an exchange is fulfilled: the replacement ships once the return arrives, or at once against a payment hold. */
export const EXCHANGE_MODES = ['AT_RECEIPT', 'INSTANT'] as const;
export type ExchangeMode = (typeof EXCHANGE_MODES)[number];

/**
 * Where an exchange stands. AWAITING_RETURN: nothing ordered yet (waiting for the return, or for a hold to be asked
 * for); HOLD_PENDING: the payment hold is being placed; ORDER_PENDING: the exchange order is being placed; ORDERED: the
 * merchant took the order; FAILED: the order could not be placed, the item fell back to a refund; CANCELLED: the return
 * ended before anything was ordered.
 */
export const EXCHANGE_STATUSES = ['AWAITING_RETURN', 'HOLD_PENDING', 'ORDER_PENDING', 'ORDERED', 'FAILED', 'CANCELLED'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];

/** The payment hold of an instant exchange, from request to release (the return arrived) or charge (it never did). */
export const EXCHANGE_HOLD_STATUSES = ['PENDING', 'HELD', 'FAILED', 'RELEASE_PENDING', 'RELEASED', 'CHARGE_PENDING', 'CHARGED'] as const;
export type ExchangeHoldStatus = (typeof EXCHANGE_HOLD_STATUSES)[number];

/** One variant a merchant offers in exchange, as its adapter reports it (price in minor units of `currencyCode`). */
export interface ExchangeVariant {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  available: number;
  priceMinor: number;
  currencyCode: string;
}

/**
 * The variants a customer may choose for `units` units paid in `currencyCode`: in stock for all of them, priced in the
 * order's currency, and not the SKU being returned. In the merchant's order.
 */
export function offeredVariants(variants: readonly ExchangeVariant[], returnedSku: string, units: number, currencyCode: string): ExchangeVariant[] {
  return variants.filter((v) => v.sku !== returnedSku && v.available >= Math.max(1, units) && v.currencyCode === currencyCode);
}

/** The money of one exchange, minor units: what the returned units were paid, what the replacement costs, and who owes. */
export interface ExchangeSettlement {
  /** What the customer paid for the returned units (after discounts). */
  paidMinor: number;
  /** The replacement units at the merchant's current price. */
  replacementMinor: number;
  /** replacement − paid: positive is charged with the exchange order, negative is refunded. */
  priceDifferenceMinor: number;
  /** Charged through the exchange order (a dearer replacement), never negative. */
  chargeMinor: number;
  /** Refunded through the return's refund (a cheaper replacement), never negative. */
  refundMinor: number;
  /**
   * What an instant exchange holds on the original payment and charges if the return never arrives: the value the
   * customer would keep twice, i.e. the lesser of the two (a dearer replacement's difference is charged anyway).
   */
  holdMinor: number;
}

/** Settles an exchange of units paid `paidMinor` for replacement units at `unitPriceMinor` each. */
export function settleExchange(paidMinor: number, unitPriceMinor: number, units: number): ExchangeSettlement {
  for (const [v, what] of [[paidMinor, 'Paid amount'], [unitPriceMinor, 'Unit price'], [units, 'Units']] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what} must be a non-negative integer`);
  }
  const replacementMinor = unitPriceMinor * units;
  if (!Number.isSafeInteger(replacementMinor)) throw new RangeError('Replacement total is too large');
  const priceDifferenceMinor = replacementMinor - paidMinor;
  return {
    paidMinor, replacementMinor, priceDifferenceMinor,
    chargeMinor: Math.max(0, priceDifferenceMinor), refundMinor: Math.max(0, -priceDifferenceMinor),
    holdMinor: Math.min(paidMinor, replacementMinor),
  };
}

/**
 * What capturing a hold charges when `unreturned` of the `units` it covers never came back (their replacements shipped
 * all the same): their share of the hold, all of it when none came back. The rest of the hold goes back to the customer.
 */
export function holdShareMinor(holdMinor: number, units: number, unreturned: number): number {
  for (const [v, what] of [[holdMinor, 'Hold amount'], [units, 'Units'], [unreturned, 'Unreturned units']] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what} must be a non-negative integer`);
  }
  if (units === 0 || unreturned >= units) return holdMinor;
  return mulDivRound(holdMinor, unreturned, units);
}

/** True while the exchange's outcome is not settled (completion of the return waits for it). */
export function exchangeInFlight(status: ExchangeStatus): boolean {
  return status === 'HOLD_PENDING' || status === 'ORDER_PENDING';
}
