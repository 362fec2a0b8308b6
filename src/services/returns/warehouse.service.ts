import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { orderLines, products, returnItems, returns, type StoredRecommendation } from '../../db/schema';
import { recommendDisposition, type ConditionGrade, type CosmeticGrade, type DispositionType, type FunctionalGrade } from '../../domain/disposition';
import { activeRuleSet } from '../next-life/disposition-rules.service';
import { takeOutOfBatch } from '../next-life/partner-batch.service';
import { addToRecyclingLot, recyclingLotStore } from '../next-life/recycling-lot.service';
import { cancelRefurbishment, createRefurbishmentJob, refurbishItem } from '../next-life/refurbishment-routing.service';
import { createResaleListing, soldUnits, withdrawActiveListings } from '../next-life/resale.service';
import { addToVendorReturn, vendorReturnStore } from '../next-life/vendor-return.service';
import { computeItemRefund, sumRefunds, type ItemRefund } from '../../domain/refund';
import { splitSettlement } from '../../domain/settlement';
import { requestSettlement } from './settlement.service';
import { transition } from '../../domain/return-status';
import { requireStaff } from '../access';
import { runMutation, type ServiceContext } from '../context';
import { UserErrorAbort, type Outcome } from '../errors';
import { appendEvent } from './return-events';
import { exchangeQuote, exchangesInFlight, exchangesOf } from './exchange.service';
import { applyAction, lockReturn, type ReturnRow } from './return-transition';
import { rootsOf, splitNeeded, splitOff, unitValueMinor } from './unit-split.service';

export type ReturnItemRow = typeof returnItems.$inferSelect;

/** Units counted at the dock for one item. */
export interface ReceivedUnits { returnItemId: string; quantity: number }

async function itemsOf(tx: ServiceContext, returnId: string): Promise<ReturnItemRow[]> {
  return tx.db.select().from(returnItems).where(eq(returnItems.returnId, returnId)).orderBy(returnItems.id).for('update');
}

/** Locks the return that owns an item and the item itself; NOT_FOUND when either is missing or not visible. */
async function lockItem(tx: ServiceContext, returnItemId: string): Promise<{ ret: ReturnRow; item: ReturnItemRow }> {
  const [ref] = await tx.db.select({ returnId: returnItems.returnId }).from(returnItems).where(eq(returnItems.id, returnItemId));
  if (!ref) throw new UserErrorAbort([{ code: 'NOT_FOUND', message: 'Return item not found', field: ['returnItemId'] }]);
  const ret = await lockReturn(tx, ref.returnId);
  const [item] = await tx.db.select().from(returnItems).where(eq(returnItems.id, returnItemId)).for('update');
  return { ret, item };
}

/**
 * Records units received at the warehouse. Walk-ins are allowed from APPROVED; the row lock on the return makes two
 * scanners submitting at once serialize, so received never exceeds what was requested.
 */
export async function receiveReturn(
  ctx: ServiceContext, returnId: string, received: ReceivedUnits[], packagingReusable?: boolean | null,
): Promise<Outcome<ReturnRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const ret = await lockReturn(tx, returnId);
    const items = new Map((await itemsOf(tx, returnId)).map((i) => [i.id, i]));
    const totals = new Map<string, number>();
    received.forEach((r, idx) => {
      const item = items.get(r.returnItemId);
      if (!item) throw new UserErrorAbort([{ code: 'NOT_FOUND', message: 'Return item not found on this return', field: ['items', String(idx), 'returnItemId'] }]);
      const total = (totals.get(r.returnItemId) ?? 0) + r.quantity;
      const outstanding = item.quantity - item.receivedQuantity - item.missingQuantity;
      if (total > outstanding) {
        throw new UserErrorAbort([{ code: 'QUANTITY_EXCEEDS_OUTSTANDING', message: `Only ${outstanding} unit(s) of this item are still expected`, field: ['items', String(idx), 'quantity'] }]);
      }
      totals.set(r.returnItemId, total);
    });
    // A grade or decision covered the units seen so far; units arriving later must be inspected with them.
    const uninspected = { grade: null, cosmeticGrade: null, functionalGrade: null, inspectionNotes: null, inspectedAt: null, recommendation: null, disposition: null, dispositionReason: null, dispositionedAt: null };
    for (const [itemId, qty] of totals) {
      await tx.db.update(returnItems).set({ receivedQuantity: sql`${returnItems.receivedQuantity} + ${qty}`, ...uninspected }).where(eq(returnItems.id, itemId));
      await withdrawActiveListings(tx, itemId, 'More units arrived; the item is inspected again');
    }
    return applyAction(tx, ret, 'RECEIVE', 'ITEMS_RECEIVED',
      { items: [...totals].map(([returnItemId, quantity]) => ({ returnItemId, quantity })), packagingReusable: packagingReusable ?? null },
      packagingReusable === undefined || packagingReusable === null ? {} : { packagingReusable });
  });
}

