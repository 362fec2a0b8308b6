import { eq } from 'drizzle-orm';
import { products } from '../../src/db/schema';
import { decodeGlobalId } from '../../src/domain/ids';
import { startTestApi, type TestApi } from '../support/harness';
import { APPROVE, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutate, mutateOk, orderInput, uniq } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// Return to vendor when things go wrong or come late: a vendor refusing the dispatch (4xx → DEAD at once, visible to
// admins, retried by retryIntegrationJob), a vendor failing for a while (5xx → retried), VRAs waiting for a vendor handed
// to one registered later by the scheduled sweep, and a product's supplier (and other attributes) given by a later
// import — which also lets a VRA waiting for lack of a supplier go out.
let api: TestApi;
let server: PartnerServer;
let admin: string;
let operator: string;
let customer: string;

const VRA = `id status supplier vendorReference partner { id name } expectedCredit { amount } units { returnItem { id } } events { type data }`;
const VRAS = `query { vendorReturnAuthorizations(first: 100) { edges { node { ${VRA} } } } }`;
const DISPATCH = `mutation($input: DispatchVendorReturnInput!) { dispatchVendorReturn(input: $input) { authorization { ${VRA} } userErrors { code message field } } }`;
const JOBS = `query($filter: IntegrationJobFilter) { integrationJobs(first: 50, filter: $filter) { edges { node { id type status attempts lastError payload } } } }`;
const RETRY = `mutation($id: ID!) { retryIntegrationJob(input: { jobId: $id }) { job { status attempts } userErrors { code } } }`;

