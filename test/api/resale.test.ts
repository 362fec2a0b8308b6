import { verifyWebhook } from '../../src/domain/webhook-signature';
import { startTestApi, type TestApi } from '../support/harness';
import { APPROVE, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutate, mutateOk, orderInput, uniq } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// Resale end to end: RESTOCK / RESELL_OPEN_BOX / completed refurbishment → a priced listing in the same transaction →
// staff reserve, sell, release, withdraw (illegal moves change nothing) → every change reaches the merchant as a signed
// listing.* event; DONATE / LIQUIDATE record who took the unit and what it brought back.
let api: TestApi;
let merchant: PartnerServer;
let refurbisher: PartnerServer;
let merchantSecret: string;
let admin: string;
let operator: string;
let customer: string;
let refurbKey: string;

const LISTING = `id status units sku category conditionLabel sourceDisposition pricingRule price { amount currencyCode }
  originalUnitPrice { amount } soldPrice { amount currencyCode } returnItem { id } events { type data }`;
const LISTINGS = `query($filter: ResaleListingFilter, $first: Int, $after: String) { resaleListings(first: $first, after: $after, filter: $filter) {
  edges { cursor node { ${LISTING} } } pageInfo { hasNextPage endCursor } } }`;
const change = (name: string, input = 'ResaleListingInput') =>
  `mutation($input: ${input}!) { ${name}(input: $input) { listing { ${LISTING} } userErrors { code message field } } }`;
const RESERVE = change('reserveResaleListing');
const SELL = change('sellResaleListing', 'SellResaleListingInput');
const RELEASE = change('releaseResaleListing');
const WITHDRAW = change('withdrawResaleListing');
const RECORD = `mutation($input: RecordDisposalInput!) { recordDisposal(input: $input) {
  disposal { id kind counterparty recordedBy valueRecovered { amount currencyCode } returnItem { id disposition } } userErrors { code message field } } }`;

