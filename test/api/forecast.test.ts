import { sql } from 'drizzle-orm';
import { weekIndex, weekStart } from '../../src/domain/forecast';
import { refreshAnalytics } from '../../src/services/insight/analytics-refresh.service';
import { startTestApi, type TestApi } from '../support/harness';
import { APPROVE, INSPECT, RECEIVE, SET_DISPOSITION, cast, importOrders, mutateOk, requestReturn, upsertPolicy } from '../support/fixtures';

// Forecasts through the API: orders and returns imported and requested through GraphQL, the aggregates refreshed, then
// returnForecast / expectedReturnedInventory asked. The data is built so the answer is known exactly: every week for
// ten weeks one order of 10 units per category; 3 (FC-HI) or 1 (FC-LO) units of each come back one week later.
let api: TestApi;
/** No scheduled work competing with the statement counts: this file refreshes the aggregates itself. */
const QUIET = {
  ANALYTICS_REFRESH_MS: '0', ANALYTICS_FULL_REFRESH_MS: '0', OUTBOX_SWEEP_MS: '3600000', EXPIRY_SWEEP_MS: '86400000',
  REFURB_OVERDUE_SWEEP_MS: '86400000', RISK_MODEL_TRAIN_MS: String(30 * 86_400_000),
};
let users: Awaited<ReturnType<typeof cast>>;

const DAY = 86_400_000;
const thisWeek = weekIndex(new Date());
const lastWeek = thisWeek - 1;

const FORECAST = `query($h: Int!, $g: AnalyticsGroupBy, $first: Int) { returnForecast(horizonWeeks: $h, groupBy: $g, first: $first) {
  horizonWeeks historyFrom historyTo dataRefreshedAt notes
  groups { key category backtestMape backtestMase returnRate returnRateByLag historyWeeks notes
    backtest { fromWeek toWeek origins points maseSeasonWeeks intervalMethod intervalSamples }
    salesModel { kind alpha beta gamma phi seasonWeeks }
    weeks { weekStart expectedUnits fromPastSales fromFutureSales expectedSales low high } } } }`;
const INVENTORY = `query($sku: String, $category: String, $h: Int!) { expectedReturnedInventory(sku: $sku, category: $category, horizonWeeks: $h) {
  sku category horizonWeeks probability notes
  receiptProbability { value fromUnits parentValue parentWeight } sellableProbability { value fromUnits parentValue parentWeight }
  weeks { weekStart expectedReturnedUnits expectedSellableUnits low high } forecast { key weeks { expectedUnits } } } }`;

/** Moves a return's request back in time (the API stamps requests with the current time; history needs past ones). */
async function requestedAt(returnId: string, at: Date) {
  const rows = await api.gql(`query($id: ID!) { node(id: $id) { ... on Return { rmaNumber } } }`, { id: returnId }, users.operator);
  await api.app.database.db.execute(sql`update returns set created_at = ${at.toISOString()}::timestamptz where rma_number = ${rows.data.node.rmaNumber}`);
}

beforeAll(async () => {
  api = await startTestApi(QUIET);
  users = await cast(api);
});

afterAll(async () => {
  await api?.stop();
});

