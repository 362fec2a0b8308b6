import { drizzle } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import type { Db } from '../../src/db/client';
import * as schema from '../../src/db/schema';
import type { StoredCompartment } from '../../src/db/schema';
import { encodeGlobalId } from '../../src/domain/ids';
import { chordOfKm, kmOfChord, nearbyLocations, searchCubes } from '../../src/services/methods/location.service';
import type { HttpPlan } from './http-load';
import type { JsonClient, Task } from './load';
import { v7 } from './seed';

/** The search every request makes: 20 nearest within 5 km of a point. */
export const GEO_RADIUS_KM = 5;
export const GEO_FIRST = 20;

export const GEO_QUERY = `query BenchNearby($near: GeoPointInput!, $radiusKm: Float, $first: Int) {
  dropOffLocations(near: $near, radiusKm: $radiusKm, first: $first) {
    id type name address latitude longitude distanceKm openingHours compartments { size }
  }
}`;

export interface GeoPoint { latitude: number; longitude: number }

/** Where locations (and the people searching for them) are: cities with a Gaussian spread, plus open country. */
type Area =
  | { name: string; weight: number; lat: number; lng: number; sigmaKm: number }
  | { name: string; weight: number; south: number; north: number; west: number; east: number };

const AREAS: Area[] = [
  // The Netherlands (~28% of the network): the home market, dense in the cities. Within 5 km of central Amsterdam
  // there are about 1,200 locations, of Utrecht about 800 — roughly every parcel shop, carrier point and locker there.
  { name: 'Amsterdam', weight: 4, lat: 52.3676, lng: 4.9041, sigmaKm: 6 },
  { name: 'Rotterdam', weight: 3, lat: 51.9244, lng: 4.4777, sigmaKm: 6 },
  { name: 'Den Haag', weight: 2.4, lat: 52.0705, lng: 4.3007, sigmaKm: 5 },
  { name: 'Utrecht', weight: 2, lat: 52.0907, lng: 5.1214, sigmaKm: 5 },
  { name: 'Eindhoven', weight: 1.5, lat: 51.4416, lng: 5.4697, sigmaKm: 5 },
  { name: 'Groningen', weight: 1, lat: 53.2194, lng: 6.5665, sigmaKm: 4 },
  { name: 'Tilburg', weight: 0.9, lat: 51.5555, lng: 5.0913, sigmaKm: 4 },
  { name: 'Almere', weight: 0.9, lat: 52.3508, lng: 5.2647, sigmaKm: 4 },
  { name: 'Breda', weight: 0.8, lat: 51.5719, lng: 4.7683, sigmaKm: 4 },
  { name: 'Nijmegen', weight: 0.8, lat: 51.8126, lng: 5.8372, sigmaKm: 4 },
  { name: 'Arnhem', weight: 0.7, lat: 51.9851, lng: 5.8987, sigmaKm: 4 },
  { name: 'Haarlem', weight: 0.7, lat: 52.3874, lng: 4.6462, sigmaKm: 4 },
  { name: 'Maastricht', weight: 0.6, lat: 50.8514, lng: 5.691, sigmaKm: 4 },
  { name: 'Zwolle', weight: 0.6, lat: 52.5168, lng: 6.083, sigmaKm: 4 },
  { name: 'Leiden', weight: 0.6, lat: 52.1601, lng: 4.497, sigmaKm: 4 },
  { name: 'Amersfoort', weight: 0.6, lat: 52.1561, lng: 5.3878, sigmaKm: 4 },
  { name: 'Enschede', weight: 0.6, lat: 52.2215, lng: 6.8937, sigmaKm: 4 },
  { name: '\'s-Hertogenbosch', weight: 0.6, lat: 51.6978, lng: 5.3037, sigmaKm: 4 },
  { name: 'Nederland', weight: 6, south: 50.75, north: 53.45, west: 3.6, east: 7.1 },
  // The rest of Europe (~72%): big cities, sparser per head, and open country.
  { name: 'Paris', weight: 6, lat: 48.8566, lng: 2.3522, sigmaKm: 9 },
  { name: 'London', weight: 6, lat: 51.5072, lng: -0.1276, sigmaKm: 11 },
  { name: 'Berlin', weight: 4.5, lat: 52.52, lng: 13.405, sigmaKm: 8 },
  { name: 'Madrid', weight: 3.5, lat: 40.4168, lng: -3.7038, sigmaKm: 8 },
  { name: 'Barcelona', weight: 3, lat: 41.3874, lng: 2.1686, sigmaKm: 6 },
  { name: 'Milano', weight: 3, lat: 45.4642, lng: 9.19, sigmaKm: 7 },
  { name: 'Roma', weight: 3, lat: 41.9028, lng: 12.4964, sigmaKm: 8 },
  { name: 'Bruxelles', weight: 2.2, lat: 50.8503, lng: 4.3517, sigmaKm: 6 },
  { name: 'Hamburg', weight: 2.2, lat: 53.5511, lng: 9.9937, sigmaKm: 7 },
  { name: 'München', weight: 2.2, lat: 48.1351, lng: 11.582, sigmaKm: 7 },
  { name: 'Warszawa', weight: 2.2, lat: 52.2297, lng: 21.0122, sigmaKm: 7 },
  { name: 'Wien', weight: 2, lat: 48.2082, lng: 16.3738, sigmaKm: 6 },
  { name: 'Antwerpen', weight: 1.6, lat: 51.2194, lng: 4.4025, sigmaKm: 5 },
  { name: 'Köln', weight: 1.7, lat: 50.9375, lng: 6.9603, sigmaKm: 6 },
  { name: 'Frankfurt', weight: 1.7, lat: 50.1109, lng: 8.6821, sigmaKm: 6 },
  { name: 'Praha', weight: 1.7, lat: 50.0755, lng: 14.4378, sigmaKm: 6 },
  { name: 'Düsseldorf', weight: 1.4, lat: 51.2277, lng: 6.7735, sigmaKm: 5 },
  { name: 'København', weight: 1.4, lat: 55.6761, lng: 12.5683, sigmaKm: 6 },
  { name: 'Stockholm', weight: 1.4, lat: 59.3293, lng: 18.0686, sigmaKm: 7 },
  { name: 'Lisboa', weight: 1.4, lat: 38.7223, lng: -9.1393, sigmaKm: 6 },
  { name: 'Dublin', weight: 1.4, lat: 53.3498, lng: -6.2603, sigmaKm: 6 },
  { name: 'Lyon', weight: 1.2, lat: 45.764, lng: 4.8357, sigmaKm: 5 },
  { name: 'Zürich', weight: 1.1, lat: 47.3769, lng: 8.5417, sigmaKm: 5 },
  { name: 'Europa', weight: 16, south: 37, north: 60, west: -9, east: 24 },
];

