import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { orderLines, partners, products, recyclingLotEvents, recyclingLots, recyclingLotUnits, returnItems } from '../db/schema';
import { materialStreamOf, weeeCategoryOf } from '../domain/recycling-lot-status';
import { actorLabel, runMutation, type ServiceContext } from './context';

export type RecyclingLotRow = typeof recyclingLots.$inferSelect;
export type RecyclingLotUnitRow = typeof recyclingLotUnits.$inferSelect;

/** Job integration type: stored in integration_jobs.type, it must not drift. */
export const RECYCLING_DISPATCH = 'recycling.dispatch';

/** Event types written to a lot's history; stable strings clients may switch on. */
export type RecyclingLotEventType =
  | 'LOT_CREATED' | 'NO_RECYCLER_AVAILABLE' | 'UNITS_ADDED' | 'DISPATCH_REQUESTED' | 'DISPATCHED' | 'DISPATCH_FAILED'
  | 'REPORTED' | 'CLOSED' | 'NEEDS_REVIEW' | 'REVIEW_ACCEPTED' | 'REPORT_SENT_BACK' | 'RECYCLER_ASSIGNED';

/** Appends one event to a lot's history, attributed to the actor (or the system). */
export async function appendLotEvent(
  tx: ServiceContext, lotId: string, type: RecyclingLotEventType, data: Record<string, unknown> = {}, system = false,
): Promise<void> {
  const actor = system ? { actorType: 'system', actorId: null } : actorLabel(tx.actor);
  await tx.db.insert(recyclingLotEvents).values({ lotId, type, at: tx.now(), ...actor, data });
}

/**
 * The recycler for a category: the active RECYCLER listing it in capabilities.categories (case-insensitive); with
 * several, the lowest partner id, so the choice is deterministic and lots of one key go to one recycler.
 */
async function recyclerFor(tx: ServiceContext, category: string): Promise<string | null> {
  const wanted = category.trim().toLowerCase();
  const recyclers = await tx.db.select({ id: partners.id, capabilities: partners.capabilities }).from(partners)
    .where(and(eq(partners.kind, 'RECYCLER'), eq(partners.status, 'ACTIVE'))).orderBy(asc(partners.id));
  return recyclers.find((r) => (r.capabilities.categories ?? []).some((c) => c.trim().toLowerCase() === wanted))?.id ?? null;
}

/**
 * Adds a RECYCLE item's received units to the filling lot for (recycler, material stream, WEEE category), creating it
 * when needed; its declared weight grows by units × the product weight (order line, else product). Without a recycler
 * for the category the lot waits with no partner and says why in its history. Idempotent per return item.
 */
export async function addToRecyclingLot(tx: ServiceContext, returnItemId: string): Promise<RecyclingLotRow | null> {
  const [already] = await tx.db.select({ lotId: recyclingLotUnits.lotId }).from(recyclingLotUnits).where(eq(recyclingLotUnits.returnItemId, returnItemId));
  if (already) return null;
  const [row] = await tx.db.select({ item: returnItems, line: orderLines, productWeight: products.weightGrams }).from(returnItems)
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId)).innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(returnItems.id, returnItemId));
  const units = row.item.receivedQuantity;
  if (units <= 0) return null;
  const category = row.line.category;
  const stream = materialStreamOf(category);
  const weee = stream === 'WEEE' ? weeeCategoryOf(category) : null;
  const partnerId = await recyclerFor(tx, category);
  const fillKey = `${partnerId ?? 'none'}|${stream}|${weee ?? '-'}`;
  const [created] = await tx.db.insert(recyclingLots).values({ partnerId, materialStream: stream, weeeCategory: weee, fillKey })
    .onConflictDoNothing({ target: recyclingLots.fillKey }).returning();
  if (created) {
    await appendLotEvent(tx, created.id, 'LOT_CREATED', { partnerId, materialStream: stream, weeeCategory: weee }, true);
    if (!partnerId) await appendLotEvent(tx, created.id, 'NO_RECYCLER_AVAILABLE', { reason: `No active recycler handles ${category}` }, true);
  }
  const [lot] = await tx.db.select().from(recyclingLots).where(eq(recyclingLots.fillKey, fillKey)).for('update');
  const grams = row.line.weightGrams ?? row.productWeight;
  const weightKg = grams === null ? null : (grams * units) / 1000;
  await tx.db.insert(recyclingLotUnits).values({ lotId: lot.id, returnItemId, sku: row.line.sku, category, units, weightKg });
  const [updated] = await tx.db.update(recyclingLots)
    .set({ declaredWeightKg: sql`${recyclingLots.declaredWeightKg} + ${weightKg ?? 0}`, version: lot.version + 1, updatedAt: tx.now() })
    .where(eq(recyclingLots.id, lot.id)).returning();
  await appendLotEvent(tx, lot.id, 'UNITS_ADDED', { returnItemId, sku: row.line.sku, category, units, weightKg }, true);
  return updated;
}

/**
 * Gives lots that have been waiting without a recycler to one that now handles every category in them (a recycler
 * registered or enabled after the units arrived). The lot keeps its units and gets its own fill key, so it is
 * dispatched as it is; new units for the same combination fill the recycler's regular lot. Run by a scheduled job.
 */
export async function assignWaitingLots(ctx: ServiceContext, batch = 100): Promise<number> {
  const waiting = await ctx.db.select({ id: recyclingLots.id }).from(recyclingLots)
    .where(and(eq(recyclingLots.status, 'OPEN'), isNull(recyclingLots.partnerId))).orderBy(asc(recyclingLots.id)).limit(batch);
  let assigned = 0;
  for (const { id } of waiting) {
    const done = await runMutation(ctx, async (tx) => {
      const [lot] = await tx.db.select().from(recyclingLots).where(eq(recyclingLots.id, id)).for('update');
      if (!lot || lot.status !== 'OPEN' || lot.partnerId) return false;
      const units = await tx.db.select({ category: recyclingLotUnits.category }).from(recyclingLotUnits).where(eq(recyclingLotUnits.lotId, id));
      const categories = [...new Set(units.map((u) => u.category))];
      if (categories.length === 0) return false;
      const candidates = await Promise.all(categories.map((c) => recyclerFor(tx, c)));
      const partnerId = candidates[0];
      if (!partnerId || candidates.some((p) => p !== partnerId)) return false;
      await tx.db.update(recyclingLots).set({ partnerId, fillKey: `${partnerId}|${lot.materialStream}|${lot.weeeCategory ?? '-'}|${lot.id}`, version: lot.version + 1, updatedAt: tx.now() })
        .where(eq(recyclingLots.id, id));
      await appendLotEvent(tx, id, 'RECYCLER_ASSIGNED', { partnerId }, true);
      return true;
    });
    if (done.ok && done.value) assigned += 1;
  }
  return assigned;
}