async function createVendor(name: string, suppliers: string[]): Promise<string> {
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code message } } }`,
    { input: { kind: 'VENDOR', name, adapter: 'boomerang-vendor-v1', endpoint: server.url, capabilities: { suppliers } } }, admin);
  expect(res.data.createPartner.userErrors).toEqual([]);
  return res.data.createPartner.partner.id;
}

beforeAll(async () => {
  server = await new PartnerServer().start();
  server.fallback = { status: 201, body: JSON.stringify({ vendorReference: 'RMA-OK' }) };
  api = await startTestApi({ INTEGRATION_MAX_ATTEMPTS: '3', REFURB_OVERDUE_SWEEP_MS: '300' });
  admin = await api.token('ADMIN', 'admin');
  operator = await api.token('OPERATOR', 'op');
  customer = await api.token('CUSTOMER', 'cust-a');
});

afterAll(async () => {
  await api?.stop();
  await server?.stop();
});

type Line = { sku?: string; supplier?: string | null; vendorReturnable?: boolean | null };

/** One DEFECTIVE unit of a line, received, inspected and given `disposition` (RETURN_TO_VENDOR unless said); its item id. */
async function returned(line: Line, disposition = 'RETURN_TO_VENDOR'): Promise<{ itemId: string; recommended: string }> {
  const [order] = await importOrders(api, [orderInput({
    lines: [{ sku: line.sku ?? uniq('V-'), name: 'Headphones', category: 'electronics', quantity: 1, unitPrice: '50.00', weightGrams: 300, vendorReturnable: 'vendorReturnable' in line ? line.vendorReturnable : true, supplier: line.supplier }],
  })]);
  const ret = await mutateOk(api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'DEFECTIVE' }] }, customer);
  const itemId = ret.items[0].id as string;
  await mutateOk(api, APPROVE, { returnId: ret.id }, operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: itemId, quantity: 1 }] }, operator);
  const inspected = await mutate(api, `mutation($input: InspectReturnItemInput!) { inspectReturnItem(input: $input) { item { recommendedDisposition { disposition } } userErrors { code } } }`,
    { returnItemId: itemId, grade: 'DAMAGED' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: itemId, disposition, reason: 'test' }, operator);
  return { itemId, recommended: inspected.item.recommendedDisposition.disposition };
}

async function vraOf(itemId: string) {
  const res = await api.gql(VRAS, {}, operator);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.vendorReturnAuthorizations.edges.map((e: any) => e.node).find((v: any) => v.units.some((u: any) => u.returnItem?.id === itemId));
}

async function dispatchJobsOf(vraId: string) {
  const res = await api.gql(JOBS, { filter: { type: 'vendor-return.dispatch' } }, admin);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const rawId = decodeGlobalId(vraId)!.id;
  return res.data.integrationJobs.edges.map((e: any) => e.node).filter((j: any) => j.payload.vendorReturnAuthorizationId === rawId);
}

const callsFor = (vraId: string) => server.calls.filter((c) => c.path === '/authorizations' && JSON.parse(c.body).authorizationId === vraId);

test('a vendor refusing the dispatch (4xx): the job is DEAD at once with the error, the VRA stays OPEN; an admin\'s retry hands it over', async () => {
  await createVendor('Refusing Desk', ['Refusco']);
  const { itemId } = await returned({ supplier: 'Refusco' });
  const vra = await vraOf(itemId);
  server.next({ status: 422, body: '{"error":"unknown supplier account"}' });
  expect((await mutate(api, DISPATCH, { authorizationId: vra.id }, operator)).userErrors).toEqual([]);

  const [dead] = await eventually(async () => {
    const jobs = await dispatchJobsOf(vra.id);
    return jobs[0]?.status === 'DEAD' ? jobs : null;
  });
  expect(dead).toMatchObject({ attempts: 1, lastError: expect.stringContaining('422') });
  expect(callsFor(vra.id)).toHaveLength(1);
  const failed = await eventually(async () => {
    const v = await vraOf(itemId);
    return v.events.some((e: any) => e.type === 'DISPATCH_FAILED') ? v : null;
  });
  expect(failed.status).toBe('OPEN');
  // Only admins see and retry integration jobs.
  expect((await api.gql(JOBS, {}, operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await api.gql(RETRY, { id: dead.id }, operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

  // The vendor fixed its side; the admin retries the DEAD job: it claims the VRA again and hands it over.
  const retried = await api.gql(RETRY, { id: dead.id }, admin);
  expect(retried.data.retryIntegrationJob).toEqual({ job: { status: 'PENDING', attempts: 0 }, userErrors: [] });
  const dispatched = await eventually(async () => {
    const v = await vraOf(itemId);
    return v.status === 'DISPATCHED' ? v : null;
  });
  expect(dispatched.vendorReference).toBe('RMA-OK');
  const requests = dispatched.events.filter((e: any) => e.type === 'DISPATCH_REQUESTED');
  expect(requests).toHaveLength(2);
  expect(requests[1].data).toMatchObject({ retried: true, integrationJobId: decodeGlobalId(dead.id)!.id });
  // Same integration job, same Idempotency-Key at the vendor.
  expect(new Set(callsFor(vra.id).map((c) => c.headers['idempotency-key'])).size).toBe(1);
  expect((await dispatchJobsOf(vra.id)).map((j: any) => j.status)).toEqual(['SUCCEEDED']);
});

test('after a failed dispatch the operator may dispatch again; retrying the old DEAD job then does nothing', async () => {
  await createVendor('Flaky Desk', ['Flakeco']);
  const { itemId } = await returned({ supplier: 'Flakeco' });
  const vra = await vraOf(itemId);
  server.next({ status: 400, body: '{"error":"bad request"}' });
  await mutate(api, DISPATCH, { authorizationId: vra.id }, operator);
  const [dead] = await eventually(async () => {
    const jobs = await dispatchJobsOf(vra.id);
    return jobs[0]?.status === 'DEAD' ? jobs : null;
  });
  await eventually(async () => ((await vraOf(itemId)).events.some((e: any) => e.type === 'DISPATCH_FAILED') ? true : null));
  expect((await mutate(api, DISPATCH, { authorizationId: vra.id }, operator)).userErrors).toEqual([]);
  await eventually(async () => ((await vraOf(itemId)).status === 'DISPATCHED' ? true : null));
  await api.gql(RETRY, { id: dead.id }, admin);
  await eventually(async () => ((await dispatchJobsOf(vra.id)).every((j: any) => j.status === 'SUCCEEDED') ? true : null));
  // Two calls in all (the refused one and the operator's); the retried job found the VRA dispatched and skipped.
  expect(callsFor(vra.id)).toHaveLength(2);
  expect((await vraOf(itemId)).events.filter((e: any) => e.type === 'DISPATCHED')).toHaveLength(1);
});

test('a vendor failing for a while (5xx) is retried with the same key until it answers', async () => {
  await createVendor('Busy Desk', ['Busyco']);
  const { itemId } = await returned({ supplier: 'Busyco' });
  const vra = await vraOf(itemId);
  server.next({ status: 503 }, { status: 500 });
  await mutate(api, DISPATCH, { authorizationId: vra.id }, operator);
  const done = await eventually(async () => {
    const v = await vraOf(itemId);
    return v.status === 'DISPATCHED' ? v : null;
  });
  expect(done.events.some((e: any) => e.type === 'DISPATCH_FAILED')).toBe(false);
  const calls = callsFor(vra.id);
  expect(calls).toHaveLength(3);
  expect(new Set(calls.map((c) => c.headers['idempotency-key'])).size).toBe(1);
  expect((await dispatchJobsOf(vra.id))[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 3 });
});

test('a VRA waiting for a vendor is handed to one registered later by the scheduled sweep, then dispatched', async () => {
  const { itemId } = await returned({ supplier: 'Latecomer Audio' });
  const waiting = await vraOf(itemId);
  expect(waiting).toMatchObject({ status: 'OPEN', partner: null, supplier: 'Latecomer Audio' });
  expect((await mutate(api, DISPATCH, { authorizationId: waiting.id }, operator)).userErrors[0].code).toBe('NO_VENDOR');

  const vendorId = await createVendor('Latecomer Desk', [' latecomer AUDIO']);
  const assigned = await eventually(async () => {
    const v = await vraOf(itemId);
    return v.partner?.id === vendorId ? v : null;
  });
  expect(assigned.events.find((e: any) => e.type === 'VENDOR_ASSIGNED').data).toMatchObject({ supplier: 'Latecomer Audio' });
  expect(assigned.status).toBe('OPEN');
  // It keeps its units and goes as it is; a new unit of that supplier starts the vendor's regular VRA.
  const { itemId: later } = await returned({ supplier: 'Latecomer Audio' });
  expect((await vraOf(later)).id).not.toBe(waiting.id);
  expect((await mutate(api, DISPATCH, { authorizationId: waiting.id }, operator)).userErrors).toEqual([]);
  await eventually(async () => ((await vraOf(itemId)).status === 'DISPATCHED' ? true : null));
});

test('a later import that gives a product\'s supplier and flags updates the product; one that leaves them out changes nothing', async () => {
  const sku = uniq('SUP-');
  const product = async () => (await api.app.database.db.select().from(products).where(eq(products.sku, sku)))[0];
  // First seen without a supplier and not vendor-returnable: the unit is not recommended for return to vendor.
  const first = await returned({ sku, supplier: null, vendorReturnable: null }, 'RETURN_TO_VENDOR');
  expect(first.recommended).not.toBe('RETURN_TO_VENDOR');
  expect(await product()).toMatchObject({ supplier: null, vendorReturnable: false, refurbishable: false, recyclable: true });
  const waiting = await vraOf(first.itemId);
  expect(waiting).toMatchObject({ partner: null, supplier: null });
  expect(waiting.events.find((e: any) => e.type === 'NO_VENDOR_AVAILABLE').data.reason).toMatch(/no supplier/);

  // The merchant's next import names the supplier and marks the product vendor-returnable.
  const vendorId = await createVendor('Supplied Desk', ['Supplied Goods']);
  const second = await returned({ sku, supplier: ' Supplied Goods ', vendorReturnable: true });
  expect(await product()).toMatchObject({ supplier: 'Supplied Goods', vendorReturnable: true });
  expect(second.recommended).toBe('RETURN_TO_VENDOR');
  expect(await vraOf(second.itemId)).toMatchObject({ supplier: 'Supplied Goods', partner: { id: vendorId } });
  // The VRA that waited for lack of a supplier goes to that vendor too, with the supplier its products now have.
  const assigned = await eventually(async () => {
    const v = await vraOf(first.itemId);
    return v.partner?.id === vendorId ? v : null;
  });
  expect(assigned.supplier).toBe('Supplied Goods');

  // An import that leaves the attributes out keeps them; an explicit false updates.
  await importOrders(api, [orderInput({ lines: [{ sku, name: 'Headphones', category: 'electronics', quantity: 1, unitPrice: '50.00' }] })]);
  expect(await product()).toMatchObject({ supplier: 'Supplied Goods', vendorReturnable: true, weightGrams: 300 });
  await importOrders(api, [orderInput({ lines: [{ sku, name: 'Headphones', category: 'electronics', quantity: 1, unitPrice: '50.00', vendorReturnable: false, refurbishable: true, supplier: 'Other Goods' }] })]);
  expect(await product()).toMatchObject({ supplier: 'Other Goods', vendorReturnable: false, refurbishable: true, recyclable: true });
});
