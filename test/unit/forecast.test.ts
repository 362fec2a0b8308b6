import {
  backtest, convolveReturns, forecastGroup, intervalAt, intervalModel, lagCurve, mape, mase, MAX_LAG_WEEKS, quantile,
  returnsByRequestWeek, weekIndex, weekStart, type WeeklyHistory,
} from '../../src/domain/forecast';
import { fitSalesModel, forecastSales, nelderMead } from '../../src/domain/holt-winters';
import { Rng } from '../../src/demo/history-random';

/** Poisson draw (Knuth; λ here stays below ~60). */
function poisson(random: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}

/** Builds the observed history (weeks 0..n−1) of a process where R[s][k] = draw(sales[s] · p[k]). */
function history(sales: number[], curve: number[], n: number, draw: (mean: number) => number = (m) => m): { observed: WeeklyHistory; requested: number[] } {
  const all = sales.map((units) => curve.map((p) => draw(units * p)));
  const requested = new Array<number>(sales.length).fill(0);
  all.forEach((row, s) => row.forEach((u, k) => { if (s + k < requested.length) requested[s + k] += u; }));
  const observed = { sales: sales.slice(0, n), returns: all.slice(0, n).map((row, s) => row.map((u, k) => (s + k <= n - 1 ? u : 0))) };
  return { observed, requested };
}

const TRUE_CURVE = [0.01, 0.04, 0.06, 0.04, 0.02, 0.01, 0.005];

describe('week axis', () => {
  test('weeks start on Monday (UTC); week 0 is 1970-01-05', () => {
    expect(weekIndex('1970-01-05')).toBe(0);
    expect(weekIndex('1970-01-04')).toBe(-1);
    expect(weekIndex('2024-01-01')).toBe(weekIndex('2024-01-07'));
    expect(weekIndex('2024-01-08')).toBe(weekIndex('2024-01-01') + 1);
    expect(weekStart(weekIndex('2024-01-03'))).toBe('2024-01-01');
    expect(weekIndex(new Date('2024-01-07T23:59:59Z'))).toBe(weekIndex('2024-01-01'));
  });
});

describe('sales models', () => {
  test('a pure seasonal series (3 years, no noise) is reproduced for the next season by Holt-Winters', () => {
    const pattern = Array.from({ length: 52 }, (_, i) => 100 + 40 * Math.sin((2 * Math.PI * i) / 52) + (i % 4 === 0 ? 25 : 0));
    const y = Array.from({ length: 156 }, (_, t) => pattern[t % 52]);
    const model = fitSalesModel(y);
    expect(model.kind).toMatch(/^HOLT_WINTERS_/);
    expect(model.season).toBe(52);
    expect(model.mse).toBeLessThan(1e-12);
    const next = forecastSales(model, y, 60);
    next.forEach((v, j) => expect(v).toBeCloseTo(pattern[(156 + j) % 52], 6));
  });

  test('a seasonal series with a growing level is forecast within 3 % by Holt-Winters', () => {
    const y = Array.from({ length: 130 }, (_, t) => (200 + 0.5 * t) * (1 + 0.3 * Math.cos((2 * Math.PI * t) / 52)));
    const model = fitSalesModel(y.slice(0, 118));
    const next = forecastSales(model, y.slice(0, 118), 12);
    next.forEach((v, j) => expect(Math.abs(v - y[118 + j]) / y[118 + j]).toBeLessThan(0.03));
  });

  test('under two years: damped-trend Holt follows a trend, and the damping bends it down', () => {
    const y = Array.from({ length: 60 }, (_, t) => 10 + 2 * t);
    const model = fitSalesModel(y);
    expect(model.kind).toBe('DAMPED_HOLT');
    expect(model.params.phi).toBeGreaterThanOrEqual(0.8);
    expect(model.params.phi).toBeLessThanOrEqual(0.98);
    const next = forecastSales(model, y, 20);
    expect(next[0]).toBeCloseTo(130, 0);
    for (let j = 1; j < 20; j += 1) expect(next[j]).toBeGreaterThan(next[j - 1]);
    expect(next[19]).toBeLessThan(10 + 2 * 79);
  });

  test('a constant series gives that constant; very short ones their mean; none zero; never negative', () => {
    expect(forecastSales(fitSalesModel(new Array(30).fill(7)), new Array(30).fill(7), 5)).toEqual(new Array(5).fill(7));
    const short = fitSalesModel([3, 5, 10]);
    expect(short.kind).toBe('MEAN');
    expect(forecastSales(short, [3, 5, 10], 2)).toEqual([6, 6]);
    expect(fitSalesModel([]).kind).toBe('ZERO');
    expect(forecastSales(fitSalesModel([]), [], 3)).toEqual([0, 0, 0]);
    const falling = Array.from({ length: 30 }, (_, t) => Math.max(0, 100 - 5 * t));
    expect(Math.min(...forecastSales(fitSalesModel(falling), falling, 30))).toBeGreaterThanOrEqual(0);
  });

  test('Nelder-Mead finds the minimum of a shifted quadratic', () => {
    const best = nelderMead(([a, b]) => (a - 3) ** 2 + 10 * (b + 1) ** 2, [0, 0], 500);
    expect(best[0]).toBeCloseTo(3, 3);
    expect(best[1]).toBeCloseTo(-1, 3);
  });
});

