import { generateHistory, type HistorySummary } from '../../src/demo/history';
import { startTestApi, type TestApi } from '../support/harness';

// Forecasts on three years of generated history (src/demo/history.ts: weekly and yearly seasonality, per-category
// return rates and log-normal return lags): the learnt return rates match what the generator was told, the seasonal
// model is chosen, the backtest errs within measured bounds, and a high-return category is forecast above a
// low-return one.
let api: TestApi;
let summary: HistorySummary;
let operator: string;

const FORECAST = `query($h: Int!, $g: AnalyticsGroupBy) { returnForecast(horizonWeeks: $h, groupBy: $g) {
  groups { key backtestMape backtestMase returnRate salesModel { kind seasonWeeks } backtest { points intervalMethod }
    weeks { weekStart expectedUnits fromPastSales fromFutureSales expectedSales low high } } } }`;

beforeAll(async () => {
  api = await startTestApi({ ANALYTICS_REFRESH_MS: '0', ANALYTICS_FULL_REFRESH_MS: '0' });
  // The history ends at the start of this UTC week (Monday 00:00), not at this millisecond: the forecast bins by week
  // from now, so every run in a week sees the same weekly series (ending at `now` moved orders between bins run to run).
  const end = new Date();
  end.setUTCHours(0, 0, 0, 0);
  end.setUTCDate(end.getUTCDate() - ((end.getUTCDay() + 6) % 7));
  summary = await generateHistory(api.app.database, { orders: 8000, seed: 5, weeks: 156, end });
  operator = await api.token('OPERATOR', 'op');
}, 300_000);

afterAll(async () => {
  await api?.stop();
});

// Measured on 8,000 orders (≈ 50 returned units a week) at six history ends over a year: total MAPE 17–41 %, MASE
// 0.50–0.92; the bounds leave room for the week the suite runs in (the history ends at the start of the current week).
test('the total: Holt-Winters on three years, backtest MAPE under 50 % and MASE under 1.2, intervals around the forecast', async () => {
  expect(summary.refreshed).toBe(true);
  const res = await api.gql(FORECAST, { h: 8 }, operator);
  expect(res.errors).toBeUndefined();
  const [total] = res.data.returnForecast.groups;
  expect(total.salesModel).toMatchObject({ seasonWeeks: 52 });
  expect(total.salesModel.kind).toMatch(/^HOLT_WINTERS_/);
  expect(total.backtest.intervalMethod).toBe('EMPIRICAL');
  expect(total.backtestMape).toBeLessThan(50);
  expect(total.backtestMase).toBeLessThan(1.2);
  const overall = summary.returnedUnits / summary.units;
  expect(Math.abs(total.returnRate - overall) / overall).toBeLessThan(0.1);
  for (const w of total.weeks) {
    expect(w.low).toBeLessThanOrEqual(w.expectedUnits);
    expect(w.high).toBeGreaterThan(w.expectedUnits);
    expect(w.expectedUnits).toBeGreaterThan(0);
  }
});

test('per category: the learnt return rates are the generator\'s, and apparel (30 %) is forecast above beauty (4 %)', async () => {
  const res = await api.gql(FORECAST, { h: 6, g: 'CATEGORY' }, operator);
  expect(res.errors).toBeUndefined();
  const groups = new Map<string, any>(res.data.returnForecast.groups.map((g: { key: string }) => [g.key, g]));
  for (const [category, truth] of Object.entries(summary.byCategory)) {
    expect(Math.abs(groups.get(category).returnRate - truth.returnRate)).toBeLessThan(0.1 * truth.returnRate + 0.005);
  }
  const apparel = groups.get('apparel');
  const beauty = groups.get('beauty');
  apparel.weeks.forEach((w: { expectedUnits: number }, i: number) => expect(w.expectedUnits).toBeGreaterThan(2 * beauty.weeks[i].expectedUnits));
  expect(apparel.backtestMase).toBeLessThan(1.2);
});
