import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Redis from 'ioredis';
import { boomerangCarrierAdapter } from '../../integrations/carriers/boomerang-carrier.adapter';
import { boomerangLockerAdapter } from '../../integrations/lockers/boomerang-locker.adapter';
import { boomerangPickupAdapter } from '../../integrations/pickups/boomerang-pickup.adapter';
import { boomerangRecyclerAdapter } from '../../integrations/recyclers/boomerang-recycler.adapter';
import { boomerangRefurbisherAdapter } from '../../integrations/refurbishers/boomerang-refurbisher.adapter';
import { PermanentPartnerError } from '../../integrations/errors';
import { boomerangVendorAdapter } from '../../integrations/vendors/boomerang-vendor.adapter';
import { boomerangStoreAdapter } from '../../integrations/stores/boomerang-store.adapter';
import { planRecyclingReport, planRefurbishment, planVendorCredit } from '../../scripts/partner-sim/disposition-rules';
import { PartnerSimulator } from '../../scripts/partner-sim/simulator';
import { webhookHeaders, verifyWebhook } from '../../src/domain/webhook-signature';
import { buildOnce } from '../support/processes';
import { scratchDir } from '../support/scratch';

// The demo with partners, as a newcomer runs it: `npm run partner-sim` in one terminal, `npm start` in another.
// Boomerang's seed registers the demo partners and tells the simulator their secrets; a customer picks a carrier for
// the APPROVED demo return; the simulator issues the label and, a moment later, sends signed scans back.

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = `psim_${process.pid}_${randomBytes(3).toString('hex')}`;
const children = new Set<ChildProcess>();
const tempDirs: string[] = [];
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Ends a child: SIGTERM, then SIGKILL if it lingers. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
}

afterAll(async () => {
  // Boomerang first, so it does not call a simulator that is already gone.
  for (const child of [...children].reverse()) await stop(child);
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  // The queues of this test's Boomerang live under its own prefix: leave nothing behind in the shared Redis.
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis gone: nothing to clean.
  } finally {
    redis.disconnect();
  }
}, 30_000);

function tempDir(prefix: string): string {
  const dir = scratchDir(prefix);
  tempDirs.push(dir);
  return dir;
}

