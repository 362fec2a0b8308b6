import { startTestApi, type TestApi } from '../support/harness';
import { APPROVE, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutate, mutateOk, orderInput, uniq, signedWebhook } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// Return to vendor end to end: RETURN_TO_VENDOR dispositions → units of one supplier grouped into the OPEN vendor return
// authorization (VRA) for the vendor taking that supplier, with the expected credit → an operator dispatches it, the
// worker hands it to a loopback vendor (POST authorizations) → DISPATCHED with the vendor's RMA reference → the vendor
// confirms the credit (API key or signed webhook) → CLOSED with the difference recorded. Vendors never see or confirm
// each other's authorizations; forged and replayed webhooks change nothing.
let api: TestApi;
let serverA: PartnerServer;
let serverB: PartnerServer;
let admin: string;
let operator: string;
let customer: string;
type Vendor = { id: string; secret: string; key: string };
let vendorA: Vendor;
let vendorB: Vendor;

const VRA = `id status supplier vendorReference creditReference dispatchedAt closedAt partner { id name }
  expectedCredit { amount currencyCode } creditedAmount { amount currencyCode } creditDifference { amount currencyCode }
  units { sku units unitValue { amount } expectedCredit { amount } returnItem { id } } events { type actor data }`;
const VRAS = `query($filter: VendorReturnAuthorizationFilter) { vendorReturnAuthorizations(first: 50, filter: $filter) { edges { node { ${VRA} } } pageInfo { hasNextPage } } }`;
const DISPATCH = `mutation($input: DispatchVendorReturnInput!) { dispatchVendorReturn(input: $input) { authorization { ${VRA} } userErrors { code message field } } }`;
const CONFIRM = `mutation($input: ConfirmVendorCreditInput!) { confirmVendorCredit(input: $input) { authorization { ${VRA} } userErrors { code message field } } }`;

async function createVendor(name: string, endpoint: string, suppliers: string[]): Promise<Vendor> {
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id capabilities { suppliers } } signingSecret userErrors { code message } } }`,
    { input: { kind: 'VENDOR', name, adapter: 'boomerang-vendor-v1', endpoint, capabilities: { suppliers } } }, admin);
  expect(res.errors).toBeUndefined();
  expect(res.data.createPartner.userErrors).toEqual([]);
  expect(res.data.createPartner.partner.capabilities.suppliers).toEqual(suppliers);
  const id = res.data.createPartner.partner.id;
  const key = await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret userErrors { code } } }`, { input: { partnerId: id } }, admin);
  return { id, secret: res.data.createPartner.signingSecret, key: key.data.createPartnerApiKey.secret };
}

beforeAll(async () => {
  serverA = await new PartnerServer().start();
  serverB = await new PartnerServer().start();
  serverA.fallback = { status: 201, body: JSON.stringify({ vendorReference: 'RMA-A-1' }) };
  serverB.fallback = { status: 201, body: JSON.stringify({ vendorReference: 'RMA-B-1' }) };
  api = await startTestApi({ INTEGRATION_MAX_ATTEMPTS: '2' });
  admin = await api.token('ADMIN', 'admin');
  operator = await api.token('OPERATOR', 'op');
  customer = await api.token('CUSTOMER', 'cust-a');
  vendorA = await createVendor('Acme Returns Desk', serverA.url, ['Acme Audio']);
  vendorB = await createVendor('Other Supplier Co', serverB.url, ['Globex']);
});

afterAll(async () => {
  await api?.stop();
  await serverA?.stop();
  await serverB?.stop();
});

type Line = { supplier: string | null; unitPrice: string; quantity?: number };

/** One order with these vendor-returnable lines, returned as DEFECTIVE, received, inspected and sent to RETURN_TO_VENDOR. */
async function returnToVendor(lines: Line[]): Promise<string[]> {
  const [order] = await importOrders(api, [orderInput({
    lines: lines.map((l, i) => ({
      sku: uniq(`V${i}-`), name: 'Headphones', category: 'electronics', quantity: l.quantity ?? 1, unitPrice: l.unitPrice, weightGrams: 300,
      vendorReturnable: true, supplier: l.supplier,
    })),
  })]);
  const ret = await mutateOk(api, REQUEST, {
    orderId: order.id, items: order.lines.map((line: any) => ({ orderLineId: line.id, quantity: line.quantity, reason: 'DEFECTIVE' })),
  }, customer);
  await mutateOk(api, APPROVE, { returnId: ret.id }, operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: ret.items.map((it: any) => ({ returnItemId: it.id, quantity: it.quantity })) }, operator);
  for (const it of ret.items) {
    await mutateOk(api, INSPECT, { returnItemId: it.id, grade: 'DAMAGED' }, operator);
    await mutateOk(api, SET_DISPOSITION, { returnItemId: it.id, disposition: 'RETURN_TO_VENDOR', reason: 'defective, supplier warranty' }, operator);
  }
  return ret.items.map((it: any) => it.id as string);
}