/** Location partners: share of the locations, and what their locations look like. */
const PARTNERS: Array<{ name: string; kind: string; adapter: string; type: string; share: number; status: 'ACTIVE' | 'DISABLED'; hours: string; lockers: boolean }> = [
  { name: 'ParcelBox Lockers', kind: 'LOCKER_NETWORK', adapter: 'boomerang-locker-v1', type: 'LOCKER', share: 24, status: 'ACTIVE', hours: '24/7', lockers: true },
  { name: 'CityLocker', kind: 'LOCKER_NETWORK', adapter: 'boomerang-locker-v1', type: 'LOCKER', share: 14, status: 'ACTIVE', hours: '24/7', lockers: true },
  { name: 'Shop&Drop', kind: 'STORE_NETWORK', adapter: 'boomerang-store-v1', type: 'STORE', share: 18, status: 'ACTIVE', hours: 'Mo-Sa 09:00-21:00', lockers: false },
  { name: 'CornerShop Points', kind: 'STORE_NETWORK', adapter: 'boomerang-store-v1', type: 'STORE', share: 10, status: 'ACTIVE', hours: 'Mo-Sa 08:00-20:00', lockers: false },
  { name: 'PostNet', kind: 'CARRIER', adapter: 'boomerang-carrier-v1', type: 'CARRIER_POINT', share: 20, status: 'ACTIVE', hours: 'Mo-Fr 08:00-18:00', lockers: false },
  { name: 'Express Parcels', kind: 'CARRIER', adapter: 'boomerang-carrier-v1', type: 'CARRIER_POINT', share: 11, status: 'ACTIVE', hours: 'Mo-Fr 09:00-17:30', lockers: false },
  // A network that was switched off: its points stay in the table and must not be returned.
  { name: 'Retired Carrier', kind: 'CARRIER', adapter: 'boomerang-carrier-v1', type: 'CARRIER_POINT', share: 3, status: 'DISABLED', hours: 'Mo-Fr 09:00-17:00', lockers: false },
];