/** Starts a built script and resolves with the child and its output once `ready(output)` holds. */
function start(script: string, env: NodeJS.ProcessEnv, ready: (out: string) => boolean, timeoutMs: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [script], { cwd: path.dirname(path.dirname(script)), env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  const output = () => out;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path.basename(script)} not ready within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      out += d;
      if (ready(out)) { clearTimeout(timer); resolve({ child, output }); }
    });
    child.stderr!.on('data', (d) => { out += d; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${path.basename(script)} exited with ${code}:\n${out}`)); });
  });
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as any;
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The simulator and Boomerang, started as a newcomer starts them (shared by the demo tests below). */
const demo = { sim: null as unknown as { output: () => string }, simUrl: '', url: '', banner: '' };

async function startDemo(): Promise<void> {
  // The shared proof build, not dist/: embedded.test.ts rebuilds dist/ while this file's processes run.
  const out = path.dirname(path.dirname(await buildOnce()));
  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  delete baseEnv.DATABASE_URL;
  delete baseEnv.JWT_SECRET;
  delete baseEnv.PARTNER_SIM_URL;

  demo.sim = await start(path.join(out, 'scripts/partner-sim.js'), { ...baseEnv, PARTNER_SIM_PORT: '0', PARTNER_SIM_SPEED: '20' },
    (o) => /listening on http:\/\/127\.0\.0\.1:\d+/.test(o), 30_000);
  demo.simUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(demo.sim.output())![1];

  const app = await start(path.join(out, 'src/main.js'), {
    ...baseEnv, NODE_ENV: 'development', PORT: '0', DATA_DIR: tempDir('partner-sim-data-'), LOG_LEVEL: 'error',
    PARTNER_SIM_URL: demo.simUrl, REDIS_URL, QUEUE_PREFIX,
    OUTBOX_SWEEP_MS: '300', INTEGRATION_BACKOFF_MS: '100',
  }, (o) => o.includes('Guest returns:') && o.includes('\n\n', o.indexOf('Boomerang GraphQL API')), 120_000);
  demo.banner = app.output();
  demo.url = /Boomerang GraphQL API: (\S+)/.exec(demo.banner)![1].replace('localhost', '127.0.0.1');
}

/** Polls a query until `done` holds for its result (bounded); the simulator's log is in the failure message. */
async function until<T>(what: string, fetchIt: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fetchIt();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached in time: ${JSON.stringify(value)}\n--- simulator ---\n${demo.sim.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the demo with partners: npm run partner-sim + npm start', () => {
  beforeAll(startDemo, 240_000);

  test('npm run partner-sim + npm start: a chosen carrier method gets a label and the simulated scans move the return to IN_TRANSIT', async () => {
    const { banner, url, simUrl, sim } = demo;
    const customer = /customer\s+Bearer (\S+)/.exec(banner)![1];
    expect(banner).toContain(`Demo partners registered on the partner simulator at ${simUrl}`);
    for (const adapter of ['boomerang-carrier-v1', 'boomerang-locker-v1', 'boomerang-store-v1', 'boomerang-pickup-v1', 'boomerang-merchant-v1']) expect(banner).toContain(adapter);
    expect(banner).toContain('selectReturnMethod');

    // The customer's APPROVED demo return and what it can travel by: every kind the simulator plays, with the demo fees.
    const mine = await gql(url, customer, '{ returns(first: 20) { edges { node { id rmaNumber status } } } }');
    const approved = mine.returns.edges.map((e: any) => e.node).find((n: any) => n.status === 'APPROVED');
    expect(approved).toBeDefined();
    const { returnMethodOptions: options } = await gql(url, customer, `query($r: ID!) { returnMethodOptions(returnId: $r) {
      id type carrier fee { amount } locations { name } pickupWindows { start } } }`, { r: approved.id });
    const byType = new Map<string, any>(options.map((o: any) => [o.type, o]));
    expect([...byType.keys()].sort()).toEqual(expect.arrayContaining(['CARRIER_DROP_OFF', 'HOME_PICKUP', 'LOCKER', 'STORE_DROP_OFF']));
    expect(byType.get('CARRIER_DROP_OFF')).toMatchObject({ carrier: 'Demo Parcel', fee: { amount: '3.95' } });
    expect(byType.get('LOCKER').locations.length).toBeGreaterThan(0);
    expect(byType.get('HOME_PICKUP').pickupWindows.length).toBeGreaterThan(0);

    const selected = await gql(url, customer, 'mutation($r: ID!, $o: ID!) { selectReturnMethod(input: { returnId: $r, optionId: $o }) { return { status } userErrors { code message } } }',
      { r: approved.id, o: byType.get('CARRIER_DROP_OFF').id });
    expect(selected.selectReturnMethod.userErrors).toEqual([]);

    // The worker books the label at the simulator; the simulator's in_transit scan moves the return on (bounded wait).
    const deadline = Date.now() + 60_000;
    let ret: any;
    for (;;) {
      ret = (await gql(url, customer, `query($r: ID!) { node(id: $r) { ... on Return { status
        method { type status label { carrier trackingNumber labelUrl labelZplUrl qrCode } } events { type } } } }`, { r: approved.id })).node;
      if (ret.status === 'IN_TRANSIT' && ret.method?.label) break;
      if (Date.now() > deadline) throw new Error(`return not IN_TRANSIT with a label in time: ${JSON.stringify(ret)}\n--- simulator ---\n${sim.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(ret.method.type).toBe('CARRIER_DROP_OFF');
    expect(ret.method.label).toMatchObject({ carrier: 'Demo Parcel', trackingNumber: expect.stringMatching(/^DP\d{9}NL$/) });
    for (const field of ['labelUrl', 'labelZplUrl', 'qrCode']) expect(ret.method.label[field]).toMatch(new RegExp(`^${simUrl}/carrier/`));
    expect(ret.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['METHOD_BOOKED', 'PARCEL_IN_TRANSIT']));

    // The label URLs serve documents.
    const pdf = await fetch(ret.method.label.labelUrl);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdf.text()).startsWith('%PDF-1.4')).toBe(true);
    expect(await (await fetch(ret.method.label.labelZplUrl)).text()).toContain(ret.method.label.trackingNumber);

    // The simulator verified Boomerang's signature on the booking and its scan was applied.
    const state = (await (await fetch(`${simUrl}/_sim/state`)).json()) as any;
    expect(state.calls).toEqual(expect.arrayContaining([expect.objectContaining({ call: 'POST /carrier/labels', signature: 'verified', status: 201 })]));
    expect(state.webhooks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'tracking.updated', ref: ret.method.label.trackingNumber, status: 200, outcome: 'SHIPPED' })]));
    expect(state.merchantEvents.length).toBeGreaterThan(0);
  }, 120_000);

  test('the demo\'s units reach their next life: the simulated refurbisher, recycler and vendor report back until each path ends with a certificate or credit', async () => {
    const { banner, url, simUrl } = demo;
    const operator = /operator\s+Bearer (\S+)/.exec(banner)![1];
    for (const adapter of ['boomerang-refurbisher-v1', 'boomerang-recycler-v1', 'boomerang-vendor-v1']) expect(banner).toContain(adapter);
    expect(banner).toContain('refurbishmentJobs(first: 10)');
    expect(banner).toContain('Seeded demo data: 3 customers, 8 orders');

    // Refurbishment: DEMO-1007's phone is repaired, the smartwatch found unrepairable, the liquid-damaged earbuds rejected.
    const JOBS = `{ refurbishmentJobs(first: 20) { edges { node { id sku status cosmeticGrade functionalGrade batteryHealthPct partsReplaced
      sanitizationCertificateRef quote { amount currencyCode } cost { amount currencyCode } notes events { type } partner { name } returnItem { id } } } } }`;
    const jobs = await until('refurbishment outcomes', async () => (await gql(url, operator, JOBS)).refurbishmentJobs.edges.map((e: any) => e.node),
      (list: any[]) => ['PHN-PIXEL-128:COMPLETED', 'WATCH-FIT-2:UNREPAIRABLE'].every((want) => list.some((j) => `${j.sku}:${j.status}` === want))
        && list.some((j) => j.sku === 'EAR-BUDS-2' && j.events.some((e: any) => e.type === 'REJECTED')));
    const phone = jobs.find((j: any) => j.sku === 'PHN-PIXEL-128');
    // The workshop's rule (disposition-rules.ts): DAMAGED, "Screen cracked" → a display (55.00) + labour 25.00, grade D.
    const plan = planRefurbishment({ category: 'electronics', conditionGrade: 'DAMAGED', inspectionNotes: 'Screen cracked, powers on', dataBearing: true, currencyCode: 'EUR' });
    expect(plan).toMatchObject({ outcome: 'COMPLETED', quoteMinor: 8000 });
    expect(phone).toMatchObject({
      partner: { name: 'Demo Refurb' }, quote: { amount: '80.00', currencyCode: 'EUR' }, cost: { amount: '80.00', currencyCode: 'EUR' },
      cosmeticGrade: 'D', functionalGrade: 'FULLY_FUNCTIONAL', batteryHealthPct: 84, partsReplaced: ['display assembly'],
      sanitizationCertificateRef: expect.stringMatching(/^SAN-RF-\d{4}$/),
    });
    expect(phone.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['DISPATCHED', 'ACCEPTED', 'DIAGNOSED', 'REPAIR_AUTO_APPROVED', 'IN_REPAIR', 'COMPLETED']));
    const watch = jobs.find((j: any) => j.sku === 'WATCH-FIT-2');
    expect(watch.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['ACCEPTED', 'UNREPAIRABLE', 'SENT_TO_RECYCLING']));
    const earbuds = jobs.find((j: any) => j.sku === 'EAR-BUDS-2');
    // Rejected by the only refurbisher: the job waits for another one.
    expect(earbuds).toMatchObject({ status: 'CREATED', partner: null });
    expect(earbuds.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['REJECTED', 'NO_REFURBISHER_AVAILABLE']));
    // The repaired phone is on sale, priced by its cosmetic grade.
    const listings = (await gql(url, operator, '{ resaleListings(first: 20, filter: { sku: "PHN-PIXEL-128" }) { edges { node { status sourceDisposition conditionLabel } } } }'))
      .resaleListings.edges.map((e: any) => e.node);
    expect(listings).toEqual(expect.arrayContaining([{ status: 'AVAILABLE', sourceDisposition: 'REFURBISH', conditionLabel: 'Refurbished – grade D' }]));

    // Recycling: DEMO-1008's earbuds went in a lot the seed dispatched; the recycler's report closes it or flags it.
    const LOTS = `{ recyclingLots(first: 20) { edges { node { id status declaredWeightKg reportedWeightKg certificateNumber dataDestructionCertificate
      reviewReasons materials { material weightKg route } units { sku category units weightKg } partner { name } } } } }`;
    const lots = await until('a reported recycling lot', async () => (await gql(url, operator, LOTS)).recyclingLots.edges.map((e: any) => e.node),
      (list: any[]) => list.some((l) => ['CLOSED', 'NEEDS_REVIEW'].includes(l.status))
        && list.some((l) => l.status === 'OPEN' && l.units.some((u: any) => u.sku === 'WATCH-FIT-2')));
    const reported = lots.find((l: any) => ['CLOSED', 'NEEDS_REVIEW'].includes(l.status));
    expect(reported).toMatchObject({
      partner: { name: 'Demo Recycling' }, units: [expect.objectContaining({ sku: 'EAR-BUDS-2' })],
      certificateNumber: expect.stringMatching(/^CERT-\d{4}-\d{4}$/), dataDestructionCertificate: expect.stringMatching(/^DD-\d{4}-\d{4}$/),
    });
    const report = planRecyclingReport({ lotId: reported.id, declaredWeightKg: reported.declaredWeightKg, units: reported.units });
    expect(reported.status).toBe(report.offWeight ? 'NEEDS_REVIEW' : 'CLOSED');
    if (report.offWeight) expect(reported.reviewReasons.join(' ')).toMatch(/off the declared/);
    expect(reported.materials).toEqual(report.materials);
    expect(reported.materials.map((m: any) => m.material)).toEqual(expect.arrayContaining(['FERROUS', 'PLASTICS', 'BATTERIES', 'CIRCUIT_BOARDS']));
    // The unrepairable watch waits in the next lot, for an operator to dispatch.
    expect(lots.find((l: any) => l.status === 'OPEN').partner).toEqual({ name: 'Demo Recycling' });

    // Return to vendor: DEMO-1002's defective phone, dispatched by the seed, is credited by the vendor.
    const VRAS = '{ vendorReturnAuthorizations(first: 20) { edges { node { id status supplier vendorReference creditReference expectedCredit { amount } creditedAmount { amount } creditDifference { amount } } } } }';
    const vra = (await until('a credited vendor return', async () => (await gql(url, operator, VRAS)).vendorReturnAuthorizations.edges.map((e: any) => e.node),
      (list: any[]) => list.some((v) => v.status === 'CLOSED'))).find((v: any) => v.status === 'CLOSED');
    const expectedMinor = Math.round(Number(vra.expectedCredit.amount) * 100);
    const credit = planVendorCredit(vra.id, expectedMinor);
    expect(vra).toMatchObject({
      status: 'CLOSED', supplier: 'Demo Devices Ltd', vendorReference: expect.stringMatching(/^RMA-\d{4}$/), creditReference: expect.stringMatching(/^CN-\d{4}$/),
      creditedAmount: { amount: (credit.creditedMinor / 100).toFixed(2) }, creditDifference: { amount: ((credit.creditedMinor - expectedMinor) / 100).toFixed(2) },
    });

    // The simulator verified Boomerang's signatures on every call of these kinds.
    const state = (await (await fetch(`${simUrl}/_sim/state`)).json()) as any;
    for (const call of ['POST /refurbisher/jobs', 'POST /recycler/lots', 'POST /vendor/authorizations']) {
      expect(state.calls).toEqual(expect.arrayContaining([expect.objectContaining({ call, signature: 'verified', status: 201 })]));
    }
    expect(state.calls.filter((c: any) => /^POST \/refurbisher\/jobs\/.+\/decision$/.test(c.call))).toEqual([expect.objectContaining({ signature: 'verified', status: 200 })]);
    expect(state.refurbishmentJobs.map((j: any) => `${j.sku}:${j.outcome}`).sort()).toEqual(['EAR-BUDS-2:REJECTED', 'PHN-PIXEL-128:COMPLETED', 'WATCH-FIT-2:UNREPAIRABLE']);
  }, 120_000);
});

