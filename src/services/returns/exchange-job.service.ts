import { eq, or, sum } from 'drizzle-orm';
import type { ExchangeOrderRequest, PaymentHoldRequest, ProtocolMoney } from '../../../integrations/merchant/exchange.types';
import { customers, orderLines, orders, returnExchanges, returnItems, returns } from '../../db/schema';
import { holdShareMinor, settleExchange } from '../../domain/exchange';
import { formatAmount } from '../../domain/money';
import { computeItemRefund } from '../../domain/refund';
import { inTransaction, type ServiceContext } from '../context';
import { INTEGRATION_JOB } from '../partners/integration-job-types';
import { moveExchange, type ExchangeRow } from './exchange.service';
import { appendEvent } from './return-events';
import { lockReturn, type ReturnRow } from './return-transition';
import { progress } from './warehouse.service';

// The exchange jobs' reads and writes (exchange.hold / exchange.order / exchange.hold-release / exchange.hold-capture);
// the partner calls are the merchant adapter's (integrations/merchant/exchange.types.ts).
// Each outcome is recorded in a transaction of its own; one that cannot be (a rule refusing it) fails the job, to be retried.

const money = (minor: number, currencyCode: string): ProtocolMoney => ({ amount: formatAmount(minor, currencyCode), currencyCode });

/** One exchange by id, or null. */
export async function exchangeById(ctx: ServiceContext, exchangeId: string): Promise<ExchangeRow | null> {
  const [row] = await ctx.db.select().from(returnExchanges).where(eq(returnExchanges.id, exchangeId));
  return row ?? null;
}

/** The return, order and customer an exchange's partner calls describe. */
async function context(ctx: ServiceContext, ex: ExchangeRow) {
  const [row] = await ctx.db.select({ ret: returns, order: orders, customerExternalId: customers.externalId }).from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId)).innerJoin(customers, eq(customers.id, returns.customerId))
    .where(eq(returns.id, ex.returnId));
  return row;
}

/** What the merchant needs to hold the original payment for an instant exchange. */
export async function holdRequest(ctx: ServiceContext, ex: ExchangeRow): Promise<PaymentHoldRequest> {
  const { ret, order, customerExternalId } = await context(ctx, ex);
  return { returnId: ret.id, rmaNumber: ret.rmaNumber, orderNumber: order.orderNumber, customerExternalId, amount: money(ex.holdMinor ?? 0, ex.currencyCode) };
}

/** What the merchant needs to place the exchange order: the variant, the units, the money, the address to ship to. */
export async function orderRequest(ctx: ServiceContext, ex: ExchangeRow): Promise<ExchangeOrderRequest> {
  const { ret, order, customerExternalId } = await context(ctx, ex);
  const s = settleExchange(ex.paidMinor, ex.unitPriceMinor, ex.quantity);
  const a = order.shippingAddress;
  return {
    returnId: ret.id, rmaNumber: ret.rmaNumber, returnItemId: ex.returnItemId, orderNumber: order.orderNumber, customerExternalId,
    originalSku: ex.originalSku, sku: ex.sku, quantity: ex.quantity, unitPrice: money(ex.unitPriceMinor, ex.currencyCode),
    priceDifference: { amount: `${s.priceDifferenceMinor < 0 ? '-' : ''}${formatAmount(Math.abs(s.priceDifferenceMinor), ex.currencyCode)}`, currencyCode: ex.currencyCode },
    charge: money(s.chargeMinor, ex.currencyCode),
    holdId: ex.holdStatus === 'HELD' || ex.holdStatus === 'CHARGE_PENDING' ? ex.holdReference : null,
    shipTo: a ? { name: a.name ?? null, line1: a.line1, line2: a.line2 ?? null, city: a.city, postalCode: a.postalCode, countryCode: a.countryCode, phone: a.phone ?? null } : null,
  };
}

/**
 * What capturing the exchange's hold charges: the share of the units that did not come back (every unit when the return
 * never arrived; the units closed as missing when it arrived in part). Received units are counted over the item and the
 * items split off it, which carry received units only.
 */
