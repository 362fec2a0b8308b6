import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { orderLines, partners, products, recyclingLotEvents, recyclingLots, recyclingLotUnits, returnItems } from '../../db/schema';
import { chooseRecycler, type RecyclerCandidate } from '../../domain/recycler-routing';
import { materialStreamOf, weeeCategoryOf, type RecyclingLotStatus } from '../../domain/recycling-lot-status';
import { actorLabel, runMutation, type ServiceContext } from '../context';
import { addLaterUnits, held, lockFillingBatch, type BatchEventType, type BatchStore, type Placement } from './partner-batch.service';
import { soldUnits } from './resale.service';

export type RecyclingLotRow = typeof recyclingLots.$inferSelect;
export type RecyclingLotUnitRow = typeof recyclingLotUnits.$inferSelect;


/** Lots a recycler holds: handed over and not yet closed (its load, for routing). */
const LOTS_IN_HAND: readonly RecyclingLotStatus[] = ['DISPATCHED', 'REPORTED', 'NEEDS_REVIEW'];

/** Event types written to a lot's history; stable strings clients may switch on. */
export type RecyclingLotEventType =
  | BatchEventType | 'LOT_CREATED' | 'NO_RECYCLER_AVAILABLE' | 'REPORTED' | 'CLOSED' | 'NEEDS_REVIEW' | 'REVIEW_ACCEPTED'
  | 'REPORT_SENT_BACK' | 'RECYCLER_ASSIGNED';

/** Appends one event to a lot's history, attributed to the actor (or the system). */
export async function appendLotEvent(
  tx: ServiceContext, lotId: string, type: RecyclingLotEventType, data: Record<string, unknown> = {}, system = false,
): Promise<void> {
  const actor = system ? { actorType: 'system', actorId: null } : actorLabel(tx.actor);
  await tx.db.insert(recyclingLotEvents).values({ lotId, type, at: tx.now(), ...actor, data });
}

/** Lots as the shared batch rules see them (partner-batch.service.ts). */
export const recyclingLotStore: BatchStore = {
  noun: 'recycling lot',
  partnerNoun: 'recycler',
  async lock(tx, id) {
    const [lot] = await tx.db.select().from(recyclingLots).where(eq(recyclingLots.id, id)).for('update');
    return lot;
  },
  async save(tx, id, { reference, ...patch }) {
    await tx.db.update(recyclingLots)
      .set({ ...patch, ...(reference === undefined ? {} : { recyclerReference: reference }), version: sql`${recyclingLots.version} + 1`, updatedAt: tx.now() })
      .where(eq(recyclingLots.id, id));
  },
  appendEvent: appendLotEvent,
  async lastDispatchRequest(tx, id) {
    const [latest] = await tx.db.select({ data: recyclingLotEvents.data }).from(recyclingLotEvents)
      .where(and(eq(recyclingLotEvents.lotId, id), eq(recyclingLotEvents.type, 'DISPATCH_REQUESTED'))).orderBy(desc(recyclingLotEvents.id)).limit(1);
    return latest?.data.integrationJobId;
  },
  async rowsOf(tx, returnItemId) {
    const units = await tx.db.select().from(recyclingLotUnits).where(eq(recyclingLotUnits.returnItemId, returnItemId)).orderBy(asc(recyclingLotUnits.id));
    if (units.length === 0) return [];
    const lots = await tx.db.select().from(recyclingLots).where(inArray(recyclingLots.id, units.map((u) => u.lotId))).orderBy(asc(recyclingLots.id)).for('update');
    const lotOf = new Map(lots.map((l) => [l.id, l]));
    return units.map((unit) => ({
      batch: lotOf.get(unit.lotId)!, unitId: unit.id, units: unit.units, row: { sku: unit.sku, category: unit.category, units: unit.units, weightKg: unit.weightKg },
    }));
  },
  async deleteUnit(tx, unitId) {
    await tx.db.delete(recyclingLotUnits).where(eq(recyclingLotUnits.id, unitId));
  },
  /** The declared weight is the sum of the units' weights (gram-based, so rounded to the gram against float noise). */
  async refresh(tx, id) {
    const [totals] = await tx.db.select({ n: sql<number>`count(*)::int`, kg: sql<number>`coalesce(sum(${recyclingLotUnits.weightKg}), 0)::float8` })
      .from(recyclingLotUnits).where(eq(recyclingLotUnits.lotId, id));
    await tx.db.update(recyclingLots).set({ declaredWeightKg: Math.round(Number(totals.kg) * 1000) / 1000, version: sql`${recyclingLots.version} + 1`, updatedAt: tx.now() })
      .where(eq(recyclingLots.id, id));
    return Number(totals.n);
  },
};

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Active recyclers with the lots in their hands (dispatched, not yet closed), for routing. */
async function recyclerCandidates(tx: ServiceContext): Promise<RecyclerCandidate[]> {
  const recyclers = await tx.db.select({ id: partners.id, capabilities: partners.capabilities, settings: partners.settings }).from(partners)
    .where(and(eq(partners.kind, 'RECYCLER'), eq(partners.status, 'ACTIVE'))).orderBy(asc(partners.id));
  if (recyclers.length === 0) return [];
  const inHand = await tx.db.select({ partnerId: recyclingLots.partnerId, n: sql<number>`count(*)::int` }).from(recyclingLots)
    .where(and(inArray(recyclingLots.partnerId, recyclers.map((r) => r.id)), inArray(recyclingLots.status, [...LOTS_IN_HAND])))
    .groupBy(recyclingLots.partnerId);
  const inHandBy = new Map(inHand.map((r) => [r.partnerId, Number(r.n)]));
  return recyclers.map(({ id, capabilities, settings }) => ({
    partnerId: id, categories: capabilities.categories ?? [], capacity: num(capabilities.capacity), lotsInHand: inHandBy.get(id) ?? 0,
    costPerKg: num(settings.costPerKg), turnaroundDays: num(capabilities.turnaroundDays) ?? num(settings.turnaroundDays),
  }));
}