describe('the simulator on its own', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let sim: PartnerSimulator;
  let simUrl: string;
  let receiver: http.Server;
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  /** When on, the receiver plays a Boomerang that has not recorded the booking yet the first time it hears of a reference. */
  const lateBooking = { on: false, known: new Set<string>() };

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        const ref = JSON.parse(body).data.reservationId as string;
        const unknown = lateBooking.on && !lateBooking.known.has(ref);
        lateBooking.known.add(ref);
        res.writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ received: 1, results: [unknown ? { ref, applied: false, reason: 'UNKNOWN_REFERENCE' } : { ref, applied: true, reason: 'SHIPPED' }] }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    sim = new PartnerSimulator({ speed: 100, boomerangUrl: 'http://127.0.0.1:1', log: () => undefined });
    simUrl = await sim.listen(0);
    const reg = await fetch(`${simUrl}/_sim/partners`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'locker', partnerId: 'UGFydG5lcjp0ZXN0', signingSecret: secret, webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/UGFydG5lcjp0ZXN0` }),
    });
    expect(reg.status).toBe(201);
  });

  afterAll(async () => {
    await sim.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const booking = {
    returnId: 'r-1', rmaNumber: 'RMA-00000001', pointExternalId: 'AMS-LCK-01', size: 'B',
    from: { name: null, line1: 'Keizersgracht 1', line2: null, city: 'Amsterdam', postalCode: '1015 CJ', countryCode: 'NL', phone: null },
    to: { name: 'Returns', line1: 'Returnstraat 1', line2: null, city: 'Utrecht', postalCode: '3511 AA', countryCode: 'NL', phone: null },
    parcel: { weightGrams: 1200 },
  };
  const call = (key: string, body: unknown, signWith = secret) => {
    const raw = JSON.stringify(body);
    return fetch(`${simUrl}/locker/reservations`, {
      method: 'POST', body: raw,
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...webhookHeaders(signWith, key, raw, new Date()) },
    });
  };

  test('the same Idempotency-Key gets the same reservation; a bad signature is refused', async () => {
    const first = await call('job-1', booking);
    expect(first.status).toBe(201);
    const answer = (await first.json()) as any;
    expect(answer).toMatchObject({ pointExternalId: 'AMS-LCK-01', compartmentSize: 'B', dropOffCode: expect.stringMatching(/^\d{6}$/) });
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now());
    const again = await call('job-1', booking);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(answer);
    const other = (await (await call('job-2', booking)).json()) as any;
    expect(other.reservationId).not.toBe(answer.reservationId);

    const forged = await call('job-3', booking, `whsec_${randomBytes(32).toString('base64')}`);
    expect(forged.status).toBe(401);
  });

  test('after a reservation it sends signed deposited and collected webhooks, once per booking', async () => {
    const { reservationId } = (await (await call('job-4', booking)).json()) as any;
    await call('job-4', booking);
    const deadline = Date.now() + 10_000;
    const mine = () => received.filter((r) => JSON.parse(r.body).data.reservationId === reservationId);
    while (mine().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mine().map((r) => JSON.parse(r.body).type)).toEqual(['reservation.deposited', 'reservation.collected']);
    for (const r of mine()) {
      const h = (name: string) => r.headers[name] as string;
      expect(verifyWebhook(secret, { id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature') }, r.body, new Date())).toMatchObject({ ok: true });
      expect(JSON.parse(r.body).data.occurredAt).toMatch(/Z$/);
    }
  });

  test('Boomerang\'s own adapters accept every answer the simulator gives', async () => {
    const endpoint = (kind: string) => ({ id: kind, endpoint: `${simUrl}/${kind}/`, signingSecret: secret, settings: {} });
    const { pointExternalId: _p, size: _s, ...ref } = booking;
    const points = await boomerangLockerAdapter.searchPoints(endpoint('locker'), { latitude: 52.3791, longitude: 4.898 }, 5);
    expect(points.map((p) => p.externalId)).toContain('AMS-LCK-01');
    expect(points[0].compartments.map((c) => c.size)).toEqual(['A', 'B', 'C']);
    // No carrier, store or pickup secret is registered here: the simulator answers unverified calls too.
    const label = await boomerangCarrierAdapter.createReturnLabel(endpoint('carrier'), { ...ref, paperless: true }, 'job-c1');
    expect(label).toMatchObject({ carrier: 'Demo Parcel', qrCode: expect.stringContaining('/carrier/qr/'), labelUrl: expect.stringContaining('.pdf') });
    await boomerangCarrierAdapter.voidLabel(endpoint('carrier'), label.shipmentId, 'job-c2');
    const dropOff = await boomerangStoreAdapter.createDropOff(endpoint('store'), { ...ref, storeExternalId: null, items: [{ sku: 'TEE-M', quantity: 1 }] }, 'job-s1');
    expect(dropOff.reference).toMatch(/^DO-/);
    const windows = await boomerangPickupAdapter.availableWindows(endpoint('pickup'), ref.from, 3);
    expect(windows).toHaveLength(6);
    const pickup = await boomerangPickupAdapter.schedule(endpoint('pickup'), { ...ref, window: windows[0] }, 'job-p1');
    expect(pickup).toMatchObject({ confirmationNumber: expect.stringMatching(/^PU-/), window: windows[0] });
    await boomerangPickupAdapter.cancel(endpoint('pickup'), pickup.confirmationNumber, 'job-p2');
  });

  test('an event Boomerang did not recognise yet (booking still being recorded) is sent again under a new webhook-id', async () => {
    lateBooking.on = true;
    const { reservationId } = (await (await call('job-5', booking)).json()) as any;
    const deposits = () => received.filter((r) => JSON.parse(r.body).data.reservationId === reservationId && JSON.parse(r.body).type === 'reservation.deposited');
    const deadline = Date.now() + 10_000;
    while (deposits().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deposits()).toHaveLength(2);
    expect(deposits()[0].headers['webhook-id']).not.toBe(deposits()[1].headers['webhook-id']);
  });
});

describe('the simulator\'s refurbisher, recycler and vendor on their own', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let sim: PartnerSimulator;
  let simUrl: string;
  let receiver: http.Server;
  const received: Array<{ headers: http.IncomingHttpHeaders; type: string; data: any }> = [];
  /** How the receiver (playing Boomerang) answers a report: applied, or not yet / not at all for chosen references. */
  const answers = { notYetOnce: new Set<string>(), refuse: new Set<string>() };
  const refOf = (data: any) => data.jobId ?? data.lotId ?? data.authorizationId;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const { type, data } = JSON.parse(body);
        received.push({ headers: req.headers, type, data });
        const key = `${type}|${refOf(data)}`;
        const result = answers.refuse.has(key) ? { applied: false, reason: 'NOT_FOUND' }
          : answers.notYetOnce.delete(key) ? { applied: false, reason: 'ILLEGAL_TRANSITION' } : { applied: true, reason: type };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: 1, results: [{ ref: refOf(data), ...result }] }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    sim = new PartnerSimulator({ speed: 100, boomerangUrl: 'http://127.0.0.1:1', log: () => undefined });
    simUrl = await sim.listen(0);
    for (const kind of ['REFURBISHER', 'RECYCLER', 'VENDOR']) {
      const reg = await fetch(`${simUrl}/_sim/partners`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind, partnerId: `UGFydG5lcjp${kind.length}`, signingSecret: secret, webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/p` }),
      });
      expect(reg.status).toBe(201);
    }
  });

  afterAll(async () => {
    await sim.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const endpoint = (kind: string) => ({ id: kind, endpoint: `${simUrl}/${kind}/`, signingSecret: secret, settings: {} });
  const from = { name: 'Returns', line1: 'Returnstraat 1', city: 'Utrecht', postalCode: '3511 AA', countryCode: 'NL' };
  const jobRequest = (jobId: string, o: Record<string, unknown> = {}) => ({
    jobId, sku: 'PHN-1', productName: 'Phone', category: 'electronics', conditionGrade: 'DAMAGED', inspectionNotes: 'Screen cracked, powers on',
    returnReason: 'DEFECTIVE', dataBearing: true, currencyCode: 'EUR', dueAt: null, from, ...o,
  });
  const reportsOf = (ref: string) => received.filter((r) => refOf(r.data) === ref);
  const inbound = (r: { type: string; data: unknown }) => ({ headers: {}, rawBody: JSON.stringify({ type: r.type, data: r.data }) });
  /** The reports about ref once there are n (or the time is up: for checking that no more come, a short wait). */
  const waitFor = async (ref: string, n: number, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (reportsOf(ref).length < n && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    await new Promise((resolve) => setTimeout(resolve, 200));
    return reportsOf(ref);
  };

  test('a repairable job: accepted, diagnosed with a quote; after REPAIR, in repair and completed with a certificate, all signed and in order', async () => {
    const adapter = boomerangRefurbisherAdapter;
    const { vendorReference } = await adapter.dispatchJob(endpoint('refurbisher'), jobRequest('job-ok'), 'job-ok');
    expect(vendorReference).toMatch(/^RF-\d{4}$/);
    // A repeated dispatch is the same job: no second story.
    expect(await adapter.dispatchJob(endpoint('refurbisher'), jobRequest('job-ok'), 'job-ok')).toEqual({ vendorReference });
    const diagnosed = await waitFor('job-ok', 2);
    expect(diagnosed.map((r) => r.type)).toEqual(['job.accepted', 'job.diagnosed']);
    expect(diagnosed[1].data).toMatchObject({ quote: { amount: '80.00', currencyCode: 'EUR' }, notes: expect.stringContaining('display assembly') });
    // Boomerang's adapter reads every report the simulator sends.
    for (const r of diagnosed) {
      const parsed = adapter.parseWebhook(endpoint('refurbisher'), inbound(r));
      expect(parsed[0]).toMatchObject({ jobId: 'job-ok', status: r.type === 'job.accepted' ? 'ACCEPTED' : 'DIAGNOSED' });
    }

    await adapter.sendDecision(endpoint('refurbisher'), { jobId: 'job-ok', decision: 'REPAIR', approvedQuote: { amount: '80.00', currencyCode: 'EUR' } }, 'decision-1');
    const all = await waitFor('job-ok', 4);
    expect(all.map((r) => r.type)).toEqual(['job.accepted', 'job.diagnosed', 'job.in_repair', 'job.completed']);
    expect(all[3].data).toMatchObject({
      cost: { amount: '80.00', currencyCode: 'EUR' }, cosmeticGrade: 'D', functionalGrade: 'FULLY_FUNCTIONAL', batteryHealthPct: 84,
      partsReplaced: ['display assembly'], sanitizationCertificateRef: `SAN-${vendorReference}`,
    });
    for (const r of all) {
      const h = (name: string) => r.headers[name] as string;
      const raw = JSON.stringify({ type: r.type, data: r.data });
      expect(verifyWebhook(secret, { id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature') }, raw, new Date())).toMatchObject({ ok: true });
    }
  });

  test('rejected and unrepairable jobs; a report not applied yet goes again; a refused one ends the story; other decisions end it too', async () => {
    const adapter = boomerangRefurbisherAdapter;
    await adapter.dispatchJob(endpoint('refurbisher'), jobRequest('job-wet', { inspectionNotes: 'Water damage' }), 'job-wet');
    answers.notYetOnce.add('job.accepted|job-dead');
    await adapter.dispatchJob(endpoint('refurbisher'), jobRequest('job-dead', { inspectionNotes: 'Does not power on' }), 'job-dead');
    answers.refuse.add('job.accepted|job-refused');
    await adapter.dispatchJob(endpoint('refurbisher'), jobRequest('job-refused', { conditionGrade: 'UNSALVAGEABLE', inspectionNotes: null }), 'job-refused');
    await adapter.dispatchJob(endpoint('refurbisher'), jobRequest('job-asis', { conditionGrade: 'GOOD', inspectionNotes: null }), 'job-asis');

    expect((await waitFor('job-wet', 1)).map((r) => [r.type, r.data.notes])).toEqual([['job.rejected', 'We do not take liquid-damaged units']]);
    const dead = await waitFor('job-dead', 3);
    // The first ACCEPTED was answered "not yet": it went again under a new webhook-id, then the story went on.
    expect(dead.map((r) => r.type)).toEqual(['job.accepted', 'job.accepted', 'job.unrepairable']);
    expect(dead[0].headers['webhook-id']).not.toBe(dead[1].headers['webhook-id']);
    expect(await waitFor('job-refused', 2, 1500)).toHaveLength(1);

    await waitFor('job-asis', 2);
    await adapter.sendDecision(endpoint('refurbisher'), { jobId: 'job-asis', decision: 'RETURN_AS_IS', approvedQuote: null }, 'decision-2');
    await adapter.sendDecision(endpoint('refurbisher'), { jobId: 'unknown-job', decision: 'REPAIR', approvedQuote: null }, 'decision-3');
    expect((await waitFor('job-asis', 3, 1500)).map((r) => r.type)).toEqual(['job.accepted', 'job.diagnosed']);
    const state = (await (await fetch(`${simUrl}/_sim/state`)).json()) as any;
    expect(Object.fromEntries(state.refurbishmentJobs.map((j: any) => [j.jobId, j.outcome]))).toMatchObject({
      'job-wet': 'REJECTED', 'job-dead': 'UNREPAIRABLE', 'job-refused': 'UNREPAIRABLE', 'job-asis': 'COMPLETED',
    });
    // A malformed job is refused permanently (Boomerang re-routes it).
    await expect(adapter.dispatchJob(endpoint('refurbisher'), { ...jobRequest('job-bad'), dataBearing: 'yes' } as any, 'job-bad')).rejects.toBeInstanceOf(PermanentPartnerError);
  });

  test('a recycler reports a lot once, as planned; a vendor credits an authorization once, as planned', async () => {
    const lot = { lotId: 'lot-1', materialStream: 'WEEE', weeeCategory: 5, declaredWeightKg: 0.4, dataBearing: true, units: [{ sku: 'PHN-1', category: 'electronics', units: 2, weightKg: 0.4 }], from };
    const { recyclerReference } = await boomerangRecyclerAdapter.dispatchLot(endpoint('recycler'), lot, 'lot-key');
    expect(recyclerReference).toMatch(/^RC-\d{4}$/);
    expect(await boomerangRecyclerAdapter.dispatchLot(endpoint('recycler'), lot, 'lot-key')).toEqual({ recyclerReference });
    const [report, ...more] = await waitFor('lot-1', 1);
    expect(more).toEqual([]);
    expect(report.type).toBe('lot.reported');
    expect(report.data).toMatchObject({
      certificateNumber: expect.stringMatching(/^CERT-\d{4}-\d{4}$/), dataDestructionCertificate: expect.stringMatching(/^DD-\d{4}-\d{4}$/),
      materials: planRecyclingReport({ lotId: 'lot-1', declaredWeightKg: 0.4, units: lot.units }).materials,
    });
    expect(boomerangRecyclerAdapter.parseWebhook(endpoint('recycler'), inbound(report))[0]).toMatchObject({ lotId: 'lot-1' });
    await expect(boomerangRecyclerAdapter.dispatchLot(endpoint('recycler'), { ...lot, lotId: 'lot-2', declaredWeightKg: -1 }, 'lot-key-2')).rejects.toBeInstanceOf(PermanentPartnerError);

    const vra = {
      authorizationId: 'vra-1', supplier: 'Acme', expectedCredit: { amount: '299.40', currencyCode: 'EUR' },
      units: [{ sku: 'PHN-1', units: 1, unitValue: { amount: '499.00', currencyCode: 'EUR' }, expectedCredit: { amount: '299.40', currencyCode: 'EUR' } }], from,
    };
    const { vendorReference } = await boomerangVendorAdapter.dispatchAuthorization(endpoint('vendor'), vra, 'vra-key');
    expect(vendorReference).toMatch(/^RMA-\d{4}$/);
    const [credit] = await waitFor('vra-1', 1);
    const planned = planVendorCredit('vra-1', 29940);
    expect(credit).toMatchObject({ type: 'authorization.credited', data: { creditedAmount: { amount: (planned.creditedMinor / 100).toFixed(2), currencyCode: 'EUR' }, reference: expect.stringMatching(/^CN-\d{4}$/) } });
    expect(boomerangVendorAdapter.parseWebhook(endpoint('vendor'), inbound(credit))[0]).toMatchObject({ authorizationId: 'vra-1' });
  });
});
