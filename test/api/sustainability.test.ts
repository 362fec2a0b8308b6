import { startTestApi, type TestApi } from '../support/harness';
import {
  APPROVE, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutate, mutateOk, orderInput, signedWebhook, uniq,
} from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// The sustainability report end to end: returns built through the API with every kind of disposition, a carrier
// booking scanned in transit, a refurbishment completed by its vendor and a recycling lot reported by its recycler →
// weight by GRI 306 route, landfill diversion (energy recovery not diverted), transport CO2e per method, CO2e avoided
// by reuse, packaging reuse, the CSV (GraphQL field and GET /reports/sustainability.csv), factor overrides, auth.
let api: TestApi;
let carrier: PartnerServer;
let recyclerServer: PartnerServer;
let refurbServer: PartnerServer;
let admin: string;
let operator: string;
let customer: string;
type Partner = { id: string; secret: string; key: string };
let carrierPartner: Partner;
let recycler: Partner;
let refurbisher: Partner;
const AMSTERDAM = { latitude: 52.3791, longitude: 4.898 };

const REPORT = `query($from: DateTime!, $to: DateTime!) { sustainabilityReport(from: $from, to: $to) {
  from to factorVersion totalKg divertedKg directedToDisposalKg pendingReportKg landfillDiversionRate units unitsWithoutWeight unitsAwaitingDisposition
  kgByRoute { route outcome kg dispositions { disposition kg units } materials { material treatmentRoute kg } }
  transportCo2eKg transportByMethod { method returns co2eKg }
  co2eAvoidedKg co2eAvoidedConservativeKg
  co2eAvoidedByCategory { category disposition units basis displacementRate embodiedKgCo2e refurbishmentKgCo2e logisticsKgCo2e co2eAvoidedKg co2eAvoidedConservativeKg }
  packagingAssessedReturns packagingReusableReturns packagingReuseRate csv } }`;
const FACTORS = `{ sustainabilityFactors { version createdBy overrides factors { table key value route unit source overridden } } }`;
const SET_FACTORS = `mutation($input: SetSustainabilityFactorsInput!) { setSustainabilityFactors(input: $input) {
  factorSet { version createdBy overrides } userErrors { code message field } } }`;

async function createPartner(kind: string, adapter: string, endpoint: string, name: string, extra: Record<string, unknown> = {}): Promise<Partner> {
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code message } } }`,
    { input: { kind, name, adapter, endpoint, ...extra } }, admin);
  expect(res.data.createPartner.userErrors).toEqual([]);
  const id = res.data.createPartner.partner.id;
  const key = await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret userErrors { code } } }`, { input: { partnerId: id } }, admin);
  return { id, secret: res.data.createPartner.signingSecret, key: key.data.createPartnerApiKey.secret };
}

type Line = { category: string; weightGrams: number | null; quantity?: number; refurbishable?: boolean };
type Decision = { grade: string; disposition: string };

/** One order of these lines, returned in full and approved; the return (items in line order). */
async function approvedReturn(lines: Line[]) {
  const [order] = await importOrders(api, [orderInput({
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL', ...AMSTERDAM },
    lines: lines.map((l, i) => ({
      sku: uniq(`S${i}-`), name: `${l.category} item`, category: l.category, quantity: l.quantity ?? 1, unitPrice: '120.00',
      weightGrams: l.weightGrams, refurbishable: l.refurbishable ?? false,
    })),
  })]);
  const ret = await mutateOk(api, REQUEST, {
    orderId: order.id, items: order.lines.map((line) => ({ orderLineId: line.id, quantity: line.quantity, reason: 'CHANGED_MIND' })),
  }, customer);
  await mutateOk(api, APPROVE, { returnId: ret.id }, operator);
  return ret as { id: string; items: Array<{ id: string; quantity: number }> };
}

/** Receives every unit (recording the packaging when given), grades and dispositions each item. */
async function receiveAndDecide(ret: { id: string; items: Array<{ id: string; quantity: number }> }, decisions: Decision[], packagingReusable?: boolean) {
  await mutateOk(api, RECEIVE, {
    returnId: ret.id, items: ret.items.map((i) => ({ returnItemId: i.id, quantity: i.quantity })), ...(packagingReusable === undefined ? {} : { packagingReusable }),
  }, operator);
  for (const [n, item] of ret.items.entries()) {
    await mutateOk(api, INSPECT, { returnItemId: item.id, grade: decisions[n].grade }, operator);
    await mutateOk(api, SET_DISPOSITION, { returnItemId: item.id, disposition: decisions[n].disposition, reason: 'sustainability test' }, operator);
  }
}

