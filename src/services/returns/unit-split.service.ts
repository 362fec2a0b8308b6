import { and, eq, ne, or, sql } from 'drizzle-orm';
import { disposalRecords, recyclingLotUnits, refurbishmentJobs, returnItems, vendorReturnUnits } from '../../db/schema';
import type { ServiceContext } from '../context';
import { UserErrorAbort, type UserErrorCode } from '../errors';
import { soldUnits } from '../next-life/resale.service';
import { appendEvent } from './return-events';
import type { ReturnRow } from './return-transition';

type ItemRow = typeof returnItems.$inferSelect;
type NewItem = typeof returnItems.$inferInsert;

/** Why units were split off an item: graded apart at inspection, or one unit per refurbishment job. */
export type SplitCause = 'INSPECTION' | 'REFURBISH';

/** The fields a split item takes over from its original besides units and money (grade and decision given by the caller). */
export type SplitState = Pick<NewItem, 'grade' | 'cosmeticGrade' | 'functionalGrade' | 'inspectionNotes' | 'inspectedAt' | 'recommendation' | 'disposition' | 'dispositionReason' | 'dispositionedAt'>;

/** `units` of `quantity`'s share of an amount, rounded down (the remainder stays with the original); null stays null. */
function shareOf(amount: number | null, units: number, quantity: number): number | null {
  if (amount === null) return null;
  return Number((BigInt(amount) * BigInt(units)) / BigInt(quantity));
}

/**
 * Received units of an item that are already somewhere a split cannot take them from: in a recycling lot or vendor
 * return (rows of the item), sold through its listing, or with its refurbishment job (one unit). An item with a
 * disposal record (donated, liquidated) has all its units committed: which ones went is not recorded.
 */
async function committedUnits(tx: ServiceContext, item: ItemRow): Promise<number> {
  const [lot] = await tx.db.select({ n: sql<number>`coalesce(sum(${recyclingLotUnits.units}), 0)::int` }).from(recyclingLotUnits)
    .where(eq(recyclingLotUnits.returnItemId, item.id));
  const [vra] = await tx.db.select({ n: sql<number>`coalesce(sum(${vendorReturnUnits.units}), 0)::int` }).from(vendorReturnUnits)
    .where(eq(vendorReturnUnits.returnItemId, item.id));
  const [job] = await tx.db.select({ n: sql<number>`count(*)::int` }).from(refurbishmentJobs)
    .where(and(eq(refurbishmentJobs.returnItemId, item.id), ne(refurbishmentJobs.status, 'CANCELLED')));
  const [disposal] = await tx.db.select({ n: sql<number>`count(*)::int` }).from(disposalRecords).where(eq(disposalRecords.returnItemId, item.id));
  if (Number(disposal.n) > 0) return item.receivedQuantity;
  return Number(lot.n) + Number(vra.n) + Number(job.n) + await soldUnits(tx, item.id);
}

/**
 * Whether grading `units` of the item's received units (the item locked by the caller) splits them off: false for all
 * of them. INVALID_UNITS below one, QUANTITY_EXCEEDS_RECEIVED above the received units, UNITS_COMMITTED when fewer
 * are split off than received but more than are not already committed elsewhere.
 */
export async function splitNeeded(tx: ServiceContext, item: ItemRow, units: number): Promise<boolean> {
  const refuse = (code: UserErrorCode, message: string): never => {
    throw new UserErrorAbort([{ code, message, field: ['units'] }]);
  };
  if (!Number.isSafeInteger(units) || units < 1) refuse('INVALID_UNITS', 'Give at least one unit');
  if (units > item.receivedQuantity) refuse('QUANTITY_EXCEEDS_RECEIVED', `Only ${item.receivedQuantity} unit(s) of this item were received`);
  if (units === item.receivedQuantity) return false;
  const free = item.receivedQuantity - await committedUnits(tx, item);
  if (units > free) {
    refuse('UNITS_COMMITTED', `Only ${Math.max(0, free)} received unit(s) of this item are not already in a lot, vendor return, refurbishment job, sale or disposal`);
  }
  return true;
}

/**
 * Splits `units` received units off a return item (locked by the caller) into a new item of the same order line:
 * quantity = received = units, the same reason, note and resolution, its share of the refund quote; the original keeps
 * the rest (and every missing or outstanding unit, and the rounding remainder), so no count or amount changes in sum.
 * Writes ITEM_SPLIT. Returns the new item and the original as it is now.
 */
export async function splitOff(
  tx: ServiceContext, ret: ReturnRow, item: ItemRow, units: number, cause: SplitCause, state: SplitState,
): Promise<{ split: ItemRow; original: ItemRow }> {
  const gross = shareOf(item.grossMinor, units, item.quantity);
  const fee = shareOf(item.restockingFeeMinor, units, item.quantity);
  const consistent = item.grossMinor !== null && item.restockingFeeMinor !== null && item.refundMinor === item.grossMinor - item.restockingFeeMinor;
  const refund = consistent ? gross! - fee! : shareOf(item.refundMinor, units, item.quantity);
  const less = (total: number | null, part: number | null) => (total === null ? null : total - (part ?? 0));
  const [split] = await tx.db.insert(returnItems).values({
    returnId: item.returnId, orderLineId: item.orderLineId, quantity: units, receivedQuantity: units, missingQuantity: 0,
    reason: item.reason, note: item.note, resolution: item.resolution, exchangeSku: item.exchangeSku,
    restockingFeePercent: item.restockingFeePercent, grossMinor: gross, restockingFeeMinor: fee, refundMinor: refund,
    // splitFrom names the original the units were received as, whichever of its splits they were taken from.
    splitFromId: item.splitFromId ?? item.id, ...state,
  }).returning();
  const [original] = await tx.db.update(returnItems).set({
    quantity: item.quantity - units, receivedQuantity: item.receivedQuantity - units,
    grossMinor: less(item.grossMinor, gross), restockingFeeMinor: less(item.restockingFeeMinor, fee), refundMinor: less(item.refundMinor, refund),
  }).where(eq(returnItems.id, item.id)).returning();
  await appendEvent(tx, ret.id, 'ITEM_SPLIT', { returnItemId: item.id, newReturnItemId: split.id, units, cause });
  return { split, original };
}

/** The item each item was split off first: itself for an original (items of one return, as loaded by the caller). */
export function rootsOf(items: ReadonlyArray<Pick<ItemRow, 'id' | 'splitFromId'>>): Map<string, string> {
  const parent = new Map(items.map((i) => [i.id, i.splitFromId]));
  const roots = new Map<string, string>();
  for (const { id } of items) {
    let root = id;
    for (let up = parent.get(root); up && parent.has(up); up = parent.get(root)) root = up;
    roots.set(id, root);
  }
  return roots;
}

/**
 * What the customer paid per unit of an item: its original's gross over its units, summed over every item split off
 * that original, so all of them value a unit alike (a split shares the gross out rounded down, which alone would make
 * 10.00 over 3 units 3.33 for the split unit and 3.34 for the two left).
 */
export async function unitValueMinor(tx: ServiceContext, item: Pick<ItemRow, 'id' | 'splitFromId'>): Promise<number> {
  const root = item.splitFromId ?? item.id;
  const [group] = await tx.db.select({
    gross: sql<number>`coalesce(sum(${returnItems.grossMinor}), 0)::float8`, units: sql<number>`sum(${returnItems.quantity})::int`,
  }).from(returnItems).where(or(eq(returnItems.id, root), eq(returnItems.splitFromId, root)));
  return Number(group.units) > 0 ? Math.round(Number(group.gross) / Number(group.units)) : 0;
}
