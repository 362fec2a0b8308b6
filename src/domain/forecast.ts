import { fitSalesModel, forecastSales, type SalesModel } from './holt-winters';

/**
 * Forecast of returned units per week (docs/forecasting.md).
 *
 *   expected returns in week T+j = Σ_{s ≤ T} sales[s] · p[T+j−s]          (from sales already made)
 *                                + Σ_{i=1..j} ŝales[T+i] · p[j−i]         (from sales still to come)
 *
 * where p[k] is the empirical return-rate-by-lag curve: the fraction of units sold in week s that were requested back
 * in week s+k, estimated per lag from the cohorts old enough to have been observed at that lag, and ŝales is the
 * Holt-Winters / damped-Holt forecast of weekly sales (holt-winters.ts). Weeks are ISO weeks (Monday, UTC), indexed
 * from the Monday 1970-01-05. Everything here is pure: the service loads the weekly aggregates and calls it.
 */

/** Longest lag (weeks from the sale week to the request week) the curve models; later returns are ignored. */
export const MAX_LAG_WEEKS = 52;
/** Fewest weeks of sales before the first backtest origin. */
export const MIN_TRAIN_WEEKS = 8;
/** The backtest covers at least this many weeks (or the horizon, when longer). */
export const MIN_BACKTEST_WEEKS = 13;
/** Below this many backtest errors the interval falls back to Poisson noise. */
export const MIN_INTERVAL_SAMPLES = 10;
/** The interval's quantiles: a central 80 % interval. */
export const INTERVAL_QUANTILES = [0.1, 0.9] as const;
/** z for the 80 % Poisson fallback. */
const Z80 = 1.2816;

const DAY_MS = 86_400_000;
/** Day number (since 1970-01-01) of Monday 1970-01-05, where week 0 starts. */
const WEEK_ZERO_DAY = 4;

/** The week index of an instant or a 'YYYY-MM-DD' day (weeks start Monday 00:00 UTC). */
export function weekIndex(day: Date | string): number {
  const ms = typeof day === 'string' ? Date.parse(`${day.slice(0, 10)}T00:00:00Z`) : day.getTime();
  return Math.floor((Math.floor(ms / DAY_MS) - WEEK_ZERO_DAY) / 7);
}

