import fc from 'fast-check';
import {
  RECYCLING_LOT_STATUSES, isRecyclingLotTerminal, materialStreamOf, transitionRecyclingLot, weeeCategoryOf, type RecyclingLotStatus,
} from '../../src/domain/recycling-lot-status';
import { EXPECTED_COMPOSITION, checkRecyclingReport, compositionOf, expectedShares, type RecyclingReport } from '../../src/domain/recycling-report-check';

describe('recycling lot state machine', () => {
  test.each<[RecyclingLotStatus, RecyclingLotStatus]>([
    ['OPEN', 'DISPATCHED'], ['DISPATCHED', 'REPORTED'], ['REPORTED', 'CLOSED'], ['REPORTED', 'NEEDS_REVIEW'], ['NEEDS_REVIEW', 'CLOSED'], ['NEEDS_REVIEW', 'DISPATCHED'],
    ['OPEN', 'CANCELLED'],
  ])('%s → %s is allowed', (from, to) => expect(transitionRecyclingLot(from, to)).toEqual({ ok: true, to }));

  test.each<[RecyclingLotStatus, RecyclingLotStatus]>([
    ['OPEN', 'REPORTED'], ['OPEN', 'CLOSED'], ['DISPATCHED', 'CLOSED'], ['CLOSED', 'DISPATCHED'], ['NEEDS_REVIEW', 'REPORTED'],
    ['DISPATCHED', 'CANCELLED'], ['CANCELLED', 'OPEN'],
  ])('%s → %s is ILLEGAL_TRANSITION', (from, to) => expect(transitionRecyclingLot(from, to)).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' }));

  test('only CLOSED and CANCELLED are terminal; unknown statuses go nowhere', () => {
    expect(RECYCLING_LOT_STATUSES.filter(isRecyclingLotTerminal)).toEqual(['CLOSED', 'CANCELLED']);
    expect(transitionRecyclingLot('OPEN', 'toString' as RecyclingLotStatus).ok).toBe(false);
  });
});

describe('streams and WEEE categories', () => {
  test.each([
    ['Laptops', 'WEEE', 2], ['phones', 'WEEE', 6], ['electronics', 'WEEE', 5], ['apparel', 'TEXTILES', null], ['footwear', 'TEXTILES', null], ['toys', 'MIXED', null],
  ])('%s → %s, WEEE %s', (category, stream, weee) => {
    expect(materialStreamOf(category)).toBe(stream);
    expect(weeeCategoryOf(category)).toBe(weee);
  });

  test('every expected composition sums to 1', () => {
    for (const composition of Object.values(EXPECTED_COMPOSITION)) {
      expect(Object.values(composition).reduce((a, b) => a + (b ?? 0), 0)).toBeCloseTo(1, 6);
    }
    expect(compositionOf('smartphones')).toBe(EXPECTED_COMPOSITION.electronics);
    expect(compositionOf('Shoes')).toBe(EXPECTED_COMPOSITION.footwear);
  });
});

describe('report check', () => {
  const shoes = { declaredWeightKg: 2, units: [{ category: 'footwear', units: 2, weightKg: 2 }] };
  const report = (weights: Record<string, number>, extra: Partial<RecyclingReport> = {}): RecyclingReport => ({
    certificateNumber: 'C-1', materials: Object.entries(weights).map(([material, weightKg]) => ({ material: material as never, weightKg, route: 'RECYCLING' })), ...extra,
  });

  test('a realistic report within tolerance passes', () => {
    expect(checkRecyclingReport(shoes, report({ PLASTICS: 1, TEXTILES: 0.7, OTHER: 0.3 }))).toEqual({ ok: true, reasons: [] });
  });

  test('the total must be within the tolerance, inclusive; the tolerance is configurable', () => {
    expect(checkRecyclingReport(shoes, report({ PLASTICS: 1.1, TEXTILES: 0.77, OTHER: 0.33 })).ok).toBe(true); // +10 %
    const off = checkRecyclingReport(shoes, report({ PLASTICS: 0.75, TEXTILES: 0.5, OTHER: 0.25 }));
    expect(off.reasons).toEqual([expect.stringMatching(/-25\.0 % off the declared 2 kg \(tolerance ±10\.0 %\)/)]);
    expect(checkRecyclingReport(shoes, report({ PLASTICS: 0.75, TEXTILES: 0.5, OTHER: 0.25 }), 0.3).ok).toBe(true);
  });

  test('fractions above 2 × expected + 5 points, or unexpected above 5 %, are implausible', () => {
    // Footwear expects no glass and 15 % other: 10 % glass and 40 % other are both flagged.
    const r = checkRecyclingReport(shoes, report({ PLASTICS: 0.6, TEXTILES: 0.4, GLASS: 0.2, OTHER: 0.8 }));
    expect(r.reasons).toEqual([expect.stringMatching(/^GLASS is 10\.0 % .*not expected/), expect.stringMatching(/^OTHER is 40\.0 % .*about 15\.0 %/)]);
    // A trace (≤ 5 %) of an unexpected material is fine.
    expect(checkRecyclingReport(shoes, report({ PLASTICS: 1, TEXTILES: 0.66, OTHER: 0.26, GLASS: 0.08 })).ok).toBe(true);
  });

  test('expected shares follow the lot mix by declared weight', () => {
    const shares = expectedShares([{ category: 'footwear', units: 1, weightKg: 1 }, { category: 'apparel', units: 1, weightKg: 1 }]);
    expect(shares.TEXTILES).toBeCloseTo((0.35 + 0.92) / 2, 6);
    expect(shares.GLASS).toBeUndefined();
  });

  test('data-bearing devices need a data-destruction certificate', () => {
    const phones = { declaredWeightKg: 0.4, units: [{ category: 'phones', units: 2, weightKg: 0.4 }] };
    const mix = { FERROUS: 0.08, NON_FERROUS: 0.05, PLASTICS: 0.12, CIRCUIT_BOARDS: 0.04, BATTERIES: 0.04, GLASS: 0.04, OTHER: 0.03 };
    expect(checkRecyclingReport(phones, report(mix)).reasons).toEqual([expect.stringMatching(/data-destruction certificate is required/)]);
    expect(checkRecyclingReport(phones, report(mix, { dataDestructionCertificate: 'DD-1' })).ok).toBe(true);
  });

  test('units of unknown weight cannot be checked by weight', () => {
    const r = checkRecyclingReport({ declaredWeightKg: 0, units: [{ category: 'toys', units: 3, weightKg: null }] }, report({ PLASTICS: 0.3, PAPER_CARDBOARD: 0.2, OTHER: 0.2, FERROUS: 0.3 }));
    expect(r.reasons).toEqual([expect.stringMatching(/3 unit\(s\) have no product weight/)]);
  });

  test('a report whose total equals the declared weight and whose shares match expectations always passes', () => {
    fc.assert(fc.property(fc.double({ min: 0.1, max: 10_000, noNaN: true }), fc.constantFrom('footwear', 'apparel', 'electronics', 'toys'), (kg, category) => {
      const weights = Object.fromEntries(Object.entries(compositionOf(category)).map(([m, s]) => [m, (s ?? 0) * kg]));
      const lot = { declaredWeightKg: kg, units: [{ category, units: 1, weightKg: kg }] };
      expect(checkRecyclingReport(lot, report(weights, { dataDestructionCertificate: 'DD' })).reasons).toEqual([]);
    }));
  });
});
