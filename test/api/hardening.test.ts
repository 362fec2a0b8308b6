import { startTestApi, type TestApi } from '../support/harness';
import {
  APPROVE, IMPORT, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, START_GUEST, cast, importOrders, lineInput, mutate, mutateOk, orderInput,
  signedWebhook, uniq,
} from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// Hostile input against the newest surfaces (analytics, forecasts, risk, sustainability, resale, recycling, vendor
// returns, node, partner webhooks): every refusal is a classified error that changes nothing, never a 500; who may see
// and do what holds for partners, customers and anonymous callers alike.
let api: TestApi;
let server: PartnerServer;
let t: Awaited<ReturnType<typeof cast>>;
type Partner = { id: string; secret: string; key: string };
let recyclerA: Partner;
let recyclerB: Partner;

beforeAll(async () => {
  server = await new PartnerServer().start();
  server.fallback = { status: 201, body: JSON.stringify({ recyclerReference: 'REC-1' }) };
  api = await startTestApi({ INTEGRATION_MAX_ATTEMPTS: '2' });
  t = await cast(api);
  recyclerA = await createRecycler(['footwear']);
  recyclerB = await createRecycler(['furniture']);
});

afterAll(async () => {
  await api?.stop();
  await server?.stop();
});

async function createRecycler(categories: string[]): Promise<Partner> {
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code } } }`,
    { input: { kind: 'RECYCLER', name: uniq('Recycler-'), adapter: 'boomerang-recycler-v1', endpoint: server.url, capabilities: { categories } } }, t.admin);
  expect(res.data.createPartner.userErrors).toEqual([]);
  const id = res.data.createPartner.partner.id;
  const key = await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret } }`, { input: { partnerId: id } }, t.admin);
  return { id, secret: res.data.createPartner.signingSecret, key: key.data.createPartnerApiKey.secret };
}

/** One footwear unit returned, received, graded and given `disposition`; its order and item id. */
async function dispositioned(disposition: string, grade: string) {
  const [order] = await importOrders(api, [orderInput({ lines: [lineInput({ category: 'footwear', unitPrice: '20.00', weightGrams: 900 })] })]);
  const ret = await mutateOk(api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'DEFECTIVE' }] }, t.customerA);
  await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: ret.items[0].id, quantity: 1 }] }, t.operator);
  await mutateOk(api, INSPECT, { returnItemId: ret.items[0].id, grade }, t.operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: ret.items[0].id, disposition, reason: 'hardening' }, t.operator);
  return { order, itemId: ret.items[0].id as string };
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const NOT_A_UUID = '-'.repeat(36);
const NODE = `query($id: ID!) { node(id: $id) { id } }`;
const LOT = `query($id: ID!) { node(id: $id) { ... on RecyclingLot { status declaredWeightKg certificateNumber events { type } units { sku returnItem { id } } } } }`;

function expectCode(res: { status: number; errors?: Array<{ message: string; extensions?: { code?: string } }> }, code: string) {
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(res.errors?.[0].message).not.toMatch(/Failed query|select |insert |postgres|stack/i);
}