export async function holdChargeMinor(ctx: ServiceContext, ex: ExchangeRow): Promise<number> {
  const [row] = await ctx.db.select({ received: sum(returnItems.receivedQuantity).mapWith(Number) }).from(returnItems)
    .where(or(eq(returnItems.id, ex.returnItemId), eq(returnItems.splitFromId, ex.returnItemId)));
  const received = Math.min(ex.quantity, row?.received ?? 0);
  return holdShareMinor(ex.holdMinor ?? 0, ex.quantity, ex.quantity - received);
}

/** The exchange's public details for its history entry (and the merchant's webhook). */
function details(ex: ExchangeRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    exchangeId: ex.id, returnItemId: ex.returnItemId, originalSku: ex.originalSku, sku: ex.sku, quantity: ex.quantity, mode: ex.mode,
    priceDifferenceMinor: ex.priceDifferenceMinor, currency: ex.currencyCode, ...extra,
  };
}

/** Locks the exchange's return, then the exchange (the order every exchange change takes). */
async function lockBoth(tx: ServiceContext, exchangeId: string): Promise<{ ret: ReturnRow; ex: ExchangeRow }> {
  const [ref] = await tx.db.select({ returnId: returnExchanges.returnId }).from(returnExchanges).where(eq(returnExchanges.id, exchangeId));
  const ret = await lockReturn(tx, ref.returnId);
  const [ex] = await tx.db.select().from(returnExchanges).where(eq(returnExchanges.id, exchangeId)).for('update');
  return { ret, ex };
}

/** The merchant holds the payment: the replacement is ordered at once; if the exchange moved on meanwhile, the hold goes back. */
export async function recordHoldPlaced(ctx: ServiceContext, exchangeId: string, holdId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { ret, ex } = await lockBoth(tx, exchangeId);
    if (ex.holdStatus !== 'PENDING') return;
    await appendEvent(tx, ret.id, 'EXCHANGE_HOLD_PLACED', details(ex, { holdId, holdAmountMinor: ex.holdMinor }), true);
    if (ex.status === 'HOLD_PENDING') {
      await moveExchange(tx, ex, { holdStatus: 'HELD', holdReference: holdId, status: 'ORDER_PENDING' }, INTEGRATION_JOB.EXCHANGE_ORDER);
    } else {
      // Cancelled, or the return arrived first (ordered at receipt): the hold is not needed.
      await moveExchange(tx, ex, { holdStatus: 'RELEASE_PENDING', holdReference: holdId }, INTEGRATION_JOB.EXCHANGE_HOLD_RELEASE);
    }
  });
}

/** The hold was refused: the instant exchange falls back to an exchange at receipt (nothing ships before the return). */
export async function recordHoldFailed(ctx: ServiceContext, exchangeId: string, reason: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { ret, ex } = await lockBoth(tx, exchangeId);
    if (ex.holdStatus !== 'PENDING') return;
    const fallback = ex.status === 'HOLD_PENDING';
    await moveExchange(tx, ex, { holdStatus: 'FAILED', failureReason: reason.slice(0, 500), ...(fallback ? { status: 'AWAITING_RETURN' as const } : {}) });
    await appendEvent(tx, ret.id, 'EXCHANGE_HOLD_FAILED', details(ex, { reason: reason.slice(0, 200), fallback: fallback ? 'AT_RECEIPT' : null }), true);
  });
}

/** The merchant placed the exchange order; the return may now complete. */
export async function recordOrdered(ctx: ServiceContext, exchangeId: string, orderReference: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { ret, ex } = await lockBoth(tx, exchangeId);
    if (ex.status !== 'ORDER_PENDING') return;
    const s = settleExchange(ex.paidMinor, ex.unitPriceMinor, ex.quantity);
    // A capture that waited for the order's outcome (exchange.hold-capture) is queued again: the replacement shipped.
    const updated = await moveExchange(tx, ex, { status: 'ORDERED', orderReference, failureReason: null },
      ex.holdStatus === 'CHARGE_PENDING' ? INTEGRATION_JOB.EXCHANGE_HOLD_CAPTURE : undefined);
    await appendEvent(tx, ret.id, 'EXCHANGE_ORDERED', details(updated, { orderReference, chargeMinor: s.chargeMinor, refundMinor: s.refundMinor }), true);
    await progress(tx, await lockReturn(tx, ret.id));
  });
}

