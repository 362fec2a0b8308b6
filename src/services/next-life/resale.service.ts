import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { disposalRecords, orderLines, resaleListingEvents, resaleListings, returnItems, returns, type DisposalKind } from '../../db/schema';
import type { ConditionGrade } from '../../domain/disposition-types';
import { parseAmount, type MoneyValue } from '../../domain/money';
import type { ListingEventType } from '../../domain/history-events';
import {
  ACTIVE_RESALE_LISTING_STATUSES, transitionResaleListing, type ResaleListingAction, type ResaleListingStatus,
} from '../../domain/resale-listing-status';
import { computeResalePrice, type ResaleSource } from '../../domain/resale-pricing';
import { linePaid } from '../../domain/refund';
import { requireStaff } from '../access';
import { actorLabel, isStaff, runMutation, type ServiceContext } from '../context';
import { abort, type Outcome } from '../errors';
import { publish } from '../event-subscribers';
import { fetchPage } from '../paging';
import { groupedByIds, inIdOrder } from '../batch-load';

export type ResaleListingRow = typeof resaleListings.$inferSelect;
export type DisposalRecordRow = typeof disposalRecords.$inferSelect;

const EVENT_TYPE: Record<'CREATED' | ResaleListingAction, ListingEventType> = {
  CREATED: 'CREATED', RESERVE: 'RESERVED', SELL: 'SOLD', RELEASE: 'RELEASED', WITHDRAW: 'WITHDRAWN',
};

/** Appends a history row (the listing as it stands after the change) and publishes it to subscribers. */
async function announce(
  tx: ServiceContext, listing: ResaleListingRow, action: 'CREATED' | ResaleListingAction, details: Record<string, unknown> = {}, system = false,
): Promise<void> {
  const actor = system ? { actorType: 'system', actorId: null } : actorLabel(tx.actor);
  const [event] = await tx.db.insert(resaleListingEvents).values({
    listingId: listing.id, type: EVENT_TYPE[action], at: tx.now(), ...actor,
    data: { ...details, status: listing.status, priceMinor: listing.priceMinor, soldPriceMinor: listing.soldPriceMinor },
  }).returning({ id: resaleListingEvents.id });
  const [item] = await tx.db.select({ returnId: returnItems.returnId }).from(returnItems).where(eq(returnItems.id, listing.returnItemId));
  await publish(tx, { stream: 'listing', id: event.id, listingId: listing.id, returnId: item?.returnId ?? null, type: EVENT_TYPE[action] });
}

/** Withdraws the item's AVAILABLE/RESERVED listings (its disposition changed or more units arrived); announced. */
export async function withdrawActiveListings(tx: ServiceContext, returnItemId: string, reason: string): Promise<void> {
  const active = await tx.db.select().from(resaleListings)
    .where(and(eq(resaleListings.returnItemId, returnItemId), inArray(resaleListings.status, [...ACTIVE_RESALE_LISTING_STATUSES]))).for('update');
  for (const listing of active) {
    const [updated] = await tx.db.update(resaleListings)
      .set({ status: 'WITHDRAWN', withdrawnAt: tx.now(), version: listing.version + 1, updatedAt: tx.now() })
      .where(eq(resaleListings.id, listing.id)).returning();
    await announce(tx, updated, 'WITHDRAW', { reason }, true);
  }
}

const CONDITION_LABEL: Record<ResaleSource, (grade: string) => string> = {
  RESTOCK: () => 'New (restocked)',
  RESELL_OPEN_BOX: (grade) => `Open box – ${grade}`,
  REFURBISH: (grade) => `Refurbished – grade ${grade}`,
};

/** Units of a return item already sold through its listings (they are gone: never listed or dispositioned again). */
export async function soldUnits(tx: ServiceContext, returnItemId: string): Promise<number> {
  const [row] = await tx.db.select({ n: sql<number>`coalesce(sum(${resaleListings.units}), 0)::int` }).from(resaleListings)
    .where(and(eq(resaleListings.returnItemId, returnItemId), eq(resaleListings.status, 'SOLD')));
  return Number(row?.n ?? 0);
}

