import { startTestApi, type TestApi } from '../support/harness';
import { cast, importOrders, orderInput } from '../support/fixtures';
import { eventually } from '../support/partner-server';

// IntegrationJob and PartnerApiKey implement Node, so node/nodes resolve them, with the visibility of their own
// queries: integration jobs for admins and the partner they belong to, API keys for admins only (never the secret).
let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;
const partner: Record<'p1' | 'p2', { id: string; jobId: string; keyId: string; token: string }> = {} as never;

const USER_ERRORS = 'userErrors { code message }';
const NODE = `query($id: ID!) { node(id: $id) { __typename id
  ... on IntegrationJob { type status partner { id } }
  ... on PartnerApiKey { prefix label createdAt revokedAt } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

async function registerPartner(name: string) {
  const created = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } ${USER_ERRORS} } }`,
    { input: { kind: 'LOCKER_NETWORK', name, adapter: 'boomerang-locker-v1', endpoint: 'http://127.0.0.1:9/' } }, t.admin);
  const id = created.data.createPartner.partner.id as string;
  const key = await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { apiKey { id } secret ${USER_ERRORS} } }`,
    { input: { partnerId: id, label: `${name} key` } }, t.admin);
  // No syncAreas: the worker refuses the sync at once (DEAD), so nothing runs in the background while we count statements.
  const sync = await api.gql(`mutation($id: ID!) { syncDropOffLocations(partnerId: $id) { jobId ${USER_ERRORS} } }`, { id }, t.admin);
  return { id, jobId: sync.data.syncDropOffLocations.jobId as string, keyId: key.data.createPartnerApiKey.apiKey.id as string, token: key.data.createPartnerApiKey.secret as string };
}

beforeAll(async () => {
  // The statement counter is process-wide: keep the periodic sweepers out of the way of the measurement.
  api = await startTestApi({ OUTBOX_SWEEP_MS: '3600000', EXPIRY_SWEEP_MS: '86400000' });
  t = await cast(api);
  await importOrders(api, [orderInput()]);
  partner.p1 = await registerPartner('Lockers One');
  partner.p2 = await registerPartner('Lockers Two');
  for (const p of Object.values(partner)) {
    await eventually(async () => (await api.gql(NODE, { id: p.jobId }, t.admin)).data.node?.status === 'DEAD');
  }
});
afterAll(async () => { await api?.stop(); });

const node = async (id: string, token: string) => {
  const res = await api.gql(NODE, { id }, token);
  expect(res.errors).toBeUndefined();
  return res.data.node;
};

test('admin: both kinds resolve through node, with their fields; the key never shows a secret or its hash', async () => {
  expect(await node(partner.p1.jobId, t.admin)).toEqual({ __typename: 'IntegrationJob', id: partner.p1.jobId, type: 'locations.sync', status: 'DEAD', partner: { id: partner.p1.id } });
  const key = await node(partner.p1.keyId, t.admin);
  expect(key).toMatchObject({ __typename: 'PartnerApiKey', id: partner.p1.keyId, label: 'Lockers One key', revokedAt: null });
  expect(partner.p1.token).toContain(`_${key.prefix}_`);
  const raw = await api.gql(`query($id: ID!) { node(id: $id) { ... on PartnerApiKey { secret } } }`, { id: partner.p1.keyId }, t.admin);
  expect(raw.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(JSON.stringify(await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: partner.p1.keyId }, t.admin))).not.toContain(partner.p1.token);
});

test('a partner sees its own integration job and no other partner\'s, and no API keys', async () => {
  expect((await node(partner.p1.jobId, partner.p1.token))?.id).toBe(partner.p1.jobId);
  expect((await node(partner.p2.jobId, partner.p2.token))?.id).toBe(partner.p2.jobId);
  expect(await node(partner.p2.jobId, partner.p1.token)).toBeNull();
  expect(await node(partner.p1.jobId, partner.p2.token)).toBeNull();
  expect(await node(partner.p1.keyId, partner.p1.token)).toBeNull();
  expect(await node(partner.p2.keyId, partner.p1.token)).toBeNull();
});

test('operators and customers get null for both kinds, like any object that is not theirs', async () => {
  for (const token of [t.operator, t.customerA]) {
    for (const id of [partner.p1.jobId, partner.p1.keyId]) expect(await node(id, token)).toBeNull();
  }
});

/** Statements one request costs: the least of three runs (background work can only add, an N+1 shows every time). */
async function statementsOf(query: string, variables: Record<string, unknown>, token: string) {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const before = api.statements();
    expect((await api.gql(query, variables, token)).errors).toBeUndefined();
    best = Math.min(best, api.statements() - before);
  }
  return best;
}

test('nodes: per role, in order, batched: four ids cost what two cost', async () => {
  const ids = [partner.p1.jobId, partner.p1.keyId, partner.p2.jobId, partner.p2.keyId];
  const nodes = async (token: string) => {
    const res = await api.gql(NODES, { ids }, token);
    expect(res.errors).toBeUndefined();
    return res.data.nodes.map((n: { id: string } | null) => n?.id ?? null);
  };
  expect(await nodes(t.admin)).toEqual(ids);
  expect(await nodes(partner.p1.token)).toEqual([partner.p1.jobId, null, null, null]);
  expect(await nodes(partner.p2.token)).toEqual([null, null, partner.p2.jobId, null]);
  expect(await nodes(t.operator)).toEqual([null, null, null, null]);
  expect(await nodes(t.customerA)).toEqual([null, null, null, null]);
  const two = await statementsOf(NODES, { ids: ids.slice(0, 2) }, t.admin);
  expect(await statementsOf(NODES, { ids }, t.admin)).toBe(two);
  expect(await statementsOf(NODES, { ids: [...ids, ...ids] }, t.admin)).toBe(two);
});
