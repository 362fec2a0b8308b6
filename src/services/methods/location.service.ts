import { eq, inArray, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { byKey } from '../../db/batches';
import { selectValues } from '../../db/fast-read';
import { dropOffLocations, partners, unitSpherePoint, type DropOffLocationType, type StoredCompartment } from '../../db/schema';
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

const EARTH_RADIUS_KM = 6371.0;

/** A point on the unit sphere, as unitSpherePoint computes it in SQL. */
function onUnitSphere(latitude: number, longitude: number): [number, number, number] {
  const lat = (latitude * Math.PI) / 180;
  const lng = (longitude * Math.PI) / 180;
  return [Math.cos(lat) * Math.cos(lng), Math.cos(lat) * Math.sin(lng), Math.sin(lat)];
}

/** The chord on the unit sphere (what cube's `<->` measures between unitSpherePoints) of a great-circle distance in km. */
export function chordOfKm(km: number): number {
  return 2 * Math.sin(km / (2 * EARTH_RADIUS_KM));
}

/** The great-circle distance in km of a chord on the unit sphere: the haversine distance, computed from the chord. */
export function kmOfChord(chord: number): number {
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(chord / 2, 1));
}

/**
 * A search around a point as cube literals: the point, and the axis-aligned cube around it that holds every point of
 * the unit sphere within `chord` of it (widened by a hair, so rounding never drops one the exact filter keeps).
 */
export function searchCubes(near: { latitude: number; longitude: number }, chord: number): { point: string; box: string } {
  const p = onUnitSphere(near.latitude, near.longitude);
  const r = chord * (1 + 1e-9) + 1e-12;
  return { point: `(${p.join(', ')})`, box: `(${p.map((c) => c - r).join(', ')}),(${p.map((c) => c + r).join(', ')})` };
}

/** A nearby location with its distance from the point searched around (km, two decimals). */
export type NearbyLocation = Omit<LocationRow, 'createdAt' | 'updatedAt'> & { distanceKm: number };

// The search's statement text, one per filter shape, built once (src/db/fast-read.ts says why): the columns a search
// returns, and the location's point exactly as the GiST index drop_off_locations_geo_gist computes it.
const COLUMNS = 'id, partner_id, external_id, type, name, address, latitude, longitude, opening_hours, compartments';
const LOCATION_POINT = new PgDialect().sqlToQuery(unitSpherePoint(dropOffLocations.latitude, dropOffLocations.longitude)).sql;
const searchTexts = new Map<string, string>();

/**
 * $1 the point and $2 the cube around it (cube literals), $3 the chord, $4 how many; $5 the types when filtered by
 * type; then the partners when filtered by partner ('none': no partner, so nothing).
 */
function searchText(byType: boolean, byPartner: 'no' | 'some' | 'none'): string {
  const key = `${byType}:${byPartner}`;
  let text = searchTexts.get(key);
  if (text === undefined) {
    const filters = [
      byType ? ' and type = any($5::text[])' : '',
      byPartner === 'some' ? ` and partner_id = any($${byType ? 6 : 5}::uuid[])` : byPartner === 'none' ? ' and false' : '',
    ].join('');
    // partner_id = any(array(…)) is an init plan run once per search: a join to partners could not keep the index's order.
    text = `select ${COLUMNS}, chord from (
      select ${COLUMNS}, ${LOCATION_POINT} <-> $1::cube as chord
      from drop_off_locations
      where ${LOCATION_POINT} <@ $2::cube and ${LOCATION_POINT} <-> $1::cube <= $3::float8
        and partner_id = any(array(select id from partners where status = 'ACTIVE'))${filters}
      order by chord
      fetch first $4 rows with ties
    ) l
    order by chord, id
    limit $4`;
    searchTexts.set(key, text);
  }
  return text;
}

/**
 * Locations of ACTIVE partners within radiusKm, nearest first, equal distances in id order; at most `first`.
 *
 * One statement on the GiST index of unitSpherePoint (drop_off_locations_geo_gist): the index scan walks the
 * locations inside the cube that bounds the radius nearest first, and stops once `first` have passed the filters, so a
 * 100 km search costs about what a 5 km one does. Within the radius means a chord on the unit sphere of at most the
 * radius's (the same test as haversine ≤ radius: both are monotonic in the great-circle distance), and distanceKm is
 * computed from that chord. `fetch first … with ties` keeps every location as near as the last one, and the outer sort
 * picks among them by id, so ties are broken the same way on every call.
 */
export async function nearbyLocations(
  ctx: Pick<ServiceContext, 'db'>, near: { latitude: number; longitude: number }, radiusKm: number, types: DropOffLocationType[] | null, first: number,
  partnerIds?: string[],
): Promise<NearbyLocation[]> {
  const chord = chordOfKm(radiusKm);
  const { point, box } = searchCubes(near, chord);
  const byType = Boolean(types?.length);
  const byPartner = partnerIds === undefined ? 'no' : partnerIds.length ? 'some' : 'none';
  const params: unknown[] = [point, box, chord, first];
  if (byType) params.push(types);
  if (byPartner === 'some') params.push(partnerIds);
  const rows = await selectValues(ctx.db, searchText(byType, byPartner), params);
  return rows.map((r) => ({
    id: r[0] as string, partnerId: r[1] as string, externalId: r[2] as string, type: r[3] as DropOffLocationType, name: r[4] as string,
    address: r[5] as string, latitude: r[6] as number, longitude: r[7] as number, openingHours: r[8] as string | null,
    compartments: r[9] as StoredCompartment[], distanceKm: Math.round(kmOfChord(r[10] as number) * 100) / 100,
  }));
}

/** Locations by id (public reference data: any signed-in caller may see them). */
export async function locationsByIds(ctx: Pick<ServiceContext, 'db'>, ids: readonly string[]): Promise<(LocationRow | null)[]> {
  const rows = ids.length ? await ctx.db.select().from(dropOffLocations).where(inArray(dropOffLocations.id, [...ids])) : [];
  return inIdOrder(ids, rows);
}