/** Closes what is still outstanding on a received return as missing; those units are not refunded. */
export async function closeMissing(ctx: ServiceContext, returnId: string): Promise<Outcome<ReturnRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const ret = await lockReturn(tx, returnId);
    const items = await itemsOf(tx, returnId);
    const missing = items
      .map((i) => ({ returnItemId: i.id, quantity: i.quantity - i.receivedQuantity - i.missingQuantity }))
      .filter((m) => m.quantity > 0);
    if (missing.length === 0 && ret.status === 'RECEIVED') {
      throw new UserErrorAbort([{ code: 'NOTHING_OUTSTANDING', message: 'Every unit of this return is already accounted for', field: null }]);
    }
    for (const m of missing) {
      await tx.db.update(returnItems).set({ missingQuantity: sql`${returnItems.missingQuantity} + ${m.quantity}` }).where(eq(returnItems.id, m.returnItemId));
    }
    const updated = await applyAction(tx, ret, 'CLOSE_MISSING', 'ITEMS_MARKED_MISSING', { items: missing });
    return progress(tx, updated);
  });
}

async function factsFor(tx: ServiceContext, ret: ReturnRow, item: ReturnItemRow, grade: ConditionGrade) {
  const [row] = await tx.db.select({ line: orderLines, product: products }).from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId)).where(eq(orderLines.id, item.orderLineId));
  return {
    grade, reason: item.reason, category: row.line.category, currency: ret.currencyCode,
    unitValueMinor: await unitValueMinor(tx, item),
    weightGrams: row.line.weightGrams ?? row.product.weightGrams,
    refurbishable: row.product.refurbishable, vendorReturnable: row.product.vendorReturnable, recyclable: row.product.recyclable,
  };
}

/** The two halves of an inspection recorded beside the condition grade; either may be left out. */
export interface InspectionAxes { cosmeticGrade?: CosmeticGrade | null; functionalGrade?: FunctionalGrade | null }

/**
 * Grades a received item and stores the disposition engine's recommendation, with the cosmetic and functional
 * assessments when given (recorded as found; the condition grade alone drives the rules). With `units` (fewer than the
 * item's received units) only that many are graded: they are split off into a new item of the same line, which is
 * returned; the original keeps the rest as it was (docs/dispositions.md, "Several units of one line").
 */
export async function inspectReturnItem(
  ctx: ServiceContext, returnItemId: string, grade: ConditionGrade, notes?: string | null, units?: number | null, axes: InspectionAxes = {},
): Promise<Outcome<ReturnItemRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const locked = await lockItem(tx, returnItemId);
    const { ret } = locked;
    let item = locked.item;
    if (item.receivedQuantity === 0) throw new UserErrorAbort([{ code: 'NOTHING_RECEIVED', message: 'No unit of this item has been received', field: ['returnItemId'] }]);
    if (item.disposition) throw new UserErrorAbort([{ code: 'ALREADY_DISPOSITIONED', message: 'This item already has a disposition', field: ['returnItemId'] }]);
    if (units !== undefined && units !== null && await splitNeeded(tx, item, units)) {
      item = (await splitOff(tx, ret, item, units, 'INSPECTION', {})).split;
    }
    const ruleSet = await activeRuleSet(tx);
    const rec = recommendDisposition(await factsFor(tx, ret, item, grade), ruleSet);
    const recommendation: StoredRecommendation = {
      disposition: rec.disposition, expectedRecoveryMinor: rec.expectedRecoveryMinor, co2eAvoidedKg: rec.co2eAvoidedKg,
      rationale: rec.rationale, ruleId: rec.ruleId, ruleSetVersion: ruleSet.version,
    };
    const [updated] = await tx.db.update(returnItems)
      .set({ grade, cosmeticGrade: axes.cosmeticGrade ?? null, functionalGrade: axes.functionalGrade ?? null, inspectionNotes: notes ?? null, inspectedAt: tx.now(), recommendation })
      .where(eq(returnItems.id, item.id)).returning();
    const after = await applyAction(tx, ret, 'INSPECT', 'ITEM_INSPECTED', {
      returnItemId: item.id, units: item.receivedQuantity, grade, cosmeticGrade: axes.cosmeticGrade ?? null, functionalGrade: axes.functionalGrade ?? null,
      recommended: rec.disposition, ruleId: rec.ruleId,
    });
    await progress(tx, after);
    return updated;
  });
}

