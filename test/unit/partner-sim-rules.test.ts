import fc from 'fast-check';
import {
  OFF_WEIGHT_ONE_IN, SHORT_CREDIT_ONE_IN, planRecyclingReport, planRefurbishment, planVendorCredit, stableHash,
} from '../../scripts/partner-sim/disposition-rules';
import { checkRecyclingReport } from '../../src/domain/recycling-report-check';

// The partner simulator's refurbisher, recycler and vendor decide by documented, deterministic rules: the demo shows
// every branch, and the recycler's reports pass or fail Boomerang's own plausibility check as intended.
const job = (o: Partial<Parameters<typeof planRefurbishment>[0]> = {}) => ({
  category: 'electronics', conditionGrade: 'DAMAGED', inspectionNotes: null, dataBearing: true, currencyCode: 'EUR', ...o,
});

describe('refurbisher', () => {
  test('liquid damage is rejected; unsalvageable or dead units are unrepairable', () => {
    expect(planRefurbishment(job({ inspectionNotes: 'Liquid damage in the charging case' })).outcome).toBe('REJECTED');
    expect(planRefurbishment(job({ inspectionNotes: 'corrosion on the port', conditionGrade: 'GOOD' })).outcome).toBe('REJECTED');
    expect(planRefurbishment(job({ conditionGrade: 'UNSALVAGEABLE' })).outcome).toBe('UNREPAIRABLE');
    expect(planRefurbishment(job({ inspectionNotes: 'Does not power on after a fall' })).outcome).toBe('UNREPAIRABLE');
    // "powers on" is not "does not power on".
    expect(planRefurbishment(job({ inspectionNotes: 'Screen cracked, powers on' })).outcome).toBe('COMPLETED');
  });

  test('a repair is quoted from the parts the notes name (else the grade), plus labour; grade and battery follow the inspection', () => {
    expect(planRefurbishment(job({ inspectionNotes: 'Screen cracked, powers on' }))).toEqual({
      outcome: 'COMPLETED', partsReplaced: ['display assembly'], partsMinor: 5500, labourMinor: 2500, quoteMinor: 8000,
      cosmeticGrade: 'D', functionalGrade: 'FULLY_FUNCTIONAL', batteryHealthPct: 84, sanitize: true,
    });
    expect(planRefurbishment(job({ conditionGrade: 'FAIR', inspectionNotes: 'Battery does not hold charge' }))).toMatchObject({
      partsReplaced: ['battery'], quoteMinor: 2500 + 2500, cosmeticGrade: 'C', batteryHealthPct: 100,
    });
    expect(planRefurbishment(job({ conditionGrade: 'LIKE_NEW', category: 'footwear', dataBearing: false }))).toMatchObject({
      partsReplaced: [], quoteMinor: 1500, cosmeticGrade: 'A', batteryHealthPct: null, sanitize: false,
    });
    expect(planRefurbishment(job({ currencyCode: 'JPY', inspectionNotes: 'cracked display' }))).toMatchObject({ quoteMinor: 80 });
  });
});

describe('recycler', () => {
  const lotArb = fc.record({
    lotId: fc.string({ minLength: 1, maxLength: 40 }),
    units: fc.array(fc.record({
      category: fc.constantFrom('electronics', 'apparel', 'footwear', 'toys', 'phones'), units: fc.integer({ min: 1, max: 5 }),
      weightKg: fc.double({ min: 0.05, max: 20, noNaN: true }),
    }), { minLength: 1, maxLength: 5 }),
  });

  test('a report passes Boomerang\'s check unless the lot is one of those weighed off, which fails on weight alone', () => {
    fc.assert(fc.property(lotArb, ({ lotId, units }) => {
      const declaredWeightKg = units.reduce((s, u) => s + u.weightKg, 0);
      const plan = planRecyclingReport({ lotId, declaredWeightKg, units });
      expect(plan).toEqual(planRecyclingReport({ lotId, declaredWeightKg, units }));
      expect(plan.offWeight).toBe(stableHash(lotId) % OFF_WEIGHT_ONE_IN === 0);
      const check = checkRecyclingReport({ declaredWeightKg, units }, { ...plan, certificateNumber: 'CERT-1', dataDestructionCertificate: 'DD-1' });
      if (plan.offWeight) {
        expect(check.reasons).toHaveLength(1);
        expect(check.reasons[0]).toMatch(/off the declared/);
      } else {
        expect(check).toEqual({ ok: true, reasons: [] });
      }
      // Each material once per route; routes from the split table.
      const keys = plan.materials.map((m) => `${m.material}/${m.route}`);
      expect(new Set(keys).size).toBe(keys.length);
    }), { numRuns: 300 });
  });

  test('fractions follow the composition: textiles for apparel, with a reused share; electronics have batteries and boards', () => {
    const apparel = planRecyclingReport({ lotId: 'lot-a', declaredWeightKg: 6, units: [{ category: 'apparel', units: 10, weightKg: 6 }] });
    expect(apparel.materials.filter((m) => m.material === 'TEXTILES').map((m) => m.route).sort()).toEqual(['RECYCLING', 'REUSE']);
    const weee = planRecyclingReport({ lotId: 'lot-e', declaredWeightKg: 0.4, units: [{ category: 'electronics', units: 2, weightKg: 0.4 }] });
    expect(weee.materials.map((m) => m.material)).toEqual(expect.arrayContaining(['BATTERIES', 'CIRCUIT_BOARDS', 'GLASS', 'FERROUS']));
    // Unknown weights: 0.5 kg a unit is assumed.
    expect(planRecyclingReport({ lotId: 'lot-u', declaredWeightKg: 0, units: [{ category: 'toys', units: 4, weightKg: null }] }).totalKg).toBeGreaterThan(1.5);
  });

  test('about one lot in four is weighed off', () => {
    const off = Array.from({ length: 400 }, (_, i) => planRecyclingReport({ lotId: `lot-${i}`, declaredWeightKg: 1, units: [{ category: 'apparel', units: 1, weightKg: 1 }] }).offWeight)
      .filter(Boolean).length;
    expect(off).toBeGreaterThan(60);
    expect(off).toBeLessThan(140);
  });
});

describe('vendor', () => {
  test('credits in full, or 95 % rounded down for one authorization in three (by its id)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 10_000_000 }), (id, expected) => {
      const credit = planVendorCredit(id, expected);
      expect(credit.short).toBe(stableHash(id) % SHORT_CREDIT_ONE_IN === 0);
      expect(credit.creditedMinor).toBe(credit.short ? Math.floor(expected * 0.95) : expected);
      expect(credit.creditedMinor).toBeLessThanOrEqual(expected);
    }));
  });
});
