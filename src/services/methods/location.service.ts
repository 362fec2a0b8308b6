import { and, asc, between, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { byKey } from '../../db/batches';
import { dropOffLocations, partners, type DropOffLocationType, type StoredCompartment } from '../../db/schema';
import { runMutation, type ServiceContext } from '../context';
import { ForbiddenError, UnauthenticatedError, UserErrorAbort, type Outcome } from '../errors';
import { inIdOrder } from '../batch-load';

export type LocationRow = typeof dropOffLocations.$inferSelect;

/** A location as a partner or admin sends it. */
export interface LocationInput {
  externalId: string;
  type: DropOffLocationType;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  openingHours?: string | null;
  compartments?: StoredCompartment[] | null;
}

const KIND_FOR_TYPE: Record<DropOffLocationType, string[]> = {
  LOCKER: ['LOCKER_NETWORK'],
  STORE: ['STORE_NETWORK'],
  CARRIER_POINT: ['CARRIER'],
};

/**
 * Upserts a partner's locations by external id (admin for any partner; a partner API key for itself only).
 * One statement per batch, rows in externalId order; a location type must match the partner's kind, and an externalId
 * given twice in one call is DUPLICATE_EXTERNAL_ID.
 */
export async function upsertDropOffLocations(ctx: ServiceContext, partnerId: string, input: LocationInput[]): Promise<Outcome<LocationRow[]>> {
  if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (ctx.actor.kind !== 'admin' && !(ctx.actor.kind === 'partner' && ctx.actor.partnerId === partnerId)) throw new ForbiddenError();
  return runMutation(ctx, async (tx) => {
    const [partner] = await tx.db.select().from(partners).where(eq(partners.id, partnerId));
    if (!partner) throw new UserErrorAbort([{ code: 'NOT_FOUND', message: 'Partner not found', field: ['partnerId'] }]);
    input.forEach((loc, i) => {
      if (!KIND_FOR_TYPE[loc.type].includes(partner.kind)) {
        throw new UserErrorAbort([{ code: 'TYPE_NOT_FOR_PARTNER', message: `A ${partner.kind} partner cannot have ${loc.type} locations`, field: ['locations', String(i), 'type'] }]);
      }
    });
    const seen = new Set<string>();
    input.forEach((loc, i) => {
      if (seen.has(loc.externalId)) {
        throw new UserErrorAbort([{ code: 'DUPLICATE_EXTERNAL_ID', message: 'The same externalId appears twice in one call', field: ['locations', String(i), 'externalId'] }]);
      }
      seen.add(loc.externalId);
    });
    if (input.length === 0) return [];
    // Rows in externalId order: concurrent upserts of overlapping locations lock them in the same order.
    const sorted = [...input].sort((a, b) => byKey(a.externalId, b.externalId));
    const rows = await tx.db.insert(dropOffLocations).values(sorted.map((l) => ({
      partnerId, externalId: l.externalId, type: l.type, name: l.name, address: l.address, latitude: l.latitude, longitude: l.longitude,
      openingHours: l.openingHours ?? null, compartments: l.compartments ?? [],
    }))).onConflictDoUpdate({
      target: [dropOffLocations.partnerId, dropOffLocations.externalId],
      set: {
        type: sql`excluded.type`, name: sql`excluded.name`, address: sql`excluded.address`, latitude: sql`excluded.latitude`,
        longitude: sql`excluded.longitude`, openingHours: sql`excluded.opening_hours`, compartments: sql`excluded.compartments`, updatedAt: sql`now()`,
      },
    }).returning();
    const byExternalId = new Map(rows.map((r) => [r.externalId, r]));
    return input.map((l) => byExternalId.get(l.externalId)!);
  });
}

/** Great-circle distance in km from a point to a location row (haversine, in SQL). */
export function distanceKmSql(lat: number, lng: number): SQL<number> {
  return sql<number>`(6371.0 * 2 * asin(sqrt(power(sin(radians(${dropOffLocations.latitude} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${dropOffLocations.latitude})) * power(sin(radians(${dropOffLocations.longitude} - ${lng}) / 2), 2))))`;
}

/**
 * Locations within radiusKm, nearest first. A bounding box on the (latitude, longitude) index narrows the scan before
 * the exact distance is computed, so the cost follows the number of nearby locations, not the table size.
 */
export async function nearbyLocations(
  ctx: Pick<ServiceContext, 'db'>, near: { latitude: number; longitude: number }, radiusKm: number, types: DropOffLocationType[] | null, first: number,
  partnerIds?: string[],
): Promise<Array<LocationRow & { distanceKm: number }>> {
  const dLat = radiusKm / 111.32;
  const cosLat = Math.max(Math.cos((near.latitude * Math.PI) / 180), 0.01);
  const dLng = Math.min(radiusKm / (111.32 * cosLat), 180);
  const distance = distanceKmSql(near.latitude, near.longitude);
  const where: SQL[] = [
    between(dropOffLocations.latitude, near.latitude - dLat, near.latitude + dLat),
    between(dropOffLocations.longitude, near.longitude - dLng, near.longitude + dLng),
    sql`${distance} <= ${radiusKm}`,
    sql`exists (select 1 from ${partners} where ${partners.id} = ${dropOffLocations.partnerId} and ${partners.status} = 'ACTIVE')`,
  ];
  if (types?.length) where.push(inArray(dropOffLocations.type, types));
  if (partnerIds) where.push(partnerIds.length ? inArray(dropOffLocations.partnerId, partnerIds) : sql`false`);
  const rows = await ctx.db.select({ loc: dropOffLocations, distanceKm: distance }).from(dropOffLocations)
    .where(and(...where)).orderBy(asc(distance)).limit(first);
  return rows.map((r) => ({ ...r.loc, distanceKm: Math.round(Number(r.distanceKm) * 100) / 100 }));
}

/** Locations by id (public reference data: any signed-in caller may see them). */
export async function locationsByIds(ctx: Pick<ServiceContext, 'db'>, ids: readonly string[]): Promise<(LocationRow | null)[]> {
  const rows = ids.length ? await ctx.db.select().from(dropOffLocations).where(inArray(dropOffLocations.id, [...ids])) : [];
  return inIdOrder(ids, rows);
}
