import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  disposalRecords, partners, recyclingLots, recyclingLotUnits, refurbishmentJobs, resaleListings, returnEvents, returnItems, returns,
  vendorReturnAuthorizations, vendorReturnUnits,
} from '../../db/schema';
import { requireStaff } from '../access';
import type { ServiceContext } from '../context';

/** Where a unit went after its disposition, and what came of it. */
export interface CustodyChain {
  returnItemId: string;
  receivedUnits: number;
  /** When the first of its units was received (a split item: with the item it was split off). */
  receivedAt: Date | null;
  /** When its units were split off another item; null for an original. */
  splitAt: Date | null;
  grade: string | null;
  disposition: string | null;
  dispositionOverridden: boolean;
  /** REFURBISHMENT, RECYCLING_LOT, VENDOR_RETURN, RESALE_LISTING, DISPOSAL — newest last. */
  steps: Array<{ kind: string; status: string; partnerName: string | null; reference: string | null; at: Date }>;
  currencyCode: string;
  /** Money actually recovered where known (sale, credit, disposal), else the engine's estimate. */
  valueRecoveredMinor: number;
  valueIsEstimate: boolean;
  co2eAvoidedKg: number;
}

/**
 * One place for each unit's story — received, graded, dispositioned, sent to which partner, outcome, value recovered,
 * CO2e avoided — for many items at once (one query per table, whatever the number of items). Staff only.
 */
export async function custodyByItemIds(ctx: ServiceContext, ids: readonly string[]): Promise<(CustodyChain | null)[]> {
  requireStaff(ctx);
  if (ids.length === 0) return [];
  const list = [...ids];
  const [items, jobs, lotUnits, vraUnits, listings, disposals] = await Promise.all([
    ctx.db.select({ item: returnItems, currency: returns.currencyCode }).from(returnItems)
      .innerJoin(returns, eq(returns.id, returnItems.returnId)).where(inArray(returnItems.id, list)),
    ctx.db.select().from(refurbishmentJobs).where(inArray(refurbishmentJobs.returnItemId, list)),
    ctx.db.select({ unit: recyclingLotUnits, lot: recyclingLots }).from(recyclingLotUnits)
      .innerJoin(recyclingLots, eq(recyclingLots.id, recyclingLotUnits.lotId)).where(inArray(recyclingLotUnits.returnItemId, list)),
    ctx.db.select({ unit: vendorReturnUnits, vra: vendorReturnAuthorizations }).from(vendorReturnUnits)
      .innerJoin(vendorReturnAuthorizations, eq(vendorReturnAuthorizations.id, vendorReturnUnits.authorizationId)).where(inArray(vendorReturnUnits.returnItemId, list)),
    ctx.db.select().from(resaleListings).where(inArray(resaleListings.returnItemId, list)),
    ctx.db.select().from(disposalRecords).where(inArray(disposalRecords.returnItemId, list)),
  ]);
  const partnerIds = [...new Set([...jobs.map((j) => j.partnerId), ...lotUnits.map((l) => l.lot.partnerId), ...vraUnits.map((v) => v.vra.partnerId)]
    .filter((p): p is string => Boolean(p)))];
  const names = new Map((partnerIds.length ? await ctx.db.select({ id: partners.id, name: partners.name }).from(partners).where(inArray(partners.id, partnerIds)) : [])
    .map((p) => [p.id, p.name]));
  const name = (id: string | null) => (id ? names.get(id) ?? null : null);

  const receipts = await receiptsOf(ctx, [...new Set(items.map((r) => r.item.returnId))]);
  const byId = new Map(items.map((r) => [r.item.id, r]));
  return list.map((id) => {
    const row = byId.get(id);
    if (!row) return null;
    const { item, currency } = row;
    const steps: CustodyChain['steps'] = [];
    let actual: number | null = null;
    for (const j of jobs.filter((x) => x.returnItemId === id)) {
      steps.push({ kind: 'REFURBISHMENT', status: j.status, partnerName: name(j.partnerId), reference: j.cosmeticGrade ? `grade ${j.cosmeticGrade}` : null, at: j.updatedAt });
      if (j.costMinor !== null) actual = (actual ?? 0) - j.costMinor;
    }
    for (const l of lotUnits.filter((x) => x.unit.returnItemId === id)) {
      steps.push({ kind: 'RECYCLING_LOT', status: l.lot.status, partnerName: name(l.lot.partnerId), reference: l.lot.certificateNumber, at: l.lot.updatedAt });
    }
    for (const v of vraUnits.filter((x) => x.unit.returnItemId === id)) {
      steps.push({ kind: 'VENDOR_RETURN', status: v.vra.status, partnerName: name(v.vra.partnerId), reference: v.vra.vendorReference, at: v.vra.updatedAt });
      // A confirmed credit is shared out over the authorization in proportion to expected credit.
      if (v.vra.status === 'CLOSED' && v.vra.creditedMinor !== null && v.vra.expectedCreditMinor > 0) {
        actual = (actual ?? 0) + Math.round((v.vra.creditedMinor * v.unit.expectedCreditMinor) / v.vra.expectedCreditMinor);
      }
    }
    for (const s of listings.filter((x) => x.returnItemId === id)) {
      steps.push({ kind: 'RESALE_LISTING', status: s.status, partnerName: null, reference: s.sku, at: s.updatedAt });
      if (s.status === 'SOLD') actual = (actual ?? 0) + (s.soldPriceMinor ?? s.priceMinor);
    }
    for (const d of disposals.filter((x) => x.returnItemId === id)) {
      steps.push({ kind: 'DISPOSAL', status: d.kind, partnerName: d.counterparty, reference: null, at: d.recordedAt });
      actual = (actual ?? 0) + d.valueRecoveredMinor;
    }
    steps.sort((a, b) => a.at.getTime() - b.at.getTime());
    const units = item.receivedQuantity;
    const rec = item.recommendation;
    return {
      returnItemId: id, receivedUnits: units, receivedAt: receipts.receivedAt(id), splitAt: receipts.splitAt.get(id) ?? null, grade: item.grade, disposition: item.disposition,
      dispositionOverridden: Boolean(rec && item.disposition && rec.disposition !== item.disposition),
      steps, currencyCode: currency,
      valueRecoveredMinor: actual ?? (rec ? rec.expectedRecoveryMinor * units : 0),
      valueIsEstimate: actual === null,
      co2eAvoidedKg: rec ? Math.round(rec.co2eAvoidedKg * units * 100) / 100 : 0,
    };
  });
}

