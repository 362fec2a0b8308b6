import { sql } from 'drizzle-orm';
import { PartnerSimulator } from '../../scripts/partner-sim/simulator';
import type { SimProduct } from '../../scripts/partner-sim/merchant-exchanges';
import { decodeGlobalId } from '../../src/domain/ids';
import { startTestApi, type TestApi } from '../support/harness';
import {
  CANCEL, CLOSE_MISSING, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, START_GUEST, importOrders, mutate, mutateOk, orderInput, uniq, upsertPolicy, worldSnapshot,
} from '../support/fixtures';
import { eventually } from '../support/partner-server';

// Exchanges for real (docs/exchanges.md), end to end: the API over HTTP, real PostgreSQL, Redis and BullMQ workers, and
// the partner simulator playing the merchant (stock, exchange orders, payment holds, refusals and outages).

let api: TestApi;
let sim: PartnerSimulator;
let simUrl: string;
let admin: string;
let operator: string;
let customer: string;
let partnerId: string;

const EXCHANGE = `exchange { status mode sku originalSku quantity unitPrice { amount } priceDifference { amount currencyCode } orderReference
  holdStatus holdAmount { amount } failureReason fallbackResolution }`;
const RETURN = `query($id: ID!) { node(id: $id) { ... on Return { id rmaNumber status refund { amount { amount } status }
  items { id quantity resolution exchangeSku refund { amount } ${EXCHANGE} } events { type data } } } }`;
const OPTIONS = `query($id: ID!) { exchangeOptions(orderLineId: $id) { sku name attributes { name value } price { amount currencyCode }
  priceDifference { amount } availableQuantity } }`;

beforeAll(async () => {
  // Stock changes must be seen at once here; the cache is exercised on its own below.
  api = await startTestApi({ PARTNER_TIMEOUT_MS: '3000', INTEGRATION_MAX_ATTEMPTS: '4', EXCHANGE_OPTIONS_CACHE_MS: '0', EXPIRY_SWEEP_MS: '300' });
  // The simulated shop is also the payment system: refunds are accepted (PENDING) and confirmed by a signed webhook.
  sim = new PartnerSimulator({ speed: 1000, boomerangUrl: api.url.replace(/\/graphql$/, ''), log: () => undefined });
  simUrl = await sim.listen(0);
  [admin, operator, customer] = await Promise.all([api.token('ADMIN', 'admin-1'), api.token('OPERATOR', 'op-1'), api.token('CUSTOMER', 'ex-cust')]);
  const created = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code } } }`,
    { input: { kind: 'MERCHANT', name: 'Shop', adapter: 'boomerang-merchant-v1', endpoint: `${simUrl}/merchant/`, capabilities: { refunds: true } } }, admin);
  expect(created.data.createPartner.userErrors).toEqual([]);
  partnerId = created.data.createPartner.partner.id;
  // The simulator verifies Boomerang's signatures with the partner's secret (as the demo seed tells it).
  const registered = await fetch(`${simUrl}/_sim/partners`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'MERCHANT', partnerId, signingSecret: created.data.createPartner.signingSecret }),
  });
  expect(registered.status).toBe(201);
  await upsertPolicy(api, { category: null, windowDays: 30, autoApprove: true });
  await upsertPolicy(api, { category: 'instant-apparel', windowDays: 30, instantExchange: true });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await sim?.close();
});

/** A product of its own per test: sizes S (cheaper), M (ordered), L (same price), XL (dearer), XXL (sold out). */
function newProduct(): { sku: (size: string) => string } {
  const p = uniq('TEE-').toUpperCase();
  const v = (size: string, priceMinor: number, stock: number) => ({ sku: `${p}-${size}`, name: `Tee ${size}`, attributes: { size }, stock, priceMinor, currencyCode: 'EUR' });
  const product: SimProduct = { productId: p, variants: [v('S', 6990, 5), v('M', 8990, 5), v('L', 8990, 5), v('XL', 9990, 5), v('XXL', 8990, 0)] };
  sim.exchanges.addProduct(product);
  return { sku: (size) => `${p}-${size}` };
}

async function orderOf(sku: string, category = 'apparel', quantity = 1) {
  const [order] = await importOrders(api, [orderInput({
    customer: { externalId: 'ex-cust', email: 'ex@example.com' },
    lines: [{ sku, name: 'Tee', category, quantity, unitPrice: '89.90', weightGrams: 200 }],
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL' },
  })]);
  return order;
}

async function requestExchange(orderId: string, lineId: string, exchangeSku: string, quantity = 1) {
  return mutate(api, REQUEST, { orderId, items: [{ orderLineId: lineId, quantity, reason: 'SIZE_TOO_SMALL', resolution: 'EXCHANGE', exchangeSku }] }, customer);
}

async function view(id: string) {
  const res = await api.gql(RETURN, { id }, operator);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.node;
}

/** Waits until the item's exchange is in `status` (and `holdStatus`, when given). */
async function exchangeReaches(id: string, status: string, holdStatus?: string | null) {
  return eventually(async () => {
    const r = await view(id);
    const ex = r.items[0].exchange;
    return ex?.status === status && (holdStatus === undefined || ex.holdStatus === holdStatus) ? r : null;
  }, 20_000);
}

/** Waits until the return is COMPLETED (it waits for its exchange orders' outcome). */
async function completed(id: string) {
  return eventually(async () => { const r = await view(id); return r.status === 'COMPLETED' ? r : null; }, 20_000);
}

async function receiveAll(ret: { id: string; items: Array<{ id: string; quantity: number }> }) {
  return mutateOk(api, RECEIVE, { returnId: ret.id, items: ret.items.map((i) => ({ returnItemId: i.id, quantity: i.quantity })) }, operator);
}

async function inspectAndDecide(ret: { items: Array<{ id: string }> }) {
  for (const item of ret.items) {
    const inspected = await mutateOk(api, INSPECT, { returnItemId: item.id, grade: 'LIKE_NEW' }, operator);
    await mutateOk(api, SET_DISPOSITION, { returnItemId: item.id, disposition: inspected.recommendedDisposition.disposition }, operator);
  }
}

/** The simulator's record of what the merchant received. */
async function simState(): Promise<any> {
  return (await fetch(`${simUrl}/_sim/state`)).json();
}

const eventTypes = (r: any) => r.events.map((e: any) => e.type);

/** Changes the simulated shop through its loopback control (`POST /_sim/merchant/...`), as the demo does. */
async function simControl(path: string, body: unknown) {
  const res = await fetch(`${simUrl}/_sim/merchant/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/** Waits until the merchant received the signed webhook `type` for the return (the simulator refuses a bad signature with 401). */
