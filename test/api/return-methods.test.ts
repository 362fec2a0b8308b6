import { sql } from 'drizzle-orm';
import { decodeGlobalId } from '../../src/domain/ids';
import { startTestApi, type TestApi } from '../support/harness';
import { REQUEST, importOrders, orderInput, signedWebhook } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// Return methods end to end: options → selection → booking through the worker and a loopback carrier/locker →
// signed inbound scans → IN_TRANSIT; failures, compensation, returnless and expiry.
let api: TestApi;
let carrier: PartnerServer;
let locker: PartnerServer;
let admin: string;
let operator: string;
let customer: string;
const partners: Record<string, { id: string; secret: string }> = {};
const AMSTERDAM = { latitude: 52.3791, longitude: 4.898 };

const LABEL = { status: 200, body: JSON.stringify({ carrier: 'LoopPost', shipmentId: 'shp_1', trackingNumber: 'TRK', labelUrl: 'https://labels.test/1.pdf', labelZplUrl: null, qrCode: 'https://qr.test/1' }) };
const METHOD = `method { type status label { carrier trackingNumber labelUrl qrCode } dropOffCode qrCode location { name } fee { amount } co2eKg expiresAt failureReason }`;
const RETURN = `query($id: ID!) { node(id: $id) { ... on Return { status refund { amount { amount } status } fees { returnShippingFee { amount } } ${METHOD} events { type actor } } } }`;

