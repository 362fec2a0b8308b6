import fc from 'fast-check';
import { Rng } from '../../src/demo/history-random';
import {
  auc, brier, calibrationBins, expectedCalibrationError, fitLogisticRegression, fitStandardizer, logLoss, predict, sigmoid,
  smoothedRate, solveSpd, standardize,
} from '../../src/domain/risk-model';
import {
  bracketedLines, customerPastRate, orderRisk, RISK_FEATURE_NAMES, riskFeatureRow, skuStem, type RiskEncodings,
} from '../../src/domain/return-risk-features';

/** n rows of independent N(0,1) features and labels drawn from a known logistic model. */
function synthetic(n: number, intercept: number, weights: number[], seed: number) {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = weights.map(() => rng.normal());
    rows.push(x);
    y.push(rng.next() < sigmoid(intercept + x.reduce((s, v, j) => s + v * weights[j], 0)) ? 1 : 0);
  }
  return { rows, y };
}

describe('fitLogisticRegression', () => {
  const truth = { intercept: -1, weights: [1.5, -2, 0.5, 0] };
  const data = synthetic(20_000, truth.intercept, truth.weights, 7);

  it('recovers known coefficients: signs and magnitudes within 0.1', () => {
    const fit = fitLogisticRegression(data.rows, data.y, { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(15);
    expect(fit.intercept).toBeCloseTo(truth.intercept, 0);
    expect(Math.abs(fit.intercept - truth.intercept)).toBeLessThan(0.1);
    fit.weights.forEach((w, j) => expect(Math.abs(w - truth.weights[j])).toBeLessThan(0.1));
    expect(Math.sign(fit.weights[0])).toBe(1);
    expect(Math.sign(fit.weights[1])).toBe(-1);
    expect(Math.sign(fit.weights[2])).toBe(1);
  });

  it('is deterministic: the same rows give bit-identical weights', () => {
    const a = fitLogisticRegression(data.rows, data.y, { l2: 1 });
    const b = fitLogisticRegression(data.rows, data.y, { l2: 1 });
    expect(b.weights).toEqual(a.weights);
    expect(b.intercept).toBe(a.intercept);
  });

  it('shrinks the weights as the L2 penalty grows, never the intercept toward 0', () => {
    const small = data.rows.slice(0, 500);
    const labels = data.y.slice(0, 500);
    const norms = [0, 10, 100, 1000].map((l2) => fitLogisticRegression(small, labels, { l2 }).weights.reduce((s, w) => s + w * w, 0));
    for (let i = 1; i < norms.length; i++) expect(norms[i]).toBeLessThan(norms[i - 1]);
    // With a huge penalty only the intercept is left: it matches the base rate.
    const flat = fitLogisticRegression(small, labels, { l2: 1e9 });
    const rate = labels.reduce((s, v) => s + v, 0) / labels.length;
    expect(sigmoid(flat.intercept)).toBeCloseTo(rate, 3);
  });

  it('stays finite on perfectly separable data when penalised', () => {
    const rows = [[-2], [-1], [-0.5], [0.5], [1], [2]];
    const fit = fitLogisticRegression(rows, [0, 0, 0, 1, 1, 1], { l2: 0.1 });
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(fit.weights[0]).toBeGreaterThan(1);
    expect(predict(fit, [3])).toBeGreaterThan(0.9);
    expect(predict(fit, [-3])).toBeLessThan(0.1);
  });

  it('refuses mismatched input', () => {
    expect(() => fitLogisticRegression([[1]], [1, 0], { l2: 1 })).toThrow(RangeError);
    expect(() => fitLogisticRegression([], [], { l2: 1 })).toThrow(RangeError);
    expect(() => fitLogisticRegression([[1]], [1], { l2: -1 })).toThrow(RangeError);
  });
});

describe('solveSpd', () => {
  it('solves a hand-checked 2×2 system', () => {
    // [4 2; 2 3] x = [2; 1] → x = [0.5, 0]
    expect(solveSpd([[4, 2], [2, 3]], [2, 1]).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.5, 0]);
  });
  it('rejects a matrix that is not positive definite', () => {
    expect(() => solveSpd([[1, 2], [2, 1]], [1, 1])).toThrow(RangeError);
  });
});

describe('standardisation', () => {
  it('centres and scales each column; a constant column maps to 0', () => {
    const s = fitStandardizer([[1, 5], [3, 5]]);
    expect(s).toEqual({ mean: [2, 5], std: [1, 1] });
    expect(standardize(s, [3, 5])).toEqual([1, 0]);
    expect(standardize(fitStandardizer([[0, 0], [10, 0], [20, 0]]), [20, 7])[0]).toBeCloseTo(1.2247, 4);
  });
});

describe('metrics', () => {
  it('AUC of a hand-computed case: 3 of 4 positive/negative pairs ordered right', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });
  it('AUC counts ties as half and is null without both classes', () => {
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([0.2, 0.5, 0.5, 0.9], [0, 1, 0, 1])).toBe(0.875);
    expect(auc([0.1, 0.2], [1, 1])).toBeNull();
  });
  it('AUC is 1 − AUC of the negated scores (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)), { minLength: 2, maxLength: 60 }),
      (pairs) => {
        const s = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        const a = auc(s, y);
        const b = auc(s.map((v) => -v), y);
        if (a === null) return b === null;
        return Math.abs(a + b! - 1) < 1e-12;
      },
    ));
  });
  it('log-loss and Brier of a hand-computed case', () => {
    // −(ln 0.9 + ln 0.8) / 2 and ((0.1)² + (0.2)²) / 2
    expect(logLoss([0.9, 0.2], [1, 0])).toBeCloseTo((-Math.log(0.9) - Math.log(0.8)) / 2, 12);
    expect(logLoss([0.9, 0.2], [1, 0])).toBeCloseTo(0.164252, 6);
    expect(brier([0.9, 0.2], [1, 0])).toBeCloseTo(0.025, 12);
    expect(Number.isFinite(logLoss([0, 1], [1, 0]))).toBe(true);
  });
  it('calibration bins and ECE of a hand-computed case', () => {
    const bins = calibrationBins([0.05, 0.15, 0.15, 0.95, 1], [0, 0, 1, 1, 1], 10);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.1, count: 1, meanPredicted: 0.05, observedRate: 0 });
    expect(bins[1]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(bins[1].meanPredicted).toBeCloseTo(0.15, 12);
    expect(bins[5]).toEqual({ lower: 0.5, upper: 0.6, count: 0, meanPredicted: null, observedRate: null });
    expect(bins[9]).toMatchObject({ count: 2, observedRate: 1 });
    expect(bins[9].meanPredicted).toBeCloseTo(0.975, 12);
    // (1/5)·0.05 + (2/5)·0.35 + (2/5)·0.025
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.01 + 0.14 + 0.01, 12);
  });
  it('smoothed rates move from the prior to the observed rate', () => {
    expect(smoothedRate(0, 0, 0.2, 10)).toBe(0.2);
    expect(smoothedRate(5, 10, 0.2, 10)).toBeCloseTo(0.35, 12);
    expect(smoothedRate(500, 1000, 0.2, 10)).toBeCloseTo(0.497, 3);
    expect(() => smoothedRate(0, 0, 0.2, 0)).toThrow(RangeError);
  });
});

