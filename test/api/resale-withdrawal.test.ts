import { startTestApi, type TestApi } from '../support/harness';
import { APPROVE, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutate, mutateOk, orderInput, uniq } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// A resale listing follows its unit's decision: it is withdrawn (and merchants told) when the item's disposition
// changes away from a sellable one or when more units of the item arrive; units already sold are never listed or
// re-decided again. Disposal records are objects of their own, reachable by node/nodes for staff only.
let api: TestApi;
let merchant: PartnerServer;
let admin: string;
let operator: string;
let customer: string;

const LISTINGS = `query($sku: String) { resaleListings(first: 20, filter: { sku: $sku }) { edges { node { id status units sourceDisposition events { type data } } } } }`;
const RESERVE = `mutation($input: ResaleListingInput!) { reserveResaleListing(input: $input) { listing { status } userErrors { code } } }`;
const SELL = `mutation($input: SellResaleListingInput!) { sellResaleListing(input: $input) { listing { status } userErrors { code } } }`;
const RETURN = `query($id: ID!) { node(id: $id) { ... on Return { status items { id receivedQuantity grade disposition } } } }`;

beforeAll(async () => {
  merchant = await new PartnerServer().start();
  api = await startTestApi();
  admin = await api.token('ADMIN', 'admin');
  operator = await api.token('OPERATOR', 'op');
  customer = await api.token('CUSTOMER', 'cust-a');
  const m = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { userErrors { code } } }`,
    { input: { kind: 'MERCHANT', name: 'Shop', adapter: 'boomerang-merchant-v1', endpoint: merchant.url, capabilities: { events: ['listing.created', 'listing.withdrawn'] } } }, admin);
  expect(m.data.createPartner.userErrors).toEqual([]);
});

afterAll(async () => {
  await api?.stop();
  await merchant?.stop();
});

/** A return of these lines (units each), approved; its id, item ids and SKUs. */
async function approvedReturn(quantities: number[]) {
  const skus = quantities.map(() => uniq('RS-'));
  const [order] = await importOrders(api, [orderInput({
    lines: quantities.map((quantity, i) => ({ sku: skus[i], name: 'Jacket', category: 'apparel', quantity, unitPrice: '100.00', weightGrams: 500 })),
  })]);
  const ret = await mutateOk(api, REQUEST, { orderId: order.id, items: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity, reason: 'CHANGED_MIND' })) }, customer);
  await mutateOk(api, APPROVE, { returnId: ret.id }, operator);
  return { id: ret.id as string, items: ret.items.map((i: any) => i.id as string), skus };
}

async function listingsOf(sku: string) {
  const res = await api.gql(LISTINGS, { sku }, operator);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.resaleListings.edges.map((e: any) => e.node);
}

const merchantTypes = (sku: string) => merchant.calls.map((c) => JSON.parse(c.body)).filter((b) => b.data?.sku === sku).map((b) => b.type).sort();

test('changing the disposition away from a sellable one withdraws the listing (reserved or not) and tells the merchant', async () => {
  const ret = await approvedReturn([1, 1]);
  const [a, b] = ret.items;
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: a, quantity: 1 }, { returnItemId: b, quantity: 1 }] }, operator);
  await mutateOk(api, INSPECT, { returnItemId: a, grade: 'LIKE_NEW' }, operator);
  await mutateOk(api, INSPECT, { returnItemId: b, grade: 'LIKE_NEW' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: a, disposition: 'RESTOCK' }, operator);
  const [listed] = await listingsOf(ret.skus[0]);
  expect(listed).toMatchObject({ status: 'AVAILABLE', units: 1, sourceDisposition: 'RESTOCK' });
  expect((await mutate(api, RESERVE, { listingId: listed.id }, operator)).listing.status).toBe('RESERVED');

  // Sellable to sellable: re-listed at the new source's price.
  await mutateOk(api, SET_DISPOSITION, { returnItemId: a, disposition: 'RESELL_OPEN_BOX', reason: 'tag missing' }, operator);
  const relisted = await listingsOf(ret.skus[0]);
  expect(relisted.map((l: any) => [l.sourceDisposition, l.status]).sort()).toEqual([['RESELL_OPEN_BOX', 'AVAILABLE'], ['RESTOCK', 'WITHDRAWN']]);
  expect(relisted.find((l: any) => l.status === 'WITHDRAWN').events.at(-1)).toMatchObject({ type: 'WITHDRAWN', data: { reason: 'Re-listed as RESELL_OPEN_BOX' } });

  // Away from sellable: withdrawn, nothing left on sale.
  await mutateOk(api, SET_DISPOSITION, { returnItemId: a, disposition: 'DONATE', reason: 'seasonal stock' }, operator);
  const after = await listingsOf(ret.skus[0]);
  expect(after.map((l: any) => l.status)).toEqual(['WITHDRAWN', 'WITHDRAWN']);
  expect(after[0].events.at(-1)).toMatchObject({ type: 'WITHDRAWN', data: { reason: 'Disposition changed to DONATE', status: 'WITHDRAWN' } });
  expect(await eventually(async () => (merchantTypes(ret.skus[0]).length >= 4 ? merchantTypes(ret.skus[0]) : null)))
    .toEqual(['listing.created', 'listing.created', 'listing.withdrawn', 'listing.withdrawn']);
  // The other item is untouched and still needs its decision; the return is not completed yet.
  expect((await api.gql(RETURN, { id: ret.id }, operator)).data.node.status).toBe('INSPECTED');
  expect(await listingsOf(ret.skus[1])).toEqual([]);
});

test('more units arriving withdraw the listing and send the item back to inspection; sold units are never listed again', async () => {
  const ret = await approvedReturn([3]);
  const [item] = ret.items;
  const sku = ret.skus[0];
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }, operator);
  await mutateOk(api, INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: 'RESTOCK' }, operator);
  const [first] = await listingsOf(sku);
  expect(first).toMatchObject({ status: 'AVAILABLE', units: 1 });

  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }, operator);
  const [withdrawn] = await listingsOf(sku);
  expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', events: [{ type: 'CREATED' }, { type: 'WITHDRAWN', data: { reason: 'More units arrived; the item is inspected again' } }] });
  expect((await api.gql(RETURN, { id: ret.id }, operator)).data.node.items[0]).toMatchObject({ receivedQuantity: 2, grade: null, disposition: null });

  // Inspected again: both units are listed together, and sold.
  await mutateOk(api, INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: 'RESTOCK' }, operator);
  const two = (await listingsOf(sku)).find((l: any) => l.status === 'AVAILABLE');
  expect(two.units).toBe(2);
  await mutate(api, RESERVE, { listingId: two.id }, operator);
  expect((await mutate(api, SELL, { listingId: two.id }, operator)).listing.status).toBe('SOLD');
  // Sold units are gone: the decision cannot change any more, and nothing changed.
  const refused = await mutate(api, SET_DISPOSITION, { returnItemId: item, disposition: 'RECYCLE', reason: 'changed my mind' }, operator);
  expect(refused.userErrors[0].code).toBe('ALREADY_SOLD');
  expect((await listingsOf(sku)).find((l: any) => l.id === two.id).status).toBe('SOLD');

  // The third unit arrives: the sold listing stays sold; the new listing holds the one unsold unit only.
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }, operator);
  await mutateOk(api, INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: 'RESTOCK' }, operator);
  const final = await listingsOf(sku);
  expect(final.map((l: any) => [l.status, l.units]).sort()).toEqual([['AVAILABLE', 1], ['SOLD', 2], ['WITHDRAWN', 1]]);
  expect((await api.gql(RETURN, { id: ret.id }, operator)).data.node.status).toBe('COMPLETED');
});

test('disposal records are nodes: staff fetch them by node and nodes, customers and partners get null', async () => {
  const ret = await approvedReturn([1]);
  const [item] = ret.items;
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }, operator);
  await mutateOk(api, INSPECT, { returnItemId: item, grade: 'FAIR' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: 'DONATE', reason: 'charity drive' }, operator);
  const recorded = await mutate(api, `mutation($input: RecordDisposalInput!) { recordDisposal(input: $input) { disposal { id kind } userErrors { code } } }`,
    { returnItemId: item, kind: 'DONATE', counterparty: 'Red Cross', valueRecovered: { amount: '0', currencyCode: 'EUR' } }, operator);
  expect(recorded.userErrors).toEqual([]);
  const id = recorded.disposal.id as string;

  const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on DisposalRecord { kind counterparty valueRecovered { amount currencyCode } returnItem { id } } } }`;
  for (const token of [operator, admin]) {
    expect((await api.gql(NODE, { id }, token)).data.node).toEqual({
      __typename: 'DisposalRecord', id, kind: 'DONATE', counterparty: 'Red Cross', valueRecovered: { amount: '0.00', currencyCode: 'EUR' }, returnItem: { id: item },
    });
  }
  const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on DisposalRecord { counterparty } } }`;
  expect((await api.gql(NODES, { ids: [id, id] }, operator)).data.nodes).toEqual([{ id, counterparty: 'Red Cross' }, { id, counterparty: 'Red Cross' }]);

  // Not for customers (even the one whose return it was) or partners.
  const partner = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }`,
    { input: { kind: 'RECYCLER', name: 'Peeker', adapter: 'boomerang-recycler-v1', endpoint: merchant.url, capabilities: { categories: ['apparel'] } } }, admin);
  const key = (await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret } }`,
    { input: { partnerId: partner.data.createPartner.partner.id } }, admin)).data.createPartnerApiKey.secret;
  for (const token of [customer, key]) {
    expect((await api.gql(NODE, { id }, token)).data.node).toBeNull();
    expect((await api.gql(NODES, { ids: [id] }, token)).data.nodes).toEqual([null]);
  }
});
