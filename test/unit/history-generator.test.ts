import { uuidv7Timestamp } from '../../src/domain/ids';
import { resolveHistoryOptions } from '../../src/demo/history';
import { dayFacts, DAY_MS, orderTimes, planDays } from '../../src/demo/history-catalog';
import { AliasTable, historyUuid, Rng } from '../../src/demo/history-random';
import {
  calibrateIntercepts, decideReturns, lineReturnProbability, OrderSimulator, returnedUnitShare, type SimOrder,
} from '../../src/demo/history-simulate';
import { HISTORY_TRUTH, styleOfSku } from '../../src/demo/history-truth';
import { parseHistoryArgs } from '../../scripts/seed-history';

const END = new Date('2025-06-30T00:00:00Z');

describe('history random source', () => {
  it('repeats a sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => { const r = new Rng(seed); return Array.from({ length: 5 }, () => r.uint32()); };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('draws within bounds and by weight', () => {
    const r = new Rng(3);
    const counts = [0, 0, 0];
    let sum = 0;
    const xs: number[] = [];
    const ns = new Set<number>();
    for (let i = 0; i < 30_000; i++) {
      xs.push(r.next());
      ns.add(r.int(2, 4));
      counts[r.pick([0, 1, 2], [1, 2, 7])] += 1;
      sum += r.normal();
    }
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect([...ns].sort()).toEqual([2, 3, 4]);
    expect(counts[2] / 30_000).toBeCloseTo(0.7, 1);
    expect(counts[0] / 30_000).toBeCloseTo(0.1, 1);
    expect(Math.abs(sum / 30_000)).toBeLessThan(0.03);
  });

  it('samples an alias table in proportion to its weights', () => {
    const table = new AliasTable([5, 1, 0, 4]);
    const r = new Rng(9);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[table.sample(r)] += 1;
    expect(counts[2]).toBe(0);
    expect(counts[0] / 50_000).toBeCloseTo(0.5, 1);
    expect(counts[3] / 50_000).toBeCloseTo(0.4, 1);
    expect(() => new AliasTable([])).toThrow(RangeError);
  });

  it('makes UUIDv7s of the given time, reproducibly', () => {
    const ms = Date.parse('2024-11-29T10:00:00Z');
    const a = historyUuid(ms, 5, new Rng(1));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Timestamp(a)).toBe(ms);
    expect(historyUuid(ms, 5, new Rng(1))).toBe(a);
    expect(historyUuid(ms + 1, 0, new Rng(1)) > a).toBe(true);
  });
});

describe('history calendar', () => {
  it('puts Black Friday week, December and the sales where the truth says', () => {
    const bf = dayFacts(Date.UTC(2024, 10, 29), 0);
    const plain = dayFacts(Date.UTC(2024, 9, 16), 0);
    expect(bf).toMatchObject({ sale: true, peak: true, holiday: true });
    expect(bf.weight).toBeGreaterThan(2 * plain.weight);
    expect(plain).toMatchObject({ sale: false, peak: false, holiday: false });
    expect(dayFacts(Date.UTC(2024, 11, 10), 0)).toMatchObject({ peak: true, holiday: true, sale: false });
    expect(dayFacts(Date.UTC(2024, 11, 27), 0).holiday).toBe(false);
    expect(dayFacts(Date.UTC(2025, 0, 10), 0).sale).toBe(true);
    expect(dayFacts(Date.UTC(2025, 6, 10), 0).sale).toBe(true);
    // Growth: the same day a year later sells more.
    expect(dayFacts(Date.UTC(2025, 9, 16), 1).weight).toBeGreaterThan(plain.weight);
  });

  it('spreads exactly the orders asked for over the days, inside the history', () => {
    const start = new Date(END.getTime() - 52 * 7 * DAY_MS + 5 * 3_600_000);
    const days = planDays(12_345, start, END);
    expect(days.reduce((s, d) => s + d.orders, 0)).toBe(12_345);
    const r = new Rng(4);
    for (const day of [days[0], days[100], days[days.length - 1]]) {
      const times = orderTimes(day, r, start.getTime());
      expect(times).toHaveLength(day.orders);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      for (const t of times) {
        expect(t).toBeGreaterThanOrEqual(start.getTime());
        expect(t).toBeLessThan(END.getTime());
      }
    }
    const bfWeek = days.filter((d) => d.dayMs >= Date.UTC(2024, 10, 25) && d.dayMs <= Date.UTC(2024, 11, 1));
    const september = days.filter((d) => new Date(d.dayMs).getUTCMonth() === 8);
    const avg = (ds: typeof days) => ds.reduce((s, d) => s + d.orders, 0) / ds.length;
    expect(avg(bfWeek)).toBeGreaterThan(2 * avg(september));
  });
});