describe('return-risk features', () => {
  const enc: RiskEncodings = {
    globalLineRate: 0.2, globalUnitRate: 0.1,
    skuRates: { 'TEE-BLU-M': 0.4 }, categoryRates: { apparel: 0.3 },
    categoryMedianPrice: { apparel: 20 }, globalMedianPrice: 50, meanDeliveryDelayDays: 3,
    smoothing: { sku: 20, category: 50, customer: 10 },
  };
  const line = {
    sku: 'TEE-BLU-M', category: 'apparel', unitPriceMajor: 40, quantity: 2, discountMajor: 20,
    customerBoughtUnits: 10, customerReturnedUnits: 5, customerPriorOrders: 3, bracketed: true, deliveryDelayDays: 4.5,
  };

  it('builds the vector in the documented order', () => {
    const row = riskFeatureRow(line, enc);
    expect(row).toHaveLength(RISK_FEATURE_NAMES.length);
    expect(row[0]).toBe(0.4);
    expect(row[1]).toBe(0.3);
    expect(row[2]).toBeCloseTo(Math.log(41), 12);
    expect(row[3]).toBeCloseTo(Math.log(2), 12);
    expect(row[4]).toBe(0.25);
    expect(row[5]).toBeCloseTo((5 + 10 * 0.1) / 20, 12);
    expect(row[6]).toBe(0);
    expect(row[7]).toBe(1);
    expect(row[8]).toBeCloseTo(Math.log(2), 12);
    expect(row[9]).toBe(4.5);
  });

  it('falls back to the priors for unseen SKUs, categories, new customers and undelivered orders', () => {
    const row = riskFeatureRow({ ...line, sku: 'NEW', category: 'toys', customerBoughtUnits: 0, customerReturnedUnits: 0, customerPriorOrders: 0, deliveryDelayDays: null }, enc);
    expect(row.slice(0, 2)).toEqual([0.2, 0.2]);
    expect(row[3]).toBeCloseTo(Math.log(40 / 50), 12);
    expect(row[5]).toBe(0.1);
    expect(row[6]).toBe(1);
    expect(row[9]).toBe(3);
  });

  it('uses out-of-fold rates for training rows when given', () => {
    expect(riskFeatureRow(line, enc, { sku: 0.11, category: 0.22 }).slice(0, 2)).toEqual([0.11, 0.22]);
  });

  it('caps returned units at bought units', () => {
    expect(customerPastRate(2, 9, enc)).toBeCloseTo((2 + 1) / 12, 12);
  });

  it('finds size bracketing by SKU stem', () => {
    expect(skuStem('tee-blu-m')).toBe('TEE-BLU');
    expect(skuStem('PHONE')).toBe('PHONE');
    expect(bracketedLines(['TEE-BLU-M', 'TEE-BLU-L', 'MUG-1', 'TEE-RED-M'])).toEqual([true, true, false, false]);
    // The same SKU twice is quantity, not bracketing.
    expect(bracketedLines(['TEE-BLU-M', 'tee-blu-m'])).toEqual([false, false]);
  });

  it('order risk is the chance that any line comes back', () => {
    expect(orderRisk([])).toBe(0);
    expect(orderRisk([0.5, 0.5])).toBeCloseTo(0.75, 12);
    expect(orderRisk([0.1, 0.2, 0.3])).toBeCloseTo(1 - 0.9 * 0.8 * 0.7, 12);
  });
});