async function webhookDelivered(rmaNumber: string, type: string) {
  await eventually(async () => (await simState()).merchantEvents.some((e: any) => e.type === type && e.rmaNumber === rmaNumber), 20_000);
  const calls = (await simState()).calls.filter((c: any) => c.call === 'POST /merchant/events');
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.every((c: any) => c.signature === 'verified')).toBe(true);
}

/** The outbox jobs of one type for one exchange (staff view). */
async function exchangeJobs(type: string, exchangeId: string): Promise<Array<{ status: string }>> {
  const res = await api.gql(`query($f: IntegrationJobFilter) { integrationJobs(first: 100, filter: $f) { edges { node { status payload } } } }`, { f: { type } }, admin);
  return res.data.integrationJobs.edges.map((e: any) => e.node).filter((j: any) => j.payload.exchangeId === exchangeId);
}

/** Waits until the return's refund is `status` (refunds are confirmed by the merchant after the return completes). */
async function refundReaches(id: string, status: string) {
  return eventually(async () => { const r = await view(id); return r.refund.status === status ? r : null; }, 20_000);
}

/** The refund requests the simulated payment system received for one return. */
async function refundsAsked(rmaNumber: string): Promise<any[]> {
  return (await simState()).payments.filter((p: any) => p.kind === 'refund' && p.rmaNumber === rmaNumber);
}

