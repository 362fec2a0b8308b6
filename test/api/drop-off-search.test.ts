import { sql } from 'drizzle-orm';
import { decodeGlobalId } from '../../src/domain/ids';
import { startTestApi, type TestApi } from '../support/harness';

// dropOffLocations on the GiST index of unit-sphere points (migrations/0014): exact radius, nearest first, equal
// distances in id order, only ACTIVE partners, and the places a latitude/longitude box gets wrong.
let api: TestApi;
let admin: string;
let customer: string;

const SEARCH = `query($near: GeoPointInput!, $r: Float, $t: [DropOffLocationType!], $first: Int) {
  dropOffLocations(near: $near, radiusKm: $r, types: $t, first: $first) { id name distanceKm type } }`;
const KM_PER_DEGREE = (Math.PI * 6371) / 180;
const ORIGIN = { latitude: 48.0, longitude: 11.0 };
/** A point `km` due north of ORIGIN (along a meridian a degree of latitude is KM_PER_DEGREE km). */
const north = (km: number) => ({ latitude: ORIGIN.latitude + km / KM_PER_DEGREE, longitude: ORIGIN.longitude });

async function partner(kind: string, name: string): Promise<string> {
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code } } }`,
    { input: { kind, name, adapter: kind === 'LOCKER_NETWORK' ? 'boomerang-locker-v1' : 'boomerang-store-v1', endpoint: `https://${name}.example.com` } }, admin);
  expect(res.data.createPartner.userErrors).toEqual([]);
  return res.data.createPartner.partner.id;
}

async function upsert(partnerId: string, type: string, locations: Array<{ externalId: string; name: string; latitude: number; longitude: number }>) {
  const res = await api.gql(`mutation($input: UpsertDropOffLocationsInput!) { upsertDropOffLocations(input: $input) { locations { id } userErrors { code } } }`, {
    input: { partnerId, locations: locations.map((l) => ({ ...l, type, address: `${l.name} 1` })) },
  }, admin);
  expect(res.data.upsertDropOffLocations.userErrors).toEqual([]);
}

const search = async (variables: Record<string, unknown>) => {
  const res = await api.gql(SEARCH, variables, customer);
  expect(res.errors).toBeUndefined();
  return res.data.dropOffLocations as Array<{ id: string; name: string; distanceKm: number; type: string }>;
};

let lockers: string;
let stores: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token('ADMIN', 'admin');
  customer = await api.token('CUSTOMER', 'cust-geo');
  lockers = await partner('LOCKER_NETWORK', 'geo-lockers');
  stores = await partner('STORE_NETWORK', 'geo-stores');
  await upsert(lockers, 'LOCKER', [
    { externalId: 'N-1', name: 'North 1 km', ...north(1) },
    { externalId: 'N-30', name: 'North 30 km', ...north(30) },
    { externalId: 'N-60', name: 'North 60 km', ...north(60) },
    { externalId: 'N-99', name: 'North 99 km', ...north(99) },
    { externalId: 'N-101', name: 'North 101 km', ...north(101) },
    // Just inside and just outside 25 km due north: a box of 25 / 111.32 degrees (the old search) missed the first.
    { externalId: 'N-24.99', name: 'North 24.99 km', ...north(24.99) },
    { externalId: 'N-25.01', name: 'North 25.01 km', ...north(25.01) },
    // Across the antimeridian and beside the pole, where longitude ranges wrap or mean nothing.
    { externalId: 'DATELINE', name: 'Dateline east', latitude: 0, longitude: -179.99 },
    { externalId: 'POLE', name: 'Pole, other side', latitude: 89.99, longitude: 180 },
  ]);
  // Five at one spot, 2 km north, under different ids: equal distances.
  await upsert(stores, 'STORE', ['T-5', 'T-3', 'T-1', 'T-4', 'T-2'].map((externalId) => ({ externalId, name: `Twin ${externalId}`, ...north(2) })));
});

afterAll(async () => {
  await api?.stop();
});

test('nearest first across the whole radius; first keeps the nearest; the radius is exact', async () => {
  const wide = await search({ near: ORIGIN, r: 100, t: ['LOCKER'], first: 100 });
  expect(wide.map((l) => l.name)).toEqual(['North 1 km', 'North 24.99 km', 'North 25.01 km', 'North 30 km', 'North 60 km', 'North 99 km']);
  expect(wide.map((l) => l.distanceKm)).toEqual([1, 24.99, 25.01, 30, 60, 99]);
  expect((await search({ near: ORIGIN, r: 100, t: ['LOCKER'], first: 2 })).map((l) => l.name)).toEqual(['North 1 km', 'North 24.99 km']);
  expect((await search({ near: ORIGIN, r: 25, t: ['LOCKER'] })).map((l) => l.name)).toEqual(['North 1 km', 'North 24.99 km']);
  expect((await search({ near: ORIGIN, r: 0.5 })).map((l) => l.name)).toEqual([]);
});

test('equal distances come back in id order, and first cuts among them the same way every time', async () => {
  const all = await search({ near: ORIGIN, r: 10, t: ['STORE'] });
  expect(all).toHaveLength(5);
  expect(new Set(all.map((l) => l.distanceKm))).toEqual(new Set([2]));
  const raw = all.map((l) => decodeGlobalId(l.id)!.id);
  expect(raw).toEqual([...raw].sort());
  for (let i = 0; i < 3; i++) {
    const cut = await search({ near: ORIGIN, r: 10, t: ['STORE'], first: 2 });
    expect(cut.map((l) => l.id)).toEqual(all.slice(0, 2).map((l) => l.id));
  }
  // Mixed with the nearer locker: the locker first, then the twins in id order.
  expect((await search({ near: ORIGIN, r: 10, first: 4 })).map((l) => l.id)).toEqual([
    (await search({ near: ORIGIN, r: 10, t: ['LOCKER'] }))[0].id, ...all.slice(0, 3).map((l) => l.id),
  ]);
});

test('across the antimeridian and near the pole', async () => {
  const dateline = await search({ near: { latitude: 0, longitude: 179.99 }, r: 5 });
  expect(dateline.map((l) => [l.name, l.distanceKm])).toEqual([['Dateline east', 2.22]]);
  const pole = await search({ near: { latitude: 89.99, longitude: 0 }, r: 5 });
  expect(pole.map((l) => [l.name, l.distanceKm])).toEqual([['Pole, other side', 2.22]]);
});

test("a disabled partner's locations are never returned", async () => {
  expect((await search({ near: ORIGIN, r: 10 })).some((l) => l.type === 'STORE')).toBe(true);
  await api.app.database.db.execute(sql`update partners set status = 'DISABLED' where id = ${decodeGlobalId(stores)!.id}`);
  try {
    const after = await search({ near: ORIGIN, r: 10, first: 100 });
    expect(after.map((l) => l.name)).toEqual(['North 1 km']);
  } finally {
    await api.app.database.db.execute(sql`update partners set status = 'ACTIVE' where id = ${decodeGlobalId(stores)!.id}`);
  }
});