describe('input PostgreSQL cannot store is BAD_USER_INPUT before any resolver runs', () => {
  const range = (from: string, to: string) => ({ from, to });
  const cases: Array<[string, string, () => Record<string, unknown>]> = [
    ['returnAnalytics from year 0000', 'query($from: DateTime!, $to: DateTime!) { returnAnalytics(from: $from, to: $to) { returnedUnits } }',
      () => range('0000-01-01T00:00:00Z', '0000-06-01T00:00:00Z')],
    ['returnAnalytics sku with NUL', 'query($s: String) { returnAnalytics(from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z", sku: $s) { returnedUnits } }',
      () => ({ s: 'SKU\u0000' })],
    ['returnAnalytics category with NUL, as a literal', '{ returnAnalytics(from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z", category: "a\\u0000b") { returnedUnits } }',
      () => ({})],
    ['expectedReturnedInventory sku with NUL', 'query($s: String) { expectedReturnedInventory(sku: $s, horizonWeeks: 4) { probability } }', () => ({ s: 'x\u0000y' })],
    ['sustainabilityReport from year 0000', 'query($from: DateTime!, $to: DateTime!) { sustainabilityReport(from: $from, to: $to) { totalKg } }',
      () => range('0000-01-01T00:00:00Z', '2025-01-01T00:00:00Z')],
    ['returns(createdFrom: year 0000)', 'query($d: DateTime) { returns(filter: { createdFrom: $d }) { totalCount } }', () => ({ d: '0000-12-31T00:00:00Z' })],
    ['returnByRma with NUL', 'query($r: String!) { returnByRma(rmaNumber: $r) { id } }', () => ({ r: 'RMA-\u0000' })],
    // Input objects of built-in scalars and enums only are checked as sent (src/graphql/input-guard.ts), at any depth.
    ['requestReturn with a NUL in an item note', 'mutation($i: RequestReturnInput!) { requestReturn(input: $i) { return { id } } }',
      () => ({ i: { orderId: 'T3JkZXI6MDE5MDAwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAw', items: [{ orderLineId: 'x', quantity: 1, reason: 'CHANGED_MIND', note: 'n\u0000' }] } })],
    ['an ID with a NUL', 'query($id: ID!) { node(id: $id) { id } }', () => ({ id: 'a\u0000' })],
    ['a NUL in an object key of an input object', 'query($n: GeoPointInput!) { dropOffLocations(near: $n) { id } }', () => ({ n: { latitude: 1, longitude: 2, ['x\u0000']: 3 } })],
  ];
  test.each(cases)('%s', async (_name, query, variables) => {
    expectCode(await api.gql(query, variables(), t.admin), 'BAD_USER_INPUT');
  });

  test.each(cases.filter(([name]) => /NUL/.test(name) && !/literal/.test(name)))('%s: refused by the input guard, naming the variable', async (_name, query, variables) => {
    const res = await api.gql(query, variables(), t.admin);
    expect(res.errors?.[0].message).toMatch(/^Variable "\$\w+": text must not contain NUL characters \(U\+0000\)$/);
  });

  test('importOrders with a year-0000 date or a NUL in any text imports nothing', async () => {
    for (const [name, order] of [
      ['placedAt 0000', orderInput({ orderNumber: uniq('ORD-Y0-'), placedAt: '0000-01-01T00:00:00Z', deliveredAt: '0000-01-02T00:00:00Z' })],
      ['NUL in a SKU', orderInput({ orderNumber: uniq('ORD-NUL-'), lines: [lineInput({ sku: 'A\u0000B' })] })],
      ['NUL in the customer name', orderInput({ orderNumber: uniq('ORD-NUL-'), customer: { externalId: 'cust-a', email: 'a@example.com', name: 'A\u0000' } })],
    ] as const) {
      const res = await api.gql(IMPORT, { input: { orders: [order] } }, t.admin);
      expect([name, res.errors?.[0].extensions?.code]).toEqual([name, 'BAD_USER_INPUT']);
      const guest = await mutate(api, START_GUEST, { orderNumber: order.orderNumber, email: 'a@example.com' }, null);
      expect(guest.userErrors.map((e) => e.code)).toEqual(['ORDER_NOT_FOUND']);
    }
  });

  test('setSustainabilityFactors with a NUL in a source stores no new version', async () => {
    const before = (await api.gql('{ sustainabilityFactors { version } }', {}, t.operator)).data.sustainabilityFactors.version;
    const res = await api.gql('mutation($f: JSONObject!) { setSustainabilityFactors(input: { factors: $f }) { factorSet { version } userErrors { code } } }',
      { f: { displacementRate: { RESELL_OPEN_BOX: { value: 0.5, source: 'survey\u0000' } } } }, t.admin);
    expectCode(res, 'BAD_USER_INPUT');
    expect((await api.gql('{ sustainabilityFactors { version } }', {}, t.operator)).data.sustainabilityFactors.version).toBe(before);
  });

  test('year 9999 is fine where it can be stored, and refused where the day after cannot be spelled', async () => {
    const sustainability = await api.gql('{ sustainabilityReport(from: "9999-06-01T00:00:00Z", to: "9999-12-31T23:59:59Z") { totalKg } }', {}, t.operator);
    expect(sustainability.errors).toBeUndefined();
    expect(sustainability.data.sustainabilityReport.totalKg).toBe(0);
    const until = await api.gql('{ returnAnalytics(from: "9999-06-01T00:00:00Z", to: "9999-12-31T00:00:00Z") { returnedUnits to } }', {}, t.operator);
    expect(until.errors).toBeUndefined();
    expect(until.data.returnAnalytics.to).toBe('9999-12-31T00:00:00.000Z');
    const past = await api.gql('{ returnAnalytics(from: "9999-06-01T00:00:00Z", to: "9999-12-31T12:00:00Z") { returnedUnits } }', {}, t.operator);
    expectCode(past, 'BAD_USER_INPUT');
    expect(past.errors?.[0].message).toMatch(/between 0001-01-01 and 9999-12-31/);
  });
});

