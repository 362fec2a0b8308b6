import fc from 'fast-check';
import {
  BUILTIN_FALLBACK_RULE_ID,
  CONDITION_GRADES,
  DEFAULT_RECOVERY_FACTORS,
  DEFAULT_RULESET,
  type DispositionFacts,
  type DispositionRuleSet,
  DISPOSITION_TYPES,
  estimateCo2eAvoided,
  estimateRecovery,
  type RecoveryFactors,
  recommendDisposition,
  validateRuleSet,
} from '../../src/domain/disposition';
import { parseAmount } from '../../src/domain/money';
import { RETURN_REASON_CODES } from '../../src/domain/return-reasons';

const facts = (overrides: Partial<DispositionFacts> = {}): DispositionFacts => ({
  grade: 'LIKE_NEW',
  reason: 'SIZE_TOO_SMALL',
  category: 'apparel',
  unitValueMinor: 4999,
  currency: 'EUR',
  weightGrams: 500,
  refurbishable: false,
  vendorReturnable: false,
  recyclable: true,
  ...overrides,
});

describe('recommendDisposition with the default rules', () => {
  it('restocks sealed or like-new units with a readable rationale', () => {
    expect(recommendDisposition(facts())).toEqual({
      disposition: 'RESTOCK',
      expectedRecoveryMinor: 4999,
      co2eAvoidedKg: 12.5,
      rationale:
        'Graded LIKE_NEW and returned for SIZE_TOO_SMALL: restock as new (expected recovery 100% of 49.99 EUR).',
      ruleId: 'as-new-restock',
    });
    expect(recommendDisposition(facts({ grade: 'NEW_SEALED', unitValueMinor: 100 })).disposition).toBe('RESTOCK');
  });

  it('resells opened units in good condition as open box', () => {
    const result = recommendDisposition(facts({ grade: 'GOOD' }));
    expect(result).toMatchObject({
      disposition: 'RESELL_OPEN_BOX',
      expectedRecoveryMinor: 3999,
      ruleId: 'good-open-box',
    });
    expect(result.co2eAvoidedKg).toBe(8.08); // 25 kg/kg × 0.5 kg × 0.646
  });

  it('refurbishes damaged refurbishable units when the margin is positive', () => {
    const result = recommendDisposition(
      facts({
        grade: 'DAMAGED',
        category: 'Electronics',
        unitValueMinor: 20_000,
        weightGrams: 2000,
        refurbishable: true,
      }),
    );
    // 200 EUR × (0.70 resale − 0.25 electronics cost) − 10 EUR handling = 80 EUR.
    expect(result).toMatchObject({ disposition: 'REFURBISH', expectedRecoveryMinor: 8000, ruleId: 'worn-refurbish' });
    expect(result.co2eAvoidedKg).toBe(62.44); // 70 kg/kg × 2 kg × (0.646 − 0.2)
    expect(result.rationale).toContain('80.00 EUR');
  });

  it('does not refurbish a cheap unit whose margin is negative', () => {
    const cheap = facts({ grade: 'DAMAGED', category: 'electronics', unitValueMinor: 1200, refurbishable: true });
    expect(estimateRecovery('REFURBISH', cheap)).toBeLessThan(0);
    expect(recommendDisposition(cheap)).toMatchObject({ disposition: 'RECYCLE', ruleId: 'damaged-recycle' });
    expect(recommendDisposition({ ...cheap, recyclable: false })).toMatchObject({
      disposition: 'LIQUIDATE',
      ruleId: 'fallback-liquidate',
    });
  });

  it('refurbishes defective units that are refurbishable but not vendor-returnable', () => {
    const defective = facts({ grade: 'LIKE_NEW', reason: 'DEFECTIVE', unitValueMinor: 20_000, refurbishable: true });
    expect(recommendDisposition(defective)).toMatchObject({ disposition: 'REFURBISH', ruleId: 'defective-refurbish' });
  });

  it('returns defective vendor-returnable units to the vendor, even when sealed', () => {
    for (const grade of ['NEW_SEALED', 'GOOD', 'DAMAGED'] as const) {
      expect(recommendDisposition(facts({ grade, reason: 'DEFECTIVE', vendorReturnable: true }))).toMatchObject({
        disposition: 'RETURN_TO_VENDOR',
        expectedRecoveryMinor: 2999,
        ruleId: 'defective-return-to-vendor',
      });
    }
  });

  it('never sells a unit reported defective as open box', () => {
    expect(recommendDisposition(facts({ grade: 'GOOD', reason: 'DEFECTIVE' })).disposition).toBe('LIQUIDATE');
  });

  it('donates usable low-value units and liquidates the other low-value ones', () => {
    expect(recommendDisposition(facts({ grade: 'GOOD', unitValueMinor: 500 }))).toMatchObject({
      disposition: 'DONATE',
      expectedRecoveryMinor: 0,
      ruleId: 'low-value-donate',
    });
    expect(recommendDisposition(facts({ grade: 'FAIR', unitValueMinor: 999 })).disposition).toBe('DONATE');
    expect(recommendDisposition(facts({ grade: 'DAMAGED', unitValueMinor: 500 }))).toMatchObject({
      disposition: 'LIQUIDATE',
      expectedRecoveryMinor: 75,
      ruleId: 'low-value-liquidate',
    });
    expect(recommendDisposition(facts({ grade: 'FAIR', reason: 'DEFECTIVE', unitValueMinor: 500 })).disposition).toBe(
      'LIQUIDATE',
    );
  });

  it('treats exactly the threshold as not low value', () => {
    expect(recommendDisposition(facts({ grade: 'GOOD', unitValueMinor: 1000 })).disposition).toBe('RESELL_OPEN_BOX');
    expect(recommendDisposition(facts({ grade: 'GOOD', unitValueMinor: 999 })).disposition).toBe('DONATE');
  });

  it('recycles unsalvageable recyclable units and disposes of the rest at a cost', () => {
    expect(recommendDisposition(facts({ grade: 'UNSALVAGEABLE' }))).toMatchObject({
      disposition: 'RECYCLE',
      expectedRecoveryMinor: 3, // 0.5 kg × 0.05 EUR/kg = 2.5 cents, rounded half away
      co2eAvoidedKg: 0.5,
      ruleId: 'unsalvageable-recycle',
    });
    const dispose = recommendDisposition(facts({ grade: 'UNSALVAGEABLE', recyclable: false, weightGrams: 10_000 }));
    expect(dispose).toMatchObject({ disposition: 'DISPOSE', expectedRecoveryMinor: -150, co2eAvoidedKg: 0 });
    expect(dispose.rationale).toContain('-1.50 EUR');
  });

  it('prices disposal with the default weight when the product has none, but claims no CO2e', () => {
    const unknown = facts({ grade: 'UNSALVAGEABLE', recyclable: false, weightGrams: null });
    expect(recommendDisposition(unknown)).toMatchObject({ expectedRecoveryMinor: -15, co2eAvoidedKg: 0 });
  });

  it('rejects facts it cannot value', () => {
    expect(() => recommendDisposition(facts({ currency: 'XYZ' }))).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }),
    );
    expect(() => recommendDisposition(facts({ unitValueMinor: -1 }))).toThrow(RangeError);
    expect(() => recommendDisposition(facts({ unitValueMinor: 1.5 }))).toThrow(RangeError);
    expect(() => recommendDisposition(facts({ weightGrams: -5 }))).toThrow(RangeError);
    expect(() => recommendDisposition(facts({ grade: 'MINT' as never }))).toThrow(RangeError);
  });
});