/** Books the carrier label for an approved return and waits until it is AWAITING_DROP_OFF. */
async function bookCarrier(returnId: string, trackingNumber: string) {
  carrier.fallback = { status: 200, body: JSON.stringify({ carrier: 'LoopPost', shipmentId: `shp_${trackingNumber}`, trackingNumber, labelUrl: 'https://labels.test/1.pdf', labelZplUrl: null, qrCode: 'https://qr.test/1' }) };
  const options = await api.gql(`query($id: ID!) { returnMethodOptions(returnId: $id) { id type co2eKg } }`, { id: returnId }, customer);
  const option = options.data.returnMethodOptions.find((o: any) => o.type === 'CARRIER_DROP_OFF');
  const selected = await api.gql(`mutation($input: SelectReturnMethodInput!) { selectReturnMethod(input: $input) { userErrors { code message } } }`,
    { input: { returnId, optionId: option.id } }, customer);
  expect(selected.data.selectReturnMethod.userErrors).toEqual([]);
  await eventually(async () => {
    const r = await api.gql(`query($id: ID!) { node(id: $id) { ... on Return { status method { status failureReason } } } }`, { id: returnId }, operator);
    if (r.data.node.method?.status === 'FAILED') throw new Error(JSON.stringify(r.data.node));
    return r.data.node.status === 'AWAITING_DROP_OFF';
  });
  return option.co2eKg as number;
}

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
let period: { from: string; to: string };
let labelCo2e: number;

