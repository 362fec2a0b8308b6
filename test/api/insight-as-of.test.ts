import { refreshAnalytics } from '../../src/services/insight/analytics-refresh.service';
import { weekIndex, weekStart } from '../../src/domain/forecast';
import { startTestApi, type TestApi } from '../support/harness';
import { cast } from '../support/fixtures';
import { waitForOperation } from '../support/operations';

/*
 * Insight on real data: returnForecast, expectedReturnedInventory and risk training as of a past day, and a risk model
 * activated only when it beats the base rate on holdout log-loss and Brier score with RISK_MIN_POSITIVES returned lines.
 * The history is loaded as a migrating merchant would: importOrders, then importReturns.
 */

const DAY = 86_400_000;
const NOW = Date.now();
const at = (days: number) => new Date(NOW - days * DAY).toISOString();
const MODEL = `version active inactiveReason asOf trainRows holdoutRows holdoutFrom trainedUntil
  metrics { logLoss brier baseRate baseRateLogLoss baseRateBrier holdoutPositives auc }`;
const TRAIN = `mutation($input: TrainReturnRiskModelInput) { trainReturnRiskModel(input: $input) { operation { id } userErrors { code } } }`;
const FORECAST = `query($asOf: DateTime) { returnForecast(horizonWeeks: 4, asOf: $asOf) {
  historyFrom historyTo groups { key returnRate returnRateByLag weeks { weekStart expectedUnits fromPastSales } } } }`;
const INVENTORY = `query($asOf: DateTime) { expectedReturnedInventory(category: "signal", horizonWeeks: 2, asOf: $asOf) { weeks { weekStart expectedReturnedUnits } } }`;

let api: TestApi;
let tokens: Awaited<ReturnType<typeof cast>>;