describe('thresholds across currency exponents', () => {
  const ruleSet: DispositionRuleSet = {
    version: 1,
    lowValueThreshold: { major: 10 },
    rules: [
      { id: 'low', description: 'low', when: { lowValue: true }, then: 'DONATE', rationale: 'Low: {value}.' },
      {
        id: 'mid',
        description: 'mid',
        when: { minUnitValueMajor: 10, maxUnitValueMajor: 100 },
        then: 'RESELL_OPEN_BOX',
        rationale: 'Mid: {value}.',
      },
      { id: 'high', description: 'high', when: {}, then: 'RESTOCK', rationale: 'High: {value}.' },
    ],
  };

  it.each(['EUR', 'JPY', 'KWD'])('reads major units the same way in %s', (currency) => {
    const at = (major: string) =>
      recommendDisposition(facts({ currency, unitValueMinor: parseAmount(major, currency) }), ruleSet).ruleId;
    expect(at('9')).toBe('low');
    expect(at('10')).toBe('mid');
    expect(at('99')).toBe('mid');
    expect(at('100')).toBe('high');
  });

  it('formats the value in the currency', () => {
    const kwd = recommendDisposition(facts({ currency: 'KWD', unitValueMinor: 1234 }), ruleSet);
    expect(kwd.rationale).toBe('Low: 1.234 KWD.');
    expect(recommendDisposition(facts({ currency: 'JPY', unitValueMinor: 5 }), ruleSet).rationale).toBe('Low: 5 JPY.');
  });

  it('lets a per-currency threshold override the major amount', () => {
    const yen = { ...ruleSet, lowValueThreshold: { major: 10, byCurrency: { JPY: 1500 } } };
    expect(recommendDisposition(facts({ currency: 'JPY', unitValueMinor: 1400 }), yen).ruleId).toBe('low');
    expect(recommendDisposition(facts({ currency: 'EUR', unitValueMinor: 1400 }), yen).ruleId).toBe('mid');
  });

  it('gives the default rule set rough equivalents, so 1500 yen is low value but 15 euro is not', () => {
    const good = (currency: string, unitValueMinor: number) =>
      recommendDisposition(facts({ grade: 'GOOD', currency, unitValueMinor })).disposition;
    expect(good('JPY', 1500)).toBe('DONATE');
    expect(good('JPY', 2000)).toBe('RESELL_OPEN_BOX');
    expect(good('EUR', 1500)).toBe('RESELL_OPEN_BOX');
  });
});

