import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { builtOnce } from '../../db/prepared';
import { returnItems, returns } from '../../db/schema';
import { uuidv7 } from '../../domain/ids';
import type { ReturnResolution } from '../../db/schema';
import { computeItemRefund, sumRefunds } from '../../domain/refund';
import { shippingFeeWaived } from '../../domain/return-policy';
import { RETURN_REASONS, type ReturnReasonCode } from '../../domain/return-reasons';
import { isUniqueViolation } from '../../db/errors';
import { requireStaff } from '../access';
import { runMutation, type ServiceContext } from '../context';
import { NotFoundError, UserErrorAbort, type Outcome, type UserError } from '../errors';
import { appendEvent } from './return-events';
import { checkExchanges, type ChosenExchange } from './exchange-options.service';
import { createExchanges, exchangeQuote } from './exchange.service';
import { releaseBookings } from '../partners/integration-job.service';
import { serialReturnerReview } from '../insight/serial-returner.service';
import { returnRiskReview } from '../insight/risk-scoring.service';
import { applyAction, lockReturn, simpleTransition, type ReturnRow } from './return-transition';
import { checkReturnLine, evaluateOrder, visibleOrder } from './returnable.service';

/** A customer's request for one order line. */
export interface ReturnItemRequest {
  orderLineId: string;
  quantity: number;
  reason: ReturnReasonCode;
  note?: string | null;
  resolution?: ReturnResolution | null;
  exchangeSku?: string | null;
}

export interface ReturnRequest {
  orderId: string;
  items: ReturnItemRequest[];
  idempotencyKey?: string | null;
}

function requestHash(req: ReturnRequest): string {
  const items = req.items.map((i) => [i.orderLineId, i.quantity, i.reason, i.note ?? null, i.resolution ?? 'REFUND', i.exchangeSku ?? null]);
  return createHash('sha256').update(JSON.stringify([req.orderId, items])).digest('hex');
}

function itemErrors(req: ReturnRequest): UserError[] {
  const errors: UserError[] = [];
  const seen = new Set<string>();
  req.items.forEach((item, i) => {
    const field = ['items', String(i)];
    if (seen.has(item.orderLineId)) errors.push({ code: 'DUPLICATE_LINE', message: 'Each order line may appear once per return', field: [...field, 'orderLineId'] });
    seen.add(item.orderLineId);
    const resolution = item.resolution ?? 'REFUND';
    if (resolution === 'EXCHANGE' && !item.exchangeSku) errors.push({ code: 'EXCHANGE_SKU_REQUIRED', message: 'An exchange needs the SKU to exchange for', field: [...field, 'exchangeSku'] });
    if (resolution !== 'EXCHANGE' && item.exchangeSku) errors.push({ code: 'EXCHANGE_SKU_NOT_ALLOWED', message: 'exchangeSku is only for the EXCHANGE resolution', field: [...field, 'exchangeSku'] });
    const def = RETURN_REASONS.find((r) => r.code === item.reason);
    if (def?.requiresNote && !item.note?.trim()) errors.push({ code: 'NOTE_REQUIRED', message: `The reason ${item.reason} needs a note`, field: [...field, 'note'] });
  });
  return errors;
}

/**
 * Opens a return for lines of one order. Serialized per order (row lock) so two requests cannot claim the same
 * units; an idempotency key replays the first result, and the same key with other input is a userError.
 */
export async function requestReturn(ctx: ServiceContext, req: ReturnRequest): Promise<Outcome<ReturnRow>> {
  if (ctx.actor.kind === 'anonymous') requireStaff(ctx);
  const errors = itemErrors(req);
  if (errors.length) return { ok: false, userErrors: errors };
  const hash = requestHash(req);
  // Exchanges are checked against the merchant's stock before the transaction: a partner call holds no row lock.
  const exchanges = await checkExchanges(ctx, req.orderId, req.items, req.idempotencyKey);
  if (!exchanges.ok) return exchanges;
  try {
    return await openReturn(ctx, req, hash, exchanges.value);
  } catch (e) {
    // The same key raced in on another order of this customer: the winner is committed now, so replay finds it.
    if (isUniqueViolation(e, 'returns_idempotency_uq')) return openReturn(ctx, req, hash, exchanges.value);
    throw e;
  }
}

