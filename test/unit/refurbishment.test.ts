import fc from 'fast-check';
import { chooseRefurbisher, scoreRefurbishers, type RefurbisherCandidate } from '../../src/domain/refurbisher-routing';
import {
  REFURBISHMENT_STATUSES, isDataBearing, isRefurbishmentTerminal, transitionRefurbishment, validateCompletion, type RefurbishmentStatus,
} from '../../src/domain/refurbishment-status';

describe('refurbishment state machine', () => {
  test.each<[RefurbishmentStatus, RefurbishmentStatus]>([
    ['CREATED', 'DISPATCHED'], ['DISPATCHED', 'ACCEPTED'], ['DISPATCHED', 'REJECTED'], ['ACCEPTED', 'DIAGNOSED'],
    ['DIAGNOSED', 'IN_REPAIR'], ['IN_REPAIR', 'COMPLETED'], ['ACCEPTED', 'UNREPAIRABLE'], ['DIAGNOSED', 'UNREPAIRABLE'],
    ['IN_REPAIR', 'UNREPAIRABLE'], ['REJECTED', 'CREATED'], ['DIAGNOSED', 'CLOSED'], ['CREATED', 'CANCELLED'], ['CANCELLED', 'CREATED'],
  ])('%s → %s is allowed', (from, to) => {
    expect(transitionRefurbishment(from, to)).toEqual({ ok: true, to });
  });

  test.each<[RefurbishmentStatus, RefurbishmentStatus]>([
    ['CREATED', 'ACCEPTED'], ['DISPATCHED', 'COMPLETED'], ['ACCEPTED', 'REJECTED'], ['ACCEPTED', 'IN_REPAIR'],
    ['DISPATCHED', 'UNREPAIRABLE'], ['COMPLETED', 'IN_REPAIR'], ['UNREPAIRABLE', 'COMPLETED'], ['ACCEPTED', 'ACCEPTED'],
    ['DISPATCHED', 'CANCELLED'], ['CANCELLED', 'DISPATCHED'],
  ])('%s → %s is ILLEGAL_TRANSITION', (from, to) => {
    expect(transitionRefurbishment(from, to)).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
  });

  test('terminal statuses have no way out; every allowed move lands on a known status', () => {
    fc.assert(fc.property(fc.constantFrom(...REFURBISHMENT_STATUSES), fc.constantFrom(...REFURBISHMENT_STATUSES), (from, to) => {
      const r = transitionRefurbishment(from, to);
      if (isRefurbishmentTerminal(from)) expect(r.ok).toBe(false);
      if (r.ok) expect(REFURBISHMENT_STATUSES).toContain(r.to);
    }));
    expect(transitionRefurbishment('CREATED', 'toString' as RefurbishmentStatus).ok).toBe(false);
  });
});

describe('completion report', () => {
  const full = { category: 'electronics', cosmeticGrade: 'B', functionalGrade: 'FULLY_FUNCTIONAL', costMinor: 4500, batteryHealthPct: 91, sanitizationCertificateRef: 'SAN-1' };
  test('a full report passes', () => expect(validateCompletion(full)).toEqual([]));
  test('data-bearing categories need a sanitization certificate; others do not', () => {
    expect(validateCompletion({ ...full, sanitizationCertificateRef: null }).map(([f]) => f)).toEqual(['sanitizationCertificateRef']);
    expect(validateCompletion({ ...full, category: 'footwear', sanitizationCertificateRef: null })).toEqual([]);
    expect(isDataBearing(' Laptops ')).toBe(true);
    expect(isDataBearing('apparel')).toBe(false);
  });
  test('grade outside A–E, missing functional grade or cost, battery out of range are reported', () => {
    expect(validateCompletion({ ...full, cosmeticGrade: 'F', functionalGrade: ' ', costMinor: null, batteryHealthPct: 101 }).map(([f]) => f))
      .toEqual(['cosmeticGrade', 'functionalGrade', 'cost', 'batteryHealthPct']);
  });
});

describe('refurbisher routing', () => {
  const vendor = (partnerId: string, o: Partial<RefurbisherCandidate> = {}): RefurbisherCandidate => ({
    partnerId, categories: ['electronics'], capacity: 10, openJobs: 0, costPerUnit: 40, turnaroundDays: 5, ...o,
  });

  test('the cheaper, less loaded vendor wins', () => {
    expect(chooseRefurbisher([vendor('a', { costPerUnit: 80, openJobs: 5 }), vendor('b', { costPerUnit: 30, openJobs: 1 })], 'electronics')).toBe('b');
  });

  test('load can outweigh cost', () => {
    expect(chooseRefurbisher([vendor('a', { costPerUnit: 35, openJobs: 9 }), vendor('b', { costPerUnit: 40, openJobs: 0 })], 'electronics')).toBe('b');
  });

  test('full vendors, vendors of other categories and vendors that rejected the job are excluded, with reasons', () => {
    const scores = scoreRefurbishers([
      vendor('full', { capacity: 2, openJobs: 2 }), vendor('shoes', { categories: ['footwear'] }), vendor('rejector'), vendor('ok', { costPerUnit: 999 }),
    ], 'Electronics', ['rejector']);
    expect(scores[0]).toMatchObject({ partnerId: 'ok', eligible: true });
    expect(Object.fromEntries(scores.slice(1).map((s) => [s.partnerId, s.eligible ? null : s.reason]))).toEqual({
      full: 'AT_CAPACITY', shoes: 'CATEGORY_NOT_HANDLED', rejector: 'ALREADY_REJECTED',
    });
    expect(chooseRefurbisher([vendor('full', { capacity: 1, openJobs: 1 })], 'electronics')).toBeNull();
  });

  test('weights are data: turnaround alone picks the fastest', () => {
    const pool = [vendor('slow', { costPerUnit: 10, turnaroundDays: 20 }), vendor('fast', { costPerUnit: 90, turnaroundDays: 2 })];
    expect(chooseRefurbisher(pool, 'electronics', [], { load: 0, cost: 0, turnaround: 1 })).toBe('fast');
    expect(chooseRefurbisher(pool, 'electronics', [], { load: 0, cost: 1, turnaround: 0 })).toBe('slow');
  });

  test('unquoted cost counts as the most expensive; ties go to the lower id whatever the input order', () => {
    expect(chooseRefurbisher([vendor('a', { costPerUnit: null }), vendor('b', { costPerUnit: 20 }), vendor('c', { costPerUnit: 40 })], 'electronics')).toBe('b');
    fc.assert(fc.property(fc.shuffledSubarray(['p3', 'p1', 'p2'], { minLength: 3, maxLength: 3 }), (ids) => {
      expect(chooseRefurbisher(ids.map((id) => vendor(id)), 'electronics')).toBe('p1');
    }));
  });

  test('scores stay within [0, 1] and eligible ones are sorted best first', () => {
    const arb = fc.array(fc.record({
      partnerId: fc.uuid(), categories: fc.constant(['electronics']), capacity: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
      openJobs: fc.integer({ min: 0, max: 60 }), costPerUnit: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: null }),
      turnaroundDays: fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: null }),
    }), { maxLength: 8 });
    fc.assert(fc.property(arb, (pool) => {
      const eligible = scoreRefurbishers(pool, 'electronics').filter((s) => s.eligible) as Array<{ score: number }>;
      eligible.forEach((s, i) => {
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(1);
        if (i > 0) expect(s.score).toBeGreaterThanOrEqual(eligible[i - 1].score);
      });
    }));
  });
});
