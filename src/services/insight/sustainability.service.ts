import { and, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import {
  orderLines, products, recyclingLotMaterials, recyclingLots, recyclingLotUnits, refurbishmentJobs, returnBookings, returnItems, returns,
} from '../../db/schema';
import { isStorableInstant } from '../../domain/storable-input';
import { computeSustainability, type LotPortion, type SustainabilityFigures, type UnitGroup } from '../../domain/sustainability-report';
import { requireStaff } from '../access';
import type { ServiceContext } from '../context';
import { BadInputError } from '../errors';
import { factorsInForce } from './sustainability-factors.service';

/** The report for [from, to) with the factor version it was computed with. */
export type SustainabilityReport = SustainabilityFigures & { from: Date; to: Date; factorVersion: number };

/** Return statuses in which the parcel has travelled (or is travelling) on its booking. */
const SHIPPED = ['IN_TRANSIT', 'RECEIVED', 'INSPECTED', 'COMPLETED'] as const;
/** Booking statuses that carried a parcel: USED after the first scan, BOOKED when received without one. */
const CARRYING = ['BOOKED', 'USED'] as const;

/** Throws BAD_USER_INPUT unless from and to are real instants PostgreSQL stores (years 0001–9999) with from < to. */
export function assertPeriod(from: Date, to: Date): void {
  if (!(from instanceof Date) || !isStorableInstant(from)) throw new BadInputError('from: not a valid date-time (years 0001 to 9999)', ['from']);
  if (!(to instanceof Date) || !isStorableInstant(to)) throw new BadInputError('to: not a valid date-time (years 0001 to 9999)', ['to']);
  if (to.getTime() <= from.getTime()) throw new BadInputError('to must be after from (the period is [from, to))', ['to']);
}

// Every query starts from returns requested in the period, a range scan on returns_created_idx.
const inPeriod = (from: Date, to: Date) => and(gte(returns.createdAt, from), lt(returns.createdAt, to));

/** Received units per (disposition, category, refurbishment completed, in a recycling lot). */
async function unitGroups(ctx: ServiceContext, from: Date, to: Date): Promise<UnitGroup[]> {
  const grams = sql`coalesce(${orderLines.weightGrams}, ${products.weightGrams})`;
  const rows = await ctx.db.select({
    disposition: returnItems.disposition,
    category: sql<string>`lower(trim(${orderLines.category}))`,
    refurbishmentCompleted: sql<boolean>`coalesce(${refurbishmentJobs.status} = 'COMPLETED', false)`,
    // exists, not a join: an item's units may sit in several lots (later units join a later lot), each counted once.
    inRecyclingLot: sql<boolean>`exists (select 1 from ${recyclingLotUnits} where ${recyclingLotUnits.returnItemId} = ${returnItems.id})`,
    units: sql<number>`sum(${returnItems.receivedQuantity})::int`,
    unitsWithoutWeight: sql<number>`coalesce(sum(${returnItems.receivedQuantity}) filter (where ${grams} is null), 0)::int`,
    grams: sql<number>`coalesce(sum(${returnItems.receivedQuantity}::bigint * ${grams}), 0)::float8`,
  }).from(returns)
    .innerJoin(returnItems, eq(returnItems.returnId, returns.id))
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
    .innerJoin(products, eq(products.id, orderLines.productId))
    .leftJoin(refurbishmentJobs, eq(refurbishmentJobs.returnItemId, returnItems.id))
    .where(and(inPeriod(from, to), gt(returnItems.receivedQuantity, 0)))
    .groupBy(sql`1, 2, 3, 4`);
  return rows.map((r) => ({ ...r, units: Number(r.units), unitsWithoutWeight: Number(r.unitsWithoutWeight), grams: Number(r.grams) }));
}

/** The period's RECYCLE units per lot, with each lot's totals and (for closed lots) the recycler's fractions. */
async function lotPortions(ctx: ServiceContext, from: Date, to: Date): Promise<LotPortion[]> {
  const portions = await ctx.db.select({
    lotId: recyclingLotUnits.lotId,
    status: recyclingLots.status,
    declaredKg: recyclingLots.declaredWeightKg,
    units: sql<number>`sum(${recyclingLotUnits.units})::int`,
    kg: sql<number>`coalesce(sum(${recyclingLotUnits.weightKg}), 0)::float8`,
  }).from(returns)
    .innerJoin(returnItems, eq(returnItems.returnId, returns.id))
    .innerJoin(recyclingLotUnits, eq(recyclingLotUnits.returnItemId, returnItems.id))
    .innerJoin(recyclingLots, eq(recyclingLots.id, recyclingLotUnits.lotId))
    .where(and(inPeriod(from, to), eq(returnItems.disposition, 'RECYCLE')))
    .groupBy(recyclingLotUnits.lotId, recyclingLots.status, recyclingLots.declaredWeightKg);
  if (portions.length === 0) return [];
  const lotIds = portions.map((p) => p.lotId);
  const closedIds = portions.filter((p) => p.status === 'CLOSED').map((p) => p.lotId);
  const totals = await ctx.db.select({
    lotId: recyclingLotUnits.lotId,
    units: sql<number>`sum(${recyclingLotUnits.units})::int`,
    unitsWithoutWeight: sql<number>`coalesce(sum(${recyclingLotUnits.units}) filter (where ${recyclingLotUnits.weightKg} is null), 0)::int`,
  }).from(recyclingLotUnits).where(inArray(recyclingLotUnits.lotId, lotIds)).groupBy(recyclingLotUnits.lotId);
  const materials = closedIds.length === 0 ? [] : await ctx.db.select({
    lotId: recyclingLotMaterials.lotId, material: recyclingLotMaterials.material, route: recyclingLotMaterials.route, weightKg: recyclingLotMaterials.weightKg,
  }).from(recyclingLotMaterials).where(inArray(recyclingLotMaterials.lotId, closedIds));
  const totalOf = new Map(totals.map((t) => [t.lotId, t]));
  return portions.map((p) => ({
    status: p.status,
    declaredKg: p.declaredKg,
    lotUnits: Number(totalOf.get(p.lotId)?.units ?? 0),
    lotUnitsWithoutWeight: Number(totalOf.get(p.lotId)?.unitsWithoutWeight ?? 0),
    kg: Number(p.kg),
    units: Number(p.units),
    materials: materials.filter((m) => m.lotId === p.lotId),
  }));
}

/** CO2e stored on the bookings that carried the period's shipped returns, per method. */
async function transportByMethod(ctx: ServiceContext, from: Date, to: Date) {
  const rows = await ctx.db.select({
    method: returnBookings.type,
    returns: sql<number>`count(*)::int`,
    co2eKg: sql<number>`coalesce(sum(${returnBookings.co2eKg}), 0)::float8`,
  }).from(returns)
    .innerJoin(returnBookings, eq(returnBookings.returnId, returns.id))
    .where(and(inPeriod(from, to), inArray(returns.status, [...SHIPPED]), inArray(returnBookings.status, [...CARRYING])))
    .groupBy(returnBookings.type);
  return rows.map((r) => ({ method: r.method, returns: Number(r.returns), co2eKg: Number(r.co2eKg) }));
}

/** Returns of the period whose packaging was assessed at receipt, and how many could be reused. */
async function packaging(ctx: ServiceContext, from: Date, to: Date) {
  const [row] = await ctx.db.select({
    assessed: sql<number>`count(${returns.packagingReusable})::int`,
    reusable: sql<number>`count(*) filter (where ${returns.packagingReusable})::int`,
  }).from(returns).where(inPeriod(from, to));
  return { assessed: Number(row?.assessed ?? 0), reusable: Number(row?.reusable ?? 0) };
}

/**
 * The sustainability report for returns requested in [from, to): weight by GRI 306 route, landfill diversion rate,
 * transport CO2e per method, CO2e avoided by reuse per category and the packaging reuse rate, computed with the
 * factor set in force. Staff only. Read in one repeatable-read snapshot so the parts agree with each other.
 */
export async function sustainabilityReport(ctx: ServiceContext, from: Date, to: Date): Promise<SustainabilityReport> {
  requireStaff(ctx);
  assertPeriod(from, to);
  // On the read replica when there is one (DATABASE_READ_URL).
  return ctx.database.read.transaction(async (db) => {
    const tx: ServiceContext = { ...ctx, db };
    const factorSet = await factorsInForce(tx);
    const figures = computeSustainability({
      units: await unitGroups(tx, from, to),
      lots: await lotPortions(tx, from, to),
      transport: await transportByMethod(tx, from, to),
      packaging: await packaging(tx, from, to),
      factors: factorSet.factors,
    });
    return { ...figures, from, to, factorVersion: factorSet.version };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
