import { sql } from 'drizzle-orm';
import { excessScore, expectedReturns } from '../../src/domain/analytics';
import { decodeGlobalId } from '../../src/domain/ids';
import { startTestApi, type TestApi } from '../support/harness';
import {
  CANCEL, INSPECT, RECEIVE, REQUEST, RETURN_BY_ID, SET_DISPOSITION, daysAgo, importOrders, mutate, mutateOk, uniq,
} from '../support/fixtures';
import { waitForOperation } from '../support/operations';
import { PartnerServer, eventually } from '../support/partner-server';

// Return analytics end to end: orders and returns made through the API (a carrier booking, a refurbishment with its
// cost, a resale, a liquidation, a cancellation, two currencies) → refreshAnalytics → exact figures per groupBy; an
// incremental refresh folds in later changes and agrees with a full rebuild; serial returners are ranked and, when the
// policy says so, their requests wait for an operator.
let api: TestApi;
let carrier: PartnerServer;
let refurbisher: PartnerServer;
let merchant: PartnerServer;
let admin: string;
let operator: string;
let custA: string;
let custB: string;
let refurbKey: string;

const MONEY = '{ amount currencyCode }';
const FIGURES = `soldUnits returnedUnits returnRate receivedUnits refundedUnits sellableUnits
  refunded ${MONEY} refundedByCurrency ${MONEY} valueRecovered ${MONEY} recoveryRate returnShippingCost ${MONEY} refurbishmentCost ${MONEY}
  byCurrency { currencyCode refunded { amount } valueRecovered { amount } dispositionedValue { amount } recoveryRate returnShippingCost { amount } refurbishmentCost { amount } }
  medianDaysToRefund refundsTimed reasons { code units } dispositions { disposition units share }`;
const ANALYTICS = `query($from: DateTime!, $to: DateTime!, $groupBy: AnalyticsGroupBy, $category: String, $sku: String, $first: Int) {
  returnAnalytics(from: $from, to: $to, groupBy: $groupBy, category: $category, sku: $sku, first: $first) {
    ${FIGURES} groupBy from to currencyCode groupCount groups { key ${FIGURES} } analyticsFreshness { refreshedAt lastFullRefreshAt } } }`;
const REFRESH = `mutation($input: RefreshAnalyticsInput) { refreshAnalytics(input: $input) { operation { id } summary { mode } userErrors { code message } } }`;
const SERIAL = `query($first: Int, $after: String, $minUnits: Int, $minScore: Float) {
  serialReturners(first: $first, after: $after, minUnits: $minUnits, minScore: $minScore) {
    edges { cursor node { customer { externalId } orders unitsBought unitsReturned returns returnRate expectedReturned expectedReturnRate score flagged evidence refreshedAt } }
    pageInfo { hasNextPage endCursor } } }`;