async function vraOf(itemId: string, token = operator) {
  const res = await api.gql(VRAS, {}, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.vendorReturnAuthorizations.edges.map((e: any) => e.node).find((v: any) => v.units.some((u: any) => u.returnItem?.id === itemId)) ?? null;
}

/** Dispatches the item's VRA and waits until the vendor has acknowledged it. */
async function dispatchVraOf(itemId: string) {
  const vra = await vraOf(itemId);
  const payload = await mutate(api, DISPATCH, { authorizationId: vra.id }, operator);
  expect(payload.userErrors).toEqual([]);
  return eventually(async () => {
    const v = await vraOf(itemId);
    return v.status === 'DISPATCHED' ? v : null;
  });
}


test('two defective units of one supplier form one VRA with the expected credit; dispatched; the credit confirmed closes it', async () => {
  // Supplier spelling differs: matching is case- and space-insensitive.
  const [a, b] = await returnToVendor([{ supplier: 'Acme Audio', unitPrice: '20.00' }, { supplier: ' acme audio', unitPrice: '30.00' }]);
  const vra = await vraOf(a);
  // (20.00 + 30.00) × 60 % = 30.00
  expect(vra).toMatchObject({ status: 'OPEN', supplier: 'Acme Audio', partner: { name: 'Acme Returns Desk' }, expectedCredit: { amount: '30.00', currencyCode: 'EUR' }, creditedAmount: null });
  expect(vra.units.map((u: any) => u.returnItem.id).sort()).toEqual([a, b].sort());
  expect(vra.units.map((u: any) => [u.unitValue.amount, u.expectedCredit.amount]).sort()).toEqual([['20.00', '12.00'], ['30.00', '18.00']]);

  const dispatched = await dispatchVraOf(a);
  expect(dispatched).toMatchObject({ status: 'DISPATCHED', vendorReference: 'RMA-A-1' });
  const call = serverA.calls.find((c) => c.path === '/authorizations' && JSON.parse(c.body).authorizationId === vra.id)!;
  expect(call.headers['idempotency-key']).toBeTruthy();
  expect(JSON.parse(call.body)).toMatchObject({ supplier: 'Acme Audio', expectedCredit: { amount: '30.00', currencyCode: 'EUR' }, units: expect.arrayContaining([expect.objectContaining({ units: 1 })]) });
  expect(dispatched.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['VRA_CREATED', 'UNITS_ADDED', 'DISPATCH_REQUESTED', 'DISPATCHED']));
  // Closed for filling: a new unit of the same supplier starts a new VRA.
  const [later] = await returnToVendor([{ supplier: 'Acme Audio', unitPrice: '10.00' }]);
  expect((await vraOf(later)).id).not.toBe(vra.id);

  // Operators dispatch; a vendor cannot. Staff do not confirm credits.
  expect((await api.gql(DISPATCH, { input: { authorizationId: vra.id } }, vendorA.key)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await api.gql(CONFIRM, { input: { authorizationId: vra.id, creditedAmount: { amount: '1.00', currencyCode: 'EUR' }, reference: 'X' } }, operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const wrongCurrency = await mutate(api, CONFIRM, { authorizationId: vra.id, creditedAmount: { amount: '27.50', currencyCode: 'USD' }, reference: 'CN-1' }, vendorA.key);
  expect(wrongCurrency.userErrors[0].code).toBe('CURRENCY_MISMATCH');

  const confirmed = await mutate(api, CONFIRM, { authorizationId: vra.id, creditedAmount: { amount: '27.50', currencyCode: 'EUR' }, reference: 'CN-1' }, vendorA.key);
  expect(confirmed.userErrors).toEqual([]);
  expect(confirmed.authorization).toMatchObject({
    status: 'CLOSED', creditReference: 'CN-1', creditedAmount: { amount: '27.50', currencyCode: 'EUR' }, creditDifference: { amount: '-2.50', currencyCode: 'EUR' },
  });
  expect(confirmed.authorization.closedAt).toBeTruthy();
  const credited = confirmed.authorization.events.find((e: any) => e.type === 'CREDIT_CONFIRMED');
  expect(credited.data).toMatchObject({ creditedMinor: 2750, expectedCreditMinor: 3000, differenceMinor: -250, reference: 'CN-1' });
  // A closed VRA takes no second confirmation.
  expect((await mutate(api, CONFIRM, { authorizationId: vra.id, creditedAmount: { amount: '30.00', currencyCode: 'EUR' }, reference: 'CN-2' }, vendorA.key)).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
});

test('an OPEN VRA cannot be credited yet; a supplier without a vendor waits without a partner', async () => {
  const [item] = await returnToVendor([{ supplier: 'Initech', unitPrice: '15.00' }]);
  const vra = await vraOf(item);
  expect(vra).toMatchObject({ status: 'OPEN', partner: null, supplier: 'Initech', expectedCredit: { amount: '9.00' } });
  expect(vra.events.find((e: any) => e.type === 'NO_VENDOR_AVAILABLE').data.reason).toMatch(/Initech/);
  expect((await mutate(api, DISPATCH, { authorizationId: vra.id }, operator)).userErrors[0].code).toBe('NO_VENDOR');
  // Not the vendor's: NOT_FOUND, whatever its status.
  expect((await mutate(api, CONFIRM, { authorizationId: vra.id, creditedAmount: { amount: '9.00', currencyCode: 'EUR' }, reference: 'CN' }, vendorA.key)).userErrors[0].code).toBe('NOT_FOUND');

  const [own] = await returnToVendor([{ supplier: 'Globex', unitPrice: '10.00' }]);
  const open = await vraOf(own);
  expect((await mutate(api, CONFIRM, { authorizationId: open.id, creditedAmount: { amount: '6.00', currencyCode: 'EUR' }, reference: 'CN' }, vendorB.key)).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
});

test('isolation: another vendor neither sees nor confirms the VRA; forged, stale and replayed webhooks change nothing', async () => {
  const [item] = await returnToVendor([{ supplier: 'Acme Audio', unitPrice: '50.00', quantity: 2 }]);
  const vra = await dispatchVraOf(item);
  // 2 × 50.00 × 60 %, plus the 10.00 unit (6.00) that started this VRA in the first test.
  expect(vra.expectedCredit.amount).toBe('66.00');
  expect(vra.units).toHaveLength(2);
  expect((await api.gql(VRAS, {}, vendorB.key)).data.vendorReturnAuthorizations.edges.map((e: any) => e.node.id)).not.toContain(vra.id);
  expect((await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: vra.id }, vendorB.key)).data.node).toBeNull();
  expect((await mutate(api, CONFIRM, { authorizationId: vra.id, creditedAmount: { amount: '60.00', currencyCode: 'EUR' }, reference: 'CN' }, vendorB.key)).userErrors[0].code).toBe('NOT_FOUND');
  // The owner sees it, without the customer's return data; node works for it too.
  const own = (await api.gql(VRAS, {}, vendorA.key)).data.vendorReturnAuthorizations.edges.map((e: any) => e.node).find((v: any) => v.id === vra.id);
  expect(own.units[0].returnItem).toBeNull();
  expect((await api.gql(`query($id: ID!) { node(id: $id) { ... on VendorReturnAuthorization { id status } } }`, { id: vra.id }, vendorA.key)).data.node).toEqual({ id: vra.id, status: 'DISPATCHED' });
  // Staff filter by supplier, case-insensitively.
  const bySupplier = (await api.gql(VRAS, { filter: { supplier: 'ACME AUDIO', status: ['DISPATCHED'] } }, operator)).data.vendorReturnAuthorizations.edges.map((e: any) => e.node.id);
  expect(bySupplier).toContain(vra.id);

  const body = { type: 'authorization.credited', data: { authorizationId: vra.id, occurredAt: new Date().toISOString(), creditedAmount: { amount: '66.00', currencyCode: 'EUR' }, reference: 'CN-W1' } };
  expect((await signedWebhook(api, { ...vendorA, secret: vendorB.secret }, body, uniq('w-'))).status).toBe(401);
  expect((await signedWebhook(api, vendorA, body, uniq('w-'), new Date(Date.now() - 10 * 60_000))).status).toBe(401);
  const foreign = await signedWebhook(api, vendorB, body, uniq('w-'));
  expect(foreign.status).toBe(200);
  expect(((await foreign.json()) as any).results[0]).toMatchObject({ applied: false, reason: 'NOT_FOUND' });
  expect((await signedWebhook(api, vendorA, { type: 'authorization.credited', data: { authorizationId: vra.id } }, uniq('w-'))).status).toBe(400);
  expect((await vraOf(item)).status).toBe('DISPATCHED');

  const id = uniq('w-');
  const applied = await signedWebhook(api, vendorA, body, id);
  expect(((await applied.json()) as any).results[0]).toMatchObject({ applied: true, reason: 'CLOSED' });
  expect(await (await signedWebhook(api, vendorA, body, id)).json()).toEqual({ duplicate: true });
  const after = await vraOf(item);
  expect(after).toMatchObject({ status: 'CLOSED', creditReference: 'CN-W1', creditedAmount: { amount: '66.00' }, creditDifference: { amount: '0.00' } });
  expect(after.events.filter((e: any) => e.type === 'CREDIT_CONFIRMED')).toHaveLength(1);
});
