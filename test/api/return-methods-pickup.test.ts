import { webhookHeaders } from '../../src/domain/webhook-signature';
import { startTestApi, type TestApi } from '../support/harness';
import { REQUEST, importOrders, orderInput } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// Home pickup with a time window, merchant events for the method, and the refund at first scan for trusted customers.
let api: TestApi;
let pickup: PartnerServer;
let merchant: PartnerServer;
let admin: string;
let pickupPartner: { id: string; secret: string };

const RETURN = `query($id: ID!) { node(id: $id) { ... on Return { status refund { amount { amount } status } events { type }
  method { type status reference pickupWindow { start end } fee { amount } } } } }`;
const OPTIONS = `query($id: ID!) { returnMethodOptions(returnId: $id) { id type fee { amount } refundTiming pickupWindows { start end } } }`;
const SELECT = `mutation($input: SelectReturnMethodInput!) { selectReturnMethod(input: $input) { return { status } userErrors { code } } }`;

beforeAll(async () => {
  pickup = await new PartnerServer().start();
  merchant = await new PartnerServer().start();
  api = await startTestApi();
  admin = await api.token('ADMIN', 'admin');
  const create = async (kind: string, adapter: string, url: string) => {
    const r = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret } }`,
      { input: { kind, name: kind, adapter, endpoint: url, capabilities: kind === 'MERCHANT' ? { events: ['return.method_booked', 'return.in_transit', 'return.refund_issued'] } : null } }, admin);
    return { id: r.data.createPartner.partner.id, secret: r.data.createPartner.signingSecret };
  };
  pickupPartner = await create('PICKUP', 'boomerang-pickup-v1', pickup.url);
  await create('MERCHANT', 'boomerang-merchant-v1', merchant.url);
  const policy = await api.gql(`mutation { upsertReturnPolicy(input: { windowDays: 30, autoApprove: true, refundAtFirstScan: true, methodFees: [{ type: HOME_PICKUP, fee: 5 }] }) { userErrors { code } } }`, {}, admin);
  expect(policy.errors).toBeUndefined();
});

afterAll(async () => {
  await api?.stop();
  await pickup?.stop();
  await merchant?.stop();
});

async function approvedReturn(externalId: string, trusted: boolean) {
  const [order] = await importOrders(api, [orderInput({
    customer: { externalId, email: `${externalId}@example.com`, trusted },
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL' },
  })]);
  const token = await api.token('CUSTOMER', externalId);
  const req = await api.gql(REQUEST, { input: { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 2, reason: 'SIZE_TOO_SMALL' }] } }, token);
  expect(req.data.requestReturn.return.status).toBe('APPROVED');
  return { id: req.data.requestReturn.return.id as string, token };
}

async function bookPickup(id: string, token: string) {
  const [option] = (await api.gql(OPTIONS, { id }, token)).data.returnMethodOptions;
  expect(option.type).toBe('HOME_PICKUP');
  expect(option.fee.amount).toBe('5.00');
  const window = option.pickupWindows[1];
  pickup.next({ status: 200, body: JSON.stringify({ confirmationNumber: `PU-${id.slice(-6)}`, window, trackingNumber: null }) });
  const bad = await api.gql(SELECT, { input: { returnId: id, optionId: option.id, pickupWindow: { start: '2030-01-01T09:00:00Z', end: '2030-01-01T13:00:00Z' } } }, token);
  expect(bad.data.selectReturnMethod.userErrors[0].code).toBe('PICKUP_WINDOW_NOT_AVAILABLE');
  await api.gql(SELECT, { input: { returnId: id, optionId: option.id, pickupWindow: window } }, token);
  const booked = await eventually(async () => {
    const r = (await api.gql(RETURN, { id }, token)).data.node;
    return r.status === 'AWAITING_DROP_OFF' ? r : null;
  });
  expect(booked.method).toMatchObject({ type: 'HOME_PICKUP', status: 'BOOKED', reference: `PU-${id.slice(-6)}`, pickupWindow: window, fee: { amount: '5.00' } });
  return { option, window, reference: booked.method.reference as string };
}

function completePickup(reference: string, deliveryId: string) {
  const raw = JSON.stringify({ type: 'pickup.completed', data: { confirmationNumber: reference, occurredAt: new Date().toISOString() } });
  return fetch(api.url.replace('/graphql', `/webhooks/${pickupPartner.id}`), {
    method: 'POST', headers: { 'content-type': 'application/json', ...webhookHeaders(pickupPartner.secret, deliveryId, raw, new Date()) }, body: raw,
  });
}

test('trusted customer: a pickup in the chosen window, refunded when the courier collects', async () => {
  const { id, token } = await approvedReturn('trusted-1', true);
  const { option, reference } = await bookPickup(id, token);
  expect(option.refundTiming).toMatch(/courier collects/);
  expect(JSON.parse(pickup.calls.find((c) => c.path === '/pickups')!.body).window).toEqual(option.pickupWindows[1]);
  expect((await completePickup(reference, 'pu-evt-1')).status).toBe(200);
  const r = (await api.gql(RETURN, { id }, token)).data.node;
  expect(r.status).toBe('IN_TRANSIT');
  // 2 × (89.90 − 5.00 discount share) = 169.80, minus the 5.00 pickup fee.
  expect(r.refund).toEqual({ amount: { amount: '164.80' }, status: 'REQUESTED' });
  expect(r.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['METHOD_BOOKED', 'REFUND_REQUESTED', 'PARCEL_IN_TRANSIT']));
  // The merchant heard about the booking and the transit, once each; not of a refund no payment system confirmed yet
  // (this merchant takes no refunds: it waits for an operator, docs/refunds.md).
  await eventually(async () => merchant.calls.length >= 2);
  const types = merchant.calls.map((c) => JSON.parse(c.body)).filter((b) => b.data.returnId && b.data.rmaNumber).map((b) => b.type);
  expect(types.filter((t) => t === 'return.method_booked')).toHaveLength(1);
  expect(types).toEqual(expect.arrayContaining(['return.method_booked', 'return.in_transit']));
  expect(types).not.toContain('return.refund_issued');
});

test('an untrusted customer waits for inspection', async () => {
  const { id, token } = await approvedReturn('new-1', false);
  const { option, reference } = await bookPickup(id, token);
  expect(option.refundTiming).toMatch(/inspected/);
  await completePickup(reference, 'pu-evt-2');
  const r = (await api.gql(RETURN, { id }, token)).data.node;
  expect(r.status).toBe('IN_TRANSIT');
  expect(r.refund.status).toBe('QUOTED');
});