describe('history options', () => {
  it('fills in defaults and rejects nonsense', () => {
    const o = resolveHistoryOptions({ orders: 1000, end: END });
    expect(o).toMatchObject({ orders: 1000, seed: 1, weeks: 104, customers: 250, currencyCode: 'EUR' });
    expect(o.start.getTime()).toBe(END.getTime() - 104 * 7 * DAY_MS);
    expect(() => resolveHistoryOptions({ orders: 0 })).toThrow(RangeError);
    expect(() => resolveHistoryOptions({ orders: 1.5 })).toThrow(RangeError);
    expect(() => resolveHistoryOptions({ orders: 10, weeks: 0 })).toThrow(RangeError);
    expect(() => resolveHistoryOptions({ orders: 10, end: new Date('nope') })).toThrow(RangeError);
    expect(() => resolveHistoryOptions({ orders: 10, customers: 0 })).toThrow(RangeError);
    expect(() => resolveHistoryOptions({ orders: 10, currencyCode: 'USD' as 'EUR' })).toThrow(RangeError);
  });

  it('parses the command line', () => {
    expect(parseHistoryArgs(['--orders', '500', '--seed=3', '--weeks', '10', '--end', '2025-01-31', '--replace', '--no-refresh'])).toEqual({
      orders: 500, seed: 3, weeks: 10, end: new Date('2025-01-31'), replace: true, refresh: false,
    });
    expect(() => parseHistoryArgs([])).toThrow('--orders is required');
    expect(() => parseHistoryArgs(['--orders', 'many'])).toThrow('--orders needs an integer');
    expect(() => parseHistoryArgs(['--orders', '5', '--end', 'soon'])).toThrow('--end needs a date');
    expect(() => parseHistoryArgs(['--orders', '5', '--bogus'])).toThrow('unknown argument --bogus');
  });
});

describe('history simulation', () => {
  const opts = resolveHistoryOptions({ orders: 20_000, end: END, seed: 5 });
  const intercepts = calibrateIntercepts(opts);
  // An independent sample (another seed): its expected returned-unit shares must match the truth.
  const sim = new OrderSimulator({ ...opts, seed: 11 }, new Rng(11));
  const orders: SimOrder[] = [...sim.orders()];

  it('calibrates each category to its documented return rate', () => {
    const requestFactor = 1 / (1 - HISTORY_TRUTH.outcomes.REJECTED - HISTORY_TRUTH.outcomes.CANCELLED);
    for (const [category, truth] of Object.entries(HISTORY_TRUTH.categories)) {
      let sold = 0;
      let expected = 0;
      for (const o of orders) for (const l of o.lines) {
        if (l.product.category !== category) continue;
        sold += l.quantity;
        expected += l.quantity * returnedUnitShare(l.quantity) * lineReturnProbability(l, intercepts);
      }
      const rate = expected / sold / requestFactor;
      expect({ category, close: Math.abs(rate - truth.returnRate) < 0.01 }).toEqual({ category, close: true });
    }
  });

  it('makes each effect raise the return probability, as documented', () => {
    const line = orders.flatMap((o) => o.lines).find((l) => !l.misfit && l.product.category === 'apparel')!;
    const p = lineReturnProbability(line, intercepts);
    for (const effect of Object.values(HISTORY_TRUTH.effects)) {
      expect(effect.direction).toBe(1);
      if ('logOdds' in effect) expect(lineReturnProbability({ ...line, logit: line.logit + effect.logOdds }, intercepts)).toBeGreaterThan(p);
    }
    expect(lineReturnProbability({ ...line, misfit: 'LARGE' }, intercepts)).toBe(HISTORY_TRUTH.effects.sizeBracketing.probability);
  });

  it('orders size brackets of adjacent sizes of one style and returns the misfits as size reasons', () => {
    const brackets = orders.filter((o) => o.lines.some((l) => l.bracket));
    expect(brackets.length / orders.length).toBeGreaterThan(0.03);
    for (const o of brackets.slice(0, 200)) {
      const bracket = o.lines.filter((l) => l.bracket);
      const styles = new Set(bracket.map((l) => styleOfSku(l.product.sku)));
      expect(bracket.length).toBeGreaterThanOrEqual(2 * styles.size);
      for (const style of styles) {
        const sizes = bracket.filter((l) => styleOfSku(l.product.sku) === style).map((l) => l.product.sizeIndex).sort((a, b) => a - b);
        sizes.forEach((s, i) => { if (i > 0) expect(s).toBe(sizes[i - 1] + 1); });
      }
    }
    const r = new Rng(2);
    let misfits = 0;
    let sizeReasons = 0;
    for (const o of brackets) {
      for (const ret of decideReturns(o, intercepts, r)) {
        if (!ret.line.misfit) continue;
        misfits += 1;
        if (ret.reason === (ret.line.misfit === 'SMALL' ? 'SIZE_TOO_SMALL' : 'SIZE_TOO_LARGE')) sizeReasons += 1;
      }
    }
    expect(misfits).toBeGreaterThan(100);
    expect(sizeReasons).toBe(misfits);
  });

  it('keeps SKUs of one style together and one-size products apart', () => {
    expect(styleOfSku('HIST-APP-0007-M')).toBe('HIST-APP-0007');
    expect(styleOfSku('HIST-ELE-0012-OS')).toBe('HIST-ELE-0012');
    expect(styleOfSku('PLAIN')).toBe('PLAIN');
    const skus = new Set(sim.catalog.products.map((p) => p.sku));
    expect(skus.size).toBe(sim.catalog.products.length);
  });
});