// requestReturn's inserts, built once (src/db/prepared.ts): the return, and its items for 1–4 lines (more: built per call).
type NewReturn = {
  id: string; customerId: string; orderId: string; currencyCode: string; idempotencyKey: string | null; requestHash: string;
  restockingFeeMinor: number; refundMinor: number; createdAt: Date; updatedAt: Date;
};
const INSERT_RETURN = builtOnce<NewReturn, ReturnRow[]>('insertRequestedReturn', (db) => db.insert(returns).values({
  id: sql.placeholder('id'), customerId: sql.placeholder('customerId'), orderId: sql.placeholder('orderId'), status: 'REQUESTED',
  currencyCode: sql.placeholder('currencyCode'), idempotencyKey: sql.placeholder('idempotencyKey'), requestHash: sql.placeholder('requestHash'),
  restockingFeeMinor: sql.placeholder('restockingFeeMinor'), refundMinor: sql.placeholder('refundMinor'), refundStatus: 'QUOTED',
  createdAt: sql.placeholder('createdAt'), updatedAt: sql.placeholder('updatedAt'),
}).returning());

type NewItem = typeof returnItems.$inferInsert & { id: string };
const ITEM_KEYS = ['id', 'returnId', 'orderLineId', 'quantity', 'reason', 'note', 'resolution', 'exchangeSku', 'restockingFeePercent',
  'storeCreditBonusPercent', 'grossMinor', 'restockingFeeMinor', 'refundMinor'] as const;
const INSERT_ITEMS = [1, 2, 3, 4].map((n) => builtOnce<Record<string, unknown>, Array<{ id: string; orderLineId: string }>>(`insertReturnItems${n}`, (db) =>
  db.insert(returnItems).values(Array.from({ length: n }, (_, i) => Object.fromEntries(ITEM_KEYS.map((k) => [k, sql.placeholder(`${k}${i}`)])) as never))
    .returning({ id: returnItems.id, orderLineId: returnItems.orderLineId })));

function insertItems(tx: ServiceContext, rows: NewItem[]): Promise<Array<{ id: string; orderLineId: string }>> {
  const built = INSERT_ITEMS[rows.length - 1];
  if (!built) return tx.db.insert(returnItems).values(rows).returning({ id: returnItems.id, orderLineId: returnItems.orderLineId });
  const values: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    for (const k of ITEM_KEYS) {
      // Every column is a placeholder: one left out would be NULL here, not its default as in drizzle's own insert.
      if (row[k] === undefined) throw new Error(`insertItems: ${k} is missing`);
      values[`${k}${i}`] = row[k];
    }
  });
  return built(tx.db, values);
}

