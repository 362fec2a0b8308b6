import { startTestApi, type TestApi } from '../support/harness';
import { APPROVE, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutate, mutateOk, orderInput, uniq, signedWebhook } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// Recycling end to end: RECYCLE dispositions → units batched into a lot per recycler and material stream → an operator
// dispatches it, the worker hands it to a loopback recycler → the recycler reports (API key or signed webhook) → the
// report is checked: a good one closes the lot, a doubtful one waits for an operator. Recyclers never touch each
// other's lots; forged and replayed webhooks change nothing.
let api: TestApi;
let serverA: PartnerServer;
let serverB: PartnerServer;
let admin: string;
let operator: string;
let customer: string;
type Recycler = { id: string; secret: string; key: string };
let recyclerA: Recycler;
let recyclerB: Recycler;

const LOT = `id status materialStream weeeCategory declaredWeightKg reportedWeightKg certificateNumber dataDestructionCertificate
  reviewReasons reviewNote dataBearing partner { id name } materials { material weightKg route }
  units { sku category units weightKg returnItem { id } } events { type actor data }`;
const LOTS = `query($filter: RecyclingLotFilter) { recyclingLots(first: 50, filter: $filter) { edges { node { ${LOT} } } pageInfo { hasNextPage } } }`;
const REPORT = `mutation($input: ReportRecyclingLotInput!) { reportRecyclingLot(input: $input) { lot { ${LOT} } userErrors { code message field } } }`;
const DISPATCH = `mutation($input: DispatchRecyclingLotInput!) { dispatchRecyclingLot(input: $input) { lot { ${LOT} } userErrors { code message field } } }`;
const REVIEW = `mutation($input: ReviewRecyclingLotInput!) { reviewRecyclingLot(input: $input) { lot { ${LOT} } userErrors { code message field } } }`;

async function createRecycler(name: string, endpoint: string, categories: string[]): Promise<Recycler> {
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code message } } }`,
    { input: { kind: 'RECYCLER', name, adapter: 'boomerang-recycler-v1', endpoint, capabilities: { categories } } }, admin);
  expect(res.data.createPartner.userErrors).toEqual([]);
  const id = res.data.createPartner.partner.id;
  const key = await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret userErrors { code } } }`, { input: { partnerId: id } }, admin);
  return { id, secret: res.data.createPartner.signingSecret, key: key.data.createPartnerApiKey.secret };
}

beforeAll(async () => {
  serverA = await new PartnerServer().start();
  serverB = await new PartnerServer().start();
  serverA.fallback = { status: 201, body: JSON.stringify({ recyclerReference: 'REC-A-1' }) };
  serverB.fallback = { status: 201, body: JSON.stringify({ recyclerReference: 'REC-B-1' }) };
  api = await startTestApi({ INTEGRATION_MAX_ATTEMPTS: '2', REFURB_OVERDUE_SWEEP_MS: '300' });
  admin = await api.token('ADMIN', 'admin');
  operator = await api.token('OPERATOR', 'op');
  customer = await api.token('CUSTOMER', 'cust-a');
  recyclerA = await createRecycler('GreenCycle', serverA.url, ['footwear', 'apparel', 'electronics']);
  recyclerB = await createRecycler('OtherCycle', serverB.url, ['furniture']);
});

afterAll(async () => {
  await api?.stop();
  await serverA?.stop();
  await serverB?.stop();
});

type Line = { category: string; weightGrams: number | null; quantity?: number };

/** One order with these lines, returned, received, inspected as unsalvageable and sent to RECYCLE; the item ids. */
async function recycle(lines: Line[]): Promise<string[]> {
  const [order] = await importOrders(api, [orderInput({
    lines: lines.map((l, i) => ({ sku: uniq(`R${i}-`), name: `${l.category} item`, category: l.category, quantity: l.quantity ?? 1, unitPrice: '20.00', weightGrams: l.weightGrams })),
  })]);
  const ret = await mutateOk(api, REQUEST, {
    orderId: order.id, items: order.lines.map((line: any) => ({ orderLineId: line.id, quantity: line.quantity, reason: 'DEFECTIVE' })),
  }, customer);
  await mutateOk(api, APPROVE, { returnId: ret.id }, operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: ret.items.map((it: any) => ({ returnItemId: it.id, quantity: it.quantity })) }, operator);
  for (const it of ret.items) {
    await mutateOk(api, INSPECT, { returnItemId: it.id, grade: 'UNSALVAGEABLE' }, operator);
    await mutateOk(api, SET_DISPOSITION, { returnItemId: it.id, disposition: 'RECYCLE', reason: 'beyond repair' }, operator);
  }
  return ret.items.map((it: any) => it.id as string);
}

