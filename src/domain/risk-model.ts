/*
 * Logistic regression and its evaluation, in plain arithmetic: no I/O, no randomness. The same
 * rows in the same order always give the same weights (Newton's method / IRLS is deterministic;
 * any sampling happens before, with a seed, in the service).
 */

/** Per-feature centring and scaling learnt on the training rows. */
export interface Standardizer {
  mean: number[];
  std: number[];
}

/** A fitted model on standardised features: p = σ(intercept + Σ weights[j] · z[j]). */
export interface LogisticModel {
  intercept: number;
  weights: number[];
}

/** How the fit went. */
export interface FitResult extends LogisticModel {
  iterations: number;
  converged: boolean;
  /** Penalised negative log-likelihood at the solution. */
  objective: number;
}

export interface FitOptions {
  /** L2 penalty λ on the weights (never the intercept): minimises Σ log-loss + λ/2 · ‖w‖². */
  l2: number;
  maxIterations?: number;
  /** Stop when the largest Newton step is below this. */
  tolerance?: number;
}

/** One equal-width bin of predicted probability with what happened in it. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin; null when empty. */
  meanPredicted: number | null;
  /** Share of positives in the bin; null when empty. */
  observedRate: number | null;
}

const EPSILON = 1e-15;

/** The logistic function, stable for large |t|. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** Mean and population standard deviation per column; a constant column gets std 1 so it maps to 0. */
export function fitStandardizer(rows: ReadonlyArray<ReadonlyArray<number>>): Standardizer {
  if (rows.length === 0) throw new RangeError('Cannot standardise no rows');
  const d = rows[0].length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j] += row[j];
  for (let j = 0; j < d; j++) mean[j] /= rows.length;
  for (const row of rows) for (let j = 0; j < d; j++) std[j] += (row[j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(std[j] / rows.length);
    std[j] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/** z = (x − mean) / std, column by column. */
export function standardize(s: Standardizer, row: ReadonlyArray<number>): number[] {
  return row.map((x, j) => (x - s.mean[j]) / s.std[j]);
}

/** The linear predictor intercept + w·z. */
function linear(model: LogisticModel, z: ReadonlyArray<number>): number {
  let t = model.intercept;
  for (let j = 0; j < model.weights.length; j++) t += model.weights[j] * z[j];
  return t;
}

/** Probability of the positive class for one standardised row. */
export function predict(model: LogisticModel, z: ReadonlyArray<number>): number {
  return sigmoid(linear(model, z));
}

/** log(1 + e^t) without overflow. */
function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

function objective(model: LogisticModel, rows: ReadonlyArray<ReadonlyArray<number>>, y: ReadonlyArray<number>, l2: number): number {
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const t = linear(model, rows[i]);
    // −[y log σ(t) + (1−y) log(1−σ(t))] = softplus(t) − y·t
    total += softplus(t) - y[i] * t;
  }
  return total + (l2 / 2) * model.weights.reduce((s, w) => s + w * w, 0);
}

/** Solves A x = b for a symmetric positive-definite A by Cholesky decomposition (A is not modified). */
export function solveSpd(a: ReadonlyArray<ReadonlyArray<number>>, b: ReadonlyArray<number>): number[] {
  const n = b.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) {
        if (sum <= 0) throw new RangeError('Matrix is not positive definite');
        l[i][i] = Math.sqrt(sum);
      } else {
        l[i][j] = sum / l[j][j];
      }
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * z[k];
    z[i] = sum / l[i][i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < n; k++) sum -= l[k][i] * x[k];
    x[i] = sum / l[i][i];
  }
  return x;
}

/**
 * L2-regularised logistic regression by Newton's method (iteratively reweighted least squares),
 * with step halving so the penalised objective never rises. Rows should be standardised.
 */
export function fitLogisticRegression(
  rows: ReadonlyArray<ReadonlyArray<number>>, y: ReadonlyArray<number>, options: FitOptions,
): FitResult {
  const n = rows.length;
  if (n === 0 || n !== y.length) throw new RangeError('Need as many labels as rows, and at least one row');
  if (!(options.l2 >= 0)) throw new RangeError('The L2 penalty must be ≥ 0');
  const d = rows[0].length;
  const p = d + 1; // index 0 is the intercept
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const positives = y.reduce((s, v) => s + v, 0);
  // Start at the base rate: one less iteration and a sane point when a class is rare.
  const base = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  let model: LogisticModel = { intercept: Math.log(base / (1 - base)), weights: new Array<number>(d).fill(0) };
  let current = objective(model, rows, y, options.l2);
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations && !converged) {
    iterations += 1;
    // Gradient and Hessian of the penalised objective; index 0 is the intercept. Flat arrays: this loop is the cost.
    const gradient = new Float64Array(p);
    const h = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      const mu = predict(model, row);
      const w = Math.max(mu * (1 - mu), 1e-12);
      const r = mu - y[i];
      gradient[0] += r;
      h[0] += w;
      for (let a = 0; a < d; a++) {
        const xa = row[a];
        gradient[a + 1] += r * xa;
        const wa = w * xa;
        const base = (a + 1) * p;
        h[base] += wa;
        for (let b = 0; b <= a; b++) h[base + b + 1] += wa * row[b];
      }
    }
    const hessian = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => (b <= a ? h[a * p + b] : h[b * p + a])));
    for (let j = 1; j < p; j++) {
      gradient[j] += options.l2 * model.weights[j - 1];
      hessian[j][j] += options.l2;
    }
    // A tiny ridge on the diagonal keeps the solve defined when λ = 0 and the data are separable.
    for (let a = 0; a < p; a++) hessian[a][a] += 1e-10;
    const step = solveSpd(hessian, Array.from(gradient));
    let scale = 1;
    let next: LogisticModel;
    let value: number;
    for (;;) {
      next = { intercept: model.intercept - scale * step[0], weights: model.weights.map((w, j) => w - scale * step[j + 1]) };
      value = objective(next, rows, y, options.l2);
      if (value <= current + 1e-12 * Math.abs(current) || scale < 1e-6) break;
      scale /= 2;
    }
    const largest = Math.max(...step.map((s) => Math.abs(s * scale)));
    model = next;
    current = value;
    converged = largest < tolerance;
  }
  return { ...model, iterations, converged, objective: current };
}

