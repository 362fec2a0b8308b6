import { startTestApi, type TestApi } from '../support/harness';
import { APPROVE, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutate, mutateOk, orderInput, returnState, uniq, signedWebhook } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// Refurbishment end to end: REFURBISH disposition → job routed to the best vendor and dispatched by the worker to a
// loopback refurbisher → the vendor reports through its API key or signed webhooks → grades, decisions, re-routing,
// recycling, overdue flags; vendors never see or touch each other's jobs.
let api: TestApi;
let cheap: PartnerServer;
let pricey: PartnerServer;
let admin: string;
let operator: string;
let customer: string;
type Vendor = { id: string; secret: string; key: string };
const vendors: Record<'cheap' | 'pricey', Vendor> = {} as never;

const JOB = `id status sku category overdue slaDueAt operatorDecision cosmeticGrade functionalGrade batteryHealthPct partsReplaced
  sanitizationCertificateRef quote { amount currencyCode } cost { amount currencyCode } partner { id name } events { type actor data }`;
const JOBS = `query($filter: RefurbishmentJobFilter) { refurbishmentJobs(first: 50, filter: $filter) { edges { node { ${JOB} } } pageInfo { hasNextPage } } }`;
const UPDATE = `mutation($input: UpdateRefurbishmentJobInput!) { updateRefurbishmentJob(input: $input) { job { ${JOB} } userErrors { code message field } } }`;
const DECIDE = `mutation($input: DecideRefurbishmentInput!) { decideRefurbishment(input: $input) { job { ${JOB} } userErrors { code message field } } }`;

async function createVendor(name: string, endpoint: string, settings: Record<string, unknown>, capacity: number, categories = ['electronics']): Promise<Vendor> {
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code message } } }`,
    { input: { kind: 'REFURBISHER', name, adapter: 'boomerang-refurbisher-v1', endpoint, settings, capabilities: { categories, capacity } } }, admin);
  expect(res.data.createPartner.userErrors).toEqual([]);
  const id = res.data.createPartner.partner.id;
  const key = await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret userErrors { code } } }`, { input: { partnerId: id } }, admin);
  return { id, secret: res.data.createPartner.signingSecret, key: key.data.createPartnerApiKey.secret };
}

beforeAll(async () => {
  cheap = await new PartnerServer().start();
  pricey = await new PartnerServer().start();
  cheap.fallback = { status: 201, body: JSON.stringify({ vendorReference: 'CHEAP-1' }) };
  pricey.fallback = { status: 201, body: JSON.stringify({ vendorReference: 'PRICEY-1' }) };
  api = await startTestApi({ INTEGRATION_MAX_ATTEMPTS: '2', REFURB_OVERDUE_SWEEP_MS: '300' });
  admin = await api.token('ADMIN', 'admin');
  operator = await api.token('OPERATOR', 'op');
  customer = await api.token('CUSTOMER', 'cust-a');
  // Cheap and fast, but its SLA is a blink (for the overdue test); pricey has the larger capacity.
  vendors.cheap = await createVendor('CheapFix', cheap.url, { costPerUnit: 25, turnaroundDays: 4, slaDays: 0.00003 }, 10);
  vendors.pricey = await createVendor('PriceyFix', pricey.url, { costPerUnit: 90, turnaroundDays: 6 }, 50);
  const policy = await api.gql(`mutation { upsertReturnPolicy(input: { windowDays: 30, refurbAutoApproveLimit: 50 }) { policy { refurbAutoApproveLimit } userErrors { code } } }`, {}, admin);
  expect(policy.data.upsertReturnPolicy.policy.refurbAutoApproveLimit).toBe(50);
});

afterAll(async () => {
  await api?.stop();
  await cheap?.stop();
  await pricey?.stop();
});

/** A damaged, refurbishable unit of `category`, inspected and sent to REFURBISH; returns its return and item ids. */
async function refurbishUnit(category = 'electronics') {
  const [order] = await importOrders(api, [orderInput({
    lines: [{ sku: uniq('PHN-'), name: 'Phone X', category, quantity: 1, unitPrice: '499.00', weightGrams: 200, refurbishable: true }],
  })]);
  const ret = await mutateOk(api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'DEFECTIVE' }] }, customer);
  const itemId = ret.items[0].id;
  await mutateOk(api, APPROVE, { returnId: ret.id }, operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: itemId, quantity: 1 }] }, operator);
  await mutateOk(api, INSPECT, { returnItemId: itemId, grade: 'DAMAGED', cosmeticGrade: 'LIGHT_WEAR', functionalGrade: 'NOT_WORKING', notes: 'No picture' }, operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: itemId, disposition: 'REFURBISH', reason: 'screen repair is worth it' }, operator);
  return { returnId: ret.id as string, itemId: itemId as string };
}