const OPTIONS = `query($id: ID!) { returnMethodOptions(returnId: $id) { id type fee { amount } } }`;
const SELECT = `mutation($input: SelectReturnMethodInput!) { selectReturnMethod(input: $input) { return { id status } userErrors { code message } } }`;
const JOBS = `query($filter: RefurbishmentJobFilter) { refurbishmentJobs(first: 5, filter: $filter) { edges { node { id status } } } }`;
const UPDATE_JOB = `mutation($input: UpdateRefurbishmentJobInput!) { updateRefurbishmentJob(input: $input) { job { id status } userErrors { code message } } }`;
const LISTINGS = `query($filter: ResaleListingFilter) { resaleListings(first: 5, filter: $filter) { edges { node { id status } } } }`;
const listingMutation = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { listing { id status } userErrors { code message } } }`;
const RECORD_DISPOSAL = `mutation($input: RecordDisposalInput!) { recordDisposal(input: $input) { disposal { id } userErrors { code message } } }`;

const POLICY = {
  windowDays: 90, autoApprove: true, methodFees: [{ type: 'CARRIER_DROP_OFF', fee: 2.5 }], refurbAutoApproveLimit: 50,
};
const RANGE = { from: daysAgo(30), to: daysAgo(-1) };
const O1_AT = daysAgo(20);
const O2_AT = daysAgo(10);
const SKU = { shoe: uniq('SHOE-'), phone: uniq('PHONE-'), tee: uniq('TEE-'), teeUs: uniq('TEEUS-') };
const world: Record<string, any> = {};

async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const res = await api.gql(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

/**
 * Requests a refresh and waits for its operation (the mutation answers at once); returns the summary it produced.
 * Refunds count once the merchant confirmed them, so it first waits for every requested refund to be confirmed.
 */
async function refresh(full = false) {
  await eventually(async () => (await ok(`{ returns(first: 1, filter: { refundStatus: [REQUESTED] }) { totalCount } }`, {}, operator)).returns.totalCount === 0);
  const data = await ok(REFRESH, { input: { full } }, admin);
  expect(data.refreshAnalytics).toMatchObject({ userErrors: [], summary: null });
  const operation = await waitForOperation(api, data.refreshAnalytics.operation.id, admin);
  expect(operation).toMatchObject({ status: 'SUCCEEDED', progress: 1, error: null });
  const { __typename: _type, ...summary } = operation.result;
  return summary;
}

async function analytics(vars: Record<string, unknown> = {}) {
  return (await ok(ANALYTICS, { ...RANGE, ...vars }, operator)).returnAnalytics;
}

const rawId = (globalId: string) => decodeGlobalId(globalId)!.id;
const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });
const usd = (amount: string) => ({ amount, currencyCode: 'USD' });
/** Monday (UTC) of the week of an ISO instant, as the WEEK key. */
const weekOf = (iso: string) => {
  const d = new Date(iso.slice(0, 10) + 'T00:00:00Z');
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
};

/** The figures of a SKU that do not depend on the report's currency (a SKU filter picks its own). */
const skuFigures = (f: any) => ({
  soldUnits: f.soldUnits, returnedUnits: f.returnedUnits, returnRate: f.returnRate, receivedUnits: f.receivedUnits, refundedUnits: f.refundedUnits,
  sellableUnits: f.sellableUnits, refundedByCurrency: f.refundedByCurrency, byCurrency: f.byCurrency, medianDaysToRefund: f.medianDaysToRefund,
  refundsTimed: f.refundsTimed, reasons: f.reasons, dispositions: f.dispositions,
});

/**
 * Grouped by SKU, whole weeks come from the weekly SKU rollup and the days before and after them from the daily rows;
 * every group must equal what a `sku` filter (daily rows only) answers, and the totals what the category rollups
 * answer. Windows start and end at other times and weekdays than the weeks'. Returns how many groups had returns.
 */
async function expectSkuGroupsMatchDailyRows(windows: Array<{ from: string; to: string }>): Promise<number> {
  const [{ details }] = (await api.app.database.db.execute(sql`select details from analytics_refresh_state where name = 'analytics'`)) as any[];
  expect(details.skuWeekly).toBe(true);
  let returned = 0;
  for (const window of windows) {
    const { groups, groupCount, groupBy: _g, analyticsFreshness: _f, ...totals } = await analytics({ ...window, groupBy: 'SKU', first: 1000 });
    const { groups: _none, groupCount: _n, groupBy: _h, analyticsFreshness: _a, ...rolledUp } = await analytics(window);
    expect(totals).toEqual(rolledUp);
    expect(groups).toHaveLength(groupCount);
    for (const group of groups) {
      const daily = await analytics({ ...window, sku: group.key });
      expect({ window, key: group.key, ...skuFigures(group) }).toEqual({ window, key: group.key, ...skuFigures(daily) });
      if (group.returnedUnits > 0) returned += 1;
    }
  }
  return returned;
}

/** Windows around the given days ago, starting and ending at every offset of a few days and hours. */
const windowsAround = (fromDaysAgo: number, toDaysAgo: number) => [0, 1, 3, 5].flatMap((shift) => [
  { from: daysAgo(fromDaysAgo + shift + 0.3), to: daysAgo(toDaysAgo - shift - 0.6) },
  { from: daysAgo(fromDaysAgo - shift * 0.5), to: daysAgo(toDaysAgo - 2 - shift) },
]);

beforeAll(async () => {
  carrier = await new PartnerServer().start();
  carrier.fallback = { status: 200, body: JSON.stringify({ carrier: 'LoopPost', shipmentId: 'shp_1', trackingNumber: 'TRK', labelUrl: 'https://labels.test/1.pdf', labelZplUrl: null, qrCode: 'https://qr.test/1' }) };
  refurbisher = await new PartnerServer().start();
  refurbisher.fallback = { status: 201, body: JSON.stringify({ vendorReference: 'R-1' }) };
  // The merchant's payment system confirms every refund at once (its event deliveries get the same harmless answer).
  merchant = await new PartnerServer().start();
  merchant.fallback = { status: 201, body: JSON.stringify({ status: 'CONFIRMED', reference: 're_1' }) };
  // Refreshes only when the test asks (no schedule), and with no look-back overlap, so each summary is exact.
  api = await startTestApi({ INTEGRATION_MAX_ATTEMPTS: '2', ANALYTICS_REFRESH_MS: '0', ANALYTICS_FULL_REFRESH_MS: '0', ANALYTICS_REFRESH_OVERLAP_MS: '0' });
  admin = await api.token('ADMIN', 'admin');
  operator = await api.token('OPERATOR', 'op');
  custA = await api.token('CUSTOMER', 'cust-a');
  custB = await api.token('CUSTOMER', 'cust-b');
  const partner = `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code message } } }`;
  const c = await ok(partner, { input: { kind: 'CARRIER', name: 'LoopPost', adapter: 'boomerang-carrier-v1', endpoint: carrier.url, settings: { costPerParcel: 7.25 } } }, admin);
  expect(c.createPartner.userErrors).toEqual([]);
  const r = await ok(partner, { input: { kind: 'REFURBISHER', name: 'Fixer', adapter: 'boomerang-refurbisher-v1', endpoint: refurbisher.url,
    settings: { costPerUnit: 20, turnaroundDays: 3 }, capabilities: { categories: ['electronics'], capacity: 10 } } }, admin);
  const m = await ok(partner, { input: { kind: 'MERCHANT', name: 'Shop', adapter: 'boomerang-merchant-v1', endpoint: merchant.url, capabilities: { refunds: true, events: ['return.cancelled'] } } }, admin);
  expect(m.createPartner.userErrors).toEqual([]);
  const key = await ok(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret } }`, { input: { partnerId: r.createPartner.partner.id } }, admin);
  refurbKey = key.createPartnerApiKey.secret;
  expect((await mutate(api, `mutation($input: ReturnPolicyInput!) { upsertReturnPolicy(input: $input) { policy { windowDays } userErrors { code } } }`, POLICY, admin)).userErrors).toEqual([]);
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await carrier?.stop();
  await refurbisher?.stop();
  await merchant?.stop();
});