beforeAll(async () => {
  merchant = await new PartnerServer().start();
  refurbisher = await new PartnerServer().start();
  refurbisher.fallback = { status: 201, body: JSON.stringify({ vendorReference: 'R-1' }) };
  api = await startTestApi({ INTEGRATION_MAX_ATTEMPTS: '2' });
  admin = await api.token('ADMIN', 'admin');
  operator = await api.token('OPERATOR', 'op');
  customer = await api.token('CUSTOMER', 'cust-a');
  const m = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code message } } }`,
    { input: { kind: 'MERCHANT', name: 'Shop', adapter: 'boomerang-merchant-v1', endpoint: merchant.url, capabilities: { events: ['listing.created', 'listing.reserved', 'listing.sold', 'listing.released', 'listing.withdrawn'] } } }, admin);
  expect(m.data.createPartner.userErrors).toEqual([]);
  merchantSecret = m.data.createPartner.signingSecret;
  const r = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code message } } }`,
    { input: { kind: 'REFURBISHER', name: 'Fixer', adapter: 'boomerang-refurbisher-v1', endpoint: refurbisher.url, settings: { costPerUnit: 20, turnaroundDays: 3 }, capabilities: { categories: ['electronics'], capacity: 10 } } }, admin);
  const key = await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret } }`, { input: { partnerId: r.data.createPartner.partner.id } }, admin);
  refurbKey = key.data.createPartnerApiKey.secret;
  await api.gql(`mutation { upsertReturnPolicy(input: { windowDays: 30, refurbAutoApproveLimit: 50 }) { userErrors { code } } }`, {}, admin);
});

afterAll(async () => {
  await api?.stop();
  await merchant?.stop();
  await refurbisher?.stop();
});

/** One unit of a fresh SKU, received, inspected at `grade` and given `disposition`; returns the item id and SKU. */
async function dispositioned(disposition: string, grade: string, line: Record<string, unknown> = {}) {
  const sku = uniq('SKU-');
  const [order] = await importOrders(api, [orderInput({ lines: [{ sku, name: 'Thing', category: 'electronics', quantity: 1, unitPrice: '499.00', weightGrams: 200, refurbishable: true, ...line }] })]);
  const ret = await mutateOk(api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'CHANGED_MIND' }] }, customer);
  const itemId = ret.items[0].id as string;
  await mutateOk(api, APPROVE, { returnId: ret.id }, operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: itemId, quantity: 1 }] }, operator);
  await mutateOk(api, INSPECT, { returnItemId: itemId, grade }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: itemId, disposition, reason: 'test' }, operator);
  return { itemId, sku };
}

async function listingsOf(sku: string, token = operator) {
  const res = await api.gql(LISTINGS, { filter: { sku } }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.resaleListings.edges.map((e: any) => e.node);
}

const merchantEvents = (sku: string) => merchant.calls.filter((c) => c.path === '/events' && JSON.parse(c.body).data?.sku === sku);

test('restock lists at full price; open box GOOD is discounted by grade and category', async () => {
  const restock = await dispositioned('RESTOCK', 'LIKE_NEW');
  const [full] = await listingsOf(restock.sku);
  expect(full).toMatchObject({
    status: 'AVAILABLE', units: 1, category: 'electronics', sourceDisposition: 'RESTOCK', conditionLabel: 'New (restocked)',
    price: { amount: '499.00', currencyCode: 'EUR' }, originalUnitPrice: { amount: '499.00' }, soldPrice: null, returnItem: { id: restock.itemId },
  });
  const openBox = await dispositioned('RESELL_OPEN_BOX', 'GOOD', { unitPrice: '120.00', discount: '20.00', category: 'footwear' });
  const [discounted] = await listingsOf(openBox.sku);
  // 100.00 paid × 80 % (GOOD) × 95 % (footwear).
  expect(discounted).toMatchObject({ sourceDisposition: 'RESELL_OPEN_BOX', conditionLabel: 'Open box – GOOD', price: { amount: '76.00' }, pricingRule: 'RESELL_OPEN_BOX GOOD 80 % × footwear 95 %' });
});

test('a completed refurbishment is listed priced by its cosmetic grade', async () => {
  const { itemId, sku } = await dispositioned('REFURBISH', 'DAMAGED');
  const jobs = `query($f: RefurbishmentJobFilter) { refurbishmentJobs(first: 1, filter: $f) { edges { node { id status } } } }`;
  const job = await eventually(async () => {
    const node = (await api.gql(jobs, { f: { returnItemId: itemId } }, operator)).data.refurbishmentJobs.edges[0]?.node;
    return node?.status === 'DISPATCHED' ? node : null;
  });
  const update = `mutation($input: UpdateRefurbishmentJobInput!) { updateRefurbishmentJob(input: $input) { job { status } userErrors { code message } } }`;
  for (const input of [
    { status: 'ACCEPTED' }, { status: 'DIAGNOSED', quote: { amount: '30.00', currencyCode: 'EUR' } }, { status: 'IN_REPAIR' },
    { status: 'COMPLETED', cost: { amount: '30.00', currencyCode: 'EUR' }, cosmeticGrade: 'B', functionalGrade: 'OK', sanitizationCertificateRef: 'SAN-1' },
  ]) {
    expect((await mutate(api, update, { jobId: job.id, ...input }, refurbKey)).userErrors).toEqual([]);
  }
  const [listing] = await listingsOf(sku);
  // 499.00 × 75 % (grade B) × 90 % (electronics) = 336.825 → 336.83.
  expect(listing).toMatchObject({ status: 'AVAILABLE', sourceDisposition: 'REFURBISH', conditionLabel: 'Refurbished – grade B', price: { amount: '336.83' } });
  // The refurbisher cannot see it.
  expect((await api.gql(LISTINGS, {}, refurbKey)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('reserve → sell; illegal transitions change nothing; the merchant receives each change signed', async () => {
  const { sku } = await dispositioned('RESTOCK', 'LIKE_NEW');
  const [listing] = await listingsOf(sku);
  // Selling or releasing before reserving is illegal and changes nothing.
  for (const doc of [SELL, RELEASE]) {
    const bad = await mutate(api, doc, { listingId: listing.id }, operator);
    expect(bad.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    expect(bad.listing).toBeNull();
  }
  expect((await listingsOf(sku))[0]).toMatchObject({ status: 'AVAILABLE', events: [{ type: 'CREATED' }] });

  expect((await mutate(api, RESERVE, { listingId: listing.id }, operator)).listing.status).toBe('RESERVED');
  expect((await mutate(api, RESERVE, { listingId: listing.id }, operator)).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  expect((await mutate(api, SELL, { listingId: listing.id, price: { amount: '10.00', currencyCode: 'USD' } }, operator)).userErrors[0].code).toBe('CURRENCY_MISMATCH');
  const sold = await mutate(api, SELL, { listingId: listing.id, price: { amount: '450.00', currencyCode: 'EUR' } }, operator);
  expect(sold.listing).toMatchObject({ status: 'SOLD', soldPrice: { amount: '450.00', currencyCode: 'EUR' } });
  for (const doc of [WITHDRAW, RESERVE, RELEASE, SELL]) {
    expect((await mutate(api, doc, { listingId: listing.id }, operator)).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  }
  const after = (await listingsOf(sku))[0];
  expect(after.status).toBe('SOLD');
  expect(after.events.map((e: any) => e.type)).toEqual(['CREATED', 'RESERVED', 'SOLD']);

  const calls = await eventually(async () => (merchantEvents(sku).length >= 3 ? merchantEvents(sku) : null));
  const bodies = calls.map((c) => JSON.parse(c.body));
  expect(bodies.map((b) => b.type).sort()).toEqual(['listing.created', 'listing.reserved', 'listing.sold']);
  expect(bodies.find((b) => b.type === 'listing.created').data).toMatchObject({ status: 'AVAILABLE', price: { amount: '499.00', currencyCode: 'EUR' }, soldPrice: null, units: 1 });
  expect(bodies.find((b) => b.type === 'listing.sold').data).toMatchObject({ status: 'SOLD', soldPrice: { amount: '450.00', currencyCode: 'EUR' } });
  for (const call of calls) {
    const verified = verifyWebhook(merchantSecret, {
      id: call.headers['webhook-id'] as string, timestamp: call.headers['webhook-timestamp'] as string, signature: call.headers['webhook-signature'] as string,
    }, call.body, new Date());
    expect(verified.ok).toBe(true);
  }
});

test('release puts a reservation back; withdraw ends it; both announced', async () => {
  const { sku } = await dispositioned('RESELL_OPEN_BOX', 'LIKE_NEW');
  const [listing] = await listingsOf(sku);
  await mutate(api, RESERVE, { listingId: listing.id }, operator);
  expect((await mutate(api, RELEASE, { listingId: listing.id }, operator)).listing.status).toBe('AVAILABLE');
  expect((await mutate(api, WITHDRAW, { listingId: listing.id, reason: 'damaged in storage' }, operator)).listing.status).toBe('WITHDRAWN');
  const types = await eventually(async () => {
    const seen = merchantEvents(sku).map((c) => JSON.parse(c.body).type);
    return seen.length >= 4 ? seen.sort() : null;
  });
  expect(types).toEqual(['listing.created', 'listing.released', 'listing.reserved', 'listing.withdrawn']);
});

test('listings are staff only: customers and partners cannot see or change them', async () => {
  const { sku } = await dispositioned('RESTOCK', 'LIKE_NEW');
  const [listing] = await listingsOf(sku);
  expect((await api.gql(LISTINGS, {}, customer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await api.gql(LISTINGS, {}, refurbKey)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await api.gql(LISTINGS, {}, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect((await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: listing.id }, customer)).data.node).toBeNull();
  expect((await api.gql(RESERVE, { input: { listingId: listing.id } }, customer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await listingsOf(sku))[0].status).toBe('AVAILABLE');
  expect((await api.gql(`query($id: ID!) { node(id: $id) { ... on ResaleListing { status } } }`, { id: listing.id }, operator)).data.node.status).toBe('AVAILABLE');
});

test('resaleListings filters by status and category and pages by keyset', async () => {
  const category = uniq('cat-');
  for (let i = 0; i < 3; i += 1) await dispositioned('RESTOCK', 'LIKE_NEW', { category });
  const first = await api.gql(LISTINGS, { filter: { category, status: ['AVAILABLE'] }, first: 2 }, operator);
  expect(first.data.resaleListings.edges).toHaveLength(2);
  expect(first.data.resaleListings.pageInfo.hasNextPage).toBe(true);
  const rest = await api.gql(LISTINGS, { filter: { category }, first: 2, after: first.data.resaleListings.pageInfo.endCursor }, operator);
  expect(rest.data.resaleListings.edges).toHaveLength(1);
  expect(rest.data.resaleListings.pageInfo.hasNextPage).toBe(false);
  expect((await api.gql(LISTINGS, { filter: { category, status: ['SOLD'] } }, operator)).data.resaleListings.edges).toHaveLength(0);
});

test('donations and liquidations record the counterparty and value recovered, only for a matching disposition', async () => {
  const donated = await dispositioned('DONATE', 'FAIR', { category: 'apparel' });
  const liquidated = await dispositioned('LIQUIDATE', 'FAIR', { category: 'apparel' });
  const wrong = await mutate(api, RECORD, { returnItemId: donated.itemId, kind: 'LIQUIDATE', counterparty: 'Bulk Ltd', valueRecovered: { amount: '5.00', currencyCode: 'EUR' } }, operator);
  expect(wrong.userErrors[0].code).toBe('DISPOSITION_MISMATCH');
  const gift = await mutate(api, RECORD, { returnItemId: donated.itemId, kind: 'DONATE', counterparty: 'Red Cross', valueRecovered: { amount: '0', currencyCode: 'EUR' } }, operator);
  expect(gift.userErrors).toEqual([]);
  expect(gift.disposal).toMatchObject({ kind: 'DONATE', counterparty: 'Red Cross', recordedBy: 'operator:op', valueRecovered: { amount: '0.00', currencyCode: 'EUR' }, returnItem: { id: donated.itemId, disposition: 'DONATE' } });
  const sale = await mutate(api, RECORD, { returnItemId: liquidated.itemId, kind: 'LIQUIDATE', counterparty: 'Bulk Ltd', valueRecovered: { amount: '42.50', currencyCode: 'EUR' } }, operator);
  expect(sale.disposal).toMatchObject({ kind: 'LIQUIDATE', valueRecovered: { amount: '42.50', currencyCode: 'EUR' } });
  expect((await mutate(api, RECORD, { returnItemId: liquidated.itemId, kind: 'LIQUIDATE', counterparty: 'Other', valueRecovered: { amount: '1.00', currencyCode: 'EUR' } }, operator)).userErrors[0].code).toBe('ALREADY_RECORDED');
  expect((await api.gql(RECORD, { input: { returnItemId: liquidated.itemId, kind: 'LIQUIDATE', counterparty: 'X', valueRecovered: { amount: '1.00', currencyCode: 'EUR' } } }, customer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  // Neither is listed for resale.
  expect(await listingsOf(donated.sku)).toEqual([]);
});

test('custody: one place for a unit\'s path — estimate before, actual value after the sale; staff only', async () => {
  const CUSTODY = `query($id: ID!) { node(id: $id) { ... on ReturnItem { custody { receivedUnits grade disposition dispositionOverridden
    steps { kind status partnerName reference } valueRecovered { amount currencyCode } valueIsEstimate co2eAvoidedKg } } } }`;
  const { sku, itemId } = await dispositioned('RESTOCK', 'LIKE_NEW');
  const before = (await api.gql(CUSTODY, { id: itemId }, operator)).data.node.custody;
  expect(before).toMatchObject({ receivedUnits: 1, grade: 'LIKE_NEW', disposition: 'RESTOCK', dispositionOverridden: false, valueIsEstimate: true, steps: [{ kind: 'RESALE_LISTING', status: 'AVAILABLE' }] });
  const [listing] = await listingsOf(sku);
  await mutate(api, RESERVE, { listingId: listing.id }, operator);
  await mutate(api, SELL, { listingId: listing.id, price: { amount: '450.00', currencyCode: 'EUR' } }, operator);
  const after = (await api.gql(CUSTODY, { id: itemId }, operator)).data.node.custody;
  expect(after).toMatchObject({ valueIsEstimate: false, valueRecovered: { amount: '450.00', currencyCode: 'EUR' }, steps: [{ kind: 'RESALE_LISTING', status: 'SOLD' }] });

  const donated = await dispositioned('DONATE', 'FAIR', { category: 'apparel' });
  await mutate(api, RECORD, { returnItemId: donated.itemId, kind: 'DONATE', counterparty: 'Red Cross', valueRecovered: { amount: '3.00', currencyCode: 'EUR' } }, operator);
  const gift = (await api.gql(CUSTODY, { id: donated.itemId }, operator)).data.node.custody;
  expect(gift).toMatchObject({ disposition: 'DONATE', valueIsEstimate: false, valueRecovered: { amount: '3.00' }, steps: [{ kind: 'DISPOSAL', status: 'DONATE', partnerName: 'Red Cross' }] });

  const asCustomer = await api.gql(CUSTODY, { id: itemId }, customer);
  expect(asCustomer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});