async function jobOf(itemId: string, token = operator) {
  const res = await api.gql(JOBS, { filter: { returnItemId: itemId } }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.refurbishmentJobs.edges[0]?.node ?? null;
}

const dispatched = (itemId: string) => eventually(async () => {
  const job = await jobOf(itemId);
  return job?.status === 'DISPATCHED' ? job : null;
});

async function report(vendor: Vendor, input: Record<string, unknown>) {
  return mutate(api, UPDATE, input, vendor.key);
}

async function reportOk(vendor: Vendor, input: Record<string, unknown>) {
  const payload = await report(vendor, input);
  expect(payload.userErrors).toEqual([]);
  return payload.job;
}


const COMPLETE = { cost: { amount: '31.50', currencyCode: 'EUR' }, cosmeticGrade: 'B', functionalGrade: 'FULLY_FUNCTIONAL', batteryHealthPct: 88, partsReplaced: ['screen', 'battery'] };

test('dispatched to the best-scoring vendor; quote under the limit proceeds; completion records grades and certificate', async () => {
  const { itemId } = await refurbishUnit();
  const job = await dispatched(itemId);
  expect(job.partner.name).toBe('CheapFix');
  expect(job.slaDueAt).not.toBeNull();
  const call = cheap.calls.find((c) => c.path === '/jobs' && JSON.parse(c.body).jobId === job.id)!;
  expect(call.headers['idempotency-key']).toBe(job.id);
  expect(JSON.parse(call.body)).toMatchObject({
    category: 'electronics', conditionGrade: 'DAMAGED', cosmeticGrade: 'LIGHT_WEAR', functionalGrade: 'NOT_WORKING', inspectionNotes: 'No picture',
    returnReason: 'DEFECTIVE', dataBearing: true, currencyCode: 'EUR',
  });
  expect(pricey.calls.filter((c) => c.path === '/jobs')).toHaveLength(0);

  await reportOk(vendors.cheap, { jobId: job.id, status: 'ACCEPTED' });
  const diagnosed = await reportOk(vendors.cheap, { jobId: job.id, status: 'DIAGNOSED', quote: { amount: '30.00', currencyCode: 'EUR' } });
  expect(diagnosed).toMatchObject({ status: 'DIAGNOSED', operatorDecision: 'REPAIR', quote: { amount: '30.00', currencyCode: 'EUR' } });
  // The vendor is told to go ahead.
  await eventually(async () => cheap.calls.find((c) => c.path === `/jobs/${encodeURIComponent(job.id)}/decision`));
  await reportOk(vendors.cheap, { jobId: job.id, status: 'IN_REPAIR' });
  const incomplete = await report(vendors.cheap, { jobId: job.id, status: 'COMPLETED', ...COMPLETE });
  expect(incomplete.userErrors).toEqual([expect.objectContaining({ code: 'INCOMPLETE_REPORT', field: ['sanitizationCertificateRef'] })]);
  const done = await reportOk(vendors.cheap, { jobId: job.id, status: 'COMPLETED', ...COMPLETE, sanitizationCertificateRef: 'SAN-2026-001' });
  expect(done).toMatchObject({
    status: 'COMPLETED', cosmeticGrade: 'B', functionalGrade: 'FULLY_FUNCTIONAL', batteryHealthPct: 88, partsReplaced: ['screen', 'battery'],
    sanitizationCertificateRef: 'SAN-2026-001', cost: { amount: '31.50', currencyCode: 'EUR' },
  });
  expect(done.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['JOB_CREATED', 'ROUTED', 'DISPATCHED', 'ACCEPTED', 'DIAGNOSED', 'REPAIR_AUTO_APPROVED', 'IN_REPAIR', 'COMPLETED']));
  // Finished: no going back.
  expect((await report(vendors.cheap, { jobId: job.id, status: 'IN_REPAIR' })).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
});

test('a quote above the limit waits for the operator: repair needs approval; RECYCLE closes the job and recycles the unit', async () => {
  const a = await refurbishUnit();
  const b = await refurbishUnit();
  for (const unit of [a, b]) {
    const job = await dispatched(unit.itemId);
    await reportOk(vendors.cheap, { jobId: job.id, status: 'ACCEPTED' });
    const diagnosed = await reportOk(vendors.cheap, { jobId: job.id, status: 'DIAGNOSED', quote: { amount: '120.00', currencyCode: 'EUR' } });
    expect(diagnosed.operatorDecision).toBeNull();
    expect(diagnosed.events.map((e: any) => e.type)).toContain('DECISION_REQUIRED');
    expect((await report(vendors.cheap, { jobId: job.id, status: 'IN_REPAIR' })).userErrors[0].code).toBe('REPAIR_NOT_APPROVED');
  }
  const jobA = await jobOf(a.itemId);
  const repaired = await mutate(api, DECIDE, { jobId: jobA.id, decision: 'REPAIR' }, operator);
  expect(repaired.job.operatorDecision).toBe('REPAIR');
  expect((await mutate(api, DECIDE, { jobId: jobA.id, decision: 'RECYCLE' }, operator)).userErrors[0].code).toBe('DECISION_NOT_PENDING');
  await reportOk(vendors.cheap, { jobId: jobA.id, status: 'IN_REPAIR' });

  const jobB = await jobOf(b.itemId);
  const recycled = await mutate(api, DECIDE, { jobId: jobB.id, decision: 'RECYCLE', reason: 'repair costs more than resale' }, operator);
  expect(recycled.job.status).toBe('CLOSED');
  const ret = await returnState(api, b.returnId);
  expect(ret.items[0].disposition).toBe('RECYCLE');
  expect(ret.events.filter((e: any) => e.type === 'DISPOSITION_SET').map((e: any) => e.data.disposition)).toEqual(['REFURBISH', 'RECYCLE']);
  // Partners cannot decide.
  expect((await api.gql(DECIDE, { input: { jobId: jobB.id, decision: 'REPAIR' } }, vendors.cheap.key)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('isolation: another vendor neither sees nor updates the job; forged, stale and replayed webhooks change nothing', async () => {
  const { itemId } = await refurbishUnit();
  const job = await dispatched(itemId);
  const theirs = await api.gql(JOBS, {}, vendors.pricey.key);
  expect(theirs.data.refurbishmentJobs.edges.map((e: any) => e.node.id)).not.toContain(job.id);
  expect((await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: job.id }, vendors.pricey.key)).data.node).toBeNull();
  expect((await report(vendors.pricey, { jobId: job.id, status: 'ACCEPTED' })).userErrors[0].code).toBe('NOT_FOUND');
  // The owner sees it.
  expect((await api.gql(JOBS, {}, vendors.cheap.key)).data.refurbishmentJobs.edges.map((e: any) => e.node.id)).toContain(job.id);

  const accept = { type: 'job.accepted', data: { jobId: job.id, occurredAt: new Date().toISOString() } };
  expect((await signedWebhook(api, { ...vendors.cheap, secret: vendors.pricey.secret }, accept, uniq('w-'))).status).toBe(401);
  expect((await signedWebhook(api, vendors.cheap, accept, uniq('w-'), new Date(Date.now() - 10 * 60_000))).status).toBe(401);
  // Pricey, correctly signed, about cheap's job: received but not applied.
  const foreign = await signedWebhook(api, vendors.pricey, accept, uniq('w-'));
  expect(foreign.status).toBe(200);
  expect(((await foreign.json()) as any).results[0]).toMatchObject({ applied: false, reason: 'NOT_FOUND' });
  expect((await jobOf(itemId)).status).toBe('DISPATCHED');

  const id = uniq('w-');
  expect((await signedWebhook(api, vendors.cheap, accept, id)).status).toBe(200);
  expect((await jobOf(itemId)).status).toBe('ACCEPTED');
  const diagnose = { type: 'job.diagnosed', data: { jobId: job.id, occurredAt: new Date().toISOString(), quote: { amount: '10.00', currencyCode: 'EUR' } } };
  expect((await signedWebhook(api, vendors.cheap, diagnose, uniq('w-'))).status).toBe(200);
  // A webhook is held to the API's length limits: an oversized report is refused and changes nothing.
  const huge = { type: 'job.in_repair', data: { jobId: job.id, occurredAt: new Date().toISOString(), notes: 'x'.repeat(2001) } };
  const refused = await signedWebhook(api, vendors.cheap, huge, uniq('w-'));
  expect(((await refused.json()) as any).results[0]).toMatchObject({ applied: false, reason: 'INVALID_REPORT' });
  // A replay of the accepted event is a duplicate and changes nothing.
  expect(await (await signedWebhook(api, vendors.cheap, accept, id)).json()).toEqual({ duplicate: true });
  const after = await jobOf(itemId);
  expect(after.status).toBe('DIAGNOSED');
  expect(after.events.filter((e: any) => e.type === 'ACCEPTED')).toHaveLength(1);
});

test('a rejection re-routes the job to the next vendor', async () => {
  const { itemId } = await refurbishUnit();
  const job = await dispatched(itemId);
  expect(job.partner.name).toBe('CheapFix');
  expect((await signedWebhook(api, vendors.cheap, { type: 'job.rejected', data: { jobId: job.id, occurredAt: new Date().toISOString(), notes: 'no parts' } }, uniq('w-'))).status).toBe(200);
  const moved = await eventually(async () => {
    const j = await jobOf(itemId);
    return j.status === 'DISPATCHED' && j.partner?.name === 'PriceyFix' ? j : null;
  });
  expect(moved.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['REJECTED', 'ROUTED', 'DISPATCHED']));
  expect(pricey.calls.some((c) => c.path === '/jobs' && JSON.parse(c.body).jobId === job.id)).toBe(true);
  // The old vendor lost it.
  expect((await report(vendors.cheap, { jobId: job.id, status: 'ACCEPTED' })).userErrors[0].code).toBe('NOT_FOUND');
  await reportOk(vendors.pricey, { jobId: job.id, status: 'ACCEPTED' });
});

test('unrepairable sends the unit to recycling', async () => {
  const { itemId, returnId } = await refurbishUnit();
  const job = await dispatched(itemId);
  await reportOk(vendors.cheap, { jobId: job.id, status: 'ACCEPTED' });
  const failed = await reportOk(vendors.cheap, { jobId: job.id, status: 'UNREPAIRABLE', notes: 'logic board dead' });
  expect(failed.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['UNREPAIRABLE', 'SENT_TO_RECYCLING']));
  const ret = await returnState(api, returnId);
  expect(ret.items[0].disposition).toBe('RECYCLE');
  // The unit joins a recycling lot (no recycler is registered here: the lot waits without one).
  const lots = await api.gql(`{ recyclingLots(first: 50) { edges { node { status partner { id } materialStream units { returnItem { id } } } } } }`, {}, operator);
  const lot = lots.data.recyclingLots.edges.map((e: any) => e.node).find((l: any) => l.units.some((u: any) => u.returnItem.id === itemId));
  expect(lot).toMatchObject({ status: 'OPEN', partner: null, materialStream: 'WEEE' });
});

test('no vendor handles the category: the job waits, CREATED, with the reason in its history', async () => {
  const { itemId } = await refurbishUnit('cameras');
  const job = await jobOf(itemId);
  expect(job).toMatchObject({ status: 'CREATED', partner: null });
  expect(job.events.find((e: any) => e.type === 'NO_REFURBISHER_AVAILABLE').data.reason).toMatch(/cameras/);
});

test('jobs past the vendor SLA are flagged overdue once, by the scheduled sweep', async () => {
  const { itemId } = await refurbishUnit();
  await dispatched(itemId);
  const flagged = await eventually(async () => {
    const j = await jobOf(itemId);
    return j.overdue ? j : null;
  });
  await new Promise((r) => setTimeout(r, 1000));
  const later = await jobOf(itemId);
  expect(later.events.filter((e: any) => e.type === 'OVERDUE')).toHaveLength(1);
  expect(flagged.events.find((e: any) => e.type === 'OVERDUE').actor).toBe('system');
  expect((await api.gql(JOBS, { filter: { overdue: true } }, operator)).data.refurbishmentJobs.edges.map((e: any) => e.node.id)).toContain(later.id);
});
