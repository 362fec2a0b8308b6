import { and, eq, inArray } from 'drizzle-orm';
import { returnExchanges, returnItems } from '../../db/schema';
import type { AppendedEvent, ReturnEventType } from '../../domain/history-events';
import { exchangeInFlight, settleExchange, type ExchangeMode } from '../../domain/exchange';
import type { ItemRefund } from '../../domain/refund';
import { mulDivRound } from '../../domain/money';
import type { ServiceContext } from '../context';
import { enqueueIntegrationJob } from '../partners/integration-job.service';
import { INTEGRATION_JOB } from '../partners/integration-job-types';
import type { ChosenExchange } from './exchange-options.service';

// The exchange of a return item through the return's life (docs/exchanges.md): created with the request, started by
// the return's own history (approval, receipt, cancellation, expiry) through an event subscriber, performed by outbox
// jobs (exchange-job.service.ts records their outcomes).

export type ExchangeRow = typeof returnExchanges.$inferSelect;
type ExchangeJob = 'exchange.hold' | 'exchange.order' | 'exchange.hold-release' | 'exchange.hold-capture';

/** An exchange to create for an item just inserted: the variant chosen, what the units were paid, and the policy's mode. */
export interface NewExchange { returnItemId: string; quantity: number; paidMinor: number; instant: boolean; chosen: ChosenExchange }

/** Writes the exchanges of a new return (AWAITING_RETURN); an instant one asks for its hold once the return is approved. */
export async function createExchanges(tx: ServiceContext, returnId: string, currencyCode: string, rows: NewExchange[]): Promise<void> {
  if (!rows.length) return;
  await tx.db.insert(returnExchanges).values(rows.map((r) => {
    const s = settleExchange(r.paidMinor, r.chosen.variant.priceMinor, r.quantity);
    return {
      returnId, returnItemId: r.returnItemId, partnerId: r.chosen.partnerId, mode: (r.instant ? 'INSTANT' : 'AT_RECEIPT') as ExchangeMode,
      status: 'AWAITING_RETURN' as const, originalSku: r.chosen.line.sku, sku: r.chosen.variant.sku, quantity: r.quantity, currencyCode,
      unitPriceMinor: r.chosen.variant.priceMinor, paidMinor: r.paidMinor, priceDifferenceMinor: s.priceDifferenceMinor,
      createdAt: tx.now(), updatedAt: tx.now(),
    };
  }));
}

/** The quote of an exchanged item: no restocking fee, and only a cheaper replacement's difference is refunded. */
export function exchangeQuote(quote: ItemRefund, unitPriceMinor: number, units: number): ItemRefund {
  const s = settleExchange(quote.grossMinor, unitPriceMinor, units);
  return { grossMinor: quote.grossMinor, restockingFeeMinor: 0, refundMinor: s.refundMinor };
}

/** A return's exchanges by the item they belong to. */
export async function exchangesOf(tx: ServiceContext, returnId: string): Promise<Map<string, ExchangeRow>> {
  const rows = await tx.db.select().from(returnExchanges).where(eq(returnExchanges.returnId, returnId));
  return new Map(rows.map((r) => [r.returnItemId, r]));
}

/** True while one of the return's exchanges is being placed: the return completes once each has its outcome. */
export async function exchangesInFlight(tx: ServiceContext, returnId: string): Promise<boolean> {
  return [...(await exchangesOf(tx, returnId)).values()].some((e) => exchangeInFlight(e.status));
}

/** Changes one exchange and queues the partner call that goes with the change, in the caller's transaction. */
export async function moveExchange(tx: ServiceContext, ex: ExchangeRow, patch: Partial<ExchangeRow>, job?: ExchangeJob): Promise<ExchangeRow> {
  const [updated] = await tx.db.update(returnExchanges).set({ ...patch, updatedAt: tx.now() }).where(eq(returnExchanges.id, ex.id)).returning();
  if (job) await enqueueIntegrationJob(tx, { partnerId: ex.partnerId, type: job, payload: { exchangeId: ex.id }, returnId: ex.returnId });
  return updated;
}

/**
 * The return arrived (every unit accounted for, `units` of them received): order the replacement. A hold is not needed
 * any more, except for units closed as missing whose replacements were already ordered against it: their share of the
 * hold is charged and the rest goes back to the customer (one partial capture).
 */