/**
 * Moves an item's units to where its disposition sends them, in the caller's transaction. Out of the refurbishment
 * job, recycling lot or vendor return authorization the new disposition no longer wants — only while none of them has
 * gone to its partner (else ALREADY_DISPATCHED or DISPATCH_PENDING, and nothing changes) — and into the one it wants,
 * where units that arrived later join the item's units (or, once its lot or VRA went out, the one now filling).
 */
async function routeUnits(tx: ServiceContext, returnItemId: string, disposition: DispositionType): Promise<void> {
  const reason = `Disposition changed to ${disposition}`;
  if (disposition !== 'REFURBISH') await cancelRefurbishment(tx, returnItemId, reason);
  if (disposition !== 'RECYCLE') await takeOutOfBatch(tx, recyclingLotStore, returnItemId, reason);
  if (disposition !== 'RETURN_TO_VENDOR') await takeOutOfBatch(tx, vendorReturnStore, returnItemId, reason);
  if (disposition === 'REFURBISH') await refurbishItem(tx, returnItemId);
  if (disposition === 'RECYCLE') await addToRecyclingLot(tx, returnItemId);
  if (disposition === 'RETURN_TO_VENDOR') await addToVendorReturn(tx, returnItemId);
}

/**
 * Accepts the recommendation or overrides it (an override needs a reason); completes the return when all is decided.
 * An item whose units went to a partner (refurbisher, recycler, vendor) keeps its disposition (ALREADY_DISPATCHED).
 */
export async function setDisposition(
  ctx: ServiceContext, returnItemId: string, disposition: DispositionType, reason?: string | null,
): Promise<Outcome<ReturnItemRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const { ret, item } = await lockItem(tx, returnItemId);
    if (!item.grade || !item.recommendation) throw new UserErrorAbort([{ code: 'NOT_INSPECTED', message: 'Inspect the item before setting its disposition', field: ['returnItemId'] }]);
    // Units sold through the item's listing are gone: with all of them sold, its decision cannot change any more.
    if (item.disposition && item.receivedQuantity <= await soldUnits(tx, item.id)) {
      throw new UserErrorAbort([{ code: 'ALREADY_SOLD', message: 'This item\'s units were sold; its disposition cannot change', field: ['returnItemId'] }]);
    }
    const overridden = disposition !== item.recommendation.disposition;
    if (overridden && !reason?.trim()) throw new UserErrorAbort([{ code: 'OVERRIDE_REASON_REQUIRED', message: 'Overriding the recommended disposition needs a reason', field: ['reason'] }]);
    // applyAction checks this too, but the units move first (their outcome goes into the event): a closed return must
    // say so rather than report where its units are.
    const allowed = transition(ret.status, 'SET_DISPOSITION');
    if (!allowed.ok) throw new UserErrorAbort([{ code: allowed.code, message: allowed.message, field: null }]);
    // A refurbishment job is one unit: every unit beyond the first (not sold) becomes an item of its own, with its own job.
    if (disposition === 'REFURBISH') await refurbishUnitsApart(tx, ret, item, reason ?? null, overridden);
    // The unit's next life starts in the same transaction: a routed job or a lot/VRA, with their dispatch in the outbox.
    await routeUnits(tx, item.id, disposition);
    const after = await applyAction(tx, ret, 'SET_DISPOSITION', 'DISPOSITION_SET', {
      returnItemId: item.id, disposition, recommended: item.recommendation.disposition, overridden, reason: reason ?? null,
    });
    const [updated] = await tx.db.update(returnItems)
      .set({ disposition, dispositionReason: reason ?? null, dispositionedAt: tx.now() })
      .where(eq(returnItems.id, item.id)).returning();
    // Sellable units become a priced resale listing (announced to merchants); a changed decision withdraws the old one.
    if (disposition === 'RESTOCK' || disposition === 'RESELL_OPEN_BOX') await createResaleListing(tx, item.id, disposition);
    else await withdrawActiveListings(tx, item.id, `Disposition changed to ${disposition}`);
    await progress(tx, after);
    return updated;
  });
}