test('staff only: customers and anonymous callers get errors, only admins refresh', async () => {
  for (const [token, code] of [[custA, 'FORBIDDEN'], [null, 'UNAUTHENTICATED']] as const) {
    const a = await api.gql(ANALYTICS, RANGE, token);
    expect(a.errors?.[0].extensions?.code).toBe(code);
    expect(a.data).toBeNull();
    expect((await api.gql(SERIAL, {}, token)).errors?.[0].extensions?.code).toBe(code);
    expect((await api.gql(REFRESH, {}, token)).errors?.[0].extensions?.code).toBe(code);
  }
  expect((await api.gql(REFRESH, {}, operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  // A partner's API key is not staff either.
  expect((await api.gql(ANALYTICS, RANGE, refurbKey)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('bad input is a clear BAD_USER_INPUT, never a 500', async () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, /to must be after from/],
    [{ from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }, /to must be after from/],
    [{ from: '2020-01-01T00:00:00Z', to: '2023-01-02T00:00:00Z' }, /at most 1096 days \(3 years\)/],
    [{ ...RANGE, first: 0 }, /first/],
    [{ ...RANGE, first: 1001 }, /first/],
    [{ ...RANGE, groupBy: 'COLOR' }, /AnalyticsGroupBy/],
    [{ from: 'yesterday', to: RANGE.to }, /DateTime/],
  ];
  for (const [vars, message] of cases) {
    const res = await api.gql(ANALYTICS, vars, operator);
    expect(res.status).not.toBe(500);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.errors)).toMatch(message);
  }
  for (const vars of [{ after: 'not-a-cursor' }, { first: 101 }]) {
    expect((await api.gql(SERIAL, vars, operator)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  }
});

test('before any refresh the figures are empty and say so', async () => {
  const a = await analytics({ groupBy: 'CATEGORY' });
  expect(a).toMatchObject({ soldUnits: 0, returnedUnits: 0, returnRate: 0, refunded: null, currencyCode: null, groups: [], groupCount: 0 });
  expect(a.analyticsFreshness).toEqual({ refreshedAt: null, lastFullRefreshAt: null });
});

test('first refresh (full): sales cohort, returns, refunds split over items, shipping the merchant paid, refund days', async () => {
  const [o1, o2, o3] = await importOrders(api, [
    { orderNumber: uniq('A1-'), customer: { externalId: 'cust-a', email: 'a@example.com' }, currencyCode: 'EUR', placedAt: O1_AT, deliveredAt: daysAgo(18),
      shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL' },
      lines: [
        { sku: SKU.shoe, name: 'Shoe', category: 'footwear', quantity: 2, unitPrice: '89.90', discount: '10.00', weightGrams: 900 },
        { sku: SKU.phone, name: 'Phone', category: 'electronics', quantity: 1, unitPrice: '499.00', weightGrams: 200, refurbishable: true },
      ] },
    { orderNumber: uniq('A2-'), customer: { externalId: 'cust-a', email: 'a@example.com' }, currencyCode: 'EUR', placedAt: O2_AT, deliveredAt: daysAgo(8),
      lines: [{ sku: SKU.tee, name: 'Tee', category: 'apparel', quantity: 4, unitPrice: '20.00' }] },
    { orderNumber: uniq('B1-'), customer: { externalId: 'cust-b', email: 'b@example.com' }, currencyCode: 'USD', placedAt: O2_AT, deliveredAt: daysAgo(8),
      lines: [{ sku: SKU.teeUs, name: 'Tee US', category: 'apparel', quantity: 2, unitPrice: '25.00' }] },
  ]);
  Object.assign(world, { o1, o2, o3 });

  // R1: a shoe and the phone, sent back with a carrier label (fee 2.50, the carrier costs 7.25), restocked / refurbished.
  const r1 = await mutateOk(api, REQUEST, { orderId: o1.id, items: [
    { orderLineId: o1.lines[0].id, quantity: 1, reason: 'SIZE_TOO_SMALL' }, { orderLineId: o1.lines[1].id, quantity: 1, reason: 'DEFECTIVE' },
  ] }, custA);
  expect(r1.status).toBe('APPROVED');
  const option = (await ok(OPTIONS, { id: r1.id }, custA)).returnMethodOptions.find((o: any) => o.type === 'CARRIER_DROP_OFF');
  expect(option.fee.amount).toBe('2.50');
  expect((await ok(SELECT, { input: { returnId: r1.id, optionId: option.id } }, custA)).selectReturnMethod.userErrors).toEqual([]);
  await eventually(async () => (await ok(RETURN_BY_ID, { id: r1.id }, operator)).node.status === 'AWAITING_DROP_OFF');
  await mutateOk(api, RECEIVE, { returnId: r1.id, items: r1.items.map((i: any) => ({ returnItemId: i.id, quantity: 1 })) }, operator);
  const [shoeItem, phoneItem] = r1.items;
  await mutateOk(api, INSPECT, { returnItemId: shoeItem.id, grade: 'LIKE_NEW' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: shoeItem.id, disposition: 'RESTOCK', reason: 'as new' }, operator);
  await mutateOk(api, INSPECT, { returnItemId: phoneItem.id, grade: 'DAMAGED' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: phoneItem.id, disposition: 'REFURBISH', reason: 'screen repair' }, operator);
  const done = (await ok(RETURN_BY_ID, { id: r1.id }, operator)).node;
  expect(done.status).toBe('COMPLETED');
  expect(done.refund.amount).toEqual(eur('581.40'));

  // R2 cancelled (not counted); R3 open; R4 in USD, refunded and liquidated, requested 3 days before its refund.
  const r2 = await mutateOk(api, REQUEST, { orderId: o2.id, items: [{ orderLineId: o2.lines[0].id, quantity: 2, reason: 'STYLE' }] }, custA);
  await mutateOk(api, CANCEL, { returnId: r2.id }, custA);
  await mutateOk(api, REQUEST, { orderId: o2.id, items: [{ orderLineId: o2.lines[0].id, quantity: 1, reason: 'CHANGED_MIND' }] }, custA);
  const r4 = await mutateOk(api, REQUEST, { orderId: o3.id, items: [{ orderLineId: o3.lines[0].id, quantity: 1, reason: 'SIZE_TOO_LARGE' }] }, custB);
  await mutateOk(api, RECEIVE, { returnId: r4.id, items: [{ returnItemId: r4.items[0].id, quantity: 1 }] }, operator);
  await mutateOk(api, INSPECT, { returnItemId: r4.items[0].id, grade: 'GOOD' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: r4.items[0].id, disposition: 'LIQUIDATE', reason: 'end of season' }, operator);
  await api.app.database.db.execute(sql`update returns set created_at = created_at - interval '3 days' where id = ${rawId(r4.id)}`);
  Object.assign(world, { phoneItem, teeUsItem: r4.items[0] });

  const summary = await refresh();
  expect(summary).toMatchObject({ mode: 'FULL', orderDays: 2, changedSince: null });
  const a = await analytics();
  expect(a).toMatchObject({
    soldUnits: 9, returnedUnits: 4, receivedUnits: 3, refundedUnits: 3, sellableUnits: 1, currencyCode: 'EUR',
    refunded: eur('581.40'), refundedByCurrency: [eur('581.40'), usd('25.00')], valueRecovered: eur('0.00'),
    returnShippingCost: eur('4.75'), refurbishmentCost: eur('0.00'), medianDaysToRefund: 0, refundsTimed: 3,
    dispositions: [
      { disposition: 'LIQUIDATE', units: 1, share: 0.25 }, { disposition: 'NONE', units: 1, share: 0.25 },
      { disposition: 'REFURBISH', units: 1, share: 0.25 }, { disposition: 'RESTOCK', units: 1, share: 0.25 },
    ],
  });
  expect(a.returnRate).toBeCloseTo(4 / 9, 12);
  expect(new Date(a.analyticsFreshness.refreshedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  expect(a.analyticsFreshness.lastFullRefreshAt).not.toBeNull();
  // The range is reported as the whole UTC days it covers.
  expect(a.from).toBe(`${RANGE.from.slice(0, 10)}T00:00:00.000Z`);
}, 90_000);

test('an incremental refresh folds in a new return, a resale, a refurbishment cost and a liquidation; nothing else', async () => {
  const { o1, phoneItem, teeUsItem } = world;
  // The shoe sells for 80.00.
  const listing = (await ok(LISTINGS, { filter: { sku: SKU.shoe } }, operator)).resaleListings.edges[0].node;
  await mutateOk(api, listingMutation('reserveResaleListing', 'ResaleListingInput'), { listingId: listing.id }, operator);
  const sold = await mutate(api, listingMutation('sellResaleListing', 'SellResaleListingInput'), { listingId: listing.id, price: { amount: '80.00', currencyCode: 'EUR' } }, operator);
  expect(sold.userErrors).toEqual([]);
  // The phone is repaired for 31.50.
  const job = await eventually(async () => {
    const node = (await ok(JOBS, { filter: { returnItemId: phoneItem.id } }, operator)).refurbishmentJobs.edges[0]?.node;
    return node?.status === 'DISPATCHED' ? node : null;
  });
  for (const input of [
    { status: 'ACCEPTED' }, { status: 'DIAGNOSED', quote: { amount: '30.00', currencyCode: 'EUR' } }, { status: 'IN_REPAIR' },
    { status: 'COMPLETED', cost: { amount: '31.50', currencyCode: 'EUR' }, cosmeticGrade: 'B', functionalGrade: 'OK', sanitizationCertificateRef: 'SAN-1' },
  ]) {
    expect((await mutate(api, UPDATE_JOB, { jobId: job.id, ...input }, refurbKey)).userErrors).toEqual([]);
  }
  // The US tee is liquidated for 10.00 USD; a new return of the other shoe waits for its parcel.
  expect((await mutate(api, RECORD_DISPOSAL, { returnItemId: teeUsItem.id, kind: 'LIQUIDATE', counterparty: 'Outlet', valueRecovered: { amount: '10.00', currencyCode: 'USD' } }, operator)).userErrors).toEqual([]);
  await mutateOk(api, REQUEST, { orderId: o1.id, items: [{ orderLineId: o1.lines[0].id, quantity: 1, reason: 'QUALITY', note: 'seam came loose' }] }, custA);

  // The figures are the aggregates': unchanged until the refresh.
  expect((await analytics()).returnedUnits).toBe(4);
  const summary = await refresh();
  expect(summary).toMatchObject({ mode: 'INCREMENTAL', orderDays: 2 });
  expect(summary.changedSince).not.toBeNull();

  const totals = await analytics();
  expect(totals).toMatchObject({
    soldUnits: 9, returnedUnits: 5, receivedUnits: 3, refundedUnits: 3, sellableUnits: 2, currencyCode: 'EUR',
    refunded: eur('581.40'), refundedByCurrency: [eur('581.40'), usd('25.00')], valueRecovered: eur('80.00'),
    returnShippingCost: eur('4.75'), refurbishmentCost: eur('31.50'), medianDaysToRefund: 0, refundsTimed: 3,
    byCurrency: [
      { currencyCode: 'EUR', refunded: { amount: '581.40' }, valueRecovered: { amount: '80.00' }, dispositionedValue: { amount: '583.90' },
        returnShippingCost: { amount: '4.75' }, refurbishmentCost: { amount: '31.50' } },
      { currencyCode: 'USD', refunded: { amount: '25.00' }, valueRecovered: { amount: '10.00' }, dispositionedValue: { amount: '25.00' }, recoveryRate: 0.4,
        returnShippingCost: { amount: '0.00' }, refurbishmentCost: { amount: '0.00' } },
    ],
    reasons: ['CHANGED_MIND', 'DEFECTIVE', 'QUALITY', 'SIZE_TOO_LARGE', 'SIZE_TOO_SMALL'].map((code) => ({ code, units: 1 })),
    dispositions: [
      { disposition: 'NONE', units: 2, share: 0.4 }, { disposition: 'LIQUIDATE', units: 1, share: 0.2 },
      { disposition: 'REFURBISH', units: 1, share: 0.2 }, { disposition: 'RESTOCK', units: 1, share: 0.2 },
    ],
  });
  expect(totals.returnRate).toBeCloseTo(5 / 9, 12);
  expect(totals.recoveryRate).toBeCloseTo(8000 / 58390, 12);
  // The weekly SKU rollup followed the incremental refresh: its weeks and the daily ends agree with the daily rows.
  expect(await expectSkuGroupsMatchDailyRows(windowsAround(21, 9))).toBeGreaterThan(8);
}, 180_000);

test('CATEGORY: each category against its own sales, money in EUR and per currency', async () => {
  const a = await analytics({ groupBy: 'CATEGORY' });
  expect(a.groupCount).toBe(3);
  const [apparel, footwear, electronics] = a.groups;
  expect(apparel).toMatchObject({
    key: 'apparel', soldUnits: 6, returnedUnits: 2, receivedUnits: 1, refundedUnits: 1, sellableUnits: 0,
    refunded: eur('0.00'), refundedByCurrency: [eur('0.00'), usd('25.00')], valueRecovered: eur('0.00'), recoveryRate: null,
    medianDaysToRefund: 3, refundsTimed: 1,
    reasons: [{ code: 'CHANGED_MIND', units: 1 }, { code: 'SIZE_TOO_LARGE', units: 1 }],
    dispositions: [{ disposition: 'LIQUIDATE', units: 1, share: 0.5 }, { disposition: 'NONE', units: 1, share: 0.5 }],
  });
  expect(apparel.byCurrency[1]).toMatchObject({ currencyCode: 'USD', valueRecovered: { amount: '10.00' }, recoveryRate: 0.4 });
  expect(apparel.returnRate).toBeCloseTo(1 / 3, 12);
  expect(footwear).toMatchObject({
    key: 'footwear', soldUnits: 2, returnedUnits: 2, returnRate: 1, receivedUnits: 1, refundedUnits: 1, sellableUnits: 1,
    refunded: eur('84.54'), refundedByCurrency: [eur('84.54')], valueRecovered: eur('80.00'), returnShippingCost: eur('2.38'),
    refurbishmentCost: eur('0.00'), medianDaysToRefund: 0,
    reasons: [{ code: 'QUALITY', units: 1 }, { code: 'SIZE_TOO_SMALL', units: 1 }],
    dispositions: [{ disposition: 'NONE', units: 1, share: 0.5 }, { disposition: 'RESTOCK', units: 1, share: 0.5 }],
  });
  expect(footwear.recoveryRate).toBeCloseTo(8000 / 8490, 12);
  expect(electronics).toMatchObject({
    key: 'electronics', soldUnits: 1, returnedUnits: 1, returnRate: 1, sellableUnits: 1, refunded: eur('496.86'),
    valueRecovered: eur('0.00'), recoveryRate: 0, returnShippingCost: eur('2.37'), refurbishmentCost: eur('31.50'),
    reasons: [{ code: 'DEFECTIVE', units: 1 }], dispositions: [{ disposition: 'REFURBISH', units: 1, share: 1 }],
  });
  // Filters narrow to one category (or SKU) on their indexes.
  const only = await analytics({ groupBy: 'CATEGORY', category: 'footwear' });
  expect(only).toMatchObject({ soldUnits: 2, returnedUnits: 2, groupCount: 1, refunded: eur('84.54') });
  const sku = await analytics({ sku: SKU.tee });
  expect(sku).toMatchObject({ soldUnits: 4, returnedUnits: 1, returnRate: 0.25, groups: [] });
});

test('SKU, WEEK, REASON and DISPOSITION groups', async () => {
  const bySku = await analytics({ groupBy: 'SKU' });
  expect(bySku.groups.map((g: any) => [g.key, g.soldUnits, g.returnedUnits])).toEqual([
    [SKU.shoe, 2, 2], [SKU.tee, 4, 1], [SKU.teeUs, 2, 1], [SKU.phone, 1, 1],
  ]);
  expect(bySku.groups[3]).toMatchObject({ refunded: eur('496.86'), refurbishmentCost: eur('31.50') });
  // `first` cuts the list, groupCount still counts them all.
  const firstTwo = await analytics({ groupBy: 'SKU', first: 2 });
  expect(firstTwo.groups.map((g: any) => g.key)).toEqual([SKU.shoe, SKU.tee]);
  expect(firstTwo.groupCount).toBe(4);

  const byWeek = await analytics({ groupBy: 'WEEK' });
  expect(byWeek.groups.map((g: any) => [g.key, g.soldUnits, g.returnedUnits])).toEqual([[weekOf(O1_AT), 3, 3], [weekOf(O2_AT), 6, 2]]);
  expect(byWeek.groups[0]).toMatchObject({ refunded: eur('581.40'), returnShippingCost: eur('4.75'), medianDaysToRefund: 0 });
  expect(byWeek.groups[1]).toMatchObject({ refundedByCurrency: [eur('0.00'), usd('25.00')], medianDaysToRefund: 3 });

  const byReason = await analytics({ groupBy: 'REASON' });
  expect(byReason.groups.map((g: any) => [g.key, g.soldUnits, g.returnedUnits])).toEqual(
    ['CHANGED_MIND', 'DEFECTIVE', 'QUALITY', 'SIZE_TOO_LARGE', 'SIZE_TOO_SMALL'].map((k) => [k, 9, 1]),
  );
  for (const g of byReason.groups) expect(g.returnRate).toBeCloseTo(1 / 9, 12);
  const reason = Object.fromEntries(byReason.groups.map((g: any) => [g.key, g]));
  expect(reason.DEFECTIVE).toMatchObject({ refunded: eur('496.86'), reasons: [{ code: 'DEFECTIVE', units: 1 }] });
  expect(reason.SIZE_TOO_SMALL).toMatchObject({ refunded: eur('84.54'), valueRecovered: eur('80.00') });
  expect(reason.SIZE_TOO_LARGE).toMatchObject({ refunded: eur('0.00'), refundedByCurrency: [usd('25.00')], medianDaysToRefund: 3 });
  expect(reason.QUALITY).toMatchObject({ refunded: eur('0.00'), refundsTimed: 0, medianDaysToRefund: null, dispositions: [{ disposition: 'NONE', units: 1, share: 1 }] });

  const byDisposition = await analytics({ groupBy: 'DISPOSITION' });
  expect(byDisposition.groups.map((g: any) => [g.key, g.soldUnits, g.returnedUnits])).toEqual([
    ['NONE', 9, 2], ['LIQUIDATE', 9, 1], ['REFURBISH', 9, 1], ['RESTOCK', 9, 1],
  ]);
  expect(byDisposition.groups[0].returnRate).toBeCloseTo(2 / 9, 12);
  const disposition = Object.fromEntries(byDisposition.groups.map((g: any) => [g.key, g]));
  expect(disposition.RESTOCK).toMatchObject({ refunded: eur('84.54'), valueRecovered: eur('80.00'), sellableUnits: 1 });
  expect(disposition.REFURBISH).toMatchObject({ refunded: eur('496.86'), refurbishmentCost: eur('31.50'), sellableUnits: 1 });
  expect(disposition.LIQUIDATE.byCurrency).toEqual([expect.objectContaining({ currencyCode: 'USD', valueRecovered: { amount: '10.00' } })]);
  expect(disposition.NONE).toMatchObject({ receivedUnits: 0, refundedUnits: 0, reasons: [{ code: 'CHANGED_MIND', units: 1 }, { code: 'QUALITY', units: 1 }] });

  // A range without orders has no groups; an ANALYTICS_CURRENCY-less report has no currency then.
  expect(await analytics({ from: daysAgo(400), to: daysAgo(300), groupBy: 'SKU' })).toMatchObject({ soldUnits: 0, groups: [], currencyCode: null });
});

test('a full rebuild agrees with the incremental refreshes, figure for figure', async () => {
  const before = await Promise.all([null, 'CATEGORY', 'SKU', 'REASON', 'DISPOSITION', 'WEEK'].map((groupBy) => analytics({ groupBy })));
  const summary = await refresh(true);
  expect(summary).toMatchObject({ mode: 'FULL', orderDays: 2, salesRows: 4 });
  const after = await Promise.all([null, 'CATEGORY', 'SKU', 'REASON', 'DISPOSITION', 'WEEK'].map((groupBy) => analytics({ groupBy })));
  const strip = (r: any) => ({ ...r, analyticsFreshness: null });
  expect(after.map(strip)).toEqual(before.map(strip));
  // Nothing changed since: the next incremental refresh recomputes nothing.
  expect(await refresh()).toMatchObject({ mode: 'INCREMENTAL', orderDays: 0, customers: 0 });
});

test('the category rollups (every question but SKUs) agree with the per-product rows (SKU questions)', async () => {
  // groupBy SKU reads the per-product aggregates, its totals included; no groupBy reads the category rollups.
  const { groups, groupBy, groupCount, ...perProduct } = await analytics({ groupBy: 'SKU' });
  expect(groupBy).toBe('SKU');
  expect(groups).toHaveLength(groupCount);
  expect(groupCount).toBeGreaterThan(2);
  const rolledUp = await analytics();
  expect({ ...rolledUp, groupBy: null, groups: null, groupCount: null }).toEqual({ ...perProduct, groupBy: null, groups: null, groupCount: null });
  expect(rolledUp.refundsTimed).toBeGreaterThan(0);
  // And per category: the SKU groups of a category sum to its rollup group.
  const byCategory = await analytics({ groupBy: 'CATEGORY' });
  for (const c of byCategory.groups) {
    const skus = await analytics({ groupBy: 'SKU', category: c.key });
    const sum = (f: string) => skus.groups.reduce((n: number, g: any) => n + g[f], 0);
    expect([c.key, c.soldUnits, c.returnedUnits, c.refundedUnits, c.sellableUnits])
      .toEqual([c.key, sum('soldUnits'), sum('returnedUnits'), sum('refundedUnits'), sum('sellableUnits')]);
  }
});

test('serial returners: ranked by excess over their category cohort; their requests wait for an operator when the policy says so', async () => {
  const placedAt = daysAgo(40);
  const bagOrder = (customer: string) => ({
    orderNumber: uniq('BAG-'), customer: { externalId: customer, email: `${customer}@example.com` }, currencyCode: 'EUR', placedAt, deliveredAt: daysAgo(38),
    lines: [{ sku: 'BAG-TOTE', name: 'Tote bag', category: 'bags', quantity: 2, unitPrice: '40.00' }],
  });
  const others = Array.from({ length: 10 }, (_, i) => `bag-${i + 1}`);
  const imported = await importOrders(api, [...others.map(bagOrder), ...Array.from({ length: 6 }, () => bagOrder('serial-s'))]);
  const serialOrders = imported.filter((o) => o.customer.externalId === 'serial-s');
  const serial = await api.token('CUSTOMER', 'serial-s');
  for (const order of serialOrders.slice(0, 4)) {
    await mutateOk(api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 2, reason: 'CHANGED_MIND' }] }, serial);
  }
  const summary = await refresh();
  expect(summary).toMatchObject({ mode: 'INCREMENTAL', orderDays: 1, customers: 11 });

  // Bags: 32 sold, 8 returned → 25 %; 12 bags at 25 % → expect 3 ± 1.5, and 8 came back.
  const { expected, variance } = expectedReturns([{ unitsBought: 12, categoryReturnRate: 8 / 32 }]);
  const flagged = (await ok(SERIAL, {}, operator)).serialReturners;
  expect(flagged.edges).toHaveLength(1);
  expect(flagged.pageInfo.hasNextPage).toBe(false);
  const s = flagged.edges[0].node;
  expect(s).toMatchObject({ customer: { externalId: 'serial-s' }, orders: 6, unitsBought: 12, unitsReturned: 8, returns: 4, returnRate: 8 / 12, flagged: true });
  expect(s.expectedReturned).toBeCloseTo(expected, 9);
  expect(s.expectedReturnRate).toBeCloseTo(0.25, 9);
  expect(s.score).toBeCloseTo(excessScore(8, expected, variance), 9);
  expect(s.score).toBeCloseTo(10 / 3, 9);
  expect(s.evidence).toMatchObject({ unitsBought: 12, unitsReturned: 8, categories: [{ category: 'bags', unitsBought: 12, unitsReturned: 8, categoryReturnRate: 0.25 }] });

  // Everyone, keyset-paginated by score: 13 customers in pages of 5, highest first, no repeats.
  const seen: Array<{ id: string; score: number; flagged: boolean }> = [];
  let after: string | null = null;
  for (let page = 0; page < 5; page++) {
    const data: any = (await ok(SERIAL, { first: 5, after, minScore: -100, minUnits: 0 }, operator)).serialReturners;
    seen.push(...data.edges.map((e: any) => ({ id: e.node.customer.externalId, score: e.node.score, flagged: e.node.flagged })));
    after = data.pageInfo.endCursor;
    if (!data.pageInfo.hasNextPage) break;
  }
  expect(seen).toHaveLength(13);
  expect(new Set(seen.map((x) => x.id)).size).toBe(13);
  expect(seen.map((x) => x.score)).toEqual([...seen.map((x) => x.score)].sort((a, b) => b - a));
  expect(seen.filter((x) => x.flagged).map((x) => x.id)).toEqual(['serial-s']);
  // A customer who bought 2 bags and kept them: (0 − 0.5) / √(2 × 0.25 × 0.75).
  expect(seen.find((x) => x.id === 'bag-1')!.score).toBeCloseTo(-0.5 / Math.sqrt(0.375), 9);

  // Review off: the flagged customer's request approves itself like anyone's.
  const eventTypes = (r: any) => r.events.map((e: any) => e.type);
  const open = (order: typeof imported[number], token: string) =>
    mutateOk(api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'CHANGED_MIND' }] }, token);
  const before = await open(serialOrders[4], serial);
  expect(before.status).toBe('APPROVED');
  expect(eventTypes(before)).not.toContain('MANUAL_REVIEW_REQUIRED');

  // Review on: it waits, and the history says why (to staff only).
  const policy = await mutate(api, `mutation($input: ReturnPolicyInput!) { upsertReturnPolicy(input: $input) { policy { manualReviewSerialReturners autoApprove } userErrors { code } } }`,
    { ...POLICY, manualReviewSerialReturners: true }, admin);
  expect(policy.policy).toEqual({ manualReviewSerialReturners: true, autoApprove: true });
  const held = await open(serialOrders[5], serial);
  expect(held.status).toBe('REQUESTED');
  expect(eventTypes(held)).toEqual(['RETURN_REQUESTED']);
  const asStaff = (await ok(RETURN_BY_ID, { id: held.id }, operator)).node;
  expect(eventTypes(asStaff)).toEqual(['RETURN_REQUESTED', 'MANUAL_REVIEW_REQUIRED']);
  const review = asStaff.events[1];
  expect(review.actor).toBe('system');
  expect(review.data.reasons).toEqual([expect.objectContaining({
    code: 'SERIAL_RETURNER', message: expect.stringContaining('Manual review: serial returner'),
    evidence: expect.objectContaining({ unitsBought: 12, unitsReturned: 8, thresholds: { minScore: 3, minUnits: 10 } }),
  })]);
  expect(review.data.reasons[0].evidence.score).toBeCloseTo(10 / 3, 9);
  // Everyone else still approves at once.
  const bag1 = imported.find((o) => o.customer.externalId === 'bag-1')!;
  const normal = await open(bag1, await api.token('CUSTOMER', 'bag-1'));
  expect(normal.status).toBe('APPROVED');
  expect(eventTypes(normal)).not.toContain('MANUAL_REVIEW_REQUIRED');
  const policies = await ok(`{ returnPolicies { category manualReviewSerialReturners } }`, {}, operator);
  expect(policies.returnPolicies).toEqual([{ category: null, manualReviewSerialReturners: true }]);
}, 90_000);