async function createPartner(kind: string, adapter: string, endpoint: string, name: string) {
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code message } } }`,
    { input: { kind, name, adapter, endpoint } }, admin);
  expect(res.data.createPartner.userErrors).toEqual([]);
  return { id: res.data.createPartner.partner.id, secret: res.data.createPartner.signingSecret };
}

beforeAll(async () => {
  carrier = await new PartnerServer().start();
  locker = await new PartnerServer().start();
  carrier.fallback = LABEL;
  locker.fallback = { status: 200, body: JSON.stringify({ reservationId: 'res_1', pointExternalId: 'L-1', compartmentSize: 'A', dropOffCode: '482913', qrCode: null, trackingNumber: null, expiresAt: '2030-01-01T00:00:00Z' }) };
  api = await startTestApi({ INTEGRATION_MAX_ATTEMPTS: '2', EXPIRY_SWEEP_MS: '300' });
  admin = await api.token('ADMIN', 'admin');
  operator = await api.token('OPERATOR', 'op');
  customer = await api.token('CUSTOMER', 'cust-a');
  partners.carrier = await createPartner('CARRIER', 'boomerang-carrier-v1', carrier.url, 'LoopPost');
  partners.locker = await createPartner('LOCKER_NETWORK', 'boomerang-locker-v1', locker.url, 'LoopLockers');
  const locs = await api.gql(`mutation($input: UpsertDropOffLocationsInput!) { upsertDropOffLocations(input: $input) { locations { id name } userErrors { code } } }`, {
    input: { partnerId: partners.locker.id, locations: [
      { externalId: 'L-1', type: 'LOCKER', name: 'Locker Centraal', address: 'Stationsplein 1', latitude: 52.378, longitude: 4.9, openingHours: '24/7',
        compartments: [{ size: 'A', heightCm: 8, widthCm: 38, depthCm: 64, maxWeightGrams: 25000 }] },
      { externalId: 'L-FAR', type: 'LOCKER', name: 'Locker Utrecht', address: 'Far away', latitude: 52.09, longitude: 5.12, compartments: [{ size: 'A', heightCm: 8, widthCm: 38, depthCm: 64, maxWeightGrams: 25000 }] },
    ] },
  }, admin);
  expect(locs.data.upsertDropOffLocations.userErrors).toEqual([]);
  const policy = await api.gql(`mutation { upsertReturnPolicy(input: { windowDays: 30, methodFees: [{ type: CARRIER_DROP_OFF, fee: 3.95 }, { type: LOCKER, fee: 0 }], returnlessThreshold: 5 }) { userErrors { code } } }`, {}, admin);
  expect(policy.errors).toBeUndefined();
});

afterAll(async () => {
  await api?.stop();
  await carrier?.stop();
  await locker?.stop();
});

async function approvedReturn(unitPrice = '89.90', address: Record<string, unknown> = {}) {
  const [order] = await importOrders(api, [orderInput({
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL', ...AMSTERDAM, ...address },
    lines: [{ sku: `SKU-${unitPrice}`, name: 'Thing', category: 'footwear', quantity: 1, unitPrice, weightGrams: 900 }],
  })]);
  const req = await api.gql(REQUEST, { input: { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'CHANGED_MIND' }] } }, customer);
  const id = req.data.requestReturn.return.id;
  await api.gql(`mutation($id: ID!) { approveReturn(input: { returnId: $id }) { userErrors { code } } }`, { id }, operator);
  return id as string;
}

const OPTIONS = `query($id: ID!, $near: GeoPointInput) { returnMethodOptions(returnId: $id, near: $near) { id type fee { amount currencyCode } co2eKg refundTiming carrier locations { id name distanceKm } pickupWindows { start } } }`;
const SELECT = `mutation($input: SelectReturnMethodInput!) { selectReturnMethod(input: $input) { return { status ${METHOD} } userErrors { code message } } }`;


test('options: fees from the policy, nearest lockers that fit, CO2e per method, no returnless for valuable items', async () => {
  const id = await approvedReturn();
  const res = await api.gql(OPTIONS, { id, near: AMSTERDAM }, customer);
  const byType = Object.fromEntries(res.data.returnMethodOptions.map((o: any) => [o.type, o]));
  expect(Object.keys(byType).sort()).toEqual(['CARRIER_DROP_OFF', 'LOCKER']);
  expect(byType.CARRIER_DROP_OFF.fee).toEqual({ amount: '3.95', currencyCode: 'EUR' });
  expect(byType.CARRIER_DROP_OFF.carrier).toBe('LoopPost');
  expect(byType.LOCKER.fee.amount).toBe('0.00');
  expect(byType.LOCKER.locations.map((l: any) => l.name)).toEqual(['Locker Centraal']);
  expect(byType.LOCKER.locations[0].distanceKm).toBeLessThan(1);
  expect(byType.CARRIER_DROP_OFF.co2eKg).toBeGreaterThan(byType.LOCKER.co2eKg);
  expect(byType.LOCKER.refundTiming).toMatch(/inspected/);
  // Another customer cannot quote this return.
  const other = await api.gql(OPTIONS, { id }, await api.token('CUSTOMER', 'cust-b'));
  expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
});

test('carrier label: booked by the worker, AWAITING_DROP_OFF, then a signed scan moves it IN_TRANSIT once', async () => {
  const id = await approvedReturn();
  const options = (await api.gql(OPTIONS, { id }, customer)).data.returnMethodOptions;
  const carrierOption = options.find((o: any) => o.type === 'CARRIER_DROP_OFF');
  const selected = await api.gql(SELECT, { input: { returnId: id, optionId: carrierOption.id } }, customer);
  expect(selected.data.selectReturnMethod.userErrors).toEqual([]);
  expect(selected.data.selectReturnMethod.return.method.status).toBe('PENDING');
  const booked = await eventually(async () => {
    const r = (await api.gql(RETURN, { id }, customer)).data.node;
    return r.status === 'AWAITING_DROP_OFF' ? r : null;
  });
  expect(booked.method).toMatchObject({ type: 'CARRIER_DROP_OFF', status: 'BOOKED', label: { carrier: 'LoopPost', trackingNumber: 'TRK', labelUrl: 'https://labels.test/1.pdf', qrCode: 'https://qr.test/1' }, fee: { amount: '3.95' } });
  expect(booked.fees.returnShippingFee.amount).toBe('3.95');
  const labelCall = carrier.calls.find((c) => c.path === '/labels')!;
  expect(JSON.parse(labelCall.body)).toMatchObject({ paperless: true, from: { city: 'Amsterdam' }, to: { countryCode: 'NL' } });
  // Every address key the protocol promises is sent; what nobody gave is null, not missing.
  const sent = JSON.parse(labelCall.body);
  expect(sent.from).toEqual({ name: null, line1: 'Damrak 1', line2: null, city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL', phone: null });
  expect(sent.to).toEqual({ name: 'Boomerang Returns Centre', line1: 'Returnstraat 1', line2: null, city: 'Utrecht', postalCode: '3511 AA', countryCode: 'NL', phone: null });

  const scan = { type: 'tracking.updated', data: { trackingNumber: 'TRK', status: 'in_transit', occurredAt: new Date().toISOString() } };
  expect((await signedWebhook(api, partners.carrier, scan, 'evt-1')).status).toBe(200);
  expect(await (await signedWebhook(api, partners.carrier, scan, 'evt-1')).json()).toEqual({ duplicate: true });
  const after = (await api.gql(RETURN, { id }, customer)).data.node;
  expect(after.status).toBe('IN_TRANSIT');
  expect(after.events.filter((e: any) => e.type === 'PARCEL_IN_TRANSIT')).toHaveLength(1);
  expect(after.events.find((e: any) => e.type === 'PARCEL_IN_TRANSIT').actor).toBe(`system:partner:${decodeGlobalId(partners.carrier.id)!.id}`);
});

test('bad signatures, stale timestamps, other partners\' keys and malformed bodies are 4xx and change nothing', async () => {
  const body = { type: 'tracking.updated', data: { trackingNumber: 'TRK', status: 'delivered', occurredAt: new Date().toISOString() } };
  expect((await signedWebhook(api, { ...partners.carrier, secret: partners.locker.secret }, body, 'evt-x')).status).toBe(401);
  expect((await signedWebhook(api, partners.carrier, body, 'evt-y', new Date(Date.now() - 10 * 60_000))).status).toBe(401);
  expect((await signedWebhook(api, partners.carrier, { type: 'tracking.updated', data: { status: 'teleported' } }, 'evt-z')).status).toBe(400);
  expect((await fetch(api.url.replace('/graphql', '/webhooks/not-a-partner'), { method: 'POST', body: '{}' })).status).toBe(404);
  // None of these was stored: the same ids are still fresh.
  const ok = await signedWebhook(api, partners.carrier, body, 'evt-z');
  expect(ok.status).toBe(200);
});

test('locker: the chosen locker is reserved and the drop-off code shown', async () => {
  const id = await approvedReturn();
  const option = (await api.gql(OPTIONS, { id, near: AMSTERDAM }, customer)).data.returnMethodOptions.find((o: any) => o.type === 'LOCKER');
  const missing = await api.gql(SELECT, { input: { returnId: id, optionId: option.id } }, customer);
  expect(missing.data.selectReturnMethod.userErrors[0].code).toBe('LOCATION_REQUIRED');
  await api.gql(SELECT, { input: { returnId: id, optionId: option.id, locationId: option.locations[0].id } }, customer);
  const booked = await eventually(async () => {
    const r = (await api.gql(RETURN, { id }, customer)).data.node;
    return r.status === 'AWAITING_DROP_OFF' ? r : null;
  });
  expect(booked.method).toMatchObject({ type: 'LOCKER', status: 'BOOKED', dropOffCode: '482913', location: { name: 'Locker Centraal' } });
  expect(JSON.parse(locker.calls.find((c) => c.path === '/reservations')!.body)).toMatchObject({ pointExternalId: 'L-1', size: 'A' });
});

test('a booking sends the customer\'s line2 and phone when the order has them', async () => {
  const id = await approvedReturn('89.91', { name: 'Ada Nowak', line2: '3 hoog', phone: '+31201234567' });
  const option = (await api.gql(OPTIONS, { id, near: AMSTERDAM }, customer)).data.returnMethodOptions.find((o: any) => o.type === 'LOCKER');
  await api.gql(SELECT, { input: { returnId: id, optionId: option.id, locationId: option.locations[0].id } }, customer);
  const call = await eventually(async () => locker.calls.find((c) => c.path === '/reservations' && JSON.parse(c.body).returnId === decodeGlobalId(id)!.id));
  expect(JSON.parse(call.body).from).toEqual({
    name: 'Ada Nowak', line1: 'Damrak 1', line2: '3 hoog', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL', phone: '+31201234567',
  });
  expect(Object.keys(JSON.parse(call.body).to)).toEqual(expect.arrayContaining(['line2', 'phone']));
});

test('a permanent booking refusal leaves the return APPROVED and the customer chooses again', async () => {
  const id = await approvedReturn();
  carrier.next({ status: 422, body: '{"error":"address not serviceable"}' });
  const option = (await api.gql(OPTIONS, { id }, customer)).data.returnMethodOptions.find((o: any) => o.type === 'CARRIER_DROP_OFF');
  await api.gql(SELECT, { input: { returnId: id, optionId: option.id } }, customer);
  const failed = await eventually(async () => {
    const r = (await api.gql(RETURN, { id }, customer)).data.node;
    return r.method?.status === 'FAILED' ? r : null;
  });
  expect(failed.status).toBe('APPROVED');
  expect(failed.method.failureReason).toMatch(/choose another/);
  expect(failed.events.map((e: any) => e.type)).toContain('METHOD_BOOKING_FAILED');
  const again = await api.gql(SELECT, { input: { returnId: id, optionId: option.id } }, customer);
  expect(again.data.selectReturnMethod.userErrors).toEqual([]);
  await eventually(async () => (await api.gql(RETURN, { id }, customer)).data.node.status === 'AWAITING_DROP_OFF');
});

test('cancelled while the carrier was booking: the label is voided (compensation)', async () => {
  const id = await approvedReturn();
  carrier.next({ delayMs: 400, ...LABEL });
  const option = (await api.gql(OPTIONS, { id }, customer)).data.returnMethodOptions.find((o: any) => o.type === 'CARRIER_DROP_OFF');
  await api.gql(SELECT, { input: { returnId: id, optionId: option.id } }, customer);
  await eventually(async () => carrier.calls.some((c) => c.path === '/labels' && JSON.parse(c.body).returnId && true) && true);
  const cancelled = await api.gql(`mutation($id: ID!) { cancelReturn(input: { returnId: $id }) { return { status } userErrors { code } } }`, { id }, customer);
  expect(cancelled.data.cancelReturn.return.status).toBe('CANCELLED');
  await eventually(async () => carrier.calls.some((c) => c.path === '/labels/shp_1/void'));
  const r = (await api.gql(RETURN, { id }, customer)).data.node;
  expect(r.status).toBe('CANCELLED');
  await eventually(async () => (await api.gql(RETURN, { id }, customer)).data.node.method.status === 'RELEASED');
});

test('cancelling a booked return releases the booking at the partner', async () => {
  const id = await approvedReturn();
  const option = (await api.gql(OPTIONS, { id }, customer)).data.returnMethodOptions.find((o: any) => o.type === 'CARRIER_DROP_OFF');
  await api.gql(SELECT, { input: { returnId: id, optionId: option.id } }, customer);
  await eventually(async () => (await api.gql(RETURN, { id }, customer)).data.node.status === 'AWAITING_DROP_OFF');
  const voids = carrier.calls.filter((c) => c.path.endsWith('/void')).length;
  const cancelled = await api.gql(`mutation($id: ID!) { cancelReturn(input: { returnId: $id }) { return { status ${METHOD} } userErrors { code } } }`, { id }, customer);
  expect(cancelled.data.cancelReturn.return).toMatchObject({ status: 'CANCELLED', method: { status: 'RELEASED' } });
  await eventually(async () => carrier.calls.filter((c) => c.path.endsWith('/void')).length > voids);
});

test('a scan for a reference not booked yet is refused as retryable and not remembered as seen', async () => {
  const scan = { type: 'tracking.updated', data: { trackingNumber: 'NOT-YET', status: 'in_transit', occurredAt: new Date().toISOString() } };
  const first = await signedWebhook(api, partners.carrier, scan, 'evt-early');
  expect(first.status).toBe(409);
  expect((await signedWebhook(api, partners.carrier, scan, 'evt-early')).status).toBe(409);
});

test('returnless: cheap items are refunded at once and nothing travels', async () => {
  const id = await approvedReturn('4.50');
  const options = (await api.gql(OPTIONS, { id }, customer)).data.returnMethodOptions;
  const keep = options.find((o: any) => o.type === 'RETURNLESS');
  expect(keep.refundTiming).toMatch(/immediately/);
  const res = await api.gql(SELECT, { input: { returnId: id, optionId: keep.id } }, customer);
  expect(res.data.selectReturnMethod.return.status).toBe('COMPLETED');
  const r = (await api.gql(RETURN, { id }, customer)).data.node;
  expect(r.refund).toEqual({ amount: { amount: '4.50' }, status: 'REQUESTED' });
});

test('returns never shipped expire and release their booking', async () => {
  const id = await approvedReturn();
  const option = (await api.gql(OPTIONS, { id }, customer)).data.returnMethodOptions.find((o: any) => o.type === 'CARRIER_DROP_OFF');
  await api.gql(SELECT, { input: { returnId: id, optionId: option.id } }, customer);
  await eventually(async () => (await api.gql(RETURN, { id }, customer)).data.node.status === 'AWAITING_DROP_OFF');
  // Time passes: the booked label's validity runs out.
  const raw = decodeGlobalId(id)!.id;
  await api.app.database.db.execute(sql`update return_bookings set expires_at = now() - interval '1 minute' where return_id = ${raw}`);
  const voids = carrier.calls.filter((c) => c.path.endsWith('/void')).length;
  await eventually(async () => (await api.gql(RETURN, { id }, customer)).data.node.status === 'EXPIRED', 10_000);
  await eventually(async () => carrier.calls.filter((c) => c.path.endsWith('/void')).length > voids);
});

test('dropOffLocations: radius, types, nearest first', async () => {
  const q = `query($near: GeoPointInput!, $r: Float, $t: [DropOffLocationType!]) { dropOffLocations(near: $near, radiusKm: $r, types: $t) { name distanceKm type } }`;
  const near = await api.gql(q, { near: AMSTERDAM, r: 5 }, customer);
  expect(near.data.dropOffLocations.map((l: any) => l.name)).toEqual(['Locker Centraal']);
  const wide = await api.gql(q, { near: AMSTERDAM, r: 60, t: ['LOCKER'] }, customer);
  expect(wide.data.dropOffLocations.map((l: any) => l.name)).toEqual(['Locker Centraal', 'Locker Utrecht']);
  expect((await api.gql(q, { near: AMSTERDAM, r: 60, t: ['STORE'] }, customer)).data.dropOffLocations).toEqual([]);
  expect((await api.gql(q, { near: AMSTERDAM, r: 1000 }, customer)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});
