import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/rows';
import { refreshAnalytics } from '../../src/services/insight/analytics-refresh.service';
import { startTestApi, type TestApi } from '../support/harness';
import { cast, daysAgo, importOrders, mutate, REQUEST, uniq } from '../support/fixtures';
import { waitForOperation } from '../support/operations';

/*
 * importReturns end to end: a merchant's past returns with their real dates and statuses, per-row errors that write
 * nothing of the row, idempotency, reason mapping, no partner or merchant traffic, and the insight features (analytics,
 * forecast, risk labels, serial-returner scores) seeing the imported history.
 */

const IMPORT_RETURNS = `mutation($input: ImportReturnsInput!) { importReturns(input: $input) {
  created unchanged failed
  results { index externalId outcome return { id rmaNumber status imported externalId createdAt customer { externalId }
    refund { amount { amount currencyCode } status method issuedAt }
    items { quantity receivedQuantity reason merchantReasonCode resolution grade disposition note refund { amount } orderLine { sku } }
    events { type at actor data } } }
  userErrors { code message field } } }`;
const ANALYTICS = `query($from: DateTime!, $to: DateTime!) { returnAnalytics(from: $from, to: $to, groupBy: REASON) {
  soldUnits returnedUnits valueRecovered { amount } groups { key returnedUnits } } }`;
const SERIAL = `query { serialReturners(first: 50, minScore: -100, minUnits: 0) { edges { node { customer { externalId } score unitsReturned } } } }`;
const FORECAST = `query { returnForecast(horizonWeeks: 4) { groups { key returnRate returnRateByLag } } }`;
const TRAIN = `mutation { trainReturnRiskModel(input: { seed: 1 }) { operation { id } userErrors { code } } }`;

let api: TestApi;
let tokens: Awaited<ReturnType<typeof cast>>;
const DAY = 86_400_000;
const NOW = Date.now();
/** `days` days before the test file started, to the millisecond, so rows sent twice are the same rows. */
const at = (days: number) => new Date(NOW - days * DAY).toISOString();

beforeAll(async () => {
  api = await startTestApi({
    OUTBOX_SWEEP_MS: '3600000', EXPIRY_SWEEP_MS: '86400000', REFURB_OVERDUE_SWEEP_MS: '86400000', ANALYTICS_REFRESH_MS: '0',
    ANALYTICS_FULL_REFRESH_MS: '0', RISK_MODEL_TRAIN_MS: String(30 * 86_400_000), ANALYTICS_REFRESH_OVERLAP_MS: '0',
  });
  tokens = await cast(api);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const importReturns = (input: Record<string, unknown>, token: string | null = tokens.admin) => api.gql(IMPORT_RETURNS, { input }, token);
async function importOk(input: Record<string, unknown>) {
  const res = await importReturns(input);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.importReturns;
}
const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await api.app.database.db.execute(query))[0].n);
const world = async () => ({
  returns: await count(sql`select count(*)::int as n from returns`),
  items: await count(sql`select count(*)::int as n from return_items`),
  events: await count(sql`select count(*)::int as n from return_events`),
  jobs: await count(sql`select count(*)::int as n from integration_jobs`),
  operations: await count(sql`select count(*)::int as n from admin_operations`),
});

/** A past order: placed `placed` days ago, delivered two days later, lines as given. */
function pastOrder(placed: number, lines: Array<Record<string, unknown>>, customer = 'hist-cust') {
  return {
    orderNumber: uniq('PAST-'), customer: { externalId: customer, email: `${customer}@example.com` }, currencyCode: 'EUR',
    placedAt: daysAgo(placed), deliveredAt: daysAgo(placed - 2),
    lines: lines.map((l) => ({ name: 'Item', category: 'apparel', quantity: 1, unitPrice: '40.00', ...l })),
  };
}

