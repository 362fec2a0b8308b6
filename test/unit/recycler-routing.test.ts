import fc from 'fast-check';
import { chooseRecycler, scoreRecyclers, type RecyclerCandidate } from '../../src/domain/recycler-routing';

// Recycler choice is scored like refurbisher routing: lots in hand vs declared capacity, cost per kg, turnaround.
const recycler = (partnerId: string, o: Partial<RecyclerCandidate> = {}): RecyclerCandidate => ({
  partnerId, categories: ['electronics', 'apparel'], capacity: 10, lotsInHand: 0, costPerKg: 0.4, turnaroundDays: 7, ...o,
});

test('the cheaper recycler wins when load and turnaround are equal; the lower id no longer wins by itself', () => {
  expect(chooseRecycler([recycler('a', { costPerKg: 0.9 }), recycler('b', { costPerKg: 0.3 })], ['electronics'])).toBe('b');
});

test('a recycler with many lots in hand loses to an idle one, even a little dearer', () => {
  expect(chooseRecycler([recycler('busy', { costPerKg: 0.35, lotsInHand: 9 }), recycler('idle', { costPerKg: 0.4, lotsInHand: 0 })], ['apparel'])).toBe('idle');
});

test('declared turnaround breaks an otherwise even choice', () => {
  expect(chooseRecycler([recycler('slow', { turnaroundDays: 30 }), recycler('fast', { turnaroundDays: 3 })], ['electronics'])).toBe('fast');
});

test('every category must be handled; full recyclers are excluded, with reasons', () => {
  const scores = scoreRecyclers([
    recycler('textiles', { categories: ['Apparel '] }), recycler('full', { capacity: 2, lotsInHand: 2 }), recycler('ok', { costPerKg: 5 }),
  ], ['apparel', 'ELECTRONICS']);
  expect(scores[0]).toMatchObject({ partnerId: 'ok', eligible: true });
  expect(Object.fromEntries(scores.slice(1).map((s) => [s.partnerId, s.eligible ? null : s.reason]))).toEqual({ textiles: 'CATEGORY_NOT_HANDLED', full: 'AT_CAPACITY' });
  expect(chooseRecycler([recycler('textiles', { categories: ['apparel'] })], ['apparel'])).toBe('textiles');
  expect(chooseRecycler([recycler('full', { capacity: 1, lotsInHand: 1 })], ['electronics'])).toBeNull();
  expect(chooseRecycler([recycler('a')], [])).toBeNull();
});

test('undeclared capacity counts as half loaded; unquoted cost and turnaround as the worst', () => {
  // Half loaded (0.5) against 6 of 10 (0.6): the undeclared one wins on load alone.
  expect(chooseRecycler([recycler('declared', { lotsInHand: 6 }), recycler('undeclared', { capacity: null, lotsInHand: 50 })], ['apparel'])).toBe('undeclared');
  expect(chooseRecycler([recycler('unquoted', { costPerKg: null }), recycler('quoted', { costPerKg: 0.8 })], ['apparel'])).toBe('quoted');
  expect(chooseRecycler([recycler('unknown', { turnaroundDays: null }), recycler('known', { turnaroundDays: 20 })], ['apparel'])).toBe('known');
});

test('weights are data; ties go to the lower id whatever the input order', () => {
  const pool = [recycler('cheap-slow', { costPerKg: 0.1, turnaroundDays: 40 }), recycler('dear-fast', { costPerKg: 0.9, turnaroundDays: 2 })];
  expect(chooseRecycler(pool, ['apparel'], { load: 0, cost: 0, turnaround: 1 })).toBe('dear-fast');
  expect(chooseRecycler(pool, ['apparel'], { load: 0, cost: 1, turnaround: 0 })).toBe('cheap-slow');
  fc.assert(fc.property(fc.shuffledSubarray(['r3', 'r1', 'r2'], { minLength: 3, maxLength: 3 }), (ids) => {
    expect(chooseRecycler(ids.map((id) => recycler(id)), ['electronics'])).toBe('r1');
  }));
});

test('scores stay within [0, 1], best first, and only eligible recyclers are chosen', () => {
  const arb = fc.array(fc.record({
    partnerId: fc.uuid(), categories: fc.constantFrom(['electronics'], ['apparel'], ['electronics', 'apparel']),
    capacity: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }), lotsInHand: fc.integer({ min: 0, max: 30 }),
    costPerKg: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: null }), turnaroundDays: fc.option(fc.double({ min: 0, max: 90, noNaN: true }), { nil: null }),
  }), { maxLength: 8 });
  fc.assert(fc.property(arb, (pool) => {
    const scores = scoreRecyclers(pool, ['electronics']);
    const eligible = scores.filter((s) => s.eligible) as Array<{ partnerId: string; score: number }>;
    eligible.forEach((s, i) => {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
      if (i > 0) expect(s.score).toBeGreaterThanOrEqual(eligible[i - 1].score);
      const c = pool.find((p) => p.partnerId === s.partnerId)!;
      expect(c.categories).toContain('electronics');
      if (c.capacity !== null) expect(c.lotsInHand).toBeLessThan(c.capacity);
    });
    expect(chooseRecycler(pool, ['electronics'])).toBe(eligible[0]?.partnerId ?? null);
  }));
});