test('an incremental refresh follows an order re-dated to another day and a product moved to another category', async () => {
  const day = (daysBack: number) => ({ from: `${daysAgo(daysBack).slice(0, 10)}T00:00:00.000Z`, to: `${daysAgo(daysBack - 1).slice(0, 10)}T00:00:00.000Z` });
  const sku = uniq('LAMP-');
  const lamp = (placedAt: string, category: string) => ({
    orderNumber: 'LAMP-ORDER-1', customer: { externalId: 'lamp-c', email: 'lamp@example.com' }, currencyCode: 'EUR', placedAt,
    lines: [{ sku, name: 'Lamp', category, quantity: 3, unitPrice: '25.00' }],
  });
  await importOrders(api, [lamp(daysAgo(200), 'lighting')]);
  await refresh();
  expect(await analytics({ ...day(200), groupBy: 'CATEGORY' })).toMatchObject({ soldUnits: 3, groups: [{ key: 'lighting', soldUnits: 3 }] });

  // Re-imported two days later: the day it left no longer counts it (before, only the next full refresh noticed).
  await importOrders(api, [lamp(daysAgo(198), 'lighting')]);
  expect(await refresh()).toMatchObject({ mode: 'INCREMENTAL', orderDays: 2 });
  expect(await analytics(day(200))).toMatchObject({ soldUnits: 0 });
  expect(await analytics({ ...day(198), sku })).toMatchObject({ soldUnits: 3 });

  // The product moves to another category: its units move with it, in both the rollups and the per-product rows.
  await importOrders(api, [{ ...lamp(daysAgo(20), 'home'), orderNumber: uniq('LAMP-') }]);
  await refresh();
  const moved = await analytics({ from: daysAgo(210), to: daysAgo(190), groupBy: 'CATEGORY' });
  expect(moved.groups).toEqual([expect.objectContaining({ key: 'home', soldUnits: 3 })]);
  expect((await analytics({ from: daysAgo(210), to: daysAgo(190), groupBy: 'SKU' })).groups).toEqual([expect.objectContaining({ key: sku, soldUnits: 3 })]);
  expect(await expectSkuGroupsMatchDailyRows([...windowsAround(203, 195), ...windowsAround(41, 9)])).toBeGreaterThan(8);
  // And a full rebuild agrees.
  await refresh(true);
  expect(await analytics({ from: daysAgo(210), to: daysAgo(190), groupBy: 'CATEGORY' })).toEqual({ ...moved, analyticsFreshness: expect.anything() });
  await expectSkuGroupsMatchDailyRows([...windowsAround(203, 195), ...windowsAround(41, 9)]);
}, 180_000);