async function lotOf(itemId: string, token = operator) {
  const res = await api.gql(LOTS, {}, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.recyclingLots.edges.map((e: any) => e.node).find((l: any) => l.units.some((u: any) => u.returnItem?.id === itemId)) ?? null;
}

/** Dispatches the item's lot and waits until the recycler has acknowledged it. */
async function dispatchLotOf(itemId: string) {
  const lot = await lotOf(itemId);
  const payload = await mutate(api, DISPATCH, { lotId: lot.id }, operator);
  expect(payload.userErrors).toEqual([]);
  return eventually(async () => {
    const l = await lotOf(itemId);
    return l.status === 'DISPATCHED' ? l : null;
  });
}


// Footwear 0.9 kg + apparel 0.4 kg = 1.3 kg declared; a realistic split of that.
const TEXTILE_REPORT = [
  { material: 'TEXTILES', weightKg: 0.75, route: 'RECYCLING' },
  { material: 'PLASTICS', weightKg: 0.45, route: 'ENERGY_RECOVERY' },
  { material: 'OTHER', weightKg: 0.1, route: 'DISPOSAL' },
];

test('two RECYCLE items form one lot; dispatched to the recycler; a plausible report within tolerance closes it', async () => {
  const [shoe, shirt] = await recycle([{ category: 'footwear', weightGrams: 900 }, { category: 'apparel', weightGrams: 400 }]);
  const lot = await lotOf(shoe);
  expect(lot).toMatchObject({ status: 'OPEN', materialStream: 'TEXTILES', weeeCategory: null, declaredWeightKg: 1.3, dataBearing: false, partner: { name: 'GreenCycle' } });
  expect(lot.units.map((u: any) => u.returnItem.id).sort()).toEqual([shoe, shirt].sort());

  const dispatched = await dispatchLotOf(shoe);
  const call = serverA.calls.find((c) => c.path === '/lots' && JSON.parse(c.body).lotId === lot.id)!;
  expect(call.headers['idempotency-key']).toBeTruthy();
  expect(JSON.parse(call.body)).toMatchObject({ materialStream: 'TEXTILES', declaredWeightKg: 1.3, dataBearing: false, units: expect.arrayContaining([expect.objectContaining({ category: 'footwear', units: 1, weightKg: 0.9 })]) });
  expect(dispatched.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['LOT_CREATED', 'UNITS_ADDED', 'DISPATCH_REQUESTED', 'DISPATCHED']));
  // Closed for filling: a new RECYCLE unit starts a new lot.
  const [later] = await recycle([{ category: 'footwear', weightGrams: 900 }]);
  expect((await lotOf(later)).id).not.toBe(lot.id);

  const reported = await mutate(api, REPORT, { lotId: lot.id, certificateNumber: 'CERT-001', materials: TEXTILE_REPORT }, recyclerA.key);
  expect(reported.userErrors).toEqual([]);
  expect(reported.lot).toMatchObject({ status: 'CLOSED', reportedWeightKg: 1.3, certificateNumber: 'CERT-001', reviewReasons: [] });
  expect(reported.lot.materials).toHaveLength(3);
  expect(reported.lot.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['REPORTED', 'CLOSED']));
  // A closed lot takes no second report.
  expect((await mutate(api, REPORT, { lotId: lot.id, certificateNumber: 'CERT-002', materials: TEXTILE_REPORT }, recyclerA.key)).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  // Operators only dispatch and review.
  expect((await api.gql(DISPATCH, { input: { lotId: lot.id } }, recyclerA.key)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('a report 25 % off the declared weight, or with implausible fractions, needs review; the operator accepts it', async () => {
  const [light] = await recycle([{ category: 'footwear', weightGrams: 1000, quantity: 2 }]);
  const lot = await dispatchLotOf(light);
  // 2 × 1 kg, plus the 0.9 kg shoe that started this lot in the previous test.
  expect(lot.declaredWeightKg).toBe(2.9);
  const off = await mutate(api, REPORT, {
    lotId: lot.id, certificateNumber: 'CERT-010',
    materials: [{ material: 'PLASTICS', weightKg: 1.1, route: 'RECYCLING' }, { material: 'TEXTILES', weightKg: 0.76, route: 'RECYCLING' }, { material: 'OTHER', weightKg: 0.315, route: 'DISPOSAL' }],
  }, recyclerA.key);
  expect(off.lot.status).toBe('NEEDS_REVIEW');
  expect(off.lot.reviewReasons).toEqual([expect.stringMatching(/-25\.0 % off the declared 2\.9 kg/)]);
  expect((await mutate(api, REVIEW, { lotId: lot.id, accept: false }, operator)).userErrors[0].code).toBe('NOTE_REQUIRED');
  const accepted = await mutate(api, REVIEW, { lotId: lot.id, accept: true, note: 'soles were removed before shipping' }, operator);
  expect(accepted.lot).toMatchObject({ status: 'CLOSED', reviewNote: 'soles were removed before shipping' });
  expect(accepted.lot.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['REPORTED', 'NEEDS_REVIEW', 'REVIEW_ACCEPTED']));
  expect((await mutate(api, REVIEW, { lotId: lot.id, accept: true }, operator)).userErrors[0].code).toBe('REVIEW_NOT_PENDING');

  const [shirt] = await recycle([{ category: 'apparel', weightGrams: 500, quantity: 2 }]);
  const second = await dispatchLotOf(shirt);
  const glassy = await mutate(api, REPORT, {
    lotId: second.id, certificateNumber: 'CERT-011',
    materials: [{ material: 'TEXTILES', weightKg: 0.5, route: 'RECYCLING' }, { material: 'GLASS', weightKg: 0.5, route: 'RECYCLING' }],
  }, recyclerA.key);
  expect(glassy.lot.status).toBe('NEEDS_REVIEW');
  expect(glassy.lot.reviewReasons).toEqual([expect.stringMatching(/^GLASS is 50\.0 % .* not expected/)]);
});

test('isolation: another recycler neither sees nor reports on the lot; forged, stale and replayed webhooks change nothing', async () => {
  const [shoe] = await recycle([{ category: 'footwear', weightGrams: 900 }, { category: 'apparel', weightGrams: 400 }]);
  const lot = await dispatchLotOf(shoe);
  expect((await api.gql(LOTS, {}, recyclerB.key)).data.recyclingLots.edges.map((e: any) => e.node.id)).not.toContain(lot.id);
  expect((await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: lot.id }, recyclerB.key)).data.node).toBeNull();
  expect((await mutate(api, REPORT, { lotId: lot.id, certificateNumber: 'X', materials: TEXTILE_REPORT }, recyclerB.key)).userErrors[0].code).toBe('NOT_FOUND');
  // The owner sees it, without the customer's return data.
  const own = (await api.gql(LOTS, {}, recyclerA.key)).data.recyclingLots.edges.map((e: any) => e.node).find((l: any) => l.id === lot.id);
  expect(own.units[0].returnItem).toBeNull();

  const body = { type: 'lot.reported', data: { lotId: lot.id, occurredAt: new Date().toISOString(), certificateNumber: 'CERT-020', materials: TEXTILE_REPORT } };
  expect((await signedWebhook(api, { ...recyclerA, secret: recyclerB.secret }, body, uniq('w-'))).status).toBe(401);
  expect((await signedWebhook(api, recyclerA, body, uniq('w-'), new Date(Date.now() - 10 * 60_000))).status).toBe(401);
  const foreign = await signedWebhook(api, recyclerB, body, uniq('w-'));
  expect(foreign.status).toBe(200);
  expect(((await foreign.json()) as any).results[0]).toMatchObject({ applied: false, reason: 'NOT_FOUND' });
  expect((await signedWebhook(api, recyclerA, { type: 'lot.reported', data: { lotId: lot.id } }, uniq('w-'))).status).toBe(400);
  expect((await lotOf(shoe)).status).toBe('DISPATCHED');

  const id = uniq('w-');
  const applied = await signedWebhook(api, recyclerA, body, id);
  expect(((await applied.json()) as any).results[0]).toMatchObject({ applied: true, reason: 'CLOSED' });
  expect(await (await signedWebhook(api, recyclerA, body, id)).json()).toEqual({ duplicate: true });
  const after = await lotOf(shoe);
  expect(after).toMatchObject({ status: 'CLOSED', certificateNumber: 'CERT-020' });
  expect(after.events.filter((e: any) => e.type === 'REPORTED')).toHaveLength(1);
});

test('a data-bearing lot needs a data-destruction certificate; sent back, the recycler reports again', async () => {
  const [phone] = await recycle([{ category: 'electronics', weightGrams: 200, quantity: 2 }]);
  const lot = await dispatchLotOf(phone);
  expect(lot).toMatchObject({ materialStream: 'WEEE', weeeCategory: 5, dataBearing: true, declaredWeightKg: 0.4 });
  const materials = [
    { material: 'FERROUS', weightKg: 0.08, route: 'RECYCLING' }, { material: 'NON_FERROUS', weightKg: 0.05, route: 'RECYCLING' },
    { material: 'PLASTICS', weightKg: 0.12, route: 'ENERGY_RECOVERY' }, { material: 'CIRCUIT_BOARDS', weightKg: 0.04, route: 'RECYCLING' },
    { material: 'BATTERIES', weightKg: 0.04, route: 'RECYCLING' }, { material: 'GLASS', weightKg: 0.04, route: 'RECYCLING' },
    { material: 'OTHER', weightKg: 0.03, route: 'DISPOSAL' },
  ];
  const missing = await mutate(api, REPORT, { lotId: lot.id, certificateNumber: 'CERT-030', materials }, recyclerA.key);
  expect(missing.lot).toMatchObject({ status: 'NEEDS_REVIEW', reviewReasons: [expect.stringMatching(/data-destruction certificate is required/)] });
  const back = await mutate(api, REVIEW, { lotId: lot.id, accept: false, note: 'send the data-destruction certificate' }, operator);
  expect(back.lot.status).toBe('DISPATCHED');
  const again = await mutate(api, REPORT, { lotId: lot.id, certificateNumber: 'CERT-031', materials, dataDestructionCertificate: 'DD-2026-7' }, recyclerA.key);
  expect(again.lot).toMatchObject({ status: 'CLOSED', dataDestructionCertificate: 'DD-2026-7', reviewReasons: [], certificateNumber: 'CERT-031' });
  expect(again.lot.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['NEEDS_REVIEW', 'REPORT_SENT_BACK', 'CLOSED']));
});