/**
 * When the items of these returns were received and split (two queries): a split item's units were received with the
 * items it descends from, so its receipt is the first ITEMS_RECEIVED naming it or one of them.
 */
async function receiptsOf(ctx: ServiceContext, returnIds: string[]) {
  const [family, events] = await Promise.all([
    ctx.db.select({ id: returnItems.id, splitFromId: returnItems.splitFromId }).from(returnItems).where(inArray(returnItems.returnId, returnIds)),
    ctx.db.select({ type: returnEvents.type, at: returnEvents.at, data: returnEvents.data }).from(returnEvents)
      .where(and(inArray(returnEvents.returnId, returnIds), inArray(returnEvents.type, ['ITEMS_RECEIVED', 'ITEM_SPLIT']))).orderBy(asc(returnEvents.id)),
  ]);
  const firstReceipt = new Map<string, Date>();
  const splitAt = new Map<string, Date>();
  for (const e of events) {
    if (e.type === 'ITEM_SPLIT' && typeof e.data.newReturnItemId === 'string') splitAt.set(e.data.newReturnItemId, e.at);
    const received = e.type === 'ITEMS_RECEIVED' && Array.isArray(e.data.items) ? e.data.items as Array<{ returnItemId?: unknown }> : [];
    for (const r of received) if (typeof r.returnItemId === 'string' && !firstReceipt.has(r.returnItemId)) firstReceipt.set(r.returnItemId, e.at);
  }
  const parent = new Map(family.map((i) => [i.id, i.splitFromId]));
  const receivedAt = (id: string): Date | null => {
    // The nearest receipt up the chain of items it was split off, ending at the original.
    for (let at: string | null | undefined = id; at; at = parent.get(at)) {
      const found = firstReceipt.get(at);
      if (found) return found;
    }
    return null;
  };
  return { receivedAt, splitAt };
}