describe('importReturns', () => {
  let order: Awaited<ReturnType<typeof importOrders>>[number];

  beforeAll(async () => {
    // A MERCHANT partner subscribed to everything: any announced event would leave an outbox row for it.
    const partner = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code } } }`,
      { input: { kind: 'MERCHANT', name: 'Shop', adapter: 'boomerang-merchant-v1', endpoint: 'http://127.0.0.1:9/hooks' } }, tokens.admin);
    expect(partner.data.createPartner.userErrors).toEqual([]);
    [order] = await importOrders(api, [pastOrder(200, [
      { sku: 'TEE-M', quantity: 3, unitPrice: '20.00' }, { sku: 'JEANS', quantity: 1, unitPrice: '80.00' }, { sku: 'TEE-M', quantity: 2, unitPrice: '20.00' },
    ], 'cust-a')]);
  });

  it('is for admins only', async () => {
    const input = { returns: [] };
    expect((await importReturns(input, tokens.operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await importReturns(input, tokens.customerA)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await importReturns(input, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('writes past returns with their real dates and statuses, outside today\'s policy, and announces nothing', async () => {
    // Today's policy (30 days) refuses this 200-day-old order.
    const refused = await mutate(api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[1].id, quantity: 1, reason: 'DEFECTIVE' }] }, tokens.customerA);
    expect(refused.userErrors[0].code).toBe('WINDOW_EXPIRED');
    const before = await world();
    const [requestedAt, receivedAt, refundedAt] = [at(190), at(185), at(184)];
    const payload = await importOk({
      merchant: 'shopify', reasonMapping: [{ code: 'too_big', reason: 'SIZE_TOO_LARGE' }],
      returns: [
        {
          externalId: 'R-1', orderNumber: order.orderNumber, status: 'COMPLETED', requestedAt, receivedAt, refundedAt, refundAmount: '100.00',
          items: [
            { lineNumber: 1, quantity: 1, reasonCode: 'TOO_BIG', grade: 'LIKE_NEW', disposition: 'RESTOCK', valueRecovered: '15.00' },
            { sku: 'JEANS', quantity: 1, reasonCode: 'zz-unknown', note: 'Colour' },
          ],
        },
        { externalId: 'R-2', orderNumber: order.orderNumber, status: 'REJECTED', requestedAt, rejectionReason: 'Worn', items: [{ lineNumber: 3, quantity: 2, reasonCode: 'DEFECTIVE' }] },
        { externalId: 'R-3', orderNumber: order.orderNumber, status: 'CANCELLED', requestedAt, refundMethod: 'STORE_CREDIT', items: [{ lineNumber: 3, quantity: 1, reasonCode: 'too_big' }] },
      ],
    });
    expect(payload).toMatchObject({ created: 3, unchanged: 0, failed: 0, userErrors: [] });
    const [r1, r2, r3] = payload.results.map((r: any) => r.return);
    expect(r1).toMatchObject({
      status: 'COMPLETED', imported: true, externalId: 'R-1', createdAt: requestedAt, customer: { externalId: 'cust-a' },
      refund: { amount: { amount: '100.00', currencyCode: 'EUR' }, status: 'ISSUED', method: 'ORIGINAL_PAYMENT', issuedAt: refundedAt },
    });
    expect(r1.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ reason: 'SIZE_TOO_LARGE', merchantReasonCode: 'TOO_BIG', quantity: 1, receivedQuantity: 1, grade: 'LIKE_NEW', disposition: 'RESTOCK' }),
      expect.objectContaining({ reason: 'OTHER', merchantReasonCode: 'zz-unknown', note: 'Colour', orderLine: { sku: 'JEANS' } }),
    ]));
    // The refund is shared over the items by value (20.00 and 80.00 paid).
    expect(r1.items.map((i: any) => i.refund.amount).sort()).toEqual(['20.00', '80.00']);
    expect(r1.events.map((e: any) => [e.type, e.at])).toEqual([
      ['RETURN_REQUESTED', requestedAt], ['ITEMS_RECEIVED', receivedAt], ['REFUND_ISSUED', refundedAt], ['RETURN_IMPORTED', expect.any(String)],
    ]);
    expect(r1.events[3].actor).toBe('admin:admin-1');
    expect(r2).toMatchObject({ status: 'REJECTED', imported: true, refund: { status: 'NONE', amount: { amount: '0.00' } } });
    expect(r3).toMatchObject({ status: 'CANCELLED', refund: { method: 'STORE_CREDIT' } });
    expect(r3.items[0]).toMatchObject({ reason: 'SIZE_TOO_LARGE', resolution: 'STORE_CREDIT' });
    const after = await world();
    expect(after).toEqual({ ...before, returns: before.returns + 3, items: before.items + 4, events: before.events + 4 + 2 + 2 });
    // No outbox row (the MERCHANT partner hears nothing), no queued job.
    expect(after.jobs).toBe(0);
    expect(after.operations).toBe(before.operations);
    const queue = await count(sql`select count(*)::int as n from return_events where type = 'RETURN_IMPORTED'`);
    expect(queue).toBe(3);
  });

  it('sending the same batch again changes nothing; other content under an imported id is refused', async () => {
    const before = await world();
    const requestedAt = at(190);
    const again = await importOk({
      merchant: 'shopify', reasonMapping: [{ code: 'too_big', reason: 'SIZE_TOO_LARGE' }],
      returns: [{ externalId: 'R-2', orderNumber: order.orderNumber, status: 'REJECTED', requestedAt, rejectionReason: 'Worn', items: [{ lineNumber: 3, quantity: 2, reasonCode: 'DEFECTIVE' }] }],
    });
    expect(again).toMatchObject({ created: 0, unchanged: 1, failed: 0, userErrors: [], results: [{ outcome: 'UNCHANGED', return: { externalId: 'R-2', status: 'REJECTED' } }] });
    const changed = await importOk({
      merchant: 'shopify',
      returns: [{ externalId: 'R-2', orderNumber: order.orderNumber, status: 'COMPLETED', requestedAt, items: [{ lineNumber: 3, quantity: 1, reasonCode: 'DEFECTIVE' }] }],
    });
    expect(changed).toMatchObject({ created: 0, failed: 1, results: [{ outcome: 'FAILED', return: null }] });
    expect(changed.userErrors).toEqual([expect.objectContaining({ code: 'RETURN_ALREADY_IMPORTED', field: ['returns', '0', 'externalId'] })]);
    expect(await world()).toEqual(before);
  });

  it('refuses bad rows one by one, writing nothing of them, and writes the good rows beside them', async () => {
    const before = await world();
    const row = (externalId: string, extra: Record<string, unknown>) => ({
      externalId, orderNumber: order.orderNumber, status: 'COMPLETED', requestedAt: at(150), items: [{ lineNumber: 1, quantity: 1, reasonCode: 'STYLE' }], ...extra,
    });
    const payload = await importOk({
      merchant: 'shopify',
      returns: [
        row('B-1', { orderNumber: 'NO-SUCH-ORDER' }),
        // Line 1 has 3 units, R-1 holds 1: 2 are left.
        row('B-2', { items: [{ lineNumber: 1, quantity: 3, reasonCode: 'STYLE' }] }),
        row('B-3', { items: [{ sku: 'TEE-M', quantity: 1, reasonCode: 'STYLE' }] }),
        row('B-4', { requestedAt: at(-1) }),
        row('B-5', { refundAmount: '999.00', refundedAt: at(149) }),
        row('OK-1', { items: [{ lineNumber: 1, quantity: 2, reasonCode: 'STYLE' }, { lineNumber: 9, quantity: 1, reasonCode: 'STYLE' }] }),
        row('OK-2', { items: [{ lineNumber: 1, quantity: 2, reasonCode: 'STYLE' }] }),
        // The batch's earlier row now holds the line's last units.
        row('B-6', { items: [{ lineNumber: 1, quantity: 1, reasonCode: 'STYLE' }] }),
        row('OK-2', {}),
        row('B-7', { receivedAt: at(160), items: [{ lineNumber: 3, quantity: 1, reasonCode: 'STYLE' }] }),
        row('B-8', { status: 'CANCELLED', refundAmount: '5.00', items: [{ lineNumber: 3, quantity: 1, reasonCode: 'STYLE' }] }),
      ],
    });
    const codes = payload.userErrors.map((e: any) => [e.field.slice(0, 2).join('.'), e.code]);
    expect(codes).toEqual([
      ['returns.0', 'ORDER_NOT_FOUND'], ['returns.1', 'QUANTITY_EXCEEDS_RETURNABLE'], ['returns.2', 'LINE_AMBIGUOUS'], ['returns.3', 'INVALID_DATE'],
      ['returns.4', 'REFUND_EXCEEDS_VALUE'], ['returns.5', 'LINE_NOT_FOUND'], ['returns.7', 'QUANTITY_EXCEEDS_RETURNABLE'],
      ['returns.8', 'DUPLICATE_EXTERNAL_ID'], ['returns.9', 'INVALID_DATE'], ['returns.10', 'REFUND_NOT_ALLOWED'],
    ]);
    expect(payload.results.map((r: any) => r.outcome)).toEqual(['FAILED', 'FAILED', 'FAILED', 'FAILED', 'FAILED', 'FAILED', 'CREATED', 'FAILED', 'FAILED', 'FAILED', 'FAILED']);
    expect(payload).toMatchObject({ created: 1, failed: 10 });
    // OK-1 had one bad item: none of its items were written.
    expect(await world()).toEqual({ ...before, returns: before.returns + 1, items: before.items + 1, events: before.events + 2 });
    expect(await count(sql`select count(*)::int as n from returns where external_id = 'OK-1'`)).toBe(0);
  });

  it('keeps a saved reason mapping per merchant for later imports', async () => {
    const [o] = await importOrders(api, [pastOrder(100, [{ sku: 'CAP', quantity: 5 }])]);
    const base = { orderNumber: o.orderNumber, status: 'REQUESTED', requestedAt: new Date(Date.now() - 90 * DAY).toISOString() };
    const first = await importOk({
      merchant: 'm2', saveReasonMapping: true, reasonMapping: [{ code: 'BROKEN', reason: 'DEFECTIVE' }],
      returns: [{ ...base, externalId: 'M-1', items: [{ lineNumber: 1, quantity: 1, reasonCode: 'broken' }] }],
    });
    expect(first.results[0].return.items[0]).toMatchObject({ reason: 'DEFECTIVE', merchantReasonCode: 'broken' });
    const later = await importOk({ merchant: 'm2', returns: [{ ...base, externalId: 'M-2', items: [{ lineNumber: 1, quantity: 1, reasonCode: 'Broken' }] }] });
    expect(later.results[0].return.items[0].reason).toBe('DEFECTIVE');
    // Another merchant has no such mapping; its own ids are its own (M-1 again is a new return there).
    const other = await importOk({ merchant: 'm3', returns: [{ ...base, externalId: 'M-1', items: [{ lineNumber: 1, quantity: 1, reasonCode: 'broken' }] }] });
    expect(other).toMatchObject({ created: 1, results: [{ return: { status: 'REQUESTED', items: [{ reason: 'OTHER', merchantReasonCode: 'broken' }] } }] });
  });
});

describe('importReturns at scale and under concurrency', () => {
  it('costs the same statements for 5 rows as for 60 (set-based, no per-row round trips)', async () => {
    const orders = await importOrders(api, Array.from({ length: 65 }, (_, i) => pastOrder(120, [{ sku: `SCALE-${i % 3}`, quantity: 2 }], `scale-${i}`)));
    const rows = orders.map((o, i) => ({
      externalId: `S-${i}`, orderNumber: o.orderNumber, status: 'COMPLETED', requestedAt: at(110), receivedAt: at(105), refundedAt: at(104),
      refundAmount: '40.00', items: [{ lineNumber: 1, quantity: 1, reasonCode: 'STYLE', grade: 'GOOD', disposition: 'RESTOCK' }],
    }));
    const statements = async (batch: unknown[]) => {
      const before = api.statements();
      const res = await api.gql(`mutation($input: ImportReturnsInput!) { importReturns(input: $input) { created } }`, { input: { merchant: 'scale', returns: batch } }, tokens.admin);
      expect(res.data.importReturns.created).toBe(batch.length);
      return api.statements() - before;
    };
    const small = await statements(rows.slice(0, 5));
    const large = await statements(rows.slice(5));
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(12);
  });

  it('two imports at once cannot both take a line\'s last units, and the same id is written once', async () => {
    const [o] = await importOrders(api, [pastOrder(120, [{ sku: 'RACE', quantity: 1 }], 'racer')]);
    const row = (externalId: string) => ({ externalId, orderNumber: o.orderNumber, status: 'COMPLETED', requestedAt: at(110), items: [{ lineNumber: 1, quantity: 1, reasonCode: 'STYLE' }] });
    const [a, b] = await Promise.all([importOk({ merchant: 'race', returns: [row('X-1')] }), importOk({ merchant: 'race', returns: [row('X-2')] })]);
    expect([a.created, b.created].sort()).toEqual([0, 1]);
    expect([...a.userErrors, ...b.userErrors].map((e: any) => e.code)).toEqual(['QUANTITY_EXCEEDS_RETURNABLE']);
    const [o2] = await importOrders(api, [pastOrder(120, [{ sku: 'RACE', quantity: 1 }], 'racer')]);
    const same = { ...row('Y-1'), orderNumber: o2.orderNumber };
    const [c, d] = await Promise.all([importOk({ merchant: 'race', returns: [same] }), importOk({ merchant: 'race', returns: [same] })]);
    // One writes it, the other finds it unchanged (orders are locked, so it waits and then sees the first).
    expect([c, d].map((p: any) => p.results[0].outcome).sort()).toEqual(['CREATED', 'UNCHANGED']);
    expect(c.results[0].return.id).toBe(d.results[0].return.id);
    expect(await count(sql`select count(*)::int as n from returns where merchant = 'race' and external_id = 'Y-1'`)).toBe(1);
  });
});

describe('the insight features see imported history', () => {
  const orders: Array<Awaited<ReturnType<typeof importOrders>>[number]> = [];
  const range = { from: new Date(Date.now() - 400 * DAY).toISOString(), to: new Date(Date.now() + DAY).toISOString() };

  beforeAll(async () => {
    // 24 one-line orders 60–110 days ago: one heavy returner among customers who return nothing.
    const input = Array.from({ length: 24 }, (_, i) => pastOrder(60 + i * 2, [{ sku: 'HOODIE', category: 'insight-apparel', quantity: 2, unitPrice: '50.00' }], i < 8 ? 'heavy' : `light-${i}`));
    orders.push(...await importOrders(api, input));
    await refreshAnalytics(api.app.database, { full: true });
  }, 120_000);

  it('analytics, forecast, risk labels and serial-returner scores change once the returns are imported', async () => {
    const ok = async (q: string, vars: Record<string, unknown> = {}) => {
      const res = await api.gql(q, vars, tokens.operator);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data;
    };
    const analyticsBefore = (await ok(ANALYTICS, range)).returnAnalytics;
    // The value recovered imported with R-1 (the first describe) is in the figures.
    expect(analyticsBefore.valueRecovered.amount).toBe('15.00');
    const forecastBefore = (await ok(FORECAST)).returnForecast.groups[0];
    const heavyBefore = (await ok(SERIAL)).serialReturners.edges.find((e: any) => e.node.customer.externalId === 'heavy');
    const trainBefore = await waitForOperation(api, (await api.gql(TRAIN, {}, tokens.admin)).data.trainReturnRiskModel.operation.id, tokens.admin);
    // Lines returned among the training and holdout lines, as the refused training reports them.
    const labelled = (error: string | null) => [...(error ?? '').matchAll(/lines \((\d+) returned\)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(trainBefore.errorCode).toBe('NOT_ENOUGH_HISTORY');

    // The heavy returner sent back both units of each of 8 orders, 5 days after delivery.
    const returns = orders.slice(0, 8).map((o, i) => ({
      externalId: `H-${i}`, orderNumber: o.orderNumber, status: 'COMPLETED', requestedAt: new Date(Date.now() - (60 + i * 2 - 7) * DAY).toISOString(),
      refundAmount: '100.00', refundedAt: new Date(Date.now() - (60 + i * 2 - 12) * DAY).toISOString(), items: [{ lineNumber: 1, quantity: 2, reasonCode: 'fit' }],
    }));
    expect(await importOk({ merchant: 'insight', returns })).toMatchObject({ created: 8, failed: 0 });
    // The incremental refresh finds them (their history is new) though they are dated months ago.
    const refreshed = await refreshAnalytics(api.app.database);
    expect(refreshed.mode).toBe('INCREMENTAL');
    const analyticsAfter = (await ok(ANALYTICS, range)).returnAnalytics;
    expect(analyticsAfter.returnedUnits - analyticsBefore.returnedUnits).toBe(16);
    expect(analyticsAfter.groups.find((g: any) => g.key === 'OTHER').returnedUnits).toBeGreaterThanOrEqual(16);
    // Category rates are re-measured by the full refresh (daily), which scores every customer against them.
    await refreshAnalytics(api.app.database, { full: true });
    const heavyAfter = (await ok(SERIAL)).serialReturners.edges.find((e: any) => e.node.customer.externalId === 'heavy').node;
    expect(heavyAfter.unitsReturned).toBe(16);
    expect(heavyAfter.score).toBeGreaterThan(heavyBefore?.node.score ?? 0);
    expect(heavyAfter.score).toBeGreaterThan(3);
    const forecastAfter = (await ok(FORECAST)).returnForecast.groups[0];
    expect(forecastAfter.returnRate).toBeGreaterThan(forecastBefore.returnRate);
    // Requested a week after the order: the lag curve grows at lag 1.
    expect(forecastAfter.returnRateByLag[1]).toBeGreaterThan(forecastBefore.returnRateByLag[1] ?? 0);
    const trainAfter = await waitForOperation(api, (await api.gql(TRAIN, {}, tokens.admin)).data.trainReturnRiskModel.operation.id, tokens.admin);
    // Still too little history for a model, but the imported returns are its labels now (three heavy orders fall in
    // the holdout weeks).
    expect(trainAfter.errorCode).toBe('NOT_ENOUGH_HISTORY');
    expect(labelled(trainAfter.error) - labelled(trainBefore.error)).toBe(3);
  }, 240_000);
});