/**
 * Splits every unsold received unit of an item given REFURBISH beyond the first into a one-unit item with the same
 * grade, recommendation and disposition, and gives each its own refurbishment job (routed, dispatch in the outbox).
 */
async function refurbishUnitsApart(tx: ServiceContext, ret: ReturnRow, item: ReturnItemRow, reason: string | null, overridden: boolean): Promise<void> {
  let original = item;
  const apart = original.receivedQuantity - await soldUnits(tx, original.id) - 1;
  for (let n = 0; n < apart; n += 1) {
    const state = {
      grade: original.grade, cosmeticGrade: original.cosmeticGrade, functionalGrade: original.functionalGrade, inspectionNotes: original.inspectionNotes, inspectedAt: original.inspectedAt, recommendation: original.recommendation,
      disposition: 'REFURBISH' as const, dispositionReason: reason, dispositionedAt: tx.now(),
    };
    const { split, original: rest } = await splitOff(tx, ret, original, 1, 'REFURBISH', state);
    original = rest;
    await createRefurbishmentJob(tx, split.id);
    await appendEvent(tx, ret.id, 'DISPOSITION_SET', {
      from: ret.status, to: ret.status, returnItemId: split.id, disposition: 'REFURBISH', recommended: original.recommendation?.disposition ?? null,
      overridden, reason,
    });
  }
}

/**
 * Moves a return forward once its items allow: all graded → INSPECTED; all decided (and every exchange order placed or
 * failed) → refund issued, COMPLETED. Also called when an exchange order's outcome arrives.
 */
export async function progress(tx: ServiceContext, ret: ReturnRow): Promise<ReturnRow> {
  const items = await itemsOf(tx, ret.id);
  if (items.some((i) => i.receivedQuantity + i.missingQuantity < i.quantity)) return ret;
  const received = items.filter((i) => i.receivedQuantity > 0);
  let current = ret;
  if (current.status === 'RECEIVED' && received.every((i) => i.grade)) {
    current = await applyAction(tx, current, 'FINISH_INSPECTION', 'INSPECTION_FINISHED', {}, {}, true);
  }
  if (!received.every((i) => i.disposition)) return current;
  // The refund depends on each exchange's outcome (a failed one falls back to a refund): wait for it.
  if (await exchangesInFlight(tx, current.id)) return current;
  return complete(tx, current, items);
}

/** A group's quote shared out over its items by units received, the remainder on `head`. */
function shareQuote(quote: ItemRefund, group: ReturnItemRow[], head: ReturnItemRow, units: number): Array<{ item: ReturnItemRow; quote: ItemRefund }> {
  if (group.length === 1) return [{ item: head, quote }];
  const part = (amount: number, n: number) => (units === 0 ? 0 : Number((BigInt(amount) * BigInt(n)) / BigInt(units)));
  const shares = group.filter((i) => i !== head).map((item) => {
    const grossMinor = part(quote.grossMinor, item.receivedQuantity);
    const restockingFeeMinor = part(quote.restockingFeeMinor, item.receivedQuantity);
    return { item, quote: { grossMinor, restockingFeeMinor, refundMinor: grossMinor - restockingFeeMinor } };
  });
  const rest = sumRefunds(shares.map((s) => s.quote));
  const headQuote = {
    grossMinor: quote.grossMinor - rest.grossMinor, restockingFeeMinor: quote.restockingFeeMinor - rest.restockingFeeMinor,
    refundMinor: quote.refundMinor - rest.refundMinor,
  };
  return [{ item: head, quote: headQuote }, ...shares];
}