describe('keyset cursors that decode to something other than a row id are BAD_USER_INPUT', () => {
  const cases: Array<[string, string, string]> = [
    ['returns', 'query($a: String) { returns(after: $a) { totalCount } }', `r:${NOT_A_UUID}`],
    ['resaleListings', 'query($a: String) { resaleListings(after: $a) { edges { cursor } } }', `l:${NOT_A_UUID}`],
    ['recyclingLots', 'query($a: String) { recyclingLots(after: $a) { edges { cursor } } }', `l:${NOT_A_UUID}`],
    ['vendorReturnAuthorizations', 'query($a: String) { vendorReturnAuthorizations(after: $a) { edges { cursor } } }', `v:${NOT_A_UUID}`],
    ['refurbishmentJobs', 'query($a: String) { refurbishmentJobs(after: $a) { edges { cursor } } }', `f:${NOT_A_UUID}`],
    ['integrationJobs', 'query($a: String) { integrationJobs(after: $a) { edges { cursor } } }', `j:${NOT_A_UUID}`],
    ['serialReturners', 'query($a: String) { serialReturners(after: $a) { edges { cursor } } }', `s:1.5:${NOT_A_UUID}`],
    ['returns, cursor of another connection', 'query($a: String) { returns(after: $a) { totalCount } }', `l:${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`],
  ];
  test.each(cases)('%s', async (_name, query, raw) => {
    const res = await api.gql(query, { a: b64(raw) }, t.admin);
    expectCode(res, 'BAD_USER_INPUT');
    expect(res.errors?.[0].message).toBe('after: not a valid cursor');
  });

  test('a cursor the API handed out still pages', async () => {
    await dispositioned('RESTOCK', 'NEW_SEALED');
    await dispositioned('RESTOCK', 'NEW_SEALED');
    const PAGE = 'query($a: String) { resaleListings(first: 1, after: $a) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
    const first = (await api.gql(PAGE, {}, t.operator)).data.resaleListings;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await api.gql(PAGE, { a: first.pageInfo.endCursor }, t.operator)).data.resaleListings;
    expect(second.edges).toHaveLength(1);
    expect(second.edges[0].node.id).not.toBe(first.edges[0].node.id);
  });
});