beforeAll(async () => {
  api = await startTestApi({
    OUTBOX_SWEEP_MS: '3600000', EXPIRY_SWEEP_MS: '86400000', REFURB_OVERDUE_SWEEP_MS: '86400000', ANALYTICS_REFRESH_MS: '0',
    ANALYTICS_FULL_REFRESH_MS: '0', RISK_MODEL_TRAIN_MS: String(30 * 86_400_000), ANALYTICS_REFRESH_OVERLAP_MS: '0', RISK_MIN_POSITIVES: '20',
  });
  tokens = await cast(api);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

/** A seeded PRNG (mulberry32): the same history every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function gqlOk(query: string, variables: Record<string, unknown>, token: string) {
  const res = await api.gql(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

interface Sold { orderNumber: string; placedDays: number; sku: string }

/**
 * Imports `n` one-line orders placed 38–170 days ago (a new customer each) and, for those `returned` picks, a return
 * requested five days after delivery, both through the API.
 */
async function history(prefix: string, n: number, category: string, sku: (i: number) => string, returned: (s: Sold) => boolean): Promise<Sold[]> {
  const sold: Sold[] = Array.from({ length: n }, (_, i) => ({ orderNumber: `${prefix}-${i}`, placedDays: 38 + (i * 132) / n, sku: sku(i) }));
  for (let i = 0; i < n; i += 150) {
    const orders = sold.slice(i, i + 150).map((s) => ({
      orderNumber: s.orderNumber, customer: { externalId: `${s.orderNumber}-c`, email: `${s.orderNumber.toLowerCase()}@example.com` }, currencyCode: 'EUR',
      placedAt: at(s.placedDays), deliveredAt: at(s.placedDays - 2), lines: [{ sku: s.sku, name: s.sku, category, quantity: 1, unitPrice: '30.00' }],
    }));
    const res = await gqlOk(`mutation($input: ImportOrdersInput!) { importOrders(input: $input) { orders { orderNumber } userErrors { code message } } }`, { input: { orders } }, tokens.admin);
    expect(res.importOrders.userErrors).toEqual([]);
  }
  const returns = sold.filter(returned).map((s) => ({
    externalId: `${s.orderNumber}-R`, orderNumber: s.orderNumber, status: 'COMPLETED', requestedAt: at(s.placedDays - 7),
    refundAmount: '30.00', refundedAt: at(s.placedDays - 12), items: [{ lineNumber: 1, quantity: 1, reasonCode: 'FIT' }],
  }));
  const res = await gqlOk(`mutation($input: ImportReturnsInput!) { importReturns(input: $input) { created failed userErrors { code message field } } }`,
    { input: { merchant: prefix, returns } }, tokens.admin);
  expect(res.importReturns).toEqual({ created: returns.length, failed: 0, userErrors: [] });
  return sold;
}

async function train(input: Record<string, unknown>) {
  const res = await gqlOk(TRAIN, { input }, tokens.admin);
  expect(res.trainReturnRiskModel.userErrors).toEqual([]);
  const op = await waitForOperation(api, res.trainReturnRiskModel.operation.id, tokens.admin, { result: `... on ReturnRiskModel { ${MODEL} }` });
  if (op.status !== 'SUCCEEDED') throw new Error(JSON.stringify(op));
  return op.result;
}

describe('risk model activation', () => {
  it('a model trained on noise stays inactive and says why', async () => {
    const random = rng(7);
    // One SKU, one price, a new customer per order: nothing tells a returned line from a kept one.
    await history('NOISE', 450, 'noise', () => 'NOISE-TEE', () => random() < 0.3);
    const model = await train({ seed: 1 });
    expect(model.metrics.holdoutPositives).toBeGreaterThanOrEqual(20);
    expect(model.active).toBe(false);
    expect(model.inactiveReason).toMatch(/^Does not beat predicting the base rate on the holdout: log-loss .* Brier score/);
    expect(model.metrics.logLoss).toBeGreaterThanOrEqual(model.metrics.baseRateLogLoss);
    expect(model.metrics.brier).toBeGreaterThanOrEqual(model.metrics.baseRateBrier);
    expect(model.asOf).toBeNull();
    // No active model: orders get no score.
    expect((await gqlOk(`query { returnRiskModel { version } }`, {}, tokens.operator)).returnRiskModel).toBeNull();
  }, 300_000);

  it('a model on a learnable signal becomes active', async () => {
    const random = rng(11);
    // Two SKUs: one comes back 70 % of the time, the other 5 %.
    await history('SIGNAL', 300, 'signal', (i) => (i % 2 ? 'RISKY-DRESS' : 'SAFE-SOCKS'), (s) => random() < (s.sku === 'RISKY-DRESS' ? 0.7 : 0.05));
    const model = await train({ seed: 1 });
    expect(model).toMatchObject({ active: true, inactiveReason: null, asOf: null });
    expect(model.metrics.logLoss).toBeLessThan(model.metrics.baseRateLogLoss);
    expect(model.metrics.brier).toBeLessThan(model.metrics.baseRateBrier);
    expect((await gqlOk(`query { returnRiskModel { version } }`, {}, tokens.operator)).returnRiskModel.version).toBe(model.version);
  }, 300_000);
});

describe('asOf', () => {
  it('risk training as of a past day reads only what was known then, and stays an evaluation', async () => {
    const today = await train({ seed: 1 });
    const past = await train({ seed: 1, asOf: at(30) });
    const pastDay = new Date(Math.floor((NOW - 30 * DAY) / DAY) * DAY);
    expect(past.asOf).toBe(pastDay.toISOString());
    expect(past.active).toBe(false);
    expect(past.inactiveReason).toMatch(/^Trained as of \d{4}-\d{2}-\d{2} \(an evaluation of the past\)/);
    // Every cut-off moves back with it, so fewer orders are mature enough to train on.
    expect(Date.parse(today.trainedUntil) - Date.parse(past.trainedUntil)).toBe(Math.floor(NOW / DAY) * DAY - pastDay.getTime());
    expect(past.trainRows).toBeLessThan(today.trainRows);
    // The active model is still the one trained on today's data.
    expect((await gqlOk(`query { returnRiskModel { version } }`, {}, tokens.operator)).returnRiskModel.version).toBe(today.version);
    const future = await api.gql(TRAIN, { input: { asOf: new Date(NOW + 2 * DAY).toISOString() } }, tokens.admin);
    expect(future.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  }, 300_000);

  it('forecasts as of a past day start there and ignore returns requested later', async () => {
    await refreshAnalytics(api.app.database, { full: true });
    const asOf = at(80);
    const week = weekIndex(new Date(asOf));
    const pastBefore = (await gqlOk(FORECAST, { asOf }, tokens.operator)).returnForecast;
    const nowBefore = (await gqlOk(FORECAST, {}, tokens.operator)).returnForecast;
    expect(pastBefore.historyTo).toBe(weekStart(week - 1));
    expect(pastBefore.groups[0].weeks[0].weekStart).toBe(weekStart(week));
    expect(nowBefore.historyTo).toBe(weekStart(weekIndex(new Date()) - 1));
    const inventory = (await gqlOk(INVENTORY, { asOf }, tokens.operator)).expectedReturnedInventory;
    expect(inventory.weeks[0].weekStart).toBe(weekStart(week));

    // Late returns: SAFE orders placed 85–110 days ago, requested back 75 days ago (after asOf); those already
    // returned have no unit left and are refused one by one.
    const late = Array.from({ length: 300 }, (_, i) => ({ i, placedDays: 38 + (i * 132) / 300 }))
      .filter((s) => s.i % 2 === 0 && s.placedDays >= 85 && s.placedDays <= 110)
      .map((s) => ({
        externalId: `LATE-${s.i}`, orderNumber: `SIGNAL-${s.i}`, status: 'RECEIVED', requestedAt: at(75), receivedAt: at(72),
        items: [{ lineNumber: 1, quantity: 1, reasonCode: 'FIT' }],
      }));
    const res = await gqlOk(`mutation($input: ImportReturnsInput!) { importReturns(input: $input) { created failed userErrors { code } } }`,
      { input: { merchant: 'LATE', returns: late } }, tokens.admin);
    expect(res.importReturns.created).toBeGreaterThan(5);
    expect(res.importReturns.created + res.importReturns.failed).toBe(late.length);
    expect(new Set(res.importReturns.userErrors.map((e: any) => e.code))).toEqual(new Set(res.importReturns.failed ? ['QUANTITY_EXCEEDS_RETURNABLE'] : []));
    await refreshAnalytics(api.app.database);

    const pastAfter = (await gqlOk(FORECAST, { asOf }, tokens.operator)).returnForecast;
    const nowAfter = (await gqlOk(FORECAST, {}, tokens.operator)).returnForecast;
    // Now the curve has more returns in it; as of the past day nothing changed.
    expect(nowAfter.groups[0].returnRate).toBeGreaterThan(nowBefore.groups[0].returnRate);
    expect(pastAfter.groups).toEqual(pastBefore.groups);

    const bad = await api.gql(FORECAST, { asOf: new Date(NOW + 2 * DAY).toISOString() }, tokens.operator);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  }, 300_000);

  it('expected returned inventory as of a past day rates receipts and dispositions as they were known then', async () => {
    // Ten one-unit orders of a category of their own, placed 110 days ago. Returns requested 100 days ago: 0–2 received
    // 95 days ago and restocked, 3–4 received then and recycled, 5–6 received only 40 days ago (restocked), 7 never
    // received. Returns 8–9 are requested 30 days ago, received 25 days ago and restocked.
    const orders = Array.from({ length: 10 }, (_, i) => ({
      orderNumber: `ASOF-${i}`, customer: { externalId: `asof-c-${i}`, email: `asof-${i}@example.com` }, currencyCode: 'EUR',
      placedAt: at(110), deliveredAt: at(108), lines: [{ sku: 'ASOF-BOOT', name: 'Boot', category: 'asof', quantity: 1, unitPrice: '30.00' }],
    }));
    const imported = await gqlOk(`mutation($input: ImportOrdersInput!) { importOrders(input: $input) { userErrors { code message } } }`, { input: { orders } }, tokens.admin);
    expect(imported.importOrders.userErrors).toEqual([]);
    const ret = (i: number, requested: number, received: number | null, disposition: string | null) => ({
      externalId: `ASOF-R-${i}`, orderNumber: `ASOF-${i}`, status: received === null ? 'APPROVED' : 'COMPLETED', requestedAt: at(requested),
      ...(received === null ? {} : { receivedAt: at(received) }),
      items: [{ lineNumber: 1, quantity: 1, reasonCode: 'FIT', ...(disposition ? { grade: disposition === 'RESTOCK' ? 'LIKE_NEW' : 'DAMAGED', disposition } : {}) }],
    });
    const returns = [
      ...[0, 1, 2].map((i) => ret(i, 100, 95, 'RESTOCK')), ...[3, 4].map((i) => ret(i, 100, 95, 'RECYCLE')),
      ...[5, 6].map((i) => ret(i, 100, 40, 'RESTOCK')), ret(7, 100, null, null), ...[8, 9].map((i) => ret(i, 30, 25, 'RESTOCK')),
    ];
    const res = await gqlOk(`mutation($input: ImportReturnsInput!) { importReturns(input: $input) { created failed userErrors { code message field } } }`,
      { input: { merchant: 'ASOF', returns } }, tokens.admin);
    expect(res.importReturns).toEqual({ created: 10, failed: 0, userErrors: [] });
    await refreshAnalytics(api.app.database, { full: true });

    const RATES = `query($asOf: DateTime) { expectedReturnedInventory(category: "asof", horizonWeeks: 2, asOf: $asOf) {
      probability receiptProbability { value fromUnits parentValue parentWeight } sellableProbability { value fromUnits parentValue parentWeight } } }`;
    const past = (await gqlOk(RATES, { asOf: at(60) }, tokens.operator)).expectedReturnedInventory;
    const now = (await gqlOk(RATES, {}, tokens.operator)).expectedReturnedInventory;

    // By hand, as of 60 days ago (history up to the week before): 8 units requested long enough ago, 5 of them
    // received by then (5 and 6 came 40 days ago, 7 never), 5 dispositioned of which 3 restocked; 8 and 9 not yet asked.
    const shrunk = (hits: number, trials: number, parent: number) => (hits + 50 * parent) / (trials + 50);
    expect(past.receiptProbability.fromUnits).toBe(8);
    expect(past.receiptProbability.value).toBeCloseTo(shrunk(5, 8, past.receiptProbability.parentValue), 10);
    expect(past.receiptProbability.parentWeight).toBeCloseTo(50 / 58, 10);
    expect(past.sellableProbability.fromUnits).toBe(5);
    expect(past.sellableProbability.value).toBeCloseTo(shrunk(3, 5, past.sellableProbability.parentValue), 10);
    expect(past.probability).toBeCloseTo(past.receiptProbability.value * past.sellableProbability.value, 4);

    // Today 5 and 6 (and 8, 9) are received and restocked: the rates are not the past ones.
    const receivedNow = now.receiptProbability.value * (now.receiptProbability.fromUnits + 50) - 50 * now.receiptProbability.parentValue;
    expect(now.receiptProbability.fromUnits).toBeGreaterThanOrEqual(8);
    expect(Math.round(receivedNow)).toBe(now.receiptProbability.fromUnits - 1);
    expect(now.sellableProbability.fromUnits).toBeGreaterThanOrEqual(7);
    expect(now.sellableProbability.value).not.toBeCloseTo(past.sellableProbability.value, 4);
    expect(now.receiptProbability.value).not.toBeCloseTo(past.receiptProbability.value, 4);
  }, 300_000);
});