async function complete(tx: ServiceContext, ret: ReturnRow, items: ReturnItemRow[]): Promise<ReturnRow> {
  const lineIds = [...new Set(items.map((i) => i.orderLineId))];
  const lines = new Map((await tx.db.select().from(orderLines).where(inArray(orderLines.id, lineIds))).map((l) => [l.id, l]));
  const refunded = await tx.db
    .select({ lineId: returnItems.orderLineId, units: sql<number>`sum(${returnItems.receivedQuantity})::int` })
    .from(returnItems).innerJoin(returns, eq(returns.id, returnItems.returnId))
    .where(and(inArray(returnItems.orderLineId, lineIds), eq(returns.status, 'COMPLETED'), ne(returns.id, ret.id)))
    .groupBy(returnItems.orderLineId);
  const already = new Map(refunded.map((r) => [r.lineId, Number(r.units)]));
  // Items split off one original are priced together as the original would have been, then shared out by units
  // received (the remainder on the original): splitting never changes the refund.
  const roots = rootsOf(items);
  const exchanges = await exchangesOf(tx, ret.id);
  const groups = new Map<string, ReturnItemRow[]>();
  for (const item of items) groups.set(roots.get(item.id)!, [...groups.get(roots.get(item.id)!) ?? [], item]);
  const perItem = [...groups.values()].flatMap((group) => {
    const head = group.find((i) => roots.get(i.id) === i.id) ?? group[0];
    const line = lines.get(head.orderLineId)!;
    const units = group.reduce((n, i) => n + i.receivedQuantity, 0);
    const full = computeItemRefund({
      line: { quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, discountMinor: line.discountMinor },
      alreadyRefundedUnits: already.get(line.id) ?? 0, units,
      restockingFeePercent: head.restockingFeePercent, reason: head.reason,
    });
    // An exchanged item is settled by its replacement: only a cheaper one's difference is refunded.
    const exchange = head.resolution === 'EXCHANGE' ? exchanges.get(head.id) : undefined;
    const quote = exchange?.status === 'ORDERED' ? exchangeQuote(full, exchange.unitPriceMinor, units) : full;
    already.set(line.id, (already.get(line.id) ?? 0) + units);
    return shareQuote(quote, group, head, units);
  });
  for (const { item, quote } of perItem) {
    await tx.db.update(returnItems).set({ grossMinor: quote.grossMinor, restockingFeeMinor: quote.restockingFeeMinor, refundMinor: quote.refundMinor })
      .where(eq(returnItems.id, item.id));
  }
  const totals = sumRefunds(perItem.map((p) => p.quote));
  if (ret.refundStatus !== 'QUOTED') {
    // Refunded at the first scan (trusted customer): the refund was already requested; record what was received.
    return applyAction(tx, ret, 'COMPLETE', 'RETURN_COMPLETED', { refundedAtFirstScan: true, receivedValueMinor: totals.refundMinor }, {}, true);
  }
  // The return shipping fee the customer chose is taken from the refund (money first, then store credit), never below zero.
  const settlement = splitSettlement(perItem.map((p) => ({
    resolution: p.item.resolution, refundMinor: p.quote.refundMinor, storeCreditBonusPercent: p.item.storeCreditBonusPercent,
  })), ret.shippingFeeMinor);
  const patch = await requestSettlement(tx, ret, settlement, {
    restockingFeeMinor: totals.restockingFeeMinor, shippingFeeMinor: ret.shippingFeeMinor,
    items: perItem.map((p) => ({ returnItemId: p.item.id, units: p.item.receivedQuantity, refundMinor: p.quote.refundMinor, resolution: p.item.resolution })),
  });
  return applyAction(tx, ret, 'COMPLETE', 'RETURN_COMPLETED', {}, { ...patch, restockingFeeMinor: totals.restockingFeeMinor }, true);
}