/**
 * The recycler for units of these categories: the best-scoring active RECYCLER that lists all of them and has room
 * (src/domain/recycler-routing.ts: lots in hand vs capacity, cost per kg, turnaround; ties to the lower partner id).
 */
async function recyclerFor(tx: ServiceContext, categories: readonly string[]): Promise<string | null> {
  return chooseRecycler(await recyclerCandidates(tx), categories);
}

/**
 * Puts a RECYCLE item's units (received, less any sold) in a lot: the filling lot for (recycler, material stream, WEEE
 * category), created when needed, its declared weight the sum of units × product weight (order line, else product).
 * Without a recycler for the category the lot waits with no partner and says why in its history. Units that arrive
 * later join the item's lot while it is not dispatched; once it went out (or is going) they join the lot now filling
 * for the item, as a second row of the item there (UNITS_ADDED, `later: true`, either way). Idempotent: units already
 * in a lot are not added twice.
 */
export async function addToRecyclingLot(tx: ServiceContext, returnItemId: string): Promise<Placement> {
  const [row] = await tx.db.select({ item: returnItems, line: orderLines, productWeight: products.weightGrams }).from(returnItems)
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId)).innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(returnItems.id, returnItemId));
  const units = row.item.receivedQuantity - await soldUnits(tx, returnItemId);
  const category = row.line.category;
  const grams = row.line.weightGrams ?? row.productWeight;
  const kg = (n: number) => (grams === null ? null : (grams * n) / 1000);
  const place = async (n: number, later: boolean): Promise<Placement> => {
    const lot = await fillingLot(tx, category);
    await tx.db.insert(recyclingLotUnits).values({ lotId: lot.id, returnItemId, sku: row.line.sku, category, units: n, weightKg: kg(n) });
    await recyclingLotStore.refresh(tx, lot.id);
    await appendLotEvent(tx, lot.id, 'UNITS_ADDED', { returnItemId, sku: row.line.sku, category, units: n, weightKg: kg(n), ...(later ? { later } : {}) }, true);
    return { batchId: lot.id };
  };
  const holding = await held(tx, recyclingLotStore, returnItemId);
  if (holding.rows.length > 0) {
    return addLaterUnits(tx, recyclingLotStore, holding, units, async (open, more) => {
      await tx.db.update(recyclingLotUnits).set({ units: open.units + more, weightKg: kg(open.units + more) }).where(eq(recyclingLotUnits.id, open.unitId));
      return { returnItemId, sku: row.line.sku, category, weightKg: kg(more) };
    }, (more) => place(more, true));
  }
  if (units <= 0) return { batchId: null };
  return place(units, false);
}

/** The lot filling for units of this category — (recycler, material stream, WEEE category) — created when needed, locked. */
async function fillingLot(tx: ServiceContext, category: string): Promise<RecyclingLotRow> {
  const stream = materialStreamOf(category);
  const weee = stream === 'WEEE' ? weeeCategoryOf(category) : null;
  const partnerId = await recyclerFor(tx, [category]);
  const fillKey = `${partnerId ?? 'none'}|${stream}|${weee ?? '-'}`;
  return lockFillingBatch(async () => {
    const [created] = await tx.db.insert(recyclingLots).values({ partnerId, materialStream: stream, weeeCategory: weee, fillKey })
      .onConflictDoNothing({ target: recyclingLots.fillKey }).returning();
    if (created) {
      await appendLotEvent(tx, created.id, 'LOT_CREATED', { partnerId, materialStream: stream, weeeCategory: weee }, true);
      if (!partnerId) await appendLotEvent(tx, created.id, 'NO_RECYCLER_AVAILABLE', { reason: `No active recycler with room handles ${category}` }, true);
    }
  }, async () => (await tx.db.select().from(recyclingLots).where(eq(recyclingLots.fillKey, fillKey)).for('update'))[0]);
}

/**
 * Gives lots that have been waiting without a recycler to the best one that now handles every category in them and has
 * room (a recycler registered or enabled after the units arrived, or one whose lots were closed). The lot keeps its units and gets its own fill key, so it is
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
      const partnerId = await recyclerFor(tx, categories);
      if (!partnerId) return false;
      await tx.db.update(recyclingLots).set({ partnerId, fillKey: `${partnerId}|${lot.materialStream}|${lot.weeeCategory ?? '-'}|${lot.id}`, version: lot.version + 1, updatedAt: tx.now() })
        .where(eq(recyclingLots.id, id));
      await appendLotEvent(tx, id, 'RECYCLER_ASSIGNED', { partnerId }, true);
      return true;
    });
    if (done.ok && done.value) assigned += 1;
  }
  return assigned;
}

/** A lot and its units, as the recycler is told about them on dispatch. */
export async function recyclingLotWithUnits(ctx: ServiceContext, lotId: string): Promise<{ lot: RecyclingLotRow; units: RecyclingLotUnitRow[] }> {
  const [lot] = await ctx.db.select().from(recyclingLots).where(eq(recyclingLots.id, lotId));
  const units = await ctx.db.select().from(recyclingLotUnits).where(eq(recyclingLotUnits.lotId, lotId));
  return { lot, units };
}