test('the weekly SKU rollup holds the daily rows summed per ISO week, reason mixes included', async () => {
  const rows = (query: ReturnType<typeof sql>) => api.app.database.db.execute(query) as Promise<any[]>;
  const weekly = await rows(sql`
    select w.sku, w.currency_code, sum(w.sold_units)::int as sold, sum(w.units)::int as returned, sum(u.units)::int as by_reason
    from analytics_sku_weekly w
    left join lateral (select sum(x)::int as units from unnest(w.reason_units) x) u on true
    group by 1, 2 order by 1, 2`);
  const daily = await rows(sql`
    select coalesce(s.sku, r.sku) as sku, coalesce(s.currency_code, r.currency_code) as currency_code, s.sold, r.returned, r.returned as by_reason
    from (select sku, currency_code, sum(units)::int as sold from analytics_sales_daily group by 1, 2) s
    full join (select sku, currency_code, sum(units)::int as returned from analytics_returns_daily group by 1, 2) r using (sku, currency_code)
    order by 1, 2`);
  expect(weekly.length).toBeGreaterThan(5);
  expect(weekly).toEqual(daily);
  // Every week starts on a Monday.
  expect(await rows(sql`select week from analytics_sku_weekly where extract(isodow from week) <> 1`)).toEqual([]);
});