async function report(token = operator, vars = period) {
  const res = await api.gql(REPORT, vars, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.sustainabilityReport;
}
const byRoute = (r: any) => Object.fromEntries(r.kgByRoute.map((x: any) => [x.route, x]));

beforeAll(async () => {
  carrier = await new PartnerServer().start();
  recyclerServer = await new PartnerServer().start();
  refurbServer = await new PartnerServer().start();
  recyclerServer.fallback = { status: 201, body: JSON.stringify({ recyclerReference: 'REC-1' }) };
  refurbServer.fallback = { status: 201, body: JSON.stringify({ vendorReference: 'FIX-1' }) };
  api = await startTestApi({ INTEGRATION_MAX_ATTEMPTS: '2' });
  admin = await api.token('ADMIN', 'admin-1');
  operator = await api.token('OPERATOR', 'op-1');
  customer = await api.token('CUSTOMER', 'cust-a');
  carrierPartner = await createPartner('CARRIER', 'boomerang-carrier-v1', carrier.url, 'LoopPost');
  recycler = await createPartner('RECYCLER', 'boomerang-recycler-v1', recyclerServer.url, 'GreenCycle', { capabilities: { categories: ['footwear', 'electronics'] } });
  refurbisher = await createPartner('REFURBISHER', 'boomerang-refurbisher-v1', refurbServer.url, 'FixIt',
    { settings: { costPerUnit: 25, turnaroundDays: 4 }, capabilities: { categories: ['smartphones'], capacity: 10 } });
  const policy = await api.gql(`mutation { upsertReturnPolicy(input: { windowDays: 30, methodFees: [{ type: CARRIER_DROP_OFF, fee: 3.95 }], refurbAutoApproveLimit: 50 }) { userErrors { code } } }`, {}, admin);
  expect(policy.errors).toBeUndefined();
  period = { from: hourAgo(), to: inAnHour() };

  // R1: 2 × 400 g of apparel shipped by carrier label (scanned in transit), resold open box; packaging reusable.
  const r1 = await approvedReturn([{ category: 'apparel', weightGrams: 400, quantity: 2 }]);
  labelCo2e = await bookCarrier(r1.id, 'TRK-1');
  const scan = { type: 'tracking.updated', data: { trackingNumber: 'TRK-1', status: 'in_transit', occurredAt: new Date().toISOString() } };
  expect((await signedWebhook(api, carrierPartner, scan, uniq('evt-'))).status).toBe(200);
  await receiveAndDecide(r1, [{ grade: 'GOOD', disposition: 'RESELL_OPEN_BOX' }], true);

  // R2: a phone restocked, a phone refurbished to completion, 10 kg of furniture donated; packaging reusable.
  const r2 = await approvedReturn([
    { category: 'smartphones', weightGrams: 200 }, { category: 'smartphones', weightGrams: 200, refurbishable: true }, { category: 'furniture', weightGrams: 10_000 },
  ]);
  await receiveAndDecide(r2, [
    { grade: 'LIKE_NEW', disposition: 'RESTOCK' }, { grade: 'DAMAGED', disposition: 'REFURBISH' }, { grade: 'GOOD', disposition: 'DONATE' },
  ], true);
  const JOBS = `query($filter: RefurbishmentJobFilter) { refurbishmentJobs(first: 5, filter: $filter) { edges { node { id status } } } }`;
  const job = await eventually(async () => {
    const j = (await api.gql(JOBS, { filter: { returnItemId: r2.items[1].id } }, operator)).data.refurbishmentJobs.edges[0]?.node;
    return j?.status === 'DISPATCHED' ? j : null;
  });
  const UPDATE = `mutation($input: UpdateRefurbishmentJobInput!) { updateRefurbishmentJob(input: $input) { job { status } userErrors { code message } } }`;
  for (const step of [
    { status: 'ACCEPTED' }, { status: 'DIAGNOSED', quote: { amount: '30.00', currencyCode: 'EUR' } }, { status: 'IN_REPAIR' },
    { status: 'COMPLETED', cost: { amount: '30.00', currencyCode: 'EUR' }, cosmeticGrade: 'B', functionalGrade: 'FULLY_FUNCTIONAL', sanitizationCertificateRef: 'SAN-1' },
  ]) {
    const res = await mutate(api, UPDATE, { jobId: job.id, ...step }, refurbisher.key);
    expect(res.userErrors).toEqual([]);
  }

  // R3: a 900 g shoe and a 1.5 kg gadget to RECYCLE; only the shoe's lot is dispatched and reported; packaging not reusable.
  const r3 = await approvedReturn([{ category: 'footwear', weightGrams: 900 }, { category: 'electronics', weightGrams: 1500 }]);
  await receiveAndDecide(r3, [{ grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' }, { grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' }], false);
  const LOTS = `{ recyclingLots(first: 20) { edges { node { id status materialStream } } } }`;
  const lots = (await api.gql(LOTS, {}, operator)).data.recyclingLots.edges.map((e: any) => e.node);
  const textiles = lots.find((l: any) => l.materialStream === 'TEXTILES');
  expect((await mutate(api, `mutation($input: DispatchRecyclingLotInput!) { dispatchRecyclingLot(input: $input) { userErrors { code } } }`, { lotId: textiles.id }, operator)).userErrors).toEqual([]);
  await eventually(async () => (await api.gql(LOTS, {}, operator)).data.recyclingLots.edges.some((e: any) => e.node.id === textiles.id && e.node.status === 'DISPATCHED'));
  const reported = await mutate(api, `mutation($input: ReportRecyclingLotInput!) { reportRecyclingLot(input: $input) { lot { status } userErrors { code message } } }`, {
    lotId: textiles.id, certificateNumber: 'CERT-1',
    materials: [{ material: 'TEXTILES', weightKg: 0.5, route: 'RECYCLING' }, { material: 'PLASTICS', weightKg: 0.3, route: 'ENERGY_RECOVERY' }, { material: 'OTHER', weightKg: 0.1, route: 'DISPOSAL' }],
  }, recycler.key);
  expect(reported.lot.status).toBe('CLOSED');

  // R4: 2 kg disposed, a unit without weight disposed, 1 kg returned to its vendor; packaging not assessed.
  const r4 = await approvedReturn([{ category: 'general', weightGrams: 2000 }, { category: 'general', weightGrams: null }, { category: 'tools', weightGrams: 1000 }]);
  await receiveAndDecide(r4, [{ grade: 'DAMAGED', disposition: 'DISPOSE' }, { grade: 'DAMAGED', disposition: 'DISPOSE' }, { grade: 'FAIR', disposition: 'RETURN_TO_VENDOR' }]);

  // R5: booked but never dropped off: no transport yet, no weight.
  const r5 = await approvedReturn([{ category: 'apparel', weightGrams: 400 }]);
  await bookCarrier(r5.id, 'TRK-2');
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await carrier?.stop();
  await recyclerServer?.stop();
  await refurbServer?.stop();
});

test('weight by GRI 306 route, landfill diversion with energy recovery not diverted, pending recycler reports', async () => {
  const r = await report();
  const routes = byRoute(r);
  expect(r).toMatchObject({
    factorVersion: 0, totalKg: 16.6, divertedKg: 12.7, directedToDisposalKg: 2.4, pendingReportKg: 1.5,
    // 12.7 / (12.7 + 2.4): the 0.3 kg burnt for energy is disposal, not diversion.
    landfillDiversionRate: 0.8411, units: 10, unitsWithoutWeight: 1, unitsAwaitingDisposition: 0,
  });
  expect(routes.PREPARATION_FOR_REUSE).toMatchObject({ outcome: 'DIVERTED', kg: 11.2 });
  expect(routes.PREPARATION_FOR_REUSE.dispositions).toEqual(expect.arrayContaining([
    { disposition: 'RESELL_OPEN_BOX', kg: 0.8, units: 2 }, { disposition: 'RESTOCK', kg: 0.2, units: 1 },
    { disposition: 'REFURBISH', kg: 0.2, units: 1 }, { disposition: 'DONATE', kg: 10, units: 1 },
  ]));
  expect(routes.RECYCLING).toMatchObject({ kg: 0.5, materials: [{ material: 'TEXTILES', treatmentRoute: 'RECYCLING', kg: 0.5 }] });
  expect(routes.OTHER_RECOVERY).toMatchObject({ outcome: 'DIVERTED', kg: 1, dispositions: [{ disposition: 'RETURN_TO_VENDOR', kg: 1, units: 1 }] });
  expect(routes.INCINERATION_WITH_ENERGY_RECOVERY).toMatchObject({ outcome: 'DIRECTED_TO_DISPOSAL', kg: 0.3, materials: [{ material: 'PLASTICS', treatmentRoute: 'ENERGY_RECOVERY', kg: 0.3 }] });
  expect(routes.LANDFILL).toMatchObject({ outcome: 'DIRECTED_TO_DISPOSAL', kg: 2.1 });
  expect(routes.LANDFILL.dispositions).toEqual([{ disposition: 'DISPOSE', kg: 2, units: 2 }, { disposition: 'RECYCLE', kg: 0.1, units: null }]);
  expect(routes.PENDING_RECYCLER_REPORT).toMatchObject({ outcome: 'PENDING_REPORT', kg: 1.5, dispositions: [{ disposition: 'RECYCLE', kg: 1.5, units: 1 }] });
  expect(routes.INCINERATION_WITHOUT_ENERGY_RECOVERY.kg).toBe(0);
});

test('transport CO2e of shipped returns per method; CO2e avoided by reuse per category; packaging reuse rate', async () => {
  const r = await report();
  // 800 g of goods + 200 g packaging on van 8 km, rigid 50 km, articulated 300 km = 0.001 t × 41 = 0.041 kg; the booked,
  // never-shipped return is not counted.
  expect(labelCo2e).toBe(0.041);
  expect(r.transportByMethod).toEqual([{ method: 'CARRIER_DROP_OFF', returns: 1, co2eKg: 0.041 }]);
  expect(r.transportCo2eKg).toBe(0.041);
  const avoided = Object.fromEntries(r.co2eAvoidedByCategory.map((a: any) => [`${a.category}/${a.disposition}`, a]));
  expect(Object.keys(avoided).sort()).toEqual(['apparel/RESELL_OPEN_BOX', 'furniture/DONATE', 'smartphones/REFURBISH', 'smartphones/RESTOCK']);
  expect(avoided['smartphones/RESTOCK']).toMatchObject({ units: 1, basis: 'PER_UNIT', displacementRate: 1, embodiedKgCo2e: 58, co2eAvoidedKg: 58 });
  // 0.646 × (58 − 13 (refurbishing) − 0.2 kg × 0.048 (truck to the refurbisher and back)); conservatively 0.646 × 58 − 13 − 0.0096
  expect(avoided['smartphones/REFURBISH']).toMatchObject({
    units: 1, refurbishmentKgCo2e: 13, logisticsKgCo2e: 0.01, co2eAvoidedKg: 29.064, co2eAvoidedConservativeKg: 24.458,
  });
  expect(avoided['apparel/RESELL_OPEN_BOX']).toMatchObject({ units: 2, embodiedKgCo2e: 14, co2eAvoidedKg: 9.044, co2eAvoidedConservativeKg: 9.044 });
  // Per kg: 0.28 × (2 kg CO2e/kg × 10 kg − 10 kg × 0.0225 (van to the charity)); conservatively 0.28 × 20 − 0.225
  expect(avoided['furniture/DONATE']).toMatchObject({ basis: 'PER_KG', embodiedKgCo2e: 20, co2eAvoidedKg: 5.537, co2eAvoidedConservativeKg: 5.375 });
  expect(r.co2eAvoidedKg).toBe(101.645);
  expect(r.co2eAvoidedConservativeKg).toBe(96.877);
  expect(r).toMatchObject({ packagingAssessedReturns: 3, packagingReusableReturns: 2, packagingReuseRate: 0.6667 });
});

test('CSV: the GraphQL field and GET /reports/sustainability.csv give the same rows, with units', async () => {
  const r = await report();
  const lines = r.csv.split('\r\n');
  expect(lines[0]).toBe('section,metric,route,outcome,disposition,material,treatment_route,category,method,units,value,unit');
  expect(lines).toEqual(expect.arrayContaining([
    'summary,total_weight,,,,,,,,10,16.6,kg',
    'summary,landfill_diversion_rate,,,,,,,,,0.8411,fraction',
    'summary,factor_version,,,,,,,,,0,version',
    'route,weight,PREPARATION_FOR_REUSE,DIVERTED,,,,,,,11.2,kg',
    'route,weight,RECYCLING,DIVERTED,RECYCLE,TEXTILES,RECYCLING,,,,0.5,kg',
    'route,weight,INCINERATION_WITH_ENERGY_RECOVERY,DIRECTED_TO_DISPOSAL,RECYCLE,PLASTICS,ENERGY_RECOVERY,,,,0.3,kg',
    'route,weight,PENDING_RECYCLER_REPORT,PENDING_REPORT,RECYCLE,,,,,1,1.5,kg',
    'transport,transport_co2e,,,,,,,CARRIER_DROP_OFF,1,0.041,kg CO2e',
    'summary,co2e_avoided,,,,,,,,,101.645,kg CO2e',
    'summary,co2e_avoided_conservative,,,,,,,,,96.877,kg CO2e',
    'avoided,co2e_avoided,,,REFURBISH,,,smartphones,,1,29.064,kg CO2e',
    'avoided,co2e_avoided_conservative,,,REFURBISH,,,smartphones,,1,24.458,kg CO2e',
  ]));
  const url = api.url.replace('/graphql', `/reports/sustainability.csv?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`);
  const res = await fetch(url, { headers: { authorization: `Bearer ${operator}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="sustainability-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"/);
  expect(await res.text()).toBe(r.csv);
});

test('HTTP export: 401 without or with a bad token, 403 for customers and partners, 400 for bad dates', async () => {
  const base = api.url.replace('/graphql', '/reports/sustainability.csv');
  const get = async (query: string, token?: string) => {
    const res = await fetch(`${base}${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: await res.text() };
  };
  const ok = `?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
  expect((await get(ok)).status).toBe(401);
  expect((await get(ok, 'not.a.jwt')).status).toBe(401);
  expect((await get(ok, customer)).status).toBe(403);
  expect((await get(ok, recycler.key)).status).toBe(403);
  // Strangers learn nothing about the input: auth is checked first.
  expect((await get('?from=yesterday', customer)).status).toBe(403);
  for (const query of ['', '?from=2026-01-01', '?from=yesterday&to=2026-02-01', '?from=2026-02-01&to=2026-01-01', '?from=2026-01-01&to=2026-01-01', '?from=2026-13-45&to=2027-01-01']) {
    const res = await get(query, operator);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  }
  const dates = await get('?from=2020-01-01&to=2020-02-01', admin);
  expect(dates.status).toBe(200);
  expect(dates.body).toContain('summary,total_weight,,,,,,,,0,0,kg');
});

test('staff only in GraphQL too; to before from and malformed dates are BAD_USER_INPUT; an old period is empty', async () => {
  expect((await api.gql(REPORT, period, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect((await api.gql(REPORT, period, customer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await api.gql(REPORT, period, recycler.key)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await api.gql(FACTORS, {}, customer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const backwards = await api.gql(REPORT, { from: period.to, to: period.from }, operator);
  expect(backwards.errors?.[0]).toMatchObject({ message: expect.stringMatching(/to must be after from/), extensions: { code: 'BAD_USER_INPUT' } });
  expect(backwards.data).toBeNull();
  expect((await api.gql(REPORT, { from: 'last week', to: period.to }, operator)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const old = await report(admin, { from: '2020-01-01T00:00:00Z', to: '2020-12-31T00:00:00Z' });
  expect(old).toMatchObject({ totalKg: 0, landfillDiversionRate: 0, transportCo2eKg: 0, co2eAvoidedKg: 0, packagingReuseRate: null, units: 0 });
});

test('factor overrides: validated (nothing stored on error), versioned, shown with sources, and they change the report', async () => {
  const before = (await api.gql(FACTORS, {}, operator)).data.sustainabilityFactors;
  expect(before).toMatchObject({ version: 0, createdBy: null, overrides: {} });
  expect(before.factors.find((f: any) => f.table === 'displacementRate' && f.key === 'RESELL_OPEN_BOX'))
    .toMatchObject({ value: 0.646, unit: 'fraction', source: expect.stringMatching(/WRAP/), overridden: false });
  expect(before.factors.find((f: any) => f.table === 'treatmentRoutes' && f.key === 'ENERGY_RECOVERY')).toMatchObject({ route: 'INCINERATION_WITH_ENERGY_RECOVERY', value: null });

  const bad = await mutate(api, SET_FACTORS, { factors: {
    displacementRate: { RESELL_OPEN_BOX: 1.5 }, embodiedKgCo2ePerUnit: { laptops: -1 }, carbonTax: { x: 1 }, dispositionRoutes: { RECYCLE: 'LANDFILL' },
  } }, admin);
  expect(bad.factorSet).toBeNull();
  expect(bad.userErrors.map((e) => e.code)).toEqual(['INVALID_FACTORS', 'INVALID_FACTORS', 'INVALID_FACTORS', 'INVALID_FACTORS']);
  expect(bad.userErrors.map((e) => e.field)).toEqual(expect.arrayContaining([
    ['input', 'factors', 'displacementRate', 'RESELL_OPEN_BOX'], ['input', 'factors', 'embodiedKgCo2ePerUnit', 'laptops'],
    ['input', 'factors', 'carbonTax'], ['input', 'factors', 'dispositionRoutes', 'RECYCLE'],
  ]));
  expect((await api.gql(SET_FACTORS, { input: { factors: {} } }, operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await api.gql(FACTORS, {}, operator)).data.sustainabilityFactors.version).toBe(0);

  const set = await mutate(api, SET_FACTORS, { factors: {
    dispositionRoutes: { RETURN_TO_VENDOR: { value: 'LANDFILL', source: 'Our supplier scraps returned units (contract 2026)' } },
    displacementRate: { RESELL_OPEN_BOX: 0.5 },
  } }, admin);
  expect(set.userErrors).toEqual([]);
  expect(set.factorSet).toMatchObject({ version: 1, createdBy: 'admin:admin-1' });
  const after = (await api.gql(FACTORS, {}, operator)).data.sustainabilityFactors;
  expect(after.version).toBe(1);
  expect(after.factors.filter((f: any) => f.overridden).map((f: any) => ({ table: f.table, key: f.key, value: f.value, route: f.route, source: f.source }))).toEqual([
    { table: 'dispositionRoutes', key: 'RETURN_TO_VENDOR', value: null, route: 'LANDFILL', source: 'Our supplier scraps returned units (contract 2026)' },
    { table: 'displacementRate', key: 'RESELL_OPEN_BOX', value: 0.5, route: null, source: 'Set by admin:admin-1 without a source' },
  ]);

  const r = await report();
  expect(r).toMatchObject({ factorVersion: 1, divertedKg: 11.7, directedToDisposalKg: 3.4, landfillDiversionRate: 0.7748, totalKg: 16.6 });
  expect(byRoute(r).OTHER_RECOVERY.kg).toBe(0);
  expect(byRoute(r).LANDFILL.kg).toBe(3.1);
  // Apparel resold: 0.5 × 14 instead of 0.646 × 14.
  expect(r.co2eAvoidedByCategory.find((a: any) => a.category === 'apparel').co2eAvoidedKg).toBe(7);
  expect(r.co2eAvoidedKg).toBe(99.601);
  expect(r.csv).toContain('summary,factor_version,,,,,,,,,1,version');

  // The stored overrides round-trip: submitting them again is accepted as the next version; {} restores the defaults.
  expect((await mutate(api, SET_FACTORS, { factors: after.overrides }, admin)).factorSet.version).toBe(2);
  expect((await mutate(api, SET_FACTORS, { factors: {} }, admin)).factorSet.version).toBe(3);
  expect(await report()).toMatchObject({ factorVersion: 3, landfillDiversionRate: 0.8411, co2eAvoidedKg: 101.645, co2eAvoidedConservativeKg: 96.877 });
});