/**
 * The exchange order failed for good (out of stock by now, refused): the item falls back to a refund of what was paid,
 * a hold is released, the return's quote follows, and the return may complete.
 */
export async function recordOrderFailed(ctx: ServiceContext, exchangeId: string, reason: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { ret, ex } = await lockBoth(tx, exchangeId);
    if (ex.status !== 'ORDER_PENDING') return;
    // A capture that waited for the order's outcome is queued again; it releases the hold, as nothing shipped.
    let updated = await moveExchange(tx, ex, { status: 'FAILED', failureReason: reason.slice(0, 500), fallbackResolution: 'REFUND' },
      ex.holdStatus === 'CHARGE_PENDING' ? INTEGRATION_JOB.EXCHANGE_HOLD_CAPTURE : undefined);
    if (updated.holdStatus === 'HELD') updated = await moveExchange(tx, updated, { holdStatus: 'RELEASE_PENDING' }, INTEGRATION_JOB.EXCHANGE_HOLD_RELEASE);
    const [item] = await tx.db.select().from(returnItems).where(eq(returnItems.id, ex.returnItemId)).for('update');
    const [line] = await tx.db.select().from(orderLines).where(eq(orderLines.id, item.orderLineId));
    const quote = computeItemRefund({
      line: { quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, discountMinor: line.discountMinor },
      alreadyRefundedUnits: 0, units: item.quantity, restockingFeePercent: item.restockingFeePercent, reason: item.reason,
    });
    await tx.db.update(returnItems).set({ resolution: 'REFUND', ...quote }).where(eq(returnItems.id, item.id));
    // Items split off the original follow it: they are the same units.
    await tx.db.update(returnItems).set({ resolution: 'REFUND' }).where(eq(returnItems.splitFromId, item.id));
    if (ret.refundStatus === 'QUOTED') {
      await tx.db.update(returns).set({ refundMinor: Math.max(0, ret.refundMinor - (item.refundMinor ?? 0) + quote.refundMinor), updatedAt: tx.now() }).where(eq(returns.id, ret.id));
    }
    await appendEvent(tx, ret.id, 'EXCHANGE_FAILED', details(updated, { reason: reason.slice(0, 200), fallback: 'REFUND', refundMinor: quote.refundMinor }), true);
    await progress(tx, await lockReturn(tx, ret.id));
  });
}

/** The hold went back to the customer. */
export async function recordHoldReleased(ctx: ServiceContext, exchangeId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { ret, ex } = await lockBoth(tx, exchangeId);
    if (ex.holdStatus === 'RELEASED') return;
    await moveExchange(tx, ex, { holdStatus: 'RELEASED' });
    await appendEvent(tx, ret.id, 'EXCHANGE_HOLD_RELEASED', details(ex, { holdId: ex.holdReference, holdAmountMinor: ex.holdMinor }), true);
  });
}

/**
 * The hold was charged `chargedMinor`: the return never arrived (all of the hold), or some of its units were closed as
 * missing after their replacements shipped (their share; `releasedMinor` went back to the customer).
 */
export async function recordHoldCharged(ctx: ServiceContext, exchangeId: string, chargeReference: string, chargedMinor: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { ret, ex } = await lockBoth(tx, exchangeId);
    if (ex.holdStatus !== 'CHARGE_PENDING') return;
    await moveExchange(tx, ex, { holdStatus: 'CHARGED', chargeReference });
    const releasedMinor = Math.max(0, (ex.holdMinor ?? 0) - chargedMinor);
    await appendEvent(tx, ret.id, 'EXCHANGE_HOLD_CHARGED', details(ex, { holdId: ex.holdReference, holdAmountMinor: ex.holdMinor, chargedMinor, releasedMinor, chargeReference }), true);
  });
}

/** Money as the protocol carries it, for the adapter calls. */
export { money as protocolMoney };