test('no recycler handles the category: the lot waits without a partner and cannot be dispatched', async () => {
  const [toy] = await recycle([{ category: 'toys', weightGrams: 300 }]);
  const lot = await lotOf(toy);
  expect(lot).toMatchObject({ status: 'OPEN', partner: null, materialStream: 'MIXED' });
  expect(lot.events.find((e: any) => e.type === 'NO_RECYCLER_AVAILABLE').data.reason).toMatch(/toys/);
  expect((await mutate(api, DISPATCH, { lotId: lot.id }, operator)).userErrors[0].code).toBe('NO_RECYCLER');
  const bad = await mutate(api, REPORT, { lotId: lot.id, certificateNumber: 'C', materials: TEXTILE_REPORT }, recyclerA.key);
  expect(bad.userErrors[0].code).toBe('NOT_FOUND');

  // A recycler for toys registers later: the scheduled sweep gives it the waiting lot, which can then be dispatched.
  const toys = await createRecycler('ToyCycle', serverB.url, ['toys']);
  const assigned = await eventually(async () => {
    const l = await lotOf(toy);
    return l.partner?.id === toys.id ? l : null;
  });
  expect(assigned.events.map((e: any) => e.type)).toContain('RECYCLER_ASSIGNED');
  expect((await mutate(api, DISPATCH, { lotId: lot.id }, operator)).userErrors).toEqual([]);
});
