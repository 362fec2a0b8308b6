import fc from 'fast-check';
import {
  MAX_ANALYTICS_RANGE_DAYS, addDays, analyticsDayRange, dayRuns, mondayOf, excessScore, expectedReturns, isSerialReturner, medianFromHistogram,
  reportingCurrency, returnRate, splitAtWeeks,
} from '../../src/domain/analytics';
import { uuidv7 } from '../../src/domain/ids';
import { uuidv7Floor } from '../../src/services/insight/analytics-refresh.service';

describe('analyticsDayRange', () => {
  test('widens [from, to) to the whole UTC days it overlaps; toDay is exclusive', () => {
    expect(analyticsDayRange(new Date('2026-03-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'))).toEqual({ fromDay: '2026-03-01', toDay: '2026-04-01' });
    expect(analyticsDayRange(new Date('2026-03-01T13:30:00Z'), new Date('2026-03-01T13:31:00Z'))).toEqual({ fromDay: '2026-03-01', toDay: '2026-03-02' });
    // One millisecond into a day counts that day.
    expect(analyticsDayRange(new Date('2026-03-01T23:00:00Z'), new Date('2026-03-03T00:00:00.001Z'))).toEqual({ fromDay: '2026-03-01', toDay: '2026-03-04' });
    // Offsets are read as instants.
    expect(analyticsDayRange(new Date('2026-03-01T01:00:00+02:00'), new Date('2026-03-02T00:00:00Z'))).toEqual({ fromDay: '2026-02-28', toDay: '2026-03-02' });
  });

  test('empty, reversed and over-long ranges are refused with a message for the client', () => {
    const d = new Date('2026-03-01T00:00:00Z');
    expect(() => analyticsDayRange(d, d)).toThrow('to must be after from');
    expect(() => analyticsDayRange(d, new Date('2026-02-01T00:00:00Z'))).toThrow('to must be after from');
    expect(() => analyticsDayRange(new Date('x'), d)).toThrow('valid date-times');
    const threeYears = new Date(d.getTime() + MAX_ANALYTICS_RANGE_DAYS * 86_400_000);
    expect(analyticsDayRange(d, threeYears).toDay).toBe('2029-03-01');
    expect(() => analyticsDayRange(d, new Date(threeYears.getTime() + 1))).toThrow('at most 1096 days (3 years)');
  });

  test('property: the day range covers from and the last instant before to, and nothing a whole day beyond', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 1, max: 1000 * 86_400_000 }), (start, length) => {
      const from = new Date(start);
      const to = new Date(start + length);
      const { fromDay, toDay } = analyticsDayRange(from, to);
      const dayStart = Date.parse(`${fromDay}T00:00:00Z`);
      const dayEnd = Date.parse(`${toDay}T00:00:00Z`);
      return dayStart <= from.getTime() && from.getTime() < dayStart + 86_400_000
        && dayEnd >= to.getTime() && dayEnd - 86_400_000 < to.getTime();
    }));
  });

  test('mondayOf: the ISO week starts on Monday, across months and years', () => {
    expect(mondayOf('2026-03-02')).toBe('2026-03-02'); // a Monday
    expect(mondayOf('2026-03-08')).toBe('2026-03-02'); // the Sunday after
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
    expect(mondayOf('2028-03-01')).toBe('2028-02-28');
  });

  test('addDays crosses months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('dayRuns', () => {
  test('merges days into runs of consecutive days, [from, to) with to exclusive, across month ends; duplicates ignored', () => {
    expect(dayRuns([])).toEqual([]);
    expect(dayRuns(['2026-03-02', '2026-02-28', '2026-03-01', '2026-03-01', '2026-03-05'])).toEqual([
      { fromDay: '2026-02-28', toDay: '2026-03-03' }, { fromDay: '2026-03-05', toDay: '2026-03-06' },
    ]);
  });

  test('refuses anything that is not a day (the runs become SQL literals)', () => {
    expect(() => dayRuns(["2026-03-01' or true --"])).toThrow('not a day');
  });
});

describe('splitAtWeeks', () => {
  test('whole ISO weeks in the middle, the days before and after them at the ends; none when no week fits', () => {
    // Wednesday 2026-03-04 to Tuesday 2026-03-24 (exclusive): the weeks of 9 and 16 March.
    expect(splitAtWeeks({ fromDay: '2026-03-04', toDay: '2026-03-24' })).toEqual({
      weeks: { fromDay: '2026-03-09', toDay: '2026-03-23' },
      edges: [{ fromDay: '2026-03-04', toDay: '2026-03-09' }, { fromDay: '2026-03-23', toDay: '2026-03-24' }],
    });
    // Monday to Monday: weeks only.
    expect(splitAtWeeks({ fromDay: '2026-03-02', toDay: '2026-03-16' })).toEqual({ weeks: { fromDay: '2026-03-02', toDay: '2026-03-16' }, edges: [] });
    // Thursday to the next Wednesday: no whole week.
    expect(splitAtWeeks({ fromDay: '2026-03-05', toDay: '2026-03-11' })).toEqual({ weeks: null, edges: [{ fromDay: '2026-03-05', toDay: '2026-03-11' }] });
  });

  test('the weeks and edges cover the range exactly, weeks run Monday to Monday and each edge is under a week', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2024-01-01', n));
    fc.assert(fc.property(day, fc.integer({ min: 1, max: 400 }), (fromDay, length) => {
      const range = { fromDay, toDay: addDays(fromDay, length) };
      const { weeks, edges } = splitAtWeeks(range);
      const parts = [...edges, ...(weeks ? [weeks] : [])].sort((a, b) => a.fromDay.localeCompare(b.fromDay));
      expect(parts[0].fromDay).toBe(range.fromDay);
      expect(parts[parts.length - 1].toDay).toBe(range.toDay);
      parts.slice(1).forEach((p, i) => expect(p.fromDay).toBe(parts[i].toDay));
      parts.forEach((p) => expect(p.fromDay < p.toDay).toBe(true));
      if (weeks) {
        expect([mondayOf(weeks.fromDay), mondayOf(weeks.toDay)]).toEqual([weeks.fromDay, weeks.toDay]);
        edges.forEach((e) => expect(Date.parse(e.toDay) - Date.parse(e.fromDay)).toBeLessThan(7 * 86_400_000));
      } else {
        expect(edges).toEqual([range]);
      }
    }));
  });
});