/**
 * Lists a return item's received units for resale, priced by the documented rules (domain/resale-pricing.ts), in the
 * caller's transaction, and announces `listing.created`. Earlier active listings of the item are withdrawn first;
 * units already sold (an earlier listing of the item, before more units arrived) are not listed again, and with none
 * left nothing is listed (null). RESTOCK and RESELL_OPEN_BOX come from setDisposition; REFURBISH from a refurbishment
 * job reaching COMPLETED.
 */
export async function createResaleListing(
  tx: ServiceContext, returnItemId: string, source: ResaleSource, cosmeticGrade: string | null = null,
): Promise<ResaleListingRow | null> {
  const [row] = await tx.db.select({ item: returnItems, line: orderLines, currency: returns.currencyCode }).from(returnItems)
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId)).innerJoin(returns, eq(returns.id, returnItems.returnId))
    .where(eq(returnItems.id, returnItemId));
  await withdrawActiveListings(tx, returnItemId, `Re-listed as ${source}`);
  const units = row.item.receivedQuantity - await soldUnits(tx, returnItemId);
  if (units <= 0) return null;
  // Average unit price paid, rounded down (unit shares differ by at most one minor unit).
  const originalUnitPriceMinor = Math.floor(linePaid(row.line) / row.line.quantity);
  const grade: ConditionGrade | null = row.item.grade;
  const price = computeResalePrice({
    originalUnitPriceMinor, currency: row.currency, category: row.line.category, source,
    conditionGrade: grade, cosmeticGrade, charm: tx.config.resaleCharmPricing,
  });
  const [listing] = await tx.db.insert(resaleListings).values({
    returnItemId, units, sku: row.line.sku, category: row.line.category,
    conditionLabel: CONDITION_LABEL[source](source === 'REFURBISH' ? cosmeticGrade ?? '?' : grade ?? '?'),
    sourceDisposition: source, pricingRule: price.rule, originalUnitPriceMinor, priceMinor: price.priceMinor,
    currencyCode: row.currency, createdAt: tx.now(), updatedAt: tx.now(),
  }).returning();
  await announce(tx, listing, 'CREATED', { pricingRule: price.rule }, true);
  return listing;
}

function minorOf(value: MoneyValue, currency: string, field: string): number {
  if (value.currencyCode !== currency) abort('CURRENCY_MISMATCH', `Amounts here are in ${currency}`, [field, 'currencyCode']);
  try {
    return parseAmount(value.amount, currency);
  } catch {
    return abort('INVALID_AMOUNT', `Not a valid ${currency} amount`, [field, 'amount']);
  }
}

/**
 * Moves a listing through its state machine (reserve, sell, release, withdraw) for staff; an illegal move is
 * ILLEGAL_TRANSITION and changes nothing. SELL records the price per unit (the list price unless given).
 */
export async function changeResaleListing(
  ctx: ServiceContext, listingId: string, action: ResaleListingAction, opts: { price?: MoneyValue | null; reason?: string | null } = {},
): Promise<Outcome<ResaleListingRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const [listing] = await tx.db.select().from(resaleListings).where(eq(resaleListings.id, listingId)).for('update');
    if (!listing) abort('NOT_FOUND', 'Resale listing not found', ['listingId']);
    const step = transitionResaleListing(listing.status, action);
    if (!step.ok) return abort(step.code, step.message, ['listingId']);
    const now = tx.now();
    const patch: Partial<ResaleListingRow> = { status: step.to, version: listing.version + 1, updatedAt: now };
    if (action === 'RESERVE') patch.reservedAt = now;
    if (action === 'RELEASE') patch.reservedAt = null;
    if (action === 'WITHDRAW') patch.withdrawnAt = now;
    if (action === 'SELL') {
      patch.soldAt = now;
      patch.soldPriceMinor = opts.price ? minorOf(opts.price, listing.currencyCode, 'price') : listing.priceMinor;
    }
    const [updated] = await tx.db.update(resaleListings).set(patch).where(eq(resaleListings.id, listing.id)).returning();
    await announce(tx, updated, action, opts.reason?.trim() ? { reason: opts.reason.trim() } : {});
    return updated;
  });
}