test('exchangeOptions lists the in-stock variants with their price difference, to the order\'s owner or its guest token only', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'));
  const line = order.lines[0];
  const res = await api.gql(OPTIONS, { id: line.id }, customer);
  expect(res.errors).toBeUndefined();
  // Not the size being returned, not the sold-out XXL.
  expect(res.data.exchangeOptions.map((o: any) => o.sku)).toEqual([product.sku('S'), product.sku('L'), product.sku('XL')]);
  expect(res.data.exchangeOptions[0]).toEqual({
    sku: product.sku('S'), name: 'Tee S', attributes: [{ name: 'size', value: 'S' }], price: { amount: '69.90', currencyCode: 'EUR' },
    priceDifference: { amount: '-20.00' }, availableQuantity: 5,
  });
  expect(res.data.exchangeOptions[2].priceDifference).toEqual({ amount: '10.00' });

  const stranger = await api.gql(OPTIONS, { id: line.id }, await api.token('CUSTOMER', 'someone-else'));
  expect(stranger.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect((await api.gql(OPTIONS, { id: line.id }, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const guest = await mutate(api, START_GUEST, { orderNumber: order.orderNumber, email: 'ex@example.com' }, null);
  expect(guest.userErrors).toEqual([]);
  expect((await api.gql(OPTIONS, { id: line.id }, guest.token)).data.exchangeOptions).toHaveLength(3);
  // Each look is a signed read of the merchant's protocol.
  const reads = (await simState()).calls.filter((c: any) => c.call === 'GET /merchant/exchange-options');
  expect(reads.length).toBeGreaterThanOrEqual(2);
  expect(reads.every((c: any) => c.signature === 'verified')).toBe(true);
});

test('an exchange for a sold-out or unknown variant is refused with a clear userError and changes nothing', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'));
  const before = await worldSnapshot(api);
  const soldOut = await requestExchange(order.id, order.lines[0].id, product.sku('XXL'));
  expect(soldOut.return).toBeNull();
  expect(soldOut.userErrors).toEqual([{ code: 'EXCHANGE_VARIANT_UNAVAILABLE', message: expect.stringContaining('out of stock'), field: ['items', '0', 'exchangeSku'] }]);
  const unknown = await requestExchange(order.id, order.lines[0].id, 'NOT-A-VARIANT');
  expect(unknown.userErrors.map((e: any) => e.code)).toEqual(['EXCHANGE_VARIANT_UNAVAILABLE']);
  expect(unknown.userErrors[0].message).toContain('not offered');
  expect(await worldSnapshot(api)).toEqual(before);
});

test('at receipt, same price: nothing is ordered before the return arrives; then one signed order, and no refund', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'));
  const requested = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
  expect(requested.userErrors).toEqual([]);
  const ret = requested.return;
  expect(ret.status).toBe('APPROVED');
  let r = await view(ret.id);
  expect(r.items[0].exchange).toMatchObject({ status: 'AWAITING_RETURN', mode: 'AT_RECEIPT', sku: product.sku('L'), originalSku: product.sku('M'), priceDifference: { amount: '0.00' }, holdStatus: null });
  expect(r.refund.amount.amount).toBe('0.00');
  await new Promise((res) => setTimeout(res, 300));
  expect((await simState()).exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toEqual([]);

  await receiveAll(ret);
  r = await exchangeReaches(ret.id, 'ORDERED');
  const placed = (await simState()).exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber);
  expect(placed).toEqual([expect.objectContaining({ sku: product.sku('L'), quantity: 1, charge: '0.00 EUR', holdId: null })]);
  expect(r.items[0].exchange.orderReference).toBe(placed[0].orderReference);
  expect(eventTypes(r)).toContain('EXCHANGE_ORDERED');
  // The merchant hears of it through a signed webhook like every return event.
  await eventually(async () => (await simState()).merchantEvents.some((e: any) => e.type === 'return.exchange_ordered' && e.rmaNumber === ret.rmaNumber));
  expect((await simState()).calls.filter((c: any) => c.call === 'POST /merchant/exchange-orders').every((c: any) => c.signature === 'verified')).toBe(true);

  await inspectAndDecide(ret);
  r = await completed(ret.id);
  expect(r.refund).toEqual({ amount: { amount: '0.00' }, status: 'NONE' });
  expect(r.items[0].resolution).toBe('EXCHANGE');
});

test('a cheaper variant: the difference is quoted and refunded with the return', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'));
  const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('S'));
  expect(ret.refund.amount.amount).toBe('20.00');
  await receiveAll(ret);
  const ordered = await exchangeReaches(ret.id, 'ORDERED');
  expect(ordered.items[0].exchange.priceDifference).toEqual({ amount: '-20.00', currencyCode: 'EUR' });
  expect((await simState()).exchangeOrders.find((o: any) => o.rmaNumber === ret.rmaNumber).charge).toBe('0.00 EUR');
  await inspectAndDecide(ret);
  const done = await completed(ret.id);
  expect(done.items[0].refund.amount).toBe('20.00');
  expect(done.refund.amount.amount).toBe('20.00');
  // Only the difference is asked of the merchant's payment system, through the confirmed-refund path: REQUESTED at
  // completion, ISSUED once the merchant confirms it.
  const issued = await refundReaches(ret.id, 'ISSUED');
  const requested = issued.events.find((e: any) => e.type === 'REFUND_REQUESTED');
  expect(requested.data).toMatchObject({ amountMinor: 2000, storeCreditMinor: 0 });
  const types = eventTypes(issued);
  expect(types.indexOf('REFUND_REQUESTED')).toBeLessThan(types.indexOf('REFUND_ISSUED'));
  expect(await refundsAsked(ret.rmaNumber)).toEqual([expect.objectContaining({ amount: '20.00', currencyCode: 'EUR', mode: 'later' })]);
  expect((await simState()).webhooks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'refund.confirmed' })]));
});