describe('medianFromHistogram', () => {
  test('odd count: the middle value; even: the mean of the two middle values; empty: null', () => {
    expect(medianFromHistogram([])).toBeNull();
    expect(medianFromHistogram([0, 0, 0])).toBeNull();
    expect(medianFromHistogram([2, 0, 0, 1])).toBe(0); // 0, 0, 3
    expect(medianFromHistogram([1, 0, 0, 1])).toBe(1.5); // 0, 3
    expect(medianFromHistogram([0, 0, 5])).toBe(2);
    expect(medianFromHistogram([1, 1, 1, 1])).toBe(1.5); // 0, 1, 2, 3
    expect(medianFromHistogram([1, 2, 0, 0, 0, 7])).toBe(5); // 0, 1, 1, 5×7
  });

  test('property: equals the median of the values the histogram counts', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 60 }), (values) => {
      const hist: number[] = [];
      for (const v of values) {
        while (hist.length <= v) hist.push(0);
        hist[v] += 1;
      }
      const sorted = [...values].sort((a, b) => a - b);
      const n = sorted.length;
      const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      return medianFromHistogram(hist) === median;
    }));
  });
});

describe('serial-returner score', () => {
  test('expected returns and variance add up per category as independent binomials', () => {
    const { expected, variance } = expectedReturns([
      { unitsBought: 10, categoryReturnRate: 0.3 },
      { unitsBought: 4, categoryReturnRate: 0.05 },
    ]);
    expect(expected).toBeCloseTo(3.2, 12);
    expect(variance).toBeCloseTo(10 * 0.3 * 0.7 + 4 * 0.05 * 0.95, 12);
  });

  test('z-score: standard deviations above the expectation; 0 without variance', () => {
    // 12 bags at a 25 % category rate: expect 3 ± 1.5; 8 returned is 3.33 σ above.
    const { expected, variance } = expectedReturns([{ unitsBought: 12, categoryReturnRate: 0.25 }]);
    expect(excessScore(8, expected, variance)).toBeCloseTo(10 / 3, 12);
    expect(excessScore(3, expected, variance)).toBe(0);
    expect(excessScore(0, expected, variance)).toBe(-2);
    expect(excessScore(5, 5, 0)).toBe(0);
  });

  test('flagged only with enough units and a high enough score', () => {
    const t = { minScore: 3, minUnits: 10 };
    expect(isSerialReturner({ excessScore: 3, unitsBought: 10 }, t)).toBe(true);
    expect(isSerialReturner({ excessScore: 2.99, unitsBought: 100 }, t)).toBe(false);
    expect(isSerialReturner({ excessScore: 9, unitsBought: 9 }, t)).toBe(false);
  });
});

describe('report helpers', () => {
  test('return rate is 0 when nothing was sold', () => {
    expect(returnRate(3, 12)).toBe(0.25);
    expect(returnRate(0, 0)).toBe(0);
  });

  test('reporting currency: configured, else most units sold (ties alphabetical), else none', () => {
    expect(reportingCurrency(new Map([['USD', 5], ['EUR', 9]]), null)).toBe('EUR');
    expect(reportingCurrency(new Map([['USD', 5], ['EUR', 9]]), 'GBP')).toBe('GBP');
    expect(reportingCurrency(new Map([['USD', 5], ['EUR', 5]]), null)).toBe('EUR');
    expect(reportingCurrency(new Map(), null)).toBeNull();
  });

  test('uuidv7Floor is at or below every UUIDv7 made in or after that millisecond, above every earlier one', () => {
    const ms = Date.UTC(2026, 2, 1, 12, 0, 0);
    const floor = uuidv7Floor(ms);
    expect(floor).toBe(`${ms.toString(16).padStart(12, '0').slice(0, 8)}-${ms.toString(16).padStart(12, '0').slice(8)}-0000-0000-000000000000`);
    for (let i = 0; i < 50; i++) {
      expect(uuidv7(ms + i) >= floor).toBe(true);
      expect(uuidv7(ms - 20_000 - i) < floor).toBe(true);
    }
  });
});