describe('who may ask (regression probes)', () => {
  const staffQueries: Array<[string, string]> = [
    ['returnAnalytics', '{ returnAnalytics(from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") { returnedUnits } }'],
    ['serialReturners', '{ serialReturners { edges { cursor } } }'],
    ['returnForecast', '{ returnForecast(horizonWeeks: 4) { horizonWeeks } }'],
    ['expectedReturnedInventory', '{ expectedReturnedInventory(category: "footwear", horizonWeeks: 4) { probability } }'],
    ['returnRiskModel', '{ returnRiskModel { version } }'],
    ['sustainabilityReport', '{ sustainabilityReport(from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") { totalKg } }'],
    ['sustainabilityFactors', '{ sustainabilityFactors { version } }'],
    ['resaleListings', '{ resaleListings { edges { cursor } } }'],
  ];
  test.each(staffQueries)('%s: FORBIDDEN for a partner key and a customer, UNAUTHENTICATED without a token', async (_name, query) => {
    expectCode(await api.gql(query, {}, recyclerA.key), 'FORBIDDEN');
    expectCode(await api.gql(query, {}, t.customerA), 'FORBIDDEN');
    expectCode(await api.gql(query, {}, null), 'UNAUTHENTICATED');
  });

  test('admin-only mutations are FORBIDDEN to operators and partners and change nothing', async () => {
    const before = (await api.gql('{ sustainabilityFactors { version } }', {}, t.operator)).data.sustainabilityFactors.version;
    for (const token of [t.operator, recyclerA.key]) {
      expectCode(await api.gql('mutation { refreshAnalytics(input: { full: true }) { summary { mode } } }', {}, token), 'FORBIDDEN');
      expectCode(await api.gql('mutation { trainReturnRiskModel { userErrors { code } } }', {}, token), 'FORBIDDEN');
      expectCode(await api.gql('mutation { setSustainabilityFactors(input: { factors: {} }) { userErrors { code } } }', {}, token), 'FORBIDDEN');
    }
    expect((await api.gql('{ sustainabilityFactors { version } }', {}, t.operator)).data.sustainabilityFactors.version).toBe(before);
  });

  test('a customer sees their order but not its return risk', async () => {
    const [order] = await importOrders(api, [orderInput()]);
    const res = await api.gql('query($id: ID!) { order(id: $id) { orderNumber returnRisk lines { sku returnRisk } } }', { id: order.id }, t.customerA);
    expect(res.data.order.orderNumber).toBe(order.orderNumber);
    expect((res.errors as unknown as Array<{ path: string[]; extensions: { code: string } }>).map((e) => [e.path.join('.'), e.extensions.code])).toEqual([['order.returnRisk', 'FORBIDDEN'], ['order.lines.0.returnRisk', 'FORBIDDEN'], ['order.lines.1.returnRisk', 'FORBIDDEN']]);
  });

  test('node: a recycler sees its own lot without the customer\'s item; others, customers and anonymous get null', async () => {
    const { itemId, order } = await dispositioned('RECYCLE', 'UNSALVAGEABLE');
    const lots = await api.gql('{ recyclingLots { edges { node { id units { returnItem { id } } } } } }', {}, t.operator);
    const lot = lots.data.recyclingLots.edges.find((e: any) => e.node.units.some((u: any) => u.returnItem?.id === itemId)).node;
    const own = await api.gql(LOT, { id: lot.id }, recyclerA.key);
    expect(own.data.node.units).toEqual([expect.objectContaining({ returnItem: null })]);
    for (const token of [recyclerB.key, t.customerA, null]) expect((await api.gql(NODE, { id: lot.id }, token)).data.node).toBeNull();
    for (const id of [order.id, itemId, recyclerB.id]) expect((await api.gql(NODE, { id }, recyclerA.key)).data.node).toBeNull();
    // Ids of types node does not serve, or that exist nowhere, are null; ids that do not decode are BAD_USER_INPUT.
    for (const type of ['ReturnPolicy', 'PartnerApiKey', 'IntegrationJob', 'Nonsense']) {
      expect((await api.gql(NODE, { id: b64(`${type}:00000000-0000-7000-8000-000000000000`) }, t.admin)).data.node).toBeNull();
    }
    expectCode(await api.gql(NODE, { id: b64(`RecyclingLot:${NOT_A_UUID}`) }, t.admin), 'BAD_USER_INPUT');
  });
});