test('a dearer variant: the difference is charged through the exchange order, nothing refunded', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'));
  const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('XL'));
  expect(ret.refund.amount.amount).toBe('0.00');
  await receiveAll(ret);
  const ordered = await exchangeReaches(ret.id, 'ORDERED');
  expect(ordered.items[0].exchange.priceDifference.amount).toBe('10.00');
  expect((await simState()).exchangeOrders.find((o: any) => o.rmaNumber === ret.rmaNumber).charge).toBe('10.00 EUR');
  const event = ordered.events.find((e: any) => e.type === 'EXCHANGE_ORDERED');
  expect(event.data).toMatchObject({ sku: product.sku('XL'), chargeMinor: 1000, refundMinor: 0 });
  await inspectAndDecide(ret);
  const done = await completed(ret.id);
  expect(done.refund.amount.amount).toBe('0.00');
});

test('out of stock by the time the return arrives: the item falls back to a refund, visible to operators', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'));
  const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
  // The last ones sell in the shop meanwhile (the simulator's own loopback control, as in the demo).
  const simPost = (path: string, body: unknown) => fetch(`${simUrl}/_sim/merchant/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await simPost('stock', { sku: product.sku('L'), stock: 0 })).status).toBe(200);
  expect((await simPost('catalog', { products: [{ productId: 'x', variants: [{ sku: 'X' }] }] })).status).toBe(422);
  await receiveAll(ret);
  const failed = await exchangeReaches(ret.id, 'FAILED');
  expect(failed.items[0]).toMatchObject({ resolution: 'REFUND', exchange: { fallbackResolution: 'REFUND', orderReference: null } });
  expect(failed.items[0].exchange.failureReason).toContain('409');
  expect(failed.refund.amount.amount).toBe('89.90');
  const event = failed.events.find((e: any) => e.type === 'EXCHANGE_FAILED');
  expect(event.data).toMatchObject({ fallback: 'REFUND', sku: product.sku('L') });
  await eventually(async () => (await simState()).merchantEvents.some((e: any) => e.type === 'return.exchange_failed' && e.rmaNumber === ret.rmaNumber));
  expect((await simState()).exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toEqual([]);

  // Operators find it among the failed exchanges; the refused call is a DEAD job in the outbox.
  const list = await api.gql(`{ exchanges(first: 50, status: [FAILED]) { edges { node { status sku returnItem { id } } } } }`, {}, operator);
  expect(list.data.exchanges.edges.map((e: any) => e.node.returnItem.id)).toContain(ret.items[0].id);
  expect(list.data.exchanges.edges.every((e: any) => e.node.status === 'FAILED')).toBe(true);
  expect((await api.gql(`{ exchanges(first: 5) { edges { cursor } } }`, {}, customer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const jobs = await api.gql(`query($f: IntegrationJobFilter) { integrationJobs(first: 50, filter: $f) { edges { node { status lastError } } } }`,
    { f: { type: 'exchange.order', status: ['DEAD'] } }, admin);
  expect(jobs.data.integrationJobs.edges.length).toBeGreaterThanOrEqual(1);

  await inspectAndDecide(ret);
  await completed(ret.id);
  // The fallback refund goes through the merchant-confirmed path like any refund.
  const issued = await refundReaches(ret.id, 'ISSUED');
  expect(issued.refund.amount.amount).toBe('89.90');
  expect(issued.events.find((e: any) => e.type === 'REFUND_REQUESTED').data).toMatchObject({ amountMinor: 8990 });
  expect(await refundsAsked(ret.rmaNumber)).toEqual([expect.objectContaining({ amount: '89.90', currencyCode: 'EUR' })]);
});

test('a shop briefly unavailable: the exchange order is retried by the outbox and placed once', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'));
  const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
  sim.exchanges.failNext(2);
  await receiveAll(ret);
  await exchangeReaches(ret.id, 'ORDERED');
  const jobs = await api.gql(`query($f: IntegrationJobFilter) { integrationJobs(first: 50, filter: $f) { edges { node { id status attempts payload } } } }`,
    { f: { type: 'exchange.order' } }, admin);
  const mine = jobs.data.integrationJobs.edges.map((e: any) => e.node).filter((j: any) => j.status === 'SUCCEEDED' && j.attempts === 3);
  expect(mine.length).toBeGreaterThanOrEqual(1);
  expect((await simState()).exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toHaveLength(1);
});

test('instant exchange: the payment is held and the replacement ordered at once; the hold is released when the return arrives', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'), 'instant-apparel');
  const { return: ret, userErrors } = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
  expect(userErrors).toEqual([]);
  let r = await exchangeReaches(ret.id, 'ORDERED', 'HELD');
  expect(r.status).toBe('APPROVED');
  expect(r.items[0].exchange).toMatchObject({ mode: 'INSTANT', holdAmount: { amount: '89.90' } });
  const state = await simState();
  const hold = state.paymentHolds.find((h: any) => h.rmaNumber === ret.rmaNumber);
  expect(hold).toMatchObject({ status: 'HELD', amount: '89.90', currencyCode: 'EUR' });
  expect(state.exchangeOrders.find((o: any) => o.rmaNumber === ret.rmaNumber).holdId).toBe(hold.holdId);
  expect(eventTypes(r)).toEqual(expect.arrayContaining(['EXCHANGE_HOLD_PLACED', 'EXCHANGE_ORDERED']));
  expect(r.events.find((e: any) => e.type === 'EXCHANGE_HOLD_PLACED').data).toMatchObject({ holdId: hold.holdId, holdAmountMinor: 8990 });
  await webhookDelivered(ret.rmaNumber, 'return.exchange_hold_placed');

  await receiveAll(ret);
  r = await exchangeReaches(ret.id, 'ORDERED', 'RELEASED');
  expect(eventTypes(r)).toContain('EXCHANGE_HOLD_RELEASED');
  expect((await simState()).paymentHolds.find((h: any) => h.rmaNumber === ret.rmaNumber).status).toBe('RELEASED');
  await eventually(async () => (await simState()).merchantEvents.some((e: any) => e.type === 'return.exchange_hold_released' && e.rmaNumber === ret.rmaNumber));
  // One exchange order only: the one placed against the hold.
  expect((await simState()).exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toHaveLength(1);
});

test('instant exchange whose hold is refused falls back to an exchange at receipt: nothing ships before the return', async () => {
  const product = newProduct();
  sim.exchanges.refuseHoldsFor.add('ex-cust');
  try {
    const order = await orderOf(product.sku('M'), 'instant-apparel');
    const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
    let r = await exchangeReaches(ret.id, 'AWAITING_RETURN', 'FAILED');
    expect(r.items[0].exchange.failureReason).toContain('402');
    expect(r.events.find((e: any) => e.type === 'EXCHANGE_HOLD_FAILED').data).toMatchObject({ fallback: 'AT_RECEIPT' });
    await webhookDelivered(ret.rmaNumber, 'return.exchange_hold_failed');
    await new Promise((res) => setTimeout(res, 300));
    expect((await simState()).exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toEqual([]);
    await receiveAll(ret);
    r = await exchangeReaches(ret.id, 'ORDERED');
    expect((await simState()).exchangeOrders.find((o: any) => o.rmaNumber === ret.rmaNumber).holdId).toBeNull();
  } finally {
    sim.exchanges.refuseHoldsFor.delete('ex-cust');
  }
});

test('instant exchange whose return is cancelled after the replacement shipped: the hold is charged', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'), 'instant-apparel');
  const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('S'));
  await exchangeReaches(ret.id, 'ORDERED', 'HELD');
  await mutateOk(api, CANCEL, { returnId: ret.id }, customer);
  const r = await exchangeReaches(ret.id, 'ORDERED', 'CHARGED');
  // The cheaper replacement is what the customer keeps twice over: its price is what is held and charged.
  expect(r.items[0].exchange.holdAmount.amount).toBe('69.90');
  expect(r.events.find((e: any) => e.type === 'EXCHANGE_HOLD_CHARGED').data).toMatchObject({ chargedMinor: 6990 });
  expect((await simState()).paymentHolds.find((h: any) => h.rmaNumber === ret.rmaNumber).status).toBe('CAPTURED');
  await eventually(async () => (await simState()).merchantEvents.some((e: any) => e.type === 'return.exchange_hold_charged' && e.rmaNumber === ret.rmaNumber));
});

test('instant exchange whose return never arrives: the return expires and the hold is charged', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'), 'instant-apparel');
  const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
  await exchangeReaches(ret.id, 'ORDERED', 'HELD');
  // Time passes: the approved return is never sent back within the policy's drop-off days.
  await api.app.database.db.execute(sql`update returns set updated_at = now() - interval '30 days' where id = ${decodeGlobalId(ret.id)!.id}`);
  const r = await exchangeReaches(ret.id, 'ORDERED', 'CHARGED');
  expect(r.status).toBe('EXPIRED');
  expect(eventTypes(r)).toEqual(expect.arrayContaining(['RETURN_EXPIRED', 'EXCHANGE_HOLD_CHARGED']));
  expect((await simState()).paymentHolds.find((h: any) => h.rmaNumber === ret.rmaNumber)).toMatchObject({ status: 'CAPTURED', amount: '89.90' });
});

test('instant exchange, 1 of 2 units returned and the other closed as missing: that unit\'s share of the hold is charged, the rest released', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'), 'instant-apparel', 2);
  const { return: ret, userErrors } = await requestExchange(order.id, order.lines[0].id, product.sku('L'), 2);
  expect(userErrors).toEqual([]);
  let r = await exchangeReaches(ret.id, 'ORDERED', 'HELD');
  expect(r.items[0].exchange).toMatchObject({ quantity: 2, holdAmount: { amount: '179.80' } });
  // Both replacements ship against the hold, before anything is back.
  expect((await simState()).exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toEqual([expect.objectContaining({ quantity: 2 })]);

  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: ret.items[0].id, quantity: 1 }] }, operator);
  // One unit still outstanding: the hold stays as it is.
  await new Promise((res) => setTimeout(res, 300));
  expect((await view(ret.id)).items[0].exchange.holdStatus).toBe('HELD');
  await mutateOk(api, CLOSE_MISSING, { returnId: ret.id }, operator);

  r = await exchangeReaches(ret.id, 'ORDERED', 'CHARGED');
  expect(r.items[0].exchange.quantity).toBe(2);
  const charged = r.events.filter((e: any) => e.type === 'EXCHANGE_HOLD_CHARGED');
  expect(charged).toHaveLength(1);
  expect(charged[0].data).toMatchObject({ holdAmountMinor: 17980, chargedMinor: 8990, releasedMinor: 8990 });
  expect(eventTypes(r)).not.toContain('EXCHANGE_HOLD_RELEASED');
  // One capture of one unit's share; the merchant gives the rest of the hold back.
  expect((await simState()).paymentHolds.filter((h: any) => h.rmaNumber === ret.rmaNumber))
    .toEqual([expect.objectContaining({ status: 'CAPTURED', amount: '179.80', captured: '89.90' })]);
  await webhookDelivered(ret.rmaNumber, 'return.exchange_hold_charged');
  expect((await simState()).exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toHaveLength(1);
});

test('instant exchange, both units returned: nothing is charged, the whole hold is released', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'), 'instant-apparel', 2);
  const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('L'), 2);
  await exchangeReaches(ret.id, 'ORDERED', 'HELD');
  await receiveAll(ret);
  const r = await exchangeReaches(ret.id, 'ORDERED', 'RELEASED');
  expect(eventTypes(r)).not.toContain('EXCHANGE_HOLD_CHARGED');
  expect((await simState()).paymentHolds.find((h: any) => h.rmaNumber === ret.rmaNumber)).toMatchObject({ status: 'RELEASED', captured: null });
});

test('instant exchange whose order the shop refuses after the hold: it falls back to a refund and the hold is released', async () => {
  const product = newProduct();
  await simControl('orders', { refuse: ['ex-cust'] });
  try {
    const order = await orderOf(product.sku('M'), 'instant-apparel');
    const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
    const r = await exchangeReaches(ret.id, 'FAILED', 'RELEASED');
    expect(r.items[0]).toMatchObject({ resolution: 'REFUND', exchange: { fallbackResolution: 'REFUND', orderReference: null, holdAmount: { amount: '89.90' } } });
    expect(r.items[0].exchange.failureReason).toContain('409');
    expect(r.refund.amount.amount).toBe('89.90');
    const types = eventTypes(r);
    expect(types.indexOf('EXCHANGE_HOLD_PLACED')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('EXCHANGE_HOLD_PLACED')).toBeLessThan(types.indexOf('EXCHANGE_FAILED'));
    expect(types.indexOf('EXCHANGE_FAILED')).toBeLessThan(types.indexOf('EXCHANGE_HOLD_RELEASED'));
    expect(types).not.toContain('EXCHANGE_HOLD_CHARGED');
    const state = await simState();
    expect(state.exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toEqual([]);
    expect(state.paymentHolds.filter((h: any) => h.rmaNumber === ret.rmaNumber)).toEqual([expect.objectContaining({ status: 'RELEASED', captured: null })]);
    await webhookDelivered(ret.rmaNumber, 'return.exchange_failed');
    await webhookDelivered(ret.rmaNumber, 'return.exchange_hold_released');
  } finally {
    await simControl('orders', { refuse: [] });
  }
});

test('a hold the shop places only after the return was cancelled is released, and nothing is ordered', async () => {
  const product = newProduct();
  // A slow payment provider: the customer cancels while the hold is being placed.
  await simControl('holds', { refuse: [], delayMs: 1500 });
  try {
    const order = await orderOf(product.sku('M'), 'instant-apparel');
    const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
    expect((await view(ret.id)).items[0].exchange).toMatchObject({ status: 'HOLD_PENDING', holdStatus: 'PENDING' });
    await mutateOk(api, CANCEL, { returnId: ret.id }, customer);
    const r = await exchangeReaches(ret.id, 'CANCELLED', 'RELEASED');
    const types = eventTypes(r);
    expect(types.indexOf('RETURN_CANCELLED')).toBeLessThan(types.indexOf('EXCHANGE_HOLD_PLACED'));
    expect(types.indexOf('EXCHANGE_HOLD_PLACED')).toBeLessThan(types.indexOf('EXCHANGE_HOLD_RELEASED'));
    expect(types).not.toContain('EXCHANGE_ORDERED');
    const state = await simState();
    expect(state.paymentHolds.filter((h: any) => h.rmaNumber === ret.rmaNumber)).toEqual([expect.objectContaining({ status: 'RELEASED', captured: null })]);
    expect(state.exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toEqual([]);
    await webhookDelivered(ret.rmaNumber, 'return.exchange_hold_placed');
    await webhookDelivered(ret.rmaNumber, 'return.exchange_hold_released');
  } finally {
    await simControl('holds', { refuse: [], delayMs: 0 });
  }
});

test('cancelled while the exchange order is being placed, then the order fails: the capture waits for it and releases the hold instead', async () => {
  const product = newProduct();
  // A slow shop that ends up refusing the order: the return is cancelled meanwhile, so the hold is due to be charged.
  await simControl('orders', { refuse: ['ex-cust'], delayMs: 1500 });
  try {
    const order = await orderOf(product.sku('M'), 'instant-apparel');
    const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
    await exchangeReaches(ret.id, 'ORDER_PENDING', 'HELD');
    await mutateOk(api, CANCEL, { returnId: ret.id }, customer);
    expect((await view(ret.id)).items[0].exchange).toMatchObject({ status: 'ORDER_PENDING', holdStatus: 'CHARGE_PENDING' });
    const r = await exchangeReaches(ret.id, 'FAILED', 'RELEASED');
    expect(eventTypes(r)).toEqual(expect.arrayContaining(['RETURN_CANCELLED', 'EXCHANGE_FAILED', 'EXCHANGE_HOLD_RELEASED']));
    expect(eventTypes(r)).not.toContain('EXCHANGE_HOLD_CHARGED');
    expect((await simState()).paymentHolds.filter((h: any) => h.rmaNumber === ret.rmaNumber)).toEqual([expect.objectContaining({ status: 'RELEASED', captured: null })]);
    // The capture job released it: it ran while the order was pending (and waited), then again once the order failed.
    const exchangeId = r.events.find((e: any) => e.type === 'EXCHANGE_FAILED').data.exchangeId;
    expect(await exchangeJobs('exchange.hold-release', exchangeId)).toEqual([]);
    const captures = await exchangeJobs('exchange.hold-capture', exchangeId);
    expect(captures).toHaveLength(2);
    expect(captures.every((j) => j.status === 'SUCCEEDED')).toBe(true);
    await webhookDelivered(ret.rmaNumber, 'return.exchange_hold_released');
  } finally {
    await simControl('orders', { refuse: [], delayMs: 0 });
  }
});

test('an exchange at receipt on a cancelled return is cancelled without any call to the shop', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'));
  const { return: ret } = await requestExchange(order.id, order.lines[0].id, product.sku('L'));
  await mutateOk(api, CANCEL, { returnId: ret.id }, customer);
  const r = await view(ret.id);
  expect(r.items[0].exchange.status).toBe('CANCELLED');
  await new Promise((res) => setTimeout(res, 300));
  const state = await simState();
  expect(state.exchangeOrders.filter((o: any) => o.rmaNumber === ret.rmaNumber)).toEqual([]);
  expect(state.paymentHolds.filter((h: any) => h.rmaNumber === ret.rmaNumber)).toEqual([]);
});

test('a request replayed with its idempotency key returns the first return, even once the variant sold out', async () => {
  const product = newProduct();
  const order = await orderOf(product.sku('M'));
  const input = { orderId: order.id, idempotencyKey: uniq('k-'), items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'SIZE_TOO_SMALL', resolution: 'EXCHANGE', exchangeSku: product.sku('L') }] };
  const first = await mutate(api, REQUEST, input, customer);
  expect(first.userErrors).toEqual([]);
  sim.exchanges.setStock(product.sku('L'), 0);
  const again = await mutate(api, REQUEST, input, customer);
  expect(again.userErrors).toEqual([]);
  expect(again.return.id).toBe(first.return.id);
  // A new request for it is refused.
  expect((await mutate(api, REQUEST, { ...input, idempotencyKey: uniq('k-') }, customer)).userErrors.map((e: any) => e.code)).toEqual(['EXCHANGE_VARIANT_UNAVAILABLE']);
});

test('a return with an exchange is not offered the returnless method; the same item as a refund is', async () => {
  const METHODS = `query($id: ID!) { returnMethodOptions(returnId: $id) { type } }`;
  await upsertPolicy(api, { category: null, windowDays: 30, autoApprove: true, returnlessThreshold: 1000 });
  try {
    const product = newProduct();
    const exchangeOrder = await orderOf(product.sku('M'));
    const exchanged = await requestExchange(exchangeOrder.id, exchangeOrder.lines[0].id, product.sku('S'));
    expect(exchanged.userErrors).toEqual([]);
    const refundOrder = await orderOf(product.sku('M'));
    const refunded = await mutate(api, REQUEST, { orderId: refundOrder.id, items: [{ orderLineId: refundOrder.lines[0].id, quantity: 1, reason: 'SIZE_TOO_SMALL' }] }, customer);
    expect(refunded.userErrors).toEqual([]);
    const types = async (id: string) => {
      const res = await api.gql(METHODS, { id }, customer);
      expect(res.errors).toBeUndefined();
      return res.data.returnMethodOptions.map((o: any) => o.type);
    };
    expect(await types(refunded.return.id)).toContain('RETURNLESS');
    expect(await types(exchanged.return.id)).not.toContain('RETURNLESS');
  } finally {
    await upsertPolicy(api, { category: null, windowDays: 30, autoApprove: true, returnlessThreshold: null });
  }
});

describe('with the exchange-options cache on', () => {
  let cached: TestApi;
  beforeAll(async () => {
    cached = await startTestApi({ EXCHANGE_OPTIONS_CACHE_MS: '60000' });
    const token = await cached.token('ADMIN', 'admin-1');
    const res = await cached.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code } } }`,
      { input: { kind: 'MERCHANT', name: 'Shop', adapter: 'boomerang-merchant-v1', endpoint: `${simUrl}/merchant/` } }, token);
    expect(res.data.createPartner.userErrors).toEqual([]);
    const registered = await fetch(`${simUrl}/_sim/partners`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'MERCHANT', partnerId: res.data.createPartner.partner.id, signingSecret: res.data.createPartner.signingSecret }),
    });
    expect(registered.ok).toBe(true);
  }, 60_000);
  afterAll(() => cached?.stop());

  test('one SKU\'s options are read from the shop once and reused', async () => {
    const product = newProduct();
    const [order] = await importOrders(cached, [orderInput({ customer: { externalId: 'ex-cust', email: 'ex@example.com' }, lines: [{ sku: product.sku('M'), name: 'Tee', category: 'apparel', quantity: 1, unitPrice: '89.90' }] })]);
    const reads = async () => (await simState()).calls.filter((c: any) => c.call === 'GET /merchant/exchange-options').length;
    const before = await reads();
    const token = await cached.token('CUSTOMER', 'ex-cust');
    const first = await cached.gql(OPTIONS, { id: order.lines[0].id }, token);
    expect(first.data.exchangeOptions).toHaveLength(3);
    sim.exchanges.setStock(product.sku('S'), 0);
    const second = await cached.gql(OPTIONS, { id: order.lines[0].id }, token);
    expect(second.data.exchangeOptions).toEqual(first.data.exchangeOptions);
    expect(await reads()).toBe(before + 1);
  });
});