describe('return-rate-by-lag curve and convolution', () => {
  test('the convolution is exact on a hand-computed example', () => {
    // T = 1; week T+1: past 20·p1 + 10·p2 = 4 + 3, future 30·p0 = 3; week T+2: past 20·p2 = 6, future 30·p1 + 40·p0 = 6 + 4.
    const out = convolveReturns([10, 20], [30, 40], [0.1, 0.2, 0.3]);
    expect(out.fromPastSales[0]).toBeCloseTo(7, 12);
    expect(out.fromFutureSales[0]).toBeCloseTo(3, 12);
    expect(out.fromPastSales[1]).toBeCloseTo(6, 12);
    expect(out.fromFutureSales[1]).toBeCloseTo(10, 12);
  });

  test('the curve is recovered exactly from mature cohorts even though the latest cohorts are still returning', () => {
    const sales = Array.from({ length: 40 }, (_, t) => 100 + 10 * (t % 5));
    const { observed } = history(sales, TRUE_CURVE, 40);
    const curve = lagCurve(observed, 39);
    TRUE_CURVE.forEach((p, k) => expect(curve[k]).toBeCloseTo(p, 12));
    expect(curve.slice(TRUE_CURVE.length).every((p) => p === 0)).toBe(true);
    expect(curve).toHaveLength(Math.min(MAX_LAG_WEEKS, 39) + 1);
  });

  test('expected returns equal the actual requests when sales and the curve are known (past + future split)', () => {
    const sales = Array.from({ length: 50 }, (_, t) => 80 + ((t * 37) % 23));
    const { observed, requested } = history(sales, TRUE_CURVE, 44);
    const out = convolveReturns(observed.sales, sales.slice(44), lagCurve(observed, 43));
    for (let j = 1; j <= 6; j += 1) expect(out.fromPastSales[j - 1] + out.fromFutureSales[j - 1]).toBeCloseTo(requested[43 + j], 9);
    expect(out.fromFutureSales[0]).toBeCloseTo(sales[44] * TRUE_CURVE[0], 9);
    expect(returnsByRequestWeek(observed).slice(0, 44)).toEqual(requested.slice(0, 44));
  });

  test('a thin group is shrunk toward its parent: p = (returned + c·parent) / (sold + c)', () => {
    const parent = history(new Array(20).fill(1000), [0.1, 0.1], 20).observed;
    const thin: WeeklyHistory = { sales: [...new Array(19).fill(0), 4], returns: [...new Array(19).fill([]), [2]] };
    const curve = lagCurve(thin, 19, { history: parent, weight: 10 });
    expect(curve[0]).toBeCloseTo((2 + 10 * 0.1) / (4 + 10), 12);
    expect(curve[1]).toBeCloseTo(0.1, 12); // nothing mature at lag 1: the parent's rate
    expect(lagCurve(thin, 19)[0]).toBeCloseTo(0.5, 12);
  });
});