/** Filters offered by `resaleListings`. */
export interface ResaleListingFilter { status?: ResaleListingStatus[] | null; category?: string | null; sku?: string | null }

/** Newest first, keyset on id; staff only. */
export async function listResaleListings(ctx: ServiceContext, first: number, after: string | null, filter: ResaleListingFilter = {}) {
  requireStaff(ctx);
  const where: SQL[] = [];
  if (filter.status?.length) where.push(inArray(resaleListings.status, filter.status));
  if (filter.category) where.push(eq(resaleListings.category, filter.category));
  if (filter.sku) where.push(eq(resaleListings.sku, filter.sku));
  if (after) where.push(lt(resaleListings.id, after));
  return fetchPage(first, (limit) => ctx.db.select().from(resaleListings).where(and(...where)).orderBy(desc(resaleListings.id)).limit(limit));
}

/** Listings by id for the node loader: staff only, null for anyone else. */
export async function resaleListingsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(ResaleListingRow | null)[]> {
  if (!isStaff(ctx.actor) || ids.length === 0) return ids.map(() => null);
  const rows = await ctx.db.select().from(resaleListings).where(inArray(resaleListings.id, [...ids]));
  return inIdOrder(ids, rows);
}

/** A listing's history, oldest first (staff only: the listing itself was already checked). */
export async function resaleListingEventsByIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(resaleListingEvents).where(inArray(resaleListingEvents.listingId, [...ids])).orderBy(resaleListingEvents.id) : [];
  return groupedByIds(ids, rows, (r) => r.listingId);
}

/** Disposal records by id for the node loader: staff only, null for anyone else. */
export async function disposalRecordsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(DisposalRecordRow | null)[]> {
  if (!isStaff(ctx.actor) || ids.length === 0) return ids.map(() => null);
  const rows = await ctx.db.select().from(disposalRecords).where(inArray(disposalRecords.id, [...ids]));
  return inIdOrder(ids, rows);
}

/** What `recordDisposal` takes. */
export interface DisposalInput { returnItemId: string; kind: DisposalKind; counterparty: string; valueRecovered: MoneyValue }

/**
 * Records who took a DONATE or LIQUIDATE unit (the charity or the buyer) and the value recovered, once per item; the
 * item's disposition must be that kind.
 */
export async function recordDisposal(ctx: ServiceContext, input: DisposalInput): Promise<Outcome<DisposalRecordRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const [row] = await tx.db.select({ item: returnItems, currency: returns.currencyCode }).from(returnItems)
      .innerJoin(returns, eq(returns.id, returnItems.returnId)).where(eq(returnItems.id, input.returnItemId)).for('update', { of: returnItems });
    if (!row) abort('NOT_FOUND', 'Return item not found', ['returnItemId']);
    if (row.item.disposition !== input.kind) {
      abort('DISPOSITION_MISMATCH', `This item's disposition is ${row.item.disposition ?? 'not set'}, not ${input.kind}`, ['kind']);
    }
    const counterparty = input.counterparty.trim();
    if (!counterparty) abort('COUNTERPARTY_REQUIRED', input.kind === 'DONATE' ? 'Name the recipient' : 'Name the buyer', ['counterparty']);
    const valueRecoveredMinor = minorOf(input.valueRecovered, row.currency, 'valueRecovered');
    const [existing] = await tx.db.select({ id: disposalRecords.id }).from(disposalRecords).where(eq(disposalRecords.returnItemId, input.returnItemId));
    if (existing) abort('ALREADY_RECORDED', 'A disposal is already recorded for this item', ['returnItemId']);
    const by = actorLabel(tx.actor);
    const [record] = await tx.db.insert(disposalRecords).values({
      returnItemId: input.returnItemId, kind: input.kind, counterparty, valueRecoveredMinor, currencyCode: row.currency,
      recordedBy: `${by.actorType}:${by.actorId ?? ''}`, recordedAt: tx.now(),
    }).returning();
    return record;
  });
}
