import { computeItemRefund, sumRefunds, type ItemRefund } from '../../domain/refund';
import { shippingFeeWaived } from '../../domain/return-policy';
import type { ReturnReasonCode } from '../../domain/return-reasons';
import type { ServiceContext } from '../context';
import type { Outcome, UserError } from '../errors';
import { checkReturnLine, evaluateOrder, visibleOrder, type OrderLineRow } from './returnable.service';

/** One line of a selection a customer is considering. */
export interface QuoteItemRequest { orderLineId: string; quantity: number; reason: ReturnReasonCode }

/** The refund one line of the selection would get, in minor units. */
export interface QuotedItem extends ItemRefund { line: OrderLineRow; quantity: number; restockingFeePercent: number }

/** What a return of the selection would refund before the return method's fee, and whether shipping would be free. */
export interface ReturnQuote {
  currencyCode: string;
  items: QuotedItem[];
  totals: ItemRefund;
  freeReturnShipping: boolean;
}

/**
 * Prices a selection exactly as requestReturn would (same unit shares, restocking fee and exemptions), without storing
 * anything: a portal calls it on every change of the selection. Lines that cannot be returned, or not that many, are
 * userErrors; an unknown or foreign order is NOT_FOUND, as for returnableItems.
 */
export async function quoteReturn(ctx: ServiceContext, orderId: string, items: QuoteItemRequest[]): Promise<Outcome<ReturnQuote>> {
  const order = await visibleOrder(ctx, orderId);
  const lines = new Map((await evaluateOrder(ctx, order)).map((l) => [l.line.id, l]));
  const userErrors: UserError[] = [];
  const quoted: Array<QuotedItem & { reason: ReturnReasonCode; waived: boolean }> = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const field = ['items', String(i)];
    const checked = checkReturnLine(lines, item, field);
    if (seen.has(item.orderLineId)) userErrors.push({ code: 'DUPLICATE_LINE', message: 'Each order line may appear once per return', field: [...field, 'orderLineId'] });
    else if (!checked.ok) userErrors.push(checked.error);
    else {
      const { entry } = checked;
      const { line, policy } = entry;
      const refund = computeItemRefund({
        line: { quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, discountMinor: line.discountMinor },
        alreadyRefundedUnits: entry.claimedQuantity, units: item.quantity, restockingFeePercent: policy.restockingFeePercent, reason: item.reason,
      });
      quoted.push({ ...refund, line, quantity: item.quantity, restockingFeePercent: policy.restockingFeePercent, reason: item.reason, waived: shippingFeeWaived(policy, [item.reason]) });
    }
    seen.add(item.orderLineId);
  });
  if (userErrors.length) return { ok: false, userErrors };
  return {
    ok: true,
    value: {
      currencyCode: order.currencyCode,
      items: quoted.map(({ reason: _reason, waived: _waived, ...q }) => q),
      totals: sumRefunds(quoted),
      freeReturnShipping: quoted.length > 0 && quoted.every((q) => q.waived),
    },
  };
}