/** The Monday ('YYYY-MM-DD') starting week `index`. */
export function weekStart(index: number): string {
  return new Date((index * 7 + WEEK_ZERO_DAY) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * One group's weekly history on a common week axis: week 0 … n−1, the last being the last complete week.
 * `returns[s][k]` = units sold in week s requested back in week s+k (s+k ≤ n−1).
 */
export interface WeeklyHistory { sales: number[]; returns: number[][] }

/** A parent history (the SKU's category, the category's total) the lag curve is shrunk toward, with its weight in units. */
export interface CurvePrior { history: WeeklyHistory; weight: number }

/** Units requested back per request week (index = week). */
export function returnsByRequestWeek(h: WeeklyHistory): number[] {
  const out = new Array<number>(h.sales.length).fill(0);
  h.returns.forEach((row, s) => row.forEach((units, k) => { if (s + k < out.length) out[s + k] += units; }));
  return out;
}

/**
 * The return-rate-by-lag curve as known at the end of week `origin`:
 *   p[k] = (Σ_{s ≤ origin−k} R[s][k] + c · prior[k]) / (Σ_{s ≤ origin−k} sales[s] + c)
 * Only cohorts observed at lag k by then count (mature at k); c (prior weight, units) shrinks thin groups toward
 * the parent's curve, computed the same way. Length = MAX_LAG_WEEKS + 1, or less when the history is shorter.
 */
export function lagCurve(h: WeeklyHistory, origin: number, prior?: CurvePrior): number[] {
  const lags = Math.min(MAX_LAG_WEEKS, origin) + 1;
  const parent = prior && prior.weight > 0 ? lagCurve(prior.history, origin) : null;
  const c = parent ? (prior as CurvePrior).weight : 0;
  const curve: number[] = [];
  let sold = 0;
  // Cohort s is mature at lag k when s ≤ origin − k; walk k downward so the denominators accumulate.
  const soldUpTo: number[] = [];
  for (let s = 0; s <= origin; s += 1) {
    sold += h.sales[s] ?? 0;
    soldUpTo.push(sold);
  }
  for (let k = 0; k < lags; k += 1) {
    let returned = 0;
    for (let s = 0; s <= origin - k; s += 1) returned += h.returns[s]?.[k] ?? 0;
    const denominator = soldUpTo[origin - k] + c;
    const priorK = parent ? (parent[k] ?? 0) : 0;
    curve.push(denominator > 0 ? (returned + c * priorK) / denominator : priorK);
  }
  return curve;
}

/** Expected returns per future week j = 1..futureSales.length, split by where they come from. */
export interface ExpectedReturns { fromPastSales: number[]; fromFutureSales: number[] }

/**
 * Convolves sales with the lag curve: pastSales are weeks 0..T (T = pastSales.length − 1), futureSales weeks T+1….
 * Exact arithmetic of the formula in the file comment; no rounding.
 */
export function convolveReturns(pastSales: readonly number[], futureSales: readonly number[], curve: readonly number[]): ExpectedReturns {
  const T = pastSales.length - 1;
  const fromPastSales: number[] = [];
  const fromFutureSales: number[] = [];
  for (let j = 1; j <= futureSales.length; j += 1) {
    let past = 0;
    for (let k = j; k < curve.length; k += 1) {
      const s = T + j - k;
      if (s >= 0) past += pastSales[s] * curve[k];
    }
    let future = 0;
    for (let i = 1; i <= j; i += 1) future += futureSales[i - 1] * (curve[j - i] ?? 0);
    fromPastSales.push(past);
    fromFutureSales.push(future);
  }
  return { fromPastSales, fromFutureSales };
}

/** Mean absolute percentage error in percent, over the pairs whose actual is not 0 (null when none is). */
export function mape(actual: readonly number[], forecast: readonly number[]): number | null {
  let sum = 0;
  let count = 0;
  actual.forEach((a, i) => {
    if (a !== 0) {
      sum += Math.abs((a - forecast[i]) / a);
      count += 1;
    }
  });
  return count ? (100 * sum) / count : null;
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): the forecast's MAE divided by the in-sample MAE of the
 * (seasonal) naïve one-step forecast y[t−m] on the training series. Null when the scale is 0 or not computable.
 */
export function mase(actual: readonly number[], forecast: readonly number[], training: readonly number[], m = 1): number | null {
  if (actual.length === 0 || training.length <= m) return null;
  let scale = 0;
  for (let t = m; t < training.length; t += 1) scale += Math.abs(training[t] - training[t - m]);
  scale /= training.length - m;
  if (scale === 0) return null;
  const mae = actual.reduce((sum, a, i) => sum + Math.abs(a - forecast[i]), 0) / actual.length;
  return mae / scale;
}

/** The q-quantile of xs (linear interpolation between order statistics, type 7). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = xs.slice().sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Interval bands from backtest errors. Each error is made relative, e = (actual − forecast) / max(forecast, 1), and
 * each step j ahead gets a scale σⱼ = the root mean square of its e, made non-decreasing in j (a forecast further out
 * is never surer) and extended as σ_last · √(j / last) past the steps the backtest saw. The errors standardised by
 * their step's scale are pooled and their 10 % and 90 % quantiles q taken (at the conformal level ⌈(n+1)·0.9⌉ / n, so
 * a small sample does not make the band too narrow); the band at step j is forecast + q · max(forecast, 1) · σⱼ,
 * floored at 0. With fewer than MIN_INTERVAL_SAMPLES errors: ± z₈₀ · √(max(forecast, 1) · j) (Poisson noise,
 * widening with √j).
 */
export interface IntervalModel {
  kind: 'EMPIRICAL' | 'POISSON';
  lowQuantile: number;
  highQuantile: number;
  /** σⱼ for j = 1… (empty for POISSON). */
  scales: number[];
  samples: number;
}

/** Builds the interval model from backtest (step, actual, forecast) triples. */
export function intervalModel(errors: ReadonlyArray<{ step: number; actual: number; forecast: number }>): IntervalModel {
  if (errors.length < MIN_INTERVAL_SAMPLES) return { kind: 'POISSON', lowQuantile: -Z80, highQuantile: Z80, scales: [], samples: errors.length };
  const relative = errors.map((e) => ({ step: e.step, e: (e.actual - e.forecast) / Math.max(e.forecast, 1) }));
  const maxStep = Math.max(...errors.map((e) => e.step));
  const scales: number[] = [];
  for (let j = 1; j <= maxStep; j += 1) {
    const at = relative.filter((r) => r.step === j);
    const rms = at.length ? Math.sqrt(at.reduce((s, r) => s + r.e * r.e, 0) / at.length) : 0;
    scales.push(Math.max(rms, scales[j - 2] ?? 0, 1e-9));
  }
  const u = relative.map((r) => r.e / scales[r.step - 1]);
  const n = u.length;
  const level = (q: number) => Math.min(1, Math.ceil((n + 1) * q) / n);
  return {
    kind: 'EMPIRICAL',
    lowQuantile: Math.min(0, quantile(u, 1 - level(1 - INTERVAL_QUANTILES[0]))),
    highQuantile: Math.max(0, quantile(u, level(INTERVAL_QUANTILES[1]))),
    scales,
    samples: n,
  };
}

/** The [low, high] band around a forecast j weeks ahead. */
export function intervalAt(model: IntervalModel, forecast: number, step: number): { low: number; high: number } {
  let spread: number;
  if (model.kind === 'POISSON') {
    spread = Math.sqrt(Math.max(forecast, 1) * step);
  } else {
    const last = model.scales.length;
    const scale = step <= last ? model.scales[step - 1] : model.scales[last - 1] * Math.sqrt(step / last);
    spread = Math.max(forecast, 1) * scale;
  }
  return { low: Math.max(0, forecast + model.lowQuantile * spread), high: forecast + model.highQuantile * spread };
}

/** The held-out evaluation of one group's forecast. */
export interface Backtest {
  /** First and last held-out week (indices); every origin between firstOrigin and the last week forecasts ahead. */
  fromWeek: number;
  toWeek: number;
  origins: number;
  /** (origin, step) pairs compared. */
  points: number;
  /** Percent; weeks with 0 actual returns are skipped. */
  mape: number | null;
  mase: number | null;
  /** Season of the naïve forecast scaling MASE: 52 (seasonal naïve) or 1. */
  maseSeason: number;
  interval: IntervalModel;
}

/** One forecast week (index = week on the history's axis). */
export interface ForecastWeek {
  week: number;
  expectedUnits: number;
  fromPastSales: number;
  fromFutureSales: number;
  expectedSales: number;
  low: number;
  high: number;
}

/** One group's forecast. */
export interface GroupForecast {
  weeks: ForecastWeek[];
  model: SalesModel;
  curve: number[];
  /** Weeks from the group's first sale to the last complete week. */
  historyWeeks: number;
  backtest: Backtest | null;
  notes: string[];
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function firstSaleWeek(h: WeeklyHistory): number {
  const i = h.sales.findIndex((v) => v > 0);
  return i < 0 ? h.sales.length : i;
}

/**
 * Rolling-origin backtest: sales-model parameters fitted once on the data up to the first origin, then at every origin
 * o (from n−1−W to n−2) the model state is re-filtered and the lag curve re-estimated from what was known at o, and
 * min(h, n−1−o) weeks are forecast and compared with the returns actually requested. W = max(h, 13) weeks, capped so
 * at least MIN_TRAIN_WEEKS of sales precede it. Null when the history is too short.
 */
export function backtest(h: WeeklyHistory, horizon: number, prior?: CurvePrior): Backtest | null {
  const n = h.sales.length;
  const start = firstSaleWeek(h);
  const window = Math.min(Math.max(horizon, MIN_BACKTEST_WEEKS), n - start - MIN_TRAIN_WEEKS);
  if (window < 1) return null;
  const firstOrigin = n - 1 - window;
  const model = fitSalesModel(h.sales.slice(start, firstOrigin + 1));
  const actualByWeek = returnsByRequestWeek(h);
  const actual: number[] = [];
  const forecast: number[] = [];
  const errors: Array<{ step: number; actual: number; forecast: number }> = [];
  for (let o = firstOrigin; o <= n - 2; o += 1) {
    const steps = Math.min(horizon, n - 1 - o);
    const past = h.sales.slice(0, o + 1);
    const future = forecastSales(model, h.sales.slice(start, o + 1), steps);
    const expected = convolveReturns(past, future, lagCurve(h, o, prior));
    for (let j = 1; j <= steps; j += 1) {
      const f = expected.fromPastSales[j - 1] + expected.fromFutureSales[j - 1];
      actual.push(actualByWeek[o + j]);
      forecast.push(f);
      errors.push({ step: j, actual: actualByWeek[o + j], forecast: f });
    }
  }
  const maseSeason = model.season > 0 ? model.season : 1;
  return {
    fromWeek: firstOrigin + 1,
    toWeek: n - 1,
    origins: n - 1 - firstOrigin,
    points: actual.length,
    mape: mape(actual, forecast),
    mase: mase(actual, forecast, actualByWeek.slice(start, firstOrigin + 1), maseSeason),
    maseSeason,
    interval: intervalModel(errors),
  };
}

/**
 * Forecasts returned units for the `horizon` weeks after the history's last week (n−1): the sales model fitted on
 * the whole history from the group's first sale, the lag curve as of week n−1, intervals from the backtest.
 * A group that never sold gets zeros and a note, not an error.
 */
export function forecastGroup(h: WeeklyHistory, horizon: number, prior?: CurvePrior): GroupForecast {
  const n = h.sales.length;
  const start = firstSaleWeek(h);
  const notes: string[] = [];
  const model = fitSalesModel(h.sales.slice(start));
  if (start >= n) {
    notes.push('No sales in the history window: the forecast is zero.');
    const weeks = Array.from({ length: horizon }, (_, i) => ({
      week: n + i, expectedUnits: 0, fromPastSales: 0, fromFutureSales: 0, expectedSales: 0, low: 0, high: 0,
    }));
    return { weeks, model, curve: [], historyWeeks: 0, backtest: null, notes };
  }
  const curve = lagCurve(h, n - 1, prior);
  const future = forecastSales(model, h.sales.slice(start), horizon);
  const expected = convolveReturns(h.sales, future, curve);
  const bt = backtest(h, horizon, prior);
  const interval = bt?.interval ?? intervalModel([]);
  if (!bt) notes.push(`Fewer than ${MIN_TRAIN_WEEKS + 1} weeks of sales: no backtest; the interval is Poisson noise only.`);
  else if (bt.interval.kind === 'POISSON') notes.push('Too few backtest weeks for empirical intervals: the interval is Poisson noise only.');
  if (model.kind === 'DAMPED_HOLT') notes.push('Less than two years of sales: damped-trend Holt model, no seasonality.');
  if (model.kind === 'MEAN') notes.push('Less than four weeks of sales: the sales forecast is their mean.');
  if (sum(curve) === 0) notes.push('No returns observed yet for this group: the return-rate curve is zero.');
  const weeks = future.map((expectedSales, i) => {
    const fromPastSales = expected.fromPastSales[i];
    const fromFutureSales = expected.fromFutureSales[i];
    const expectedUnits = fromPastSales + fromFutureSales;
    return { week: n + i, expectedUnits, fromPastSales, fromFutureSales, expectedSales, ...intervalAt(interval, expectedUnits, i + 1) };
  });
  return { weeks, model, curve, historyWeeks: n - start, backtest: bt, notes };
}
