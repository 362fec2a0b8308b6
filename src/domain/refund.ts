import { allocate, assertSafeInteger, percentOf } from './money';
import { isRestockingFeeExempt, type ReturnReasonCode } from './return-reasons';

/** The money facts of one order line, in minor units of the order's currency. */
export type OrderLineAmounts = {
  quantity: number;
  unitPriceMinor: number;
  /** Discount on the whole line, not per unit. */
  discountMinor: number;
};

/** Gross refund, restocking fee and net refund of one return item, in minor units. */
export type ItemRefund = { grossMinor: number; restockingFeeMinor: number; refundMinor: number };

/** Input to computeItemRefund. */
export type ItemRefundInput = {
  line: OrderLineAmounts;
  /** Units of this line already claimed by earlier returns; they consume shares in order. */
  alreadyRefundedUnits: number;
  units: number;
  restockingFeePercent: number;
  reason: ReturnReasonCode;
};

function assertCount(value: number, what: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer of at least ${min}`);
  }
}

/** Checks the line and returns what the customer paid for it in total. */
export function linePaid(line: OrderLineAmounts): number {
  assertCount(line.quantity, 'Quantity', 1);
  assertSafeInteger(line.unitPriceMinor, 'Unit price');
  assertSafeInteger(line.discountMinor, 'Discount');
  if (line.unitPriceMinor < 0 || line.discountMinor < 0) {
    throw new RangeError('Unit price and discount must not be negative');
  }
  const gross = line.quantity * line.unitPriceMinor;
  assertSafeInteger(gross, 'Line total');
  if (line.discountMinor > gross) throw new RangeError('Discount must not exceed the line total');
  return gross - line.discountMinor;
}

/**
 * What the customer paid for each unit of a line: the discounted line total split as
 * evenly as possible, larger shares first, so the shares always add up to the total.
 */
export function unitShares(line: OrderLineAmounts): number[] {
  return allocate(linePaid(line), line.quantity);
}

/**
 * Sum of unitShares(line)[from, to) without building the array (a line can be large):
 * the first `extra` shares are one unit larger than the rest.
 */
function sharesBetween(line: OrderLineAmounts, from: number, to: number): number {
  const paid = linePaid(line);
  const base = Math.floor(paid / line.quantity);
  const extra = paid % line.quantity;
  return (to - from) * base + Math.max(0, Math.min(to, extra) - from);
}

/**
 * Refund for returning `units` of a line after `alreadyRefundedUnits` were returned:
 * successive returns take the next unit shares, so together they never exceed what was
 * paid; the restocking fee is waived when the reason is the merchant's fault.
 */
export function computeItemRefund(input: ItemRefundInput): ItemRefund {
  const { line, alreadyRefundedUnits, units } = input;
  assertCount(alreadyRefundedUnits, 'Already refunded units', 0);
  assertCount(units, 'Units', 0);
  assertCount(line.quantity, 'Quantity', 1);
  if (alreadyRefundedUnits + units > line.quantity) {
    throw new RangeError(
      `Cannot refund ${units} more unit(s): ${alreadyRefundedUnits} of ${line.quantity} already refunded`,
    );
  }
  const grossMinor = sharesBetween(line, alreadyRefundedUnits, alreadyRefundedUnits + units);
  const exempt = isRestockingFeeExempt(input.reason);
  // percentOf validates the percent even when exempt, so a bad policy never goes unnoticed.
  const fee = percentOf(grossMinor, input.restockingFeePercent);
  const restockingFeeMinor = exempt ? 0 : fee;
  return { grossMinor, restockingFeeMinor, refundMinor: grossMinor - restockingFeeMinor };
}

/** Adds up item refunds; throws RangeError if any amount or total is not a safe integer. */
export function sumRefunds(items: ReadonlyArray<ItemRefund>): ItemRefund {
  const total: ItemRefund = { grossMinor: 0, restockingFeeMinor: 0, refundMinor: 0 };
  const keys = ['grossMinor', 'restockingFeeMinor', 'refundMinor'] as const;
  for (const item of items) {
    for (const key of keys) {
      assertSafeInteger(item[key], key);
      total[key] += item[key];
      // Checked at every step: once past 2^53 a sum can silently lose cents.
      assertSafeInteger(total[key], `Total ${key}`);
    }
  }
  return total;
}