describe('concurrent duplicates create one row', () => {
  test('recordDisposal four times at once: one record, three ALREADY_RECORDED', async () => {
    const { itemId } = await dispositioned('DONATE', 'FAIR');
    const RECORD = 'mutation($input: RecordDisposalInput!) { recordDisposal(input: $input) { disposal { id } userErrors { code } } }';
    const input = { returnItemId: itemId, kind: 'DONATE', counterparty: 'Red Cross', valueRecovered: { amount: '1.00', currencyCode: 'EUR' } };
    const results = await Promise.all([1, 2, 3, 4].map(() => mutate(api, RECORD, input, t.operator)));
    expect(results.filter((r) => r.disposal).length).toBe(1);
    expect(results.flatMap((r) => r.userErrors.map((e) => e.code)).sort()).toEqual(['ALREADY_RECORDED', 'ALREADY_RECORDED', 'ALREADY_RECORDED']);
  });

  test('setSustainabilityFactors three times at once: no version twice, the losers of a race CONCURRENT_UPDATE', async () => {
    const current = async () => (await api.gql('{ sustainabilityFactors { version } }', {}, t.operator)).data.sustainabilityFactors.version as number;
    const before = await current();
    const SET = 'mutation { setSustainabilityFactors(input: { factors: {} }) { factorSet { version } userErrors { code } } }';
    const results = await Promise.all([1, 2, 3].map(() => api.gql(SET, {}, t.admin)));
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    const payloads = results.map((r) => r.data.setSustainabilityFactors);
    // Calls that overlap race for the next version: one wins, the others are told; calls the server happened to run
    // one after the other each make the next version. Either way versions are consecutive and never taken twice.
    const made: number[] = payloads.filter((p) => p.factorSet).map((p) => p.factorSet.version).sort((a: number, b: number) => a - b);
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(made).toEqual(made.map((_, i) => before + 1 + i));
    expect(payloads.flatMap((p) => p.userErrors.map((e: any) => e.code))).toEqual(Array(3 - made.length).fill('CONCURRENT_UPDATE'));
    expect(await current()).toBe(before + made.length);
  });
});