test('grouped by SKU, the weekly histograms are summed up to the width the refresh recorded, and read in full when it is short or missing', async () => {
  const db = api.app.database.db;
  const rows = (query: ReturnType<typeof sql>) => db.execute(query) as Promise<any[]>;
  const [{ longest }] = await rows(sql`select max(cardinality(refund_days_hist))::int as longest from analytics_sku_weekly`);
  expect(longest).toBeGreaterThan(1);
  const [{ details }] = await rows(sql`select details from analytics_refresh_state where name = 'analytics'`);
  expect(details.skuWeeklyHistWidth).toBe(longest);
  const windows = [...windowsAround(41, 9), ...windowsAround(203, 195)];
  const timed = (a: any) => a.groups.filter((g: any) => g.refundsTimed > 0).length;
  expect(timed(await analytics({ ...windows[0], groupBy: 'SKU', first: 1000 }))).toBeGreaterThan(0);
  // A width recorded too short (a refresh committed between the reader's statements) or not at all (a state written
  // before it was kept): the answers stay those of the daily rows.
  for (const width of [1, null]) {
    await db.execute(sql`update analytics_refresh_state set details = jsonb_set(details, '{skuWeeklyHistWidth}', ${JSON.stringify(width)}::jsonb) where name = 'analytics'`);
    await expectSkuGroupsMatchDailyRows(windows);
  }
  // A reason code the reader does not know yet (added by a refresh in between): the daily rows answer.
  await db.execute(sql`delete from analytics_mix_codes where kind = 'REASON' and position = (select max(position) from analytics_mix_codes where kind = 'REASON')`);
  await expectSkuGroupsMatchDailyRows(windows.slice(0, 2));
  // The next incremental refresh puts the code back and records the longest histogram again.
  await refresh();
  const [{ details: after }] = await rows(sql`select details from analytics_refresh_state where name = 'analytics'`);
  expect(after.skuWeeklyHistWidth).toBe(longest);
}, 180_000);
