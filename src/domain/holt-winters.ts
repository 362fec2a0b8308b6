/**
 * Exponential-smoothing models of weekly sales (docs/forecasting.md, "Future sales").
 *
 * - ≥ 2 full seasons (104 weeks) of history: Holt-Winters with a 52-week season and a damped trend, additive
 *   (ETS(A,Ad,A)) and, when every week sold something, multiplicative (ETS(A,Ad,M)) seasonality; the one with the
 *   lower one-step-ahead squared error wins (both have four parameters, so this is also the lower AIC).
 * - 4 to 103 weeks: Holt's damped additive trend (Gardner & McKenzie, ETS(A,Ad,N)). A season needs two cycles to be
 *   told apart from a trend, so shorter histories get none.
 * - 1 to 3 weeks: the mean. No history: zero.
 *
 * Parameters minimise the sum of squared one-step-ahead errors (Nelder-Mead over a logistic reparametrisation that
 * keeps them admissible: 0 < β ≤ α < 1, 0 < γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98). Forecasts are clamped at 0.
 * Recursions follow Hyndman & Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.), ch. 8.
 */

/** Weeks in a season. */
export const SEASON_WEEKS = 52;
/** Fewest weeks for a trend model; fewer get the mean. */
export const MIN_TREND_WEEKS = 4;

export type SalesModelKind = 'ZERO' | 'MEAN' | 'DAMPED_HOLT' | 'HOLT_WINTERS_ADDITIVE' | 'HOLT_WINTERS_MULTIPLICATIVE';

/** Smoothing parameters: level α, trend β, season γ (0 without a season), damping φ (1 = undamped). */
export interface SmoothingParams { alpha: number; beta: number; gamma: number; phi: number }

/** A model kind with its fitted parameters; the state is re-derived by filtering whatever history it is given. */
export interface SalesModel {
  kind: SalesModelKind;
  params: SmoothingParams;
  /** Season length in weeks (0 when not seasonal). */
  season: number;
  /** Mean squared one-step-ahead error on the data it was fitted on. */
  mse: number;
}

interface State { level: number; trend: number; seasonal: number[]; t: number }

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const PHI_MIN = 0.8;
const PHI_MAX = 0.98;

/** Maps unconstrained x to admissible parameters (see the file comment). */
function toParams(x: readonly number[], seasonal: boolean): SmoothingParams {
  const alpha = 0.0001 + 0.9998 * sigmoid(x[0]);
  const beta = alpha * sigmoid(x[1]);
  const gamma = seasonal ? (1 - alpha) * sigmoid(x[2]) : 0;
  const phi = PHI_MIN + (PHI_MAX - PHI_MIN) * sigmoid(x[seasonal ? 3 : 2]);
  return { alpha, beta, gamma, phi };
}

/** Where the search starts: α 0.3, β 0.05, γ 0.1, φ 0.95. */
function startX(seasonal: boolean): number[] {
  const x = [logit((0.3 - 0.0001) / 0.9998), logit(0.05 / 0.3)];
  if (seasonal) x.push(logit(0.1 / 0.7));
  x.push(logit((0.95 - PHI_MIN) / (PHI_MAX - PHI_MIN)));
  return x;
}

/**
 * Initial state one step before the first observation. Seasonal: level and trend from the means of the first two
 * seasons, seasonal indices from the first season detrended (so the first season is reproduced exactly when
 * undamped). Otherwise: a least-squares line through the first (up to) 8 weeks.
 */