describe('custom rule sets and factors', () => {
  it('change the outcome with no code change', () => {
    const json = JSON.stringify({
      version: 2,
      lowValueThreshold: { major: 10 },
      rules: [
        {
          id: 'apparel-donate',
          description: 'Donate all opened apparel',
          when: { categories: ['APPAREL'], grades: ['GOOD', 'LIKE_NEW'] },
          then: 'DONATE',
          rationale: 'Opened {category} ({grade}) is donated under our charity partnership.',
        },
        ...DEFAULT_RULESET.rules,
      ],
    });
    const validation = validateRuleSet(JSON.parse(json));
    expect(validation.ok).toBe(true);
    if (!validation.ok) return;
    expect(recommendDisposition(facts()).disposition).toBe('RESTOCK');
    expect(recommendDisposition(facts(), validation.ruleSet)).toMatchObject({
      disposition: 'DONATE',
      ruleId: 'apparel-donate',
      rationale: 'Opened apparel (LIKE_NEW) is donated under our charity partnership.',
    });
    expect(recommendDisposition(facts({ category: 'toys' }), validation.ruleSet).disposition).toBe('RESTOCK');
  });

  it('fall back to the engine default when no rule matches', () => {
    const never: DispositionRuleSet = {
      version: 1,
      lowValueThreshold: { major: 0 },
      rules: [{ id: 'never', description: 'x', when: { categories: ['none'] }, then: 'RESTOCK', rationale: 'x' }],
    };
    const ids = (overrides: Partial<DispositionFacts>) => {
      const result = recommendDisposition(facts(overrides), never);
      expect(result.ruleId).toBe(BUILTIN_FALLBACK_RULE_ID);
      expect(result.rationale).not.toMatch(/[{}]/);
      return result.disposition;
    };
    expect(ids({ grade: 'GOOD' })).toBe('LIQUIDATE');
    expect(ids({ grade: 'UNSALVAGEABLE', recyclable: true })).toBe('RECYCLE');
    expect(ids({ grade: 'UNSALVAGEABLE', recyclable: false })).toBe('DISPOSE');
  });

  it('use overridden factors', () => {
    const factors: RecoveryFactors = {
      ...DEFAULT_RECOVERY_FACTORS,
      recovery: { ...DEFAULT_RECOVERY_FACTORS.recovery, RESTOCK: { valueFraction: 0.9 } },
      embodiedKgCo2ePerKg: { default: 10 },
    };
    expect(recommendDisposition(facts(), DEFAULT_RULESET, factors)).toMatchObject({
      expectedRecoveryMinor: 4499,
      co2eAvoidedKg: 5,
    });
  });

  it('value an operator override', () => {
    expect(estimateRecovery('LIQUIDATE', facts())).toBe(750);
    expect(estimateCo2eAvoided('DONATE', facts())).toBe(3.5); // 25 × 0.5 × 0.28
    expect(estimateCo2eAvoided('DONATE', facts({ weightGrams: null }))).toBe(0);
    expect(estimateCo2eAvoided('RETURN_TO_VENDOR', facts())).toBe(0);
    expect(() => estimateRecovery('SELL' as never, facts())).toThrow(RangeError);
    expect(() => estimateCo2eAvoided('toString' as never, facts())).toThrow(RangeError);
  });

  it('keep the shared defaults frozen', () => {
    expect(Object.isFrozen(DEFAULT_RULESET.rules[0].when)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RECOVERY_FACTORS.recovery.DISPOSE)).toBe(true);
  });

  it('look categories up without reading Object.prototype', () => {
    expect(estimateCo2eAvoided('RESTOCK', facts({ category: 'constructor' }))).toBe(2.5); // default 5 kg/kg
  });
});

describe('recommendation properties', () => {
  const factsArb = fc.record({
    grade: fc.constantFrom(...CONDITION_GRADES),
    reason: fc.constantFrom(...RETURN_REASON_CODES),
    category: fc.constantFrom('apparel', 'Electronics', 'smartphones', 'furniture', 'toys', ''),
    unitValueMinor: fc.integer({ min: 0, max: 10_000_000_000 }),
    currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'USD', 'SEK', 'CLP'),
    weightGrams: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
    refurbishable: fc.boolean(),
    vendorReturnable: fc.boolean(),
    recyclable: fc.boolean(),
  });

  it('always answers, with a filled rationale, integer recovery and CO2e to 0.01, deterministically', () => {
    fc.assert(
      fc.property(factsArb, (input) => {
        const result = recommendDisposition(input);
        expect(DISPOSITION_TYPES).toContain(result.disposition);
        expect(result.rationale).not.toMatch(/\{[^}]*\}/);
        expect(Number.isSafeInteger(result.expectedRecoveryMinor)).toBe(true);
        expect(Math.round(result.co2eAvoidedKg * 100) / 100).toBe(result.co2eAvoidedKg);
        expect(DEFAULT_RULESET.rules.map((rule) => rule.id)).toContain(result.ruleId);
        expect(recommendDisposition({ ...input })).toEqual(result);
        if (input.grade === 'UNSALVAGEABLE') expect(['RECYCLE', 'DISPOSE']).toContain(result.disposition);
        if (result.disposition === 'RESELL_OPEN_BOX') expect(input.reason).not.toBe('DEFECTIVE');
      }),
      { numRuns: 500 },
    );
  });
});