describe('before any history', () => {
  test('staff only: anonymous is UNAUTHENTICATED, a customer FORBIDDEN', async () => {
    const anon = await api.gql(FORECAST, { h: 4 });
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const customer = await api.gql(FORECAST, { h: 4 }, users.customerA);
    expect(customer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const inv = await api.gql(INVENTORY, { category: 'x', h: 4 }, users.customerA);
    expect(inv.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(customer.data).toBeNull();
  });

  test('an empty history is a zero forecast with a note, not an error', async () => {
    const res = await api.gql(FORECAST, { h: 3 }, users.operator);
    expect(res.errors).toBeUndefined();
    const forecast = res.data.returnForecast;
    expect(forecast.notes.join(' ')).toMatch(/nothing to forecast from/);
    expect(forecast.groups).toHaveLength(1);
    expect(forecast.groups[0].key).toBe('TOTAL');
    expect(forecast.groups[0].weeks.map((w: { weekStart: string; expectedUnits: number; high: number }) => [w.weekStart, w.expectedUnits, w.high]))
      .toEqual([0, 1, 2].map((i) => [weekStart(thisWeek + i), 0, 0]));
    const byCategory = await api.gql(FORECAST, { h: 3, g: 'CATEGORY' }, users.operator);
    expect(byCategory.data.returnForecast.groups).toEqual([]);
  });

  test('bad input is a clear BAD_USER_INPUT; unknown SKU or category NOT_FOUND', async () => {
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      [FORECAST, { h: 0 }, 'BAD_USER_INPUT', /horizonWeeks must be a whole number from 1 to 52/],
      [FORECAST, { h: 53 }, 'BAD_USER_INPUT', /horizonWeeks/],
      [FORECAST, { h: 4, first: 0 }, 'BAD_USER_INPUT', /first must be/],
      [FORECAST, { h: 4, g: 'DISPOSITION' }, 'BAD_USER_INPUT', /DISPOSITION is not forecast/],
      [INVENTORY, { h: 4 }, 'BAD_USER_INPUT', /exactly one of sku and category/],
      [INVENTORY, { h: 4, sku: 'FC-HI', category: 'fc-hi' }, 'BAD_USER_INPUT', /exactly one of sku and category/],
      [INVENTORY, { h: 60, sku: 'FC-HI' }, 'BAD_USER_INPUT', /horizonWeeks/],
      [INVENTORY, { h: 4, sku: 'NO-SUCH-SKU' }, 'NOT_FOUND', /SKU not found/],
      [INVENTORY, { h: 4, category: 'no-such-category' }, 'NOT_FOUND', /Category not found/],
    ];
    for (const [query, variables, code, message] of cases) {
      const res = await api.gql(query, variables, users.operator);
      expect(res.status).toBe(200);
      expect(res.errors?.[0].extensions?.code).toBe(code);
      expect(res.errors?.[0].message).toMatch(message);
    }
  });
});

describe('with ten weeks of history', () => {
  beforeAll(async () => {
    await upsertPolicy(api, { category: null, windowDays: 365 });
    const orders = [];
    for (let w = 1; w <= 10; w += 1) {
      // Wednesday noon of week thisWeek − w.
      const placed = new Date(Date.parse(`${weekStart(thisWeek - w)}T12:00:00Z`) + 2 * DAY);
      for (const [sku, category] of [['FC-HI', 'fc-hi'], ['FC-LO', 'fc-lo']]) {
        orders.push({
          orderNumber: `FC-${sku}-${w}`, currencyCode: 'EUR', placedAt: placed.toISOString(), deliveredAt: new Date(placed.getTime() + DAY).toISOString(),
          customer: { externalId: 'cust-a', email: 'a@example.com' },
          lines: [{ sku, name: sku, category, quantity: 10, unitPrice: '20.00', weightGrams: 300 }],
        });
      }
    }
    const imported = await importOrders(api, orders);
    const hiReturns: Array<{ id: string; itemId: string; week: number }> = [];
    for (const order of imported) {
      const w = Number(order.orderNumber.split('-').pop());
      if (w === 1) continue; // last week's sales: their lag-1 week is this week, not yet seen
      const hi = order.lines[0].sku === 'FC-HI';
      const ret = await requestReturn(api, users.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: hi ? 3 : 1 }]);
      await requestedAt(ret.id, new Date(Date.parse(`${weekStart(thisWeek - w + 1)}T12:00:00Z`) + 2 * DAY));
      if (hi) hiReturns.push({ id: ret.id, itemId: ret.items[0].id, week: thisWeek - w + 1 });
    }
    // The three oldest FC-HI returns are received: two go back to stock, one is donated.
    hiReturns.sort((a, b) => a.week - b.week);
    for (const [i, r] of hiReturns.slice(0, 3).entries()) {
      await mutateOk(api, APPROVE, { returnId: r.id }, users.operator);
      await mutateOk(api, RECEIVE, { returnId: r.id, items: [{ returnItemId: r.itemId, quantity: 3 }] }, users.operator);
      await mutateOk(api, INSPECT, { returnItemId: r.itemId, grade: 'LIKE_NEW' }, users.operator);
      await mutateOk(api, SET_DISPOSITION, { returnItemId: r.itemId, disposition: i < 2 ? 'RESTOCK' : 'DONATE', reason: 'test' }, users.operator);
    }
    await refreshAnalytics(api.app.database, { full: true });
  });

  test('per category: the lag curve (shrunk toward the total), past/future split and the weeks are as computed by hand', async () => {
    const res = await api.gql(FORECAST, { h: 4, g: 'CATEGORY' }, users.operator);
    expect(res.errors).toBeUndefined();
    const forecast = res.data.returnForecast;
    expect(forecast.historyTo).toBe(weekStart(lastWeek));
    expect(forecast.dataRefreshedAt).not.toBeNull();
    expect(forecast.groups.map((g: { key: string }) => g.key)).toEqual(['fc-hi', 'fc-lo']); // most returned first
    const [hi, lo] = forecast.groups;
    // Lag 1: 27 of 90 mature FC-HI units, 9 of 90 FC-LO; the total's 36/180 = 0.2 with 50 pseudo-units.
    const pHi = (27 + 50 * 0.2) / (90 + 50);
    const pLo = (9 + 50 * 0.2) / (90 + 50);
    expect(hi.returnRateByLag[0]).toBe(0);
    expect(hi.returnRateByLag[1]).toBeCloseTo(pHi, 5);
    expect(lo.returnRateByLag[1]).toBeCloseTo(pLo, 5);
    expect(hi.salesModel.kind).toBe('DAMPED_HOLT');
    expect(hi.historyWeeks).toBe(10);
    expect(hi.weeks.map((w: { weekStart: string }) => w.weekStart)).toEqual([0, 1, 2, 3].map((i) => weekStart(thisWeek + i)));
    // Week 1: last week's 10 units at lag 1 (past sales); later weeks: the forecast 10 units a week at lag 1 (future sales).
    expect(hi.weeks[0].fromPastSales).toBeCloseTo(10 * pHi, 3);
    expect(hi.weeks[0].fromFutureSales).toBeCloseTo(0, 6);
    for (const w of hi.weeks.slice(1)) {
      expect(w.expectedSales).toBeCloseTo(10, 3);
      expect(w.fromPastSales).toBeCloseTo(0, 6);
      expect(w.fromFutureSales).toBeCloseTo(10 * pHi, 3);
    }
    for (const w of [...hi.weeks, ...lo.weeks]) {
      expect(w.expectedUnits).toBeCloseTo(w.fromPastSales + w.fromFutureSales, 2);
      expect(w.low).toBeLessThanOrEqual(w.expectedUnits);
      expect(w.high).toBeGreaterThanOrEqual(w.expectedUnits);
    }
    expect(hi.weeks[2].expectedUnits).toBeGreaterThan(lo.weeks[2].expectedUnits);
    expect(hi.backtest).toMatchObject({ toWeek: weekStart(lastWeek), origins: 2 });
    expect(hi.backtestMape).not.toBeNull();
  });

  test('in total and per SKU; WEEK is the total; the answer is cached until the aggregates are refreshed', async () => {
    const before = api.statements();
    const total = await api.gql(FORECAST, { h: 2 }, users.admin);
    const statements = api.statements() - before;
    expect(statements).toBeLessThanOrEqual(3); // refresh state + sales + returns
    expect(total.data.returnForecast.groups[0].key).toBe('TOTAL');
    expect(total.data.returnForecast.groups[0].returnRateByLag[1]).toBeCloseTo(0.2, 5);
    expect(total.data.returnForecast.groups[0].weeks[1].expectedUnits).toBeCloseTo(20 * 0.2, 3);
    const again = api.statements();
    const week = await api.gql(FORECAST, { h: 2, g: 'WEEK' }, users.admin);
    expect(week.data.returnForecast.groups).toEqual(total.data.returnForecast.groups);
    expect(api.statements() - again).toBeLessThanOrEqual(1); // cache hit: only the refresh state
    await refreshAnalytics(api.app.database);
    const refreshed = api.statements();
    await api.gql(FORECAST, { h: 2 }, users.admin);
    expect(api.statements() - refreshed).toBeGreaterThanOrEqual(3); // a new refresh stamp: read again

    const skus = await api.gql(FORECAST, { h: 2, g: 'SKU', first: 1 }, users.operator);
    expect(skus.errors).toBeUndefined();
    expect(skus.data.returnForecast.groups.map((g: { key: string; category: string }) => [g.key, g.category])).toEqual([['FC-HI', 'fc-hi']]);
    // The SKU is its category's only SKU, so shrinking toward the category changes nothing: 27/90.
    expect(skus.data.returnForecast.groups[0].returnRateByLag[1]).toBeCloseTo(0.3, 5);
    const reasons = await api.gql(FORECAST, { h: 2, g: 'REASON' }, users.operator);
    expect(reasons.data.returnForecast.groups.map((g: { key: string }) => g.key)).toEqual(['SIZE_TOO_SMALL']);
    expect(reasons.data.returnForecast.groups[0].returnRateByLag[1]).toBeCloseTo(0.2, 5);
  });

  test('expected returned inventory: forecast × P(received) × P(sellable), each from its units', async () => {
    const res = await api.gql(INVENTORY, { sku: 'FC-HI', h: 3 }, users.operator);
    expect(res.errors).toBeUndefined();
    const inv = res.data.expectedReturnedInventory;
    expect(inv).toMatchObject({ sku: 'FC-HI', category: 'fc-hi', horizonWeeks: 3 });
    // Requests ≥ 4 weeks old: 5 returns × 3 units, 9 received → 0.6; dispositioned 9, sellable 6 → 2/3. The category
    // holds only this SKU, so shrinking toward it changes nothing.
    expect(inv.receiptProbability).toMatchObject({ fromUnits: 15 });
    expect(inv.receiptProbability.value).toBeCloseTo(0.6, 6);
    expect(inv.sellableProbability.fromUnits).toBe(9);
    expect(inv.sellableProbability.value).toBeCloseTo(2 / 3, 6);
    expect(inv.sellableProbability.parentWeight).toBeCloseTo(50 / 59, 6);
    expect(inv.probability).toBeCloseTo(0.4, 4);
    expect(inv.weeks[1].expectedReturnedUnits).toBeCloseTo(3, 3);
    expect(inv.weeks[1].expectedSellableUnits).toBeCloseTo(1.2, 3);
    expect(inv.weeks[1].high).toBeGreaterThanOrEqual(inv.weeks[1].expectedSellableUnits);

    const lo = (await api.gql(INVENTORY, { category: 'fc-lo', h: 3 }, users.operator)).data.expectedReturnedInventory;
    // Nothing of FC-LO was received: its rates lean on all categories' (received 9 of 20 mature units; 6 of 9 sellable).
    expect(lo.receiptProbability.value).toBeCloseTo((0 + 50 * (9 / 20)) / (5 + 50), 6);
    expect(lo.sellableProbability.value).toBeCloseTo(2 / 3, 6);
    expect(lo.weeks[1].expectedSellableUnits).toBeLessThan(inv.weeks[1].expectedSellableUnits);
  });
});