function openReturn(ctx: ServiceContext, req: ReturnRequest, hash: string, exchanges: Map<string, ChosenExchange>): Promise<Outcome<ReturnRow>> {
  return runMutation(ctx, async (tx) => {
    let order;
    try {
      order = await visibleOrder(tx, req.orderId, true);
    } catch (e) {
      // Only "not found" (unknown or foreign) is the customer's answer; a database failure stays a classified error.
      if (e instanceof NotFoundError) throw new UserErrorAbort([{ code: 'NOT_FOUND', message: 'Order not found', field: ['orderId'] }]);
      throw e;
    }
    if (req.idempotencyKey) {
      const [prior] = await tx.db.select().from(returns)
        .where(and(eq(returns.customerId, order.customerId), eq(returns.idempotencyKey, req.idempotencyKey)));
      if (prior) {
        if (prior.requestHash === hash) return prior;
        throw new UserErrorAbort([{ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This idempotency key was used for a different request', field: ['idempotencyKey'] }]);
      }
    }
    const lines = new Map((await evaluateOrder(tx, order)).map((l) => [l.line.id, l]));
    const problems: UserError[] = [];
    const priced = req.items.map((item, i) => {
      const field = ['items', String(i)];
      const checked = checkReturnLine(lines, item, field);
      if (!checked.ok) {
        problems.push(checked.error);
        return null;
      }
      const { entry } = checked;
      const full = computeItemRefund({
        line: { quantity: entry.line.quantity, unitPriceMinor: entry.line.unitPriceMinor, discountMinor: entry.line.discountMinor },
        alreadyRefundedUnits: entry.claimedQuantity, units: item.quantity,
        restockingFeePercent: entry.policy.restockingFeePercent, reason: item.reason,
      });
      // An exchange refunds only a cheaper replacement's difference (docs/exchanges.md).
      const exchange = exchanges.get(item.orderLineId);
      const quote = exchange ? exchangeQuote(full, exchange.variant.priceMinor, item.quantity) : full;
      return { item, entry, quote, exchange };
    });
    if (problems.length) throw new UserErrorAbort(problems);
    const ok = priced.filter((p): p is NonNullable<typeof p> => p !== null);
    const totals = sumRefunds(ok.map((p) => p.quote));
    // Each check the policy asks for may hold the request for an operator; any reason stops auto-approval.
    const manualReviewReasons = [
      ...await serialReturnerReview(tx, order.customerId, ok.map((p) => p.entry.policy)),
      ...await returnRiskReview(tx, order.id, ok.map((p) => p.entry.policy)),
    ];
    const autoApprove = manualReviewReasons.length === 0 && ok.every((p) => p.entry.policy.autoApprove);
    const freeShipping = ok.every((p) => shippingFeeWaived(p.entry.policy, [p.item.reason]));

    const [created] = await INSERT_RETURN(tx.db, {
      id: uuidv7(), customerId: order.customerId, orderId: order.id,
      currencyCode: order.currencyCode, idempotencyKey: req.idempotencyKey ?? null, requestHash: hash,
      restockingFeeMinor: totals.restockingFeeMinor, refundMinor: totals.refundMinor, createdAt: tx.now(), updatedAt: tx.now(),
    });
    const inserted = await insertItems(tx, ok.map(({ item, entry, quote }) => ({
      id: uuidv7(), returnId: created.id, orderLineId: item.orderLineId, quantity: item.quantity, reason: item.reason,
      note: item.note ?? null, resolution: item.resolution ?? 'REFUND', exchangeSku: item.exchangeSku ?? null,
      restockingFeePercent: entry.policy.restockingFeePercent, storeCreditBonusPercent: entry.policy.storeCreditBonusPercent, grossMinor: quote.grossMinor, restockingFeeMinor: quote.restockingFeeMinor, refundMinor: quote.refundMinor,
    })));
    const itemIdOf = new Map(inserted.map((r) => [r.orderLineId, r.id]));
    await createExchanges(tx, created.id, order.currencyCode, ok.flatMap((p) => (p.exchange ? [{
      returnItemId: itemIdOf.get(p.item.orderLineId)!, quantity: p.item.quantity, paidMinor: p.quote.grossMinor, instant: p.entry.policy.instantExchange, chosen: p.exchange,
    }] : [])));
    await appendEvent(tx, created.id, 'RETURN_REQUESTED', {
      items: ok.map((p) => ({ orderLineId: p.item.orderLineId, quantity: p.item.quantity, reason: p.item.reason })),
      freeShipping,
    });
    if (manualReviewReasons.length) await appendEvent(tx, created.id, 'MANUAL_REVIEW_REQUIRED', { reasons: manualReviewReasons }, true);
    return autoApprove ? applyAction(tx, created, 'APPROVE', 'RETURN_APPROVED', { auto: true }, {}, true) : created;
  });
}

/** Cancels a return that has not shipped; the customer who owns it or staff. */
export function cancelReturn(ctx: ServiceContext, returnId: string, reason?: string | null): Promise<Outcome<ReturnRow>> {
  return runMutation(ctx, async (tx) => {
    const ret = await lockReturn(tx, returnId);
    const updated = await applyAction(tx, ret, 'CANCEL', 'RETURN_CANCELLED', reason ? { reason } : {}, { refundStatus: 'NONE', refundMinor: 0 });
    // A booked label, locker, drop-off or pickup is released at the partner (a booking still PENDING is released by
    // the worker when it finds the return cancelled).
    await releaseBookings(tx, ret.id);
    return updated;
  });
}

/** Approves a requested return (staff). */
export function approveReturn(ctx: ServiceContext, returnId: string): Promise<Outcome<ReturnRow>> {
  requireStaff(ctx);
  return simpleTransition(ctx, returnId, 'APPROVE', 'RETURN_APPROVED');
}

/** Rejects a requested return with a reason the customer will see (staff). */
export function rejectReturn(ctx: ServiceContext, returnId: string, reason: string): Promise<Outcome<ReturnRow>> {
  requireStaff(ctx);
  return simpleTransition(ctx, returnId, 'REJECT', 'RETURN_REJECTED', { reason }, { rejectionReason: reason, refundStatus: 'NONE', refundMinor: 0 });
}

export { lockReturn };