const COMPARTMENTS: StoredCompartment[] = [
  { size: 'A', heightCm: 8, widthCm: 38, depthCm: 64, maxWeightGrams: 25_000 },
  { size: 'B', heightCm: 19, widthCm: 38, depthCm: 64, maxWeightGrams: 25_000 },
  { size: 'C', heightCm: 41, widthCm: 38, depthCm: 64, maxWeightGrams: 25_000 },
];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const num = (n: number | null) => (n === null ? 'null::float8' : `${n}::float8`);

/** [lo, hi) slices of [0, 1) proportional to the weights (the last one open-ended). */
function slices(weights: number[]): Array<[number, number]> {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w, i) => {
    const lo = acc / total;
    acc += w;
    return [lo, i === weights.length - 1 ? 2 : acc / total];
  });
}

export interface GeoSeedResult {
  counts: Record<string, number>;
  partners: number;
  seconds: number;
}

/** Seeds `count` drop-off locations of seven partners with set-based SQL on one connection, then ANALYZE. */
export async function seedLocations(sql: Sql, count: number, log: (line: string) => void): Promise<GeoSeedResult> {
  const started = performance.now();
  const areaRows = slices(AREAS.map((a) => a.weight)).map(([lo, hi], i) => {
    const a = AREAS[i];
    const city = 'lat' in a;
    return `(${lit(a.name)}, ${city ? "'city'" : "'box'"}, ${num(city ? a.lat : null)}, ${num(city ? a.lng : null)}, ${num(city ? a.sigmaKm : null)},
      ${num(city ? null : a.south)}, ${num(city ? null : a.north)}, ${num(city ? null : a.west)}, ${num(city ? null : a.east)}, ${lo}::float8, ${hi}::float8)`;
  });
  const partnerRows = slices(PARTNERS.map((p) => p.share)).map(([lo, hi], i) => {
    const p = PARTNERS[i];
    return `(${v7('now()')}, ${lit(p.kind)}, ${lit(p.name)}, ${lit(p.adapter)}, ${lit(`https://${p.name.toLowerCase().replace(/[^a-z]+/g, '-')}.example.com/api`)},
      ${lit(p.status)}, ${lit(p.type)}, ${lit(p.hours)}, ${lit(JSON.stringify(p.lockers ? COMPARTMENTS : []))}::jsonb, ${lo}::float8, ${hi}::float8)`;
  });
  const steps: Array<[string, string]> = [
    ['random seed', 'select setseed(0.42)'],
    ['areas', `create temp table geo_areas as select * from (values ${areaRows.join(',\n      ')})
      v(name, kind, lat, lng, sigma_km, south, north, west, east, lo, hi)`],
    ['plan partners', `create temp table geo_partners as select * from (values ${partnerRows.join(',\n      ')})
      v(id, kind, name, adapter, endpoint, status, loc_type, hours, compartments, lo, hi)`],
    ['partners', `insert into partners (id, kind, name, adapter, endpoint, settings, capabilities, signing_secret, status)
      select id, kind, name, adapter, endpoint, '{}'::jsonb, '{}'::jsonb,
        'whsec_' || encode(decode(md5(random()::text) || md5(random()::text), 'hex'), 'base64'), status
      from geo_partners`],
    ['plan points', `create temp table geo_points as
      select g, random() as u, random() as u1, random() as u2, random() as up from generate_series(1, ${count}) g`],
    // Cities: a 2-D Gaussian around the centre (Box–Muller); open country: uniform over the box.
    ['drop_off_locations', `insert into drop_off_locations (id, partner_id, external_id, type, name, address, latitude, longitude, opening_hours, compartments)
      select ${v7('now()')}, p.id, 'BENCH-LOC-' || lpad(g.g::text, 8, '0'), p.loc_type, p.name || ' ' || a.name || ' ' || g.g,
        'Benchstraat ' || (1 + g.g % 250) || ', ' || a.name,
        case when a.kind = 'city' then a.lat + a.sigma_km * sqrt(-2 * ln(1 - g.u1)) * cos(2 * pi() * g.u2) / 111.32
          else a.south + g.u1 * (a.north - a.south) end,
        case when a.kind = 'city' then a.lng + a.sigma_km * sqrt(-2 * ln(1 - g.u1)) * sin(2 * pi() * g.u2) / (111.32 * cos(radians(a.lat)))
          else a.west + g.u2 * (a.east - a.west) end,
        p.hours, p.compartments
      from geo_points g
      join geo_areas a on g.u >= a.lo and g.u < a.hi
      join geo_partners p on g.up >= p.lo and g.up < p.hi`],
    ['drop plan', 'drop table geo_areas, geo_partners, geo_points'],
    ['analyze', 'analyze partners, drop_off_locations'],
  ];
  for (const [label, text] of steps) {
    const t0 = performance.now();
    const result = await sql.unsafe(text);
    const rows = typeof result.count === 'number' && result.command !== 'SELECT' ? ` (${result.count} rows)` : '';
    log(`  seed ${label.padEnd(18)} ${((performance.now() - t0) / 1000).toFixed(1)}s${rows}`);
  }
  const [c] = await sql<Array<{ total: number; active: number; partners: number }>>`
    select count(*)::int as total,
      (count(*) filter (where p.status = 'ACTIVE'))::int as active, count(distinct p.id)::int as partners
    from drop_off_locations l join partners p on p.id = l.partner_id`;
  return { counts: { drop_off_locations: c.total, drop_off_locations_active: c.active }, partners: c.partners, seconds: (performance.now() - started) / 1000 };
}

/** A small deterministic PRNG (mulberry32), so every run searches the same points. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` search points drawn from the same areas as the locations (people search where they live). */
export function searchPoints(count: number, seed = 7): GeoPoint[] {
  const rand = prng(seed);
  const bounds = slices(AREAS.map((a) => a.weight));
  const points: GeoPoint[] = [];
  for (let i = 0; i < count; i++) {
    const u = rand();
    const a = AREAS[bounds.findIndex(([lo, hi]) => u >= lo && u < hi)];
    const u1 = rand();
    const u2 = rand();
    if ('lat' in a) {
      const r = a.sigmaKm * Math.sqrt(-2 * Math.log(1 - u1));
      points.push({
        latitude: a.lat + (r * Math.cos(2 * Math.PI * u2)) / 111.32,
        longitude: a.lng + (r * Math.sin(2 * Math.PI * u2)) / (111.32 * Math.cos((a.lat * Math.PI) / 180)),
      });
    } else {
      points.push({ latitude: a.south + u1 * (a.north - a.south), longitude: a.west + u2 * (a.east - a.west) });
    }
  }
  return points;
}

/** A typical search for EXPLAIN: the centre of Utrecht, a mid-sized Dutch city. */
export const TYPICAL_POINT: GeoPoint = { latitude: 52.0907, longitude: 5.1214 };

/** Results per search, summed by the gateway side (to report how many locations a search finds on average). */
export interface GeoTally { searches: number; results: number }

interface GqlBody<T> { data?: T; errors?: Array<{ message: string }> }

/** dropOffLocations(near, radiusKm: 5, first: 20) over HTTP, cycling through the points. */
export function gatewayGeo(url: string, token: string, points: GeoPoint[], tally: GeoTally): HttpPlan {
  const headers = { authorization: `Bearer ${token}` };
  return {
    label: 'dropOffLocations', url, check: { path: ['dropOffLocations'], kind: 'list' },
    request: (i) => ({ body: JSON.stringify({ query: GEO_QUERY, variables: { near: points[i % points.length], radiusKm: GEO_RADIUS_KM, first: GEO_FIRST } }), headers }),
    onList: (items, answers) => {
      tally.searches += answers;
      tally.results += items;
    },
  };
}

type LocationSqlRow = {
  id: string; type: string; name: string; address: string; latitude: number; longitude: number;
  opening_hours: string | null; compartments: StoredCompartment[]; chord: number;
};

/** The location's point on the unit sphere, exactly as the GiST index drop_off_locations_geo_gist computes it. */
const LOCATION_POINT = 'cube(array[cos(radians(latitude)) * cos(radians(longitude)), cos(radians(latitude)) * sin(radians(longitude)), sin(radians(latitude))])';

/**
 * The service's SQL, written by hand: nearest first on the GiST index of unit-sphere points (contrib cube) inside the
 * cube bounding the radius, within the radius's chord, the partner still ACTIVE, equal distances by id.
 */
function baselineQuery(sql: Sql, p: GeoPoint, radiusKm: number, first: number) {
  const chord = chordOfKm(radiusKm);
  const { point, box } = searchCubes(p, chord);
  return sql<LocationSqlRow[]>`
    select id, type, name, address, latitude, longitude, opening_hours, compartments, chord from (
      select id, type, name, address, latitude, longitude, opening_hours, compartments, ${sql.unsafe(LOCATION_POINT)} <-> ${point}::cube as chord
      from drop_off_locations
      where ${sql.unsafe(LOCATION_POINT)} <@ ${box}::cube and ${sql.unsafe(LOCATION_POINT)} <-> ${point}::cube <= ${chord}
        and partner_id = any(array(select id from partners where status = 'ACTIVE'))
      order by chord
      fetch first ${first} rows with ties
    ) l
    order by chord, id
    limit ${first}`;
}

/** The response a hand-written endpoint would send for one search. */
function shape(rows: LocationSqlRow[]): string {
  return JSON.stringify({
    data: {
      dropOffLocations: rows.map((r) => ({
        id: encodeGlobalId('DropOffLocation', r.id), type: r.type, name: r.name, address: r.address, latitude: r.latitude, longitude: r.longitude,
        distanceKm: Math.round(kmOfChord(r.chord) * 100) / 100, openingHours: r.opening_hours,
        compartments: (r.compartments ?? []).map((c) => ({ size: c.size })),
      })),
    },
  });
}

/** The same search with raw postgres.js: one statement, then the same response shaped and serialised. */
export function baselineGeo(sql: Sql, points: GeoPoint[]): Task {
  return async (i) => {
    const rows = await baselineQuery(sql, points[i % points.length], GEO_RADIUS_KM, GEO_FIRST);
    if (shape(rows).length === 0) throw new Error('unreachable');
  };
}

/** Ids (in order) both sides return for a point: the gateway through GraphQL, the baseline through its SQL. */
export async function compareResults(client: JsonClient, token: string, sql: Sql, points: GeoPoint[]): Promise<{ checked: number; mismatches: string[] }> {
  const mismatches: string[] = [];
  for (const near of points) {
    const res = await client.post<GqlBody<{ dropOffLocations: Array<{ id: string }> }>>(
      { query: GEO_QUERY, variables: { near, radiusKm: GEO_RADIUS_KM, first: GEO_FIRST } }, { authorization: `Bearer ${token}` });
    const gateway = (res.body.data?.dropOffLocations ?? []).map((l) => l.id);
    const baseline = (await baselineQuery(sql, near, GEO_RADIUS_KM, GEO_FIRST)).map((r) => encodeGlobalId('DropOffLocation', r.id));
    if (res.body.errors || gateway.join() !== baseline.join()) {
      mismatches.push(`(${near.latitude.toFixed(4)}, ${near.longitude.toFixed(4)}): gateway ${gateway.length}, baseline ${baseline.length}`);
    }
  }
  return { checked: points.length, mismatches };
}

/** A dense city centre: about 1,200 locations within 5 km. */
export const AMSTERDAM_CENTRE: GeoPoint = { latitude: 52.3676, longitude: 4.9041 };

/** The searches EXPLAINed after measuring: dense centres at 5, 25 and 100 km (the most radiusKm allows), open country. */
export const EXPLAINED_SEARCHES: Array<{ label: string; point: GeoPoint; radiusKm: number }> = [
  { label: 'Utrecht centre', point: TYPICAL_POINT, radiusKm: GEO_RADIUS_KM },
  { label: 'Utrecht centre', point: TYPICAL_POINT, radiusKm: 100 },
  { label: 'Amsterdam centre', point: AMSTERDAM_CENTRE, radiusKm: 5 },
  { label: 'Amsterdam centre', point: AMSTERDAM_CENTRE, radiusKm: 25 },
  { label: 'Amsterdam centre', point: AMSTERDAM_CENTRE, radiusKm: 100 },
  // Between the Dutch cities (Drenthe) and in the Alps (Tyrol): few locations nearby, none of them in a city's cloud.
  { label: 'Dutch countryside (52.85, 6.55)', point: { latitude: 52.85, longitude: 6.55 }, radiusKm: 5 },
  { label: 'Dutch countryside (52.85, 6.55)', point: { latitude: 52.85, longitude: 6.55 }, radiusKm: 100 },
  { label: 'Alpine countryside (47.0, 10.0)', point: { latitude: 47, longitude: 10 }, radiusKm: 5 },
  { label: 'Alpine countryside (47.0, 10.0)', point: { latitude: 47, longitude: 10 }, radiusKm: 100 },
];

/** A 100 km search may read at most this many times the buffers of a 5 km one around the same point. */
export const MAX_RADIUS_BUFFER_RATIO = 4;

/** What EXPLAIN (ANALYZE, BUFFERS) said about one search (first 20), gateway and baseline. */
export interface GeoPlan {
  label: string;
  point: GeoPoint;
  radiusKm: number;
  /** The gateway's statement exactly as drizzle sends it (nearbyLocations on a capturing connection). */
  gatewayPlan: string;
  baselinePlan: string;
  /** Seq Scan on drop_off_locations anywhere in either plan. */
  fullScan: boolean;
  /** Index names on drop_off_locations the gateway's plan used. */
  indexes: string[];
  gatewayExecutionMs: number;
  baselineExecutionMs: number;
  /** Shared buffers each plan touched (hit + read, top node). */
  gatewayBuffers: number;
  baselineBuffers: number;
  /** Locations the search returned. */
  results: number;
}

const planText = (rows: Array<Record<string, string>>) => rows.map((r) => r['QUERY PLAN']).join('\n');

/** Index names used on drop_off_locations, and whether any node is a Seq Scan on it. */
export function inspectPlan(plan: string): { fullScan: boolean; indexes: string[] } {
  const indexes = new Set<string>();
  for (const m of plan.matchAll(/Index (?:Only )?Scan(?: Backward)? using (\S+) on drop_off_locations\b/g)) indexes.add(m[1]);
  for (const m of plan.matchAll(/Bitmap Index Scan on (\S+)/g)) if (m[1].startsWith('drop_off_locations')) indexes.add(m[1]);
  return { fullScan: /Seq Scan on drop_off_locations\b/.test(plan), indexes: [...indexes] };
}

/** Shared buffers (hit + read) of a plan's top node: its first Buffers line. */
function topBuffers(plan: string): number {
  const m = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan);
  return Number(m?.[1] ?? 0) + Number(m?.[2] ?? 0);
}

const executionMs = (plan: string) => Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
const returnedRows = (plan: string) => Number(/\(actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(plan)?.[1] ?? NaN);

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the gateway's statement — captured from the service itself, run on a drizzle
 * handle over `sql` — and of the baseline's, for one point and radius (first 20).
 * `sql` must be a client of its own: drizzle() replaces the client's json and timestamp (de)serialisers.
 */
export async function explainSearch(sql: Sql, search: { label: string; point: GeoPoint; radiusKm: number }): Promise<GeoPlan> {
  let captured: { query: string; params: unknown[] } | null = null;
  const db = drizzle(sql, { schema, logger: { logQuery: (query, params) => { captured = { query, params }; } } }) as unknown as Db;
  await nearbyLocations({ db }, search.point, search.radiusKm, null, GEO_FIRST);
  const statement = captured as { query: string; params: unknown[] } | null;
  if (!statement) throw new Error('nearbyLocations sent no statement to capture');
  // Three runs each, the median time reported (one run on a shared machine is noisy); the buffers do not vary.
  const gatewayPlans: string[] = [];
  const baselinePlans: string[] = [];
  for (let i = 0; i < 3; i++) {
    gatewayPlans.push(planText(await sql.unsafe(`explain (analyze, buffers) ${statement.query}`, statement.params as never[])));
    baselinePlans.push(planText(await sql<Array<Record<string, string>>>`explain (analyze, buffers) ${baselineQuery(sql, search.point, search.radiusKm, GEO_FIRST)}`));
  }
  const median = (plans: string[]) => plans.map(executionMs).sort((a, b) => a - b)[1];
  const [gatewayPlan, baselinePlan] = [gatewayPlans[2], baselinePlans[2]];
  const g = inspectPlan(gatewayPlan);
  const b = inspectPlan(baselinePlan);
  return {
    ...search, gatewayPlan, baselinePlan, fullScan: g.fullScan || b.fullScan, indexes: g.indexes,
    gatewayExecutionMs: median(gatewayPlans), baselineExecutionMs: median(baselinePlans),
    gatewayBuffers: topBuffers(gatewayPlan), baselineBuffers: topBuffers(baselinePlan), results: returnedRows(gatewayPlan),
  };
}

/**
 * Searches around the same point whose 100 km plan read more than MAX_RADIUS_BUFFER_RATIO times the buffers of the
 * 5 km one (gateway statement): the search has gone back to costing what its bounding box holds.
 */
export function radiusCostViolations(plans: GeoPlan[]): string[] {
  const out: string[] = [];
  for (const wide of plans.filter((p) => p.radiusKm === 100)) {
    const narrow = plans.find((p) => p.radiusKm === 5 && p.label === wide.label);
    // Open country: a 5 km search there may find nothing and read a handful of pages; compare where it fills its page.
    if (!narrow || narrow.results < GEO_FIRST) continue;
    if (wide.gatewayBuffers > MAX_RADIUS_BUFFER_RATIO * narrow.gatewayBuffers) {
      out.push(`${wide.label}: 100 km read ${wide.gatewayBuffers} buffers, more than ${MAX_RADIUS_BUFFER_RATIO}× the 5 km search's ${narrow.gatewayBuffers}`);
    }
  }
  return out;
}