async function returnArrived(tx: ServiceContext, ex: ExchangeRow, units: number): Promise<void> {
  let current = ex;
  if (current.holdStatus === 'HELD') {
    // HELD means the replacement was ordered (ORDER_PENDING / ORDERED) for all of `current.quantity` units; the capture
    // job charges the share of those that did not come back (holdChargeMinor).
    current = units < current.quantity
      ? await moveExchange(tx, current, { holdStatus: 'CHARGE_PENDING' }, INTEGRATION_JOB.EXCHANGE_HOLD_CAPTURE)
      : await moveExchange(tx, current, { holdStatus: 'RELEASE_PENDING' }, INTEGRATION_JOB.EXCHANGE_HOLD_RELEASE);
  }
  if (current.status !== 'AWAITING_RETURN' && current.status !== 'HOLD_PENDING') return;
  // Units closed as missing are not exchanged: the order covers what arrived, priced as paid for those units.
  const paidMinor = units === current.quantity ? current.paidMinor : mulDivRound(current.paidMinor, units, current.quantity);
  const s = settleExchange(paidMinor, current.unitPriceMinor, units);
  await moveExchange(tx, current, { status: 'ORDER_PENDING', quantity: units, paidMinor, priceDifferenceMinor: s.priceDifferenceMinor }, INTEGRATION_JOB.EXCHANGE_ORDER);
}

/** The return will never arrive (cancelled, rejected, expired, or closed with nothing received). */
async function returnWillNotArrive(tx: ServiceContext, ex: ExchangeRow): Promise<void> {
  // Nothing shipped yet: the exchange simply ends (a hold being placed is released by its job when it finds this).
  if (ex.status === 'AWAITING_RETURN' || ex.status === 'HOLD_PENDING') {
    await moveExchange(tx, ex, { status: 'CANCELLED' });
    return;
  }
  // Shipped (or being shipped) against a hold: the customer keeps the replacement, so the hold is charged.
  if (ex.holdStatus === 'HELD') await moveExchange(tx, ex, { holdStatus: 'CHARGE_PENDING' }, INTEGRATION_JOB.EXCHANGE_HOLD_CAPTURE);
}

const TRIGGERS: ReadonlySet<ReturnEventType> = new Set<ReturnEventType>([
  'RETURN_APPROVED', 'ITEMS_RECEIVED', 'ITEMS_MARKED_MISSING', 'RETURN_CANCELLED', 'RETURN_EXPIRED', 'RETURN_REJECTED',
]);

/**
 * Event subscriber: moves a return's exchanges on with the return. Approval asks for an instant exchange's hold; the
 * return arriving orders the replacement (and releases a hold); the return ending unshipped cancels what was not
 * ordered and charges a hold whose replacement went out. Runs in the transaction that appended the event, after the
 * return's row lock; exchange rows are locked in id order.
 */
export async function exchangeSubscriber(tx: ServiceContext, event: AppendedEvent): Promise<void> {
  if (event.stream !== 'return' || !TRIGGERS.has(event.type)) return;
  const rows = await tx.db.select({ ex: returnExchanges, quantity: returnItems.quantity, received: returnItems.receivedQuantity, missing: returnItems.missingQuantity })
    .from(returnExchanges).innerJoin(returnItems, eq(returnItems.id, returnExchanges.returnItemId))
    .where(and(eq(returnExchanges.returnId, event.returnId), inArray(returnExchanges.status, ['AWAITING_RETURN', 'HOLD_PENDING', 'ORDER_PENDING', 'ORDERED'])))
    .orderBy(returnExchanges.id).for('update', { of: returnExchanges });
  for (const { ex, quantity, received, missing } of rows) {
    switch (event.type) {
      case 'RETURN_APPROVED':
        if (ex.mode === 'INSTANT' && ex.status === 'AWAITING_RETURN' && ex.holdStatus === null) {
          const s = settleExchange(ex.paidMinor, ex.unitPriceMinor, ex.quantity);
          await moveExchange(tx, ex, { status: 'HOLD_PENDING', holdStatus: 'PENDING', holdMinor: s.holdMinor }, INTEGRATION_JOB.EXCHANGE_HOLD);
        }
        break;
      case 'ITEMS_RECEIVED':
      case 'ITEMS_MARKED_MISSING':
        if (received + missing < quantity) break;
        if (received > 0) await returnArrived(tx, ex, received);
        else await returnWillNotArrive(tx, ex);
        break;
      default:
        await returnWillNotArrive(tx, ex);
    }
  }
}