describe('recycler reports through signed webhooks', () => {
  let lotId: string;
  let declaredKg: number;
  // Footwear is about half plastics, a third textiles, the rest other: a split the report check finds plausible.
  const footwearSplit = () => [
    { material: 'PLASTICS', weightKg: declaredKg * 0.5, route: 'ENERGY_RECOVERY' }, { material: 'TEXTILES', weightKg: declaredKg * 0.35, route: 'RECYCLING' },
    { material: 'OTHER', weightKg: declaredKg * 0.15, route: 'DISPOSAL' },
  ];
  const report = (data: Record<string, unknown> = {}) => ({
    type: 'lot.reported',
    data: { lotId, occurredAt: new Date().toISOString(), certificateNumber: 'C-1', materials: footwearSplit(), ...data },
  });
  const lotState = async () => (await api.gql(LOT, { id: lotId }, t.operator)).data.node;

  beforeAll(async () => {
    const { itemId } = await dispositioned('RECYCLE', 'UNSALVAGEABLE');
    const lots = await api.gql('{ recyclingLots { edges { node { id status units { returnItem { id } } } } } }', {}, t.operator);
    lotId = lots.data.recyclingLots.edges.find((e: any) => e.node.status === 'OPEN' && e.node.units.some((u: any) => u.returnItem?.id === itemId)).node.id;
    const dispatched = await mutate(api, 'mutation($input: DispatchRecyclingLotInput!) { dispatchRecyclingLot(input: $input) { lot { id } userErrors { code } } }', { lotId }, t.operator);
    expect(dispatched.userErrors).toEqual([]);
    declaredKg = (await eventually(async () => {
      const lot = await lotState();
      return lot.status === 'DISPATCHED' ? lot : null;
    })).declaredWeightKg;
  });

  test('a NUL in a text field is a 400 and changes nothing (before: a 500 that kept the delivery, so the retry was a "duplicate")', async () => {
    const id = uniq('wh-');
    const res = await signedWebhook(api, recyclerA, report({ certificateNumber: 'C\u0000' }), id);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'malformed webhook: body.data.certificateNumber must not contain NUL characters' });
    expect(await lotState()).toMatchObject({ status: 'DISPATCHED', certificateNumber: null });
  });

  test('a year-0000 occurredAt is a 400', async () => {
    const res = await signedWebhook(api, recyclerA, report({ occurredAt: '0000-06-01T00:00:00Z' }), uniq('wh-'));
    expect(res.status).toBe(400);
    expect((await lotState()).status).toBe('DISPATCHED');
  });

  test('a report over the GraphQL input\'s limits is refused as over GraphQL, and the lot is untouched', async () => {
    for (const data of [
      { certificateNumber: 'C'.repeat(201) },
      { dataDestructionCertificate: 'D'.repeat(201) },
      { materials: Array.from({ length: 51 }, () => ({ material: 'TEXTILES', weightKg: declaredKg / 51, route: 'RECYCLING' })) },
    ]) {
      const res = await signedWebhook(api, recyclerA, report(data), uniq('wh-'));
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).results).toEqual([{ ref: lotId, applied: false, reason: 'INVALID_REPORT' }]);
    }
    const lot = await lotState();
    expect(lot).toMatchObject({ status: 'DISPATCHED', certificateNumber: null });
    expect(lot.events.map((e: any) => e.type)).not.toContain('REPORTED');
  });

  test('stale, forged and foreign deliveries change nothing; a replay is a duplicate', async () => {
    expect((await signedWebhook(api, recyclerA, report(), uniq('wh-'), new Date(Date.now() - 3_600_000))).status).toBe(401);
    expect((await signedWebhook(api, { id: recyclerA.id, secret: recyclerB.secret }, report(), uniq('wh-'))).status).toBe(401);
    const foreign = await signedWebhook(api, recyclerB, report(), uniq('wh-'));
    expect(((await foreign.json()) as any).results).toEqual([{ ref: lotId, applied: false, reason: 'NOT_FOUND' }]);
    expect((await lotState()).status).toBe('DISPATCHED');
    const id = uniq('wh-');
    const ok = await signedWebhook(api, recyclerA, report(), id);
    expect(((await ok.json()) as any).results).toEqual([{ ref: lotId, applied: true, reason: 'CLOSED' }]);
    expect(await (await signedWebhook(api, recyclerA, report({ certificateNumber: 'C-2' }), id)).json()).toEqual({ duplicate: true });
    expect((await lotState()).certificateNumber).toBe('C-1');
  });
});

describe('GET /reports/sustainability.csv', () => {
  const csv = (query: string, token: string | null) =>
    fetch(api.url.replace('/graphql', `/reports/sustainability.csv?${query}`), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  test('a year-0000 period is a 400, not a 500', async () => {
    const res = await csv('from=0000-01-01&to=0000-02-01', t.operator);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0]).toEqual({ message: 'from: not a valid date-time (years 0001 to 9999)', extensions: { code: 'BAD_USER_INPUT' } });
  });

  test('a day that does not exist is refused, not rolled over to the next month', async () => {
    for (const query of ['from=2025-02-30&to=2025-03-31', 'from=2025-01-01&to=2025-04-31', 'from=2024-02-30T00:00:00Z&to=2025-01-01']) {
      const res = await csv(query, t.operator);
      expect([query, res.status]).toEqual([query, 400]);
      expect(((await res.json()) as any).errors[0]).toEqual({ message: 'from and to must be ISO-8601 dates or date-times', extensions: { code: 'BAD_USER_INPUT' } });
    }
    // 29 February exists in a leap year.
    expect((await csv('from=2024-02-29&to=2024-03-01', t.operator)).status).toBe(200);
  });

  test('partners and customers get 403, strangers 401, staff the file', async () => {
    expect((await csv('from=2025-01-01&to=2025-02-01', recyclerA.key)).status).toBe(403);
    expect((await csv('from=2025-01-01&to=2025-02-01', t.customerA)).status).toBe(403);
    expect((await csv('from=2025-01-01&to=2025-02-01', null)).status).toBe(401);
    const ok = await csv('from=2025-01-01&to=2025-02-01', t.operator);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/csv/);
  });
});