function assertPaired(p: ReadonlyArray<number>, y: ReadonlyArray<number>): void {
  if (p.length !== y.length) throw new RangeError('Predictions and labels differ in length');
  if (p.length === 0) throw new RangeError('No predictions to evaluate');
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative (ties count half), from the Mann–Whitney rank sum. Null when a class is absent.
 */
export function auc(scores: ReadonlyArray<number>, y: ReadonlyArray<number>): number | null {
  assertPaired(scores, y);
  const order = scores.map((s, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end += 1;
    const averageRank = (start + end) / 2 + 1; // ranks are 1-based
    for (let k = start; k <= end; k++) {
      if (y[order[k]] === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood, predictions clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(p: ReadonlyArray<number>, y: ReadonlyArray<number>): number {
  assertPaired(p, y);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i], EPSILON), 1 - EPSILON);
    total -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return total / p.length;
}

/** Brier score: mean squared difference between predicted probability and outcome. */
export function brier(p: ReadonlyArray<number>, y: ReadonlyArray<number>): number {
  assertPaired(p, y);
  let total = 0;
  for (let i = 0; i < p.length; i++) total += (p[i] - y[i]) ** 2;
  return total / p.length;
}

/** Reliability table: `bins` equal-width bins over [0, 1]; a prediction of exactly 1 falls in the last. */
export function calibrationBins(p: ReadonlyArray<number>, y: ReadonlyArray<number>, bins = 10): CalibrationBin[] {
  assertPaired(p, y);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError('bins must be a positive integer');
  const count = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const observed = new Array<number>(bins).fill(0);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    count[b] += 1;
    predicted[b] += p[i];
    observed[b] += y[i];
  }
  return count.map((c, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: c,
    meanPredicted: c ? predicted[b] / c : null,
    observedRate: c ? observed[b] / c : null,
  }));
}

/** Expected calibration error: Σ (bin share) · |observed − predicted| over non-empty bins. */
export function expectedCalibrationError(bins: ReadonlyArray<CalibrationBin>): number {
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (total === 0) return 0;
  return bins.reduce((s, b) => (b.count ? s + (b.count / total) * Math.abs((b.observedRate ?? 0) - (b.meanPredicted ?? 0)) : s), 0);
}

/**
 * A rate shrunk toward a prior: (positives + m · prior) / (count + m). With no observations it is
 * the prior; with many it approaches positives / count. m is how many observations the prior weighs.
 */
export function smoothedRate(positives: number, count: number, prior: number, strength: number): number {
  if (count < 0 || positives < 0 || strength < 0 || count + strength === 0) throw new RangeError('Invalid counts for a smoothed rate');
  return (positives + strength * prior) / (count + strength);
}

/** Log-loss and Brier score of predicting the outcomes' own base rate for every line: what a model must beat. */
export function baseRateScores(y: ReadonlyArray<number>): { baseRate: number; logLoss: number; brier: number } {
  const baseRate = y.length ? y.reduce((s, v) => s + v, 0) / y.length : 0;
  const p = new Array<number>(y.length).fill(baseRate);
  return { baseRate, logLoss: y.length ? logLoss(p, y) : 0, brier: y.length ? brier(p, y) : 0 };
}

/** A trained model's holdout figures, for deciding whether it may score orders. */
export interface ActivationEvidence {
  logLoss: number;
  brier: number;
  /** The same scores of predicting the holdout's base rate for every line. */
  baseRateLogLoss: number;
  baseRateBrier: number;
  /** Returned lines in the holdout. */
  positives: number;
  minPositives: number;
}

/**
 * Why a trained model must stay inactive, or null when it may become active: it needs at least `minPositives`
 * returned holdout lines and must beat the base rate on BOTH log-loss and Brier score (strictly lower) — a model
 * that ranks well (AUC) but predicts worse probabilities than a constant would mislead every threshold set on it.
 */
export function activationRefusal(e: ActivationEvidence): string | null {
  const f = (x: number) => x.toFixed(5);
  if (e.positives < e.minPositives) {
    return `Too few returned lines in the holdout to judge the model: ${e.positives}, need at least ${e.minPositives} (RISK_MIN_POSITIVES)`;
  }
  const worse: string[] = [];
  if (!(e.logLoss < e.baseRateLogLoss)) worse.push(`log-loss ${f(e.logLoss)} is not below the base rate's ${f(e.baseRateLogLoss)}`);
  if (!(e.brier < e.baseRateBrier)) worse.push(`Brier score ${f(e.brier)} is not below the base rate's ${f(e.baseRateBrier)}`);
  return worse.length ? `Does not beat predicting the base rate on the holdout: ${worse.join('; ')}` : null;
}