function initialState(kind: SalesModelKind, y: readonly number[], m: number): State | null {
  if (kind === 'HOLT_WINTERS_ADDITIVE' || kind === 'HOLT_WINTERS_MULTIPLICATIVE') {
    const first = mean(y.slice(0, m));
    const trend = (mean(y.slice(m, 2 * m)) - first) / m;
    const seasonal: number[] = [];
    for (let i = 0; i < m; i += 1) {
      const base = first + (i - (m - 1) / 2) * trend;
      if (kind === 'HOLT_WINTERS_MULTIPLICATIVE') {
        if (base <= 0 || y[i] <= 0) return null;
        seasonal.push(y[i] / base);
      } else {
        seasonal.push(y[i] - base);
      }
    }
    return { level: first - ((m - 1) / 2 + 1) * trend, trend, seasonal, t: 0 };
  }
  const k = Math.min(y.length, 8);
  const xs = Array.from({ length: k }, (_, i) => i);
  const mx = mean(xs);
  const my = mean(y.slice(0, k));
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < k; i += 1) {
    sxy += (xs[i] - mx) * (y[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  return { level: intercept - slope, trend: slope, seasonal: [], t: 0 };
}

/** Runs the smoothing recursions over y; returns the final state and the sum of squared one-step errors (∞ if invalid). */
function filter(kind: SalesModelKind, p: SmoothingParams, y: readonly number[], m: number): { state: State; sse: number } | null {
  const init = initialState(kind, y, m);
  if (!init) return null;
  let { level, trend } = init;
  const seasonal = init.seasonal.slice();
  const multiplicative = kind === 'HOLT_WINTERS_MULTIPLICATIVE';
  const hasSeason = seasonal.length > 0;
  let sse = 0;
  for (let t = 0; t < y.length; t += 1) {
    const damped = level + p.phi * trend;
    const si = hasSeason ? t % m : 0;
    const s = hasSeason ? seasonal[si] : multiplicative ? 1 : 0;
    let newLevel: number;
    if (multiplicative) {
      if (s <= 1e-9 || damped <= 1e-9) return null;
      sse += (y[t] - damped * s) ** 2;
      newLevel = p.alpha * (y[t] / s) + (1 - p.alpha) * damped;
      seasonal[si] = p.gamma * (y[t] / damped) + (1 - p.gamma) * s;
    } else {
      sse += (y[t] - damped - s) ** 2;
      newLevel = p.alpha * (y[t] - s) + (1 - p.alpha) * damped;
      if (hasSeason) seasonal[si] = p.gamma * (y[t] - damped) + (1 - p.gamma) * s;
    }
    trend = p.beta * (newLevel - level) + (1 - p.beta) * p.phi * trend;
    level = newLevel;
  }
  return { state: { level, trend, seasonal, t: y.length }, sse };
}

/** Minimises f by Nelder-Mead (standard coefficients), from x0 with unit steps; returns the best point. */
export function nelderMead(f: (x: number[]) => number, x0: readonly number[], maxEvals = 400, tolerance = 1e-10): number[] {
  const n = x0.length;
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (j === i ? v + 1 : v)))];
  let values = simplex.map(f);
  let evals = n + 1;
  const combine = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i] - v));
  while (evals < maxEvals) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[n] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance)) break;
    const centroid = simplex[0].map((_, j) => mean(simplex.slice(0, n).map((p) => p[j])));
    const reflected = combine(centroid, simplex[n], -1);
    const fr = f(reflected);
    evals += 1;
    if (fr < values[0]) {
      const expanded = combine(centroid, simplex[n], -2);
      const fe = f(expanded);
      evals += 1;
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? combine(centroid, reflected, 0.5) : combine(centroid, simplex[n], 0.5);
      const fc = f(contracted);
      evals += 1;
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i += 1) {
          simplex[i] = combine(simplex[0], simplex[i], 0.5);
          values[i] = f(simplex[i]);
        }
        evals += n;
      }
    }
  }
  return simplex[values.indexOf(Math.min(...values))];
}

function fitKind(kind: SalesModelKind, y: readonly number[], m: number): SalesModel | null {
  const seasonal = kind === 'HOLT_WINTERS_ADDITIVE' || kind === 'HOLT_WINTERS_MULTIPLICATIVE';
  const objective = (x: number[]) => filter(kind, toParams(x, seasonal), y, m)?.sse ?? Number.POSITIVE_INFINITY;
  const x0 = startX(seasonal);
  if (!Number.isFinite(objective(x0))) return null;
  const best = nelderMead(objective, x0, seasonal ? 400 : 300);
  const params = toParams(best, seasonal);
  const run = filter(kind, params, y, m);
  return run ? { kind, params, season: seasonal ? m : 0, mse: run.sse / y.length } : null;
}

/** Picks and fits the sales model for a weekly series by the rules in the file comment. */
export function fitSalesModel(y: readonly number[], season = SEASON_WEEKS): SalesModel {
  const none: SmoothingParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  if (y.length === 0) return { kind: 'ZERO', params: none, season: 0, mse: 0 };
  if (y.length < MIN_TREND_WEEKS) {
    const mu = mean(y);
    return { kind: 'MEAN', params: none, season: 0, mse: mean(y.map((v) => (v - mu) ** 2)) };
  }
  if (y.length < 2 * season) return fitKind('DAMPED_HOLT', y, season) as SalesModel;
  const candidates = [fitKind('HOLT_WINTERS_ADDITIVE', y, season)];
  if (y.every((v) => v > 0)) candidates.push(fitKind('HOLT_WINTERS_MULTIPLICATIVE', y, season));
  const valid = candidates.filter((c): c is SalesModel => c !== null);
  return valid.length ? valid.reduce((a, b) => (b.mse < a.mse ? b : a)) : (fitKind('DAMPED_HOLT', y, season) as SalesModel);
}

/**
 * Forecasts the next h weeks after y with a fitted model: its parameters, the state obtained by filtering y (which may
 * be longer than the data it was fitted on, as in a rolling backtest). Never negative.
 */
export function forecastSales(model: SalesModel, y: readonly number[], h: number): number[] {
  if (model.kind === 'ZERO' || y.length === 0) return new Array<number>(h).fill(0);
  if (model.kind === 'MEAN' || y.length < MIN_TREND_WEEKS || (model.season > 0 && y.length < 2 * model.season)) {
    const mu = Math.max(0, mean(y.slice(-MIN_TREND_WEEKS * 2)));
    return new Array<number>(h).fill(mu);
  }
  const run = filter(model.kind, model.params, y, model.season)
    ?? filter('HOLT_WINTERS_ADDITIVE', model.params, y, model.season);
  if (!run) return new Array<number>(h).fill(Math.max(0, mean(y.slice(-model.season))));
  const { level, trend, seasonal, t } = run.state;
  const out: number[] = [];
  let damping = 0;
  for (let j = 1; j <= h; j += 1) {
    damping += model.params.phi ** j;
    const base = level + damping * trend;
    let value = base;
    if (model.season > 0) {
      const s = seasonal[(t - 1 + j) % model.season];
      value = model.kind === 'HOLT_WINTERS_MULTIPLICATIVE' ? base * s : base + s;
    }
    out.push(Math.max(0, value));
  }
  return out;
}
