import { startTestApi, type TestApi } from '../support/harness';
import { releasedTogether } from '../support/lock-step';

let api: TestApi;
let admin: string;
let partnerId: string;
beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token('ADMIN', 'admin');
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code } } }`,
    { input: { kind: 'LOCKER_NETWORK', name: 'Lockers', adapter: 'boomerang-locker-v1', endpoint: 'http://127.0.0.1:9/' } }, admin);
  expect(res.data.createPartner.userErrors).toEqual([]);
  partnerId = res.data.createPartner.partner.id;
});
afterAll(async () => { await api?.stop(); });

const UPSERT = `mutation($input: UpsertDropOffLocationsInput!) { upsertDropOffLocations(input: $input) {
  locations { id name } userErrors { code field } } }`;
const locker = (externalId: string, name = externalId) => ({ externalId, type: 'LOCKER', name, address: 'Somewhere 1', latitude: 52.37, longitude: 4.89 });

async function upsert(locations: unknown[]) {
  const res = await api.gql(UPSERT, { input: { partnerId, locations } }, admin);
  expect(res.errors).toBeUndefined();
  return res.data.upsertDropOffLocations as { locations: Array<{ id: string; name: string }>; userErrors: Array<{ code: string; field: string[] }> };
}

test('an externalId given twice in one call is DUPLICATE_EXTERNAL_ID and nothing is written', async () => {
  const payload = await upsert([locker('DUP-1', 'first'), locker('DUP-2'), locker('DUP-1', 'second')]);
  expect(payload).toEqual({ locations: [], userErrors: [{ code: 'DUPLICATE_EXTERNAL_ID', field: ['locations', '2', 'externalId'] }] });
  expect((await upsert([locker('DUP-2', 'alone')])).locations).toHaveLength(1);
});

test('locations come back in the order they were given', async () => {
  const payload = await upsert([locker('ORD-C'), locker('ORD-A'), locker('ORD-B')]);
  expect(payload.locations.map((l) => l.name)).toEqual(['ORD-C', 'ORD-A', 'ORD-B']);
});

test('concurrent upserts of the same locations in opposite orders all succeed without a deadlock', async () => {
  // Retries would hide a deadlock from the responses; /metrics counts what PostgreSQL reported.
  const deadlocks = () => api.metric('boomerang_transaction_retries_total{reason="deadlock"}');
  const before = await deadlocks();
  for (let round = 0; round < 15; round += 1) {
    const ids = Array.from({ length: 6 }, (_, i) => `R${round}-${i}`);
    const results = await Promise.all([
      upsert(ids.map((id) => locker(id, `a-${round}`))), upsert([...ids].reverse().map((id) => locker(id, `b-${round}`))),
      upsert(ids.map((id) => locker(id, `c-${round}`))),
    ]);
    expect(results.map((r) => r.userErrors)).toEqual([[], [], []]);
    expect(new Set(results.flatMap((r) => r.locations.map((l) => l.id))).size).toBe(6);
  }
  expect(await deadlocks()).toBe(before);
});

test('upserts of the same locations in opposite orders, let go at one moment, do not deadlock', async () => {
  const deadlocks = () => api.metric('boomerang_transaction_retries_total{reason="deadlock"}');
  const ids = Array.from({ length: 8 }, (_, i) => `LS-${i}`);
  expect((await upsert(ids.map((id) => locker(id)))).userErrors).toEqual([]);
  const before = await deadlocks();
  const results = await releasedTogether(api.app.config.databaseUrl!,
    (tx) => tx`select 1 from drop_off_locations where external_id = ${ids[4]} for update`,
    [() => upsert(ids.map((id) => locker(id, 'up'))), () => upsert([...ids].reverse().map((id) => locker(id, 'down')))]);
  expect(results.map((r) => r.userErrors)).toEqual([[], []]);
  expect(await deadlocks()).toBe(before);
});
