import { assertSafeInteger, percentOf } from './money';

/** What a return pays out through the merchant: money to the original payment, or store credit. */
export type PayoutKind = 'REFUND' | 'STORE_CREDIT';
/** A payout's life: REQUESTED from the merchant, then ISSUED (confirmed) or FAILED (declined, permanent error). */
export type PayoutStatus = 'REQUESTED' | 'ISSUED' | 'FAILED';
/** The return's refund status as the API shows it (the summary of its payouts once requested). */
export type SettlementStatus = 'QUOTED' | 'REQUESTED' | 'ISSUED' | 'FAILED' | 'NONE';

/** One return item's part in the settlement, in minor units. */
export interface SettlementItem {
  resolution: 'REFUND' | 'STORE_CREDIT' | 'EXCHANGE';
  /**
   * What the item pays back. For EXCHANGE, only a cheaper replacement's price difference (0 for one at the same price
   * or dearer: services/returns/exchange.service.ts exchangeQuote); an exchange that failed is a REFUND item by then.
   */
  refundMinor: number;
  /** The policy's store-credit bonus (0–100, two decimals) in force when the item was requested. */
  storeCreditBonusPercent: number;
}

/** How a return's value is paid out. */
export interface Settlement {
  /** Money back to the original payment. */
  refundMinor: number;
  /** Store credit before the bonus. */
  storeCreditMinor: number;
  /** The bonus for choosing store credit, on top of storeCreditMinor. */
  storeCreditBonusMinor: number;
}

/**
 * Splits what a return is worth into money and store credit. Items taken as STORE_CREDIT become credit and earn their
 * policy's bonus; REFUND items are money, and so is an EXCHANGE item's price difference (its refundMinor: the
 * replacement itself settles the rest, docs/exchanges.md). The return
 * shipping fee is taken from the money first, then from the credit; credit the fee took earns no bonus (the bonus
 * shrinks in proportion, rounded down). Nothing goes below zero.
 */
export function splitSettlement(items: ReadonlyArray<SettlementItem>, feeMinor: number): Settlement {
  assertSafeInteger(feeMinor, 'Fee');
  if (feeMinor < 0) throw new RangeError('Fee must not be negative');
  let money = 0;
  let credit = 0;
  let bonus = 0;
  for (const item of items) {
    assertSafeInteger(item.refundMinor, 'Item refund');
    if (item.refundMinor < 0) throw new RangeError('Item refund must not be negative');
    if (item.resolution === 'STORE_CREDIT') {
      credit += item.refundMinor;
      bonus += percentOf(item.refundMinor, item.storeCreditBonusPercent);
    } else {
      money += item.refundMinor;
    }
  }
  const fromMoney = Math.min(money, feeMinor);
  const fromCredit = Math.min(credit, feeMinor - fromMoney);
  const creditLeft = credit - fromCredit;
  // Floor of bonus × left / credit: the bonus never pays for credit the fee took.
  const bonusLeft = credit === 0 ? 0 : Number((BigInt(bonus) * BigInt(creditLeft)) / BigInt(credit));
  return { refundMinor: money - fromMoney, storeCreditMinor: creditLeft, storeCreditBonusMinor: bonusLeft };
}

/**
 * The return's refund status from its payouts: NONE without any, FAILED when one failed (an operator must act),
 * REQUESTED while one waits, ISSUED when every one is confirmed.
 */
export function settlementStatus(payouts: ReadonlyArray<PayoutStatus>): SettlementStatus {
  if (payouts.length === 0) return 'NONE';
  if (payouts.includes('FAILED')) return 'FAILED';
  if (payouts.includes('REQUESTED')) return 'REQUESTED';
  return 'ISSUED';
}