describe('error measures and intervals', () => {
  test('MAPE skips zero actuals and is in percent', () => {
    expect(mape([100, 0, 50], [90, 5, 60])).toBeCloseTo(15, 12);
    expect(mape([0, 0], [1, 2])).toBeNull();
  });

  test('MASE scales by the in-sample (seasonal) naïve MAE', () => {
    expect(mase([5, 6], [4, 8], [1, 3, 2, 4])).toBeCloseTo(1.5 / (5 / 3), 12);
    expect(mase([5, 6], [4, 8], [1, 3, 2, 6], 2)).toBeCloseTo(1.5 / 2, 12); // |2−1|, |6−3|
    expect(mase([1], [1], [2, 2, 2])).toBeNull();
  });

  test('quantiles interpolate between order statistics (type 7)', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.1)).toBeCloseTo(1.4, 12);
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
  });

  test('empirical bands: per-step scale, never narrower further out, √-extended past the backtest; few errors → Poisson', () => {
    const errors = [
      ...Array.from({ length: 20 }, (_, i) => ({ step: 1, actual: 100 + (i - 10), forecast: 100 })),
      ...Array.from({ length: 20 }, (_, i) => ({ step: 2, actual: 100 + 3 * (i - 10), forecast: 100 })),
      ...Array.from({ length: 20 }, (_, i) => ({ step: 3, actual: 100 + (i - 10), forecast: 100 })),
    ];
    const model = intervalModel(errors);
    expect(model.kind).toBe('EMPIRICAL');
    expect(model.scales[1]).toBeCloseTo(3 * model.scales[0], 9);
    expect(model.scales[2]).toBe(model.scales[1]); // step 3 alone would be as sure as step 1
    const [one, two, three, twelve] = [1, 2, 3, 12].map((j) => intervalAt(model, 100, j));
    expect(one.low).toBeLessThan(100);
    expect(one.high).toBeGreaterThan(100);
    expect(two.high - 100).toBeCloseTo(3 * (one.high - 100), 9);
    expect(three.high).toBe(two.high);
    expect(twelve.high - 100).toBeCloseTo(2 * (three.high - 100), 9);
    // 60 errors: the conformal level ⌈61 · 0.9⌉ / 60 = 0.9167 sits above the nominal 0.9.
    const u = errors.map((e) => (e.actual - e.forecast) / 100 / model.scales[e.step - 1]);
    expect(model.highQuantile).toBeCloseTo(quantile(u, 55 / 60), 12);
    const poisson = intervalModel(errors.slice(0, 3));
    expect(poisson.kind).toBe('POISSON');
    expect(intervalAt(poisson, 100, 1).high).toBeCloseTo(100 + 1.2816 * 10, 9);
    expect(intervalAt(poisson, 100, 4).high).toBeCloseTo(100 + 1.2816 * 20, 9);
    expect(intervalAt(poisson, 0.2, 1).low).toBe(0);
  });
});

describe('group forecast with backtest', () => {
  test('on an exact process the backtest MAPE is ~0 and the steady-state forecast is sales × Σp', () => {
    const sales = new Array(70).fill(100);
    const { observed } = history(sales, TRUE_CURVE, 70);
    const result = forecastGroup(observed, 8);
    const rate = TRUE_CURVE.reduce((a, b) => a + b, 0);
    expect(result.backtest?.mape).toBeLessThan(1e-6);
    expect(result.backtest?.origins).toBe(13);
    expect(result.weeks).toHaveLength(8);
    result.weeks.forEach((w) => {
      expect(w.expectedUnits).toBeCloseTo(100 * rate, 6);
      expect(w.fromPastSales + w.fromFutureSales).toBeCloseTo(w.expectedUnits, 12);
      expect(w.low).toBeLessThanOrEqual(w.expectedUnits);
      expect(w.high).toBeGreaterThanOrEqual(w.expectedUnits);
    });
    expect(result.weeks[0].fromPastSales).toBeCloseTo(100 * (rate - TRUE_CURVE[0]), 6);
    expect(result.weeks[7].fromPastSales).toBe(0); // every lag ≥ 8 is zero: all from future sales
  });

  test('a seasonal history of three years is backtested with a seasonal MASE scale and a low MAPE', () => {
    const sales = Array.from({ length: 156 }, (_, t) => Math.round(300 * (1 + 0.5 * Math.sin((2 * Math.PI * t) / 52))));
    const { observed } = history(sales, TRUE_CURVE, 156);
    const bt = backtest(observed, 6);
    expect(bt?.maseSeason).toBe(52);
    expect(bt?.mape).toBeLessThan(5);
    expect(bt?.mase).toBeLessThan(0.5);
  });

  test('80 % intervals contain the truth about 80 % of the time on Poisson noise', () => {
    const rng = new Rng(42);
    const random = () => rng.next();
    let inside = 0;
    let total = 0;
    for (let trial = 0; trial < 60; trial += 1) {
      const sales = Array.from({ length: 84 }, () => poisson(random, 200 / 4) * 4);
      const { observed, requested } = history(sales, TRUE_CURVE, 80, (m) => poisson(random, m));
      const result = forecastGroup(observed, 4);
      expect(result.backtest?.interval.kind).toBe('EMPIRICAL');
      result.weeks.forEach((w, i) => {
        total += 1;
        if (requested[80 + i] >= w.low && requested[80 + i] <= w.high) inside += 1;
      });
    }
    const rate = inside / total;
    expect(rate).toBeGreaterThan(0.68);
    expect(rate).toBeLessThan(0.93);
  });

  test('a group that never sold gets zeros and a note; a short one no backtest', () => {
    const empty = forecastGroup({ sales: new Array(10).fill(0), returns: [] }, 3);
    expect(empty.weeks.map((w) => [w.week, w.expectedUnits, w.high])).toEqual([[10, 0, 0], [11, 0, 0], [12, 0, 0]]);
    expect(empty.notes.join(' ')).toMatch(/No sales/);
    const short = forecastGroup(history([5, 5, 5, 5, 5], [0.2], 5).observed, 2);
    expect(short.backtest).toBeNull();
    expect(short.weeks[0].expectedUnits).toBeCloseTo(1, 9);
    expect(short.notes.join(' ')).toMatch(/no backtest/);
  });
});
