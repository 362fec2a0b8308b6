import fc from 'fast-check';
import { csvCell, sustainabilityCsv } from '../../src/domain/sustainability-csv';
import { applyOverrides, DEFAULT_SUSTAINABILITY_FACTORS } from '../../src/domain/sustainability-factors';
import {
  avoidedCo2e, computeSustainability, landfillDiversionRate, lotShare, outcomeOf,
  type LotPortion, type ReportInput, type UnitGroup,
} from '../../src/domain/sustainability-report';

const F = DEFAULT_SUSTAINABILITY_FACTORS;
const group = (g: Partial<UnitGroup> & Pick<UnitGroup, 'disposition' | 'category' | 'units' | 'grams'>): UnitGroup => ({
  unitsWithoutWeight: 0, refurbishmentCompleted: false, inRecyclingLot: false, ...g,
});
const input = (over: Partial<ReportInput>): ReportInput => ({
  units: [], lots: [], transport: [], packaging: { assessed: 0, reusable: 0 }, factors: F, ...over,
});
const route = (r: ReturnType<typeof computeSustainability>, name: string) => r.kgByRoute.find((x) => x.route === name)!;

const CLOSED_LOT: LotPortion = {
  status: 'CLOSED', declaredKg: 2, lotUnits: 2, lotUnitsWithoutWeight: 0, kg: 0.9, units: 1,
  materials: [
    { material: 'TEXTILES', route: 'RECYCLING', weightKg: 1.2 },
    { material: 'PLASTICS', route: 'ENERGY_RECOVERY', weightKg: 0.6 },
    { material: 'OTHER', route: 'DISPOSAL', weightKg: 0.2 },
  ],
};

describe('route mapping (GRI 306)', () => {
  test('dispositions map to their routes; RTV is other recovery, DISPOSE landfill; undecided units are in no route', () => {
    const r = computeSustainability(input({
      units: [
        group({ disposition: 'RESTOCK', category: 'smartphones', units: 1, grams: 200 }),
        group({ disposition: 'RESELL_OPEN_BOX', category: 'apparel', units: 2, grams: 800 }),
        group({ disposition: 'DONATE', category: 'furniture', units: 1, grams: 10_000 }),
        group({ disposition: 'RETURN_TO_VENDOR', category: 'tools', units: 1, grams: 1000 }),
        group({ disposition: 'DISPOSE', category: 'general', units: 2, grams: 2000, unitsWithoutWeight: 1 }),
        group({ disposition: null, category: 'general', units: 4, grams: 4000 }),
      ],
    }));
    expect(route(r, 'PREPARATION_FOR_REUSE')).toMatchObject({ outcome: 'DIVERTED', kg: 11 });
    expect(route(r, 'PREPARATION_FOR_REUSE').dispositions).toEqual([
      { disposition: 'RESTOCK', kg: 0.2, units: 1 }, { disposition: 'RESELL_OPEN_BOX', kg: 0.8, units: 2 }, { disposition: 'DONATE', kg: 10, units: 1 },
    ]);
    expect(route(r, 'OTHER_RECOVERY')).toMatchObject({ outcome: 'DIVERTED', kg: 1 });
    expect(route(r, 'LANDFILL')).toMatchObject({ outcome: 'DIRECTED_TO_DISPOSAL', kg: 2, dispositions: [{ disposition: 'DISPOSE', kg: 2, units: 2 }] });
    expect(r).toMatchObject({ totalKg: 14, divertedKg: 12, directedToDisposalKg: 2, units: 11, unitsWithoutWeight: 1, unitsAwaitingDisposition: 4 });
    expect(r.kgByRoute.map((x) => x.route)).toEqual([
      'PREPARATION_FOR_REUSE', 'RECYCLING', 'OTHER_RECOVERY', 'INCINERATION_WITH_ENERGY_RECOVERY',
      'INCINERATION_WITHOUT_ENERGY_RECOVERY', 'LANDFILL', 'OTHER_DISPOSAL', 'PENDING_RECYCLER_REPORT',
    ]);
  });

  test('a closed lot\'s fractions are shared out by declared weight and mapped per treatment route', () => {
    const r = computeSustainability(input({
      units: [group({ disposition: 'RECYCLE', category: 'footwear', units: 1, grams: 900, inRecyclingLot: true })],
      lots: [CLOSED_LOT],
    }));
    // The period's unit is 0.9 of the lot's 2 kg declared: 45 % of each fraction.
    expect(route(r, 'RECYCLING')).toMatchObject({ kg: 0.54, materials: [{ material: 'TEXTILES', treatmentRoute: 'RECYCLING', kg: 0.54 }] });
    expect(route(r, 'RECYCLING').dispositions).toEqual([{ disposition: 'RECYCLE', kg: 0.54, units: null }]);
    expect(route(r, 'INCINERATION_WITH_ENERGY_RECOVERY')).toMatchObject({ outcome: 'DIRECTED_TO_DISPOSAL', kg: 0.27 });
    expect(route(r, 'LANDFILL')).toMatchObject({ kg: 0.09, materials: [{ material: 'OTHER', treatmentRoute: 'DISPOSAL', kg: 0.09 }] });
    // The unit group itself adds no weight: the lot does.
    expect(r.totalKg).toBe(0.9);
    expect(r.landfillDiversionRate).toBe(0.6);
  });

  test('unreported lots (open, dispatched, under review) and RECYCLE units outside a lot are pending, at declared weight', () => {
    const r = computeSustainability(input({
      units: [group({ disposition: 'RECYCLE', category: 'toys', units: 1, grams: 300 })],
      lots: [
        { ...CLOSED_LOT, status: 'NEEDS_REVIEW' },
        { ...CLOSED_LOT, status: 'DISPATCHED', materials: [], kg: 1.5, units: 1 },
      ],
    }));
    expect(route(r, 'PENDING_RECYCLER_REPORT')).toMatchObject({ outcome: 'PENDING_REPORT', kg: 2.7, dispositions: [{ disposition: 'RECYCLE', kg: 2.7, units: 3 }] });
    expect(r).toMatchObject({ pendingReportKg: 2.7, totalKg: 2.7, divertedKg: 0, landfillDiversionRate: 0 });
  });

  test('overrides move a disposition or treatment route', () => {
    const factors = applyOverrides({
      dispositionRoutes: { DISPOSE: { value: 'INCINERATION_WITH_ENERGY_RECOVERY', source: 'contractor report' } },
      treatmentRoutes: { DISPOSAL: { value: 'INCINERATION_WITHOUT_ENERGY_RECOVERY', source: 'recycler contract' } },
    });
    const r = computeSustainability(input({
      factors, units: [group({ disposition: 'DISPOSE', category: 'general', units: 1, grams: 1000 })], lots: [CLOSED_LOT],
    }));
    expect(route(r, 'INCINERATION_WITH_ENERGY_RECOVERY').kg).toBe(1.27);
    expect(route(r, 'INCINERATION_WITHOUT_ENERGY_RECOVERY').kg).toBe(0.09);
    expect(route(r, 'LANDFILL').kg).toBe(0);
  });

  test('lot share: by declared weight, or by units when any unit in the lot has no weight', () => {
    expect(lotShare({ declaredKg: 2, lotUnits: 2, lotUnitsWithoutWeight: 0, kg: 0.5, units: 1 })).toBe(0.25);
    expect(lotShare({ declaredKg: 2, lotUnits: 4, lotUnitsWithoutWeight: 1, kg: 0.5, units: 1 })).toBe(0.25);
    expect(lotShare({ declaredKg: 0, lotUnits: 0, lotUnitsWithoutWeight: 0, kg: 0, units: 0 })).toBe(0);
  });
});

describe('landfill diversion rate', () => {
  test('diverted / (diverted + disposal); energy recovery counts as disposal; 0 with nothing known', () => {
    expect(landfillDiversionRate(3, 1)).toBe(0.75);
    expect(landfillDiversionRate(0, 0)).toBe(0);
    expect(landfillDiversionRate(2, 1)).toBe(0.6667);
    expect(outcomeOf('INCINERATION_WITH_ENERGY_RECOVERY')).toBe('DIRECTED_TO_DISPOSAL');
    expect(outcomeOf('OTHER_RECOVERY')).toBe('DIVERTED');
    // 1 kg recycled, 1 kg burnt for energy: 50 %, not 100 %.
    const r = computeSustainability(input({
      lots: [{ ...CLOSED_LOT, declaredKg: 2, kg: 2, units: 2, materials: [
        { material: 'PLASTICS', route: 'RECYCLING', weightKg: 1 }, { material: 'PLASTICS', route: 'ENERGY_RECOVERY', weightKg: 1 },
      ] }],
    }));
    expect(r.landfillDiversionRate).toBe(0.5);
  });

  test('property: the rate is in [0, 1], the total is the sum of its parts, and burning instead of recycling never raises it', () => {
    const kg = fc.integer({ min: 0, max: 100_000 }).map((g) => g / 1000);
    fc.assert(fc.property(kg, kg, kg, kg, (recycled, burnt, landfilled, pending) => {
      const lot = (materials: LotPortion['materials']): LotPortion => ({ ...CLOSED_LOT, declaredKg: 1, kg: 1, lotUnits: 1, units: 1, materials });
      const r = computeSustainability(input({
        units: [group({ disposition: 'RECYCLE', category: 'x', units: 1, grams: pending * 1000 })],
        lots: [lot([
          { material: 'OTHER', route: 'RECYCLING', weightKg: recycled }, { material: 'OTHER', route: 'ENERGY_RECOVERY', weightKg: burnt },
          { material: 'OTHER', route: 'DISPOSAL', weightKg: landfilled },
        ])],
      }));
      expect(r.landfillDiversionRate).toBeGreaterThanOrEqual(0);
      expect(r.landfillDiversionRate).toBeLessThanOrEqual(1);
      expect(Math.abs(r.totalKg - (recycled + burnt + landfilled + pending))).toBeLessThan(0.002);
      const burnAll = computeSustainability(input({ lots: [lot([
        { material: 'OTHER', route: 'ENERGY_RECOVERY', weightKg: recycled + burnt }, { material: 'OTHER', route: 'DISPOSAL', weightKg: landfilled },
      ])] }));
      expect(burnAll.landfillDiversionRate).toBeLessThanOrEqual(r.landfillDiversionRate);
    }));
  });
});

describe('CO2e avoided by reuse', () => {
  test('per unit: displacement × (embodied − refurbishment − extra logistics); conservatively, only embodied is scaled', () => {
    // A refurbished 200 g phone, extra logistics 0.2 kg × 0.048 (2 × 300 km of truck) = 0.0096:
    // 0.646 × (58 − 13 − 0.0096) = 29.0637984; conservatively 0.646 × 58 − 13 − 0.0096 = 24.4584.
    const phone = avoidedCo2e(F, 'REFURBISH', 'Smartphones', 1, 200);
    expect(phone).toMatchObject({ basis: 'PER_UNIT', displacementRate: 0.646, embodiedKgCo2e: 58, refurbishmentKgCo2e: 13 });
    expect(phone.logisticsKgCo2e).toBeCloseTo(0.0096, 10);
    expect(phone.co2eAvoidedKg).toBeCloseTo(29.0637984, 10);
    expect(phone.co2eAvoidedConservativeKg).toBeCloseTo(24.4584, 10);
    // Restocked: full displacement, no refurbishment, no extra leg: both forms agree.
    expect(avoidedCo2e(F, 'RESTOCK', 'smartphones', 2, 400)).toMatchObject({ co2eAvoidedKg: 116, co2eAvoidedConservativeKg: 116 });
  });

  test('per kg fallback for categories without a per-unit figure; refurbishment then a fraction of embodied', () => {
    // 10 kg of furniture donated: 0.28 × (2 kg/kg × 10 kg − 10 kg × 0.0225 (30 km van)) = 5.537
    const sofa = avoidedCo2e(F, 'DONATE', 'furniture', 1, 10_000);
    expect(sofa.co2eAvoidedKg).toBeCloseTo(5.537, 10);
    expect(sofa.co2eAvoidedConservativeKg).toBeCloseTo(5.375, 10); // 0.28 × 20 − 0.225
    // Unknown category: default 5 kg/kg; refurbished 2 kg → 0.646 × (10 − 0.2 × 10 − 2 × 0.048) = 5.105984
    const other = avoidedCo2e(F, 'REFURBISH', 'garden', 1, 2000);
    expect(other).toMatchObject({ basis: 'PER_KG', embodiedKgCo2e: 10 });
    expect(other.co2eAvoidedKg).toBeCloseTo(5.105984, 10);
    expect(other.co2eAvoidedConservativeKg).toBeCloseTo(4.364, 10);
  });

  test('claimed only for reuse that happened: completed refurbishments, weighed units, displacement > 0', () => {
    const r = computeSustainability(input({
      units: [
        group({ disposition: 'REFURBISH', category: 'smartphones', units: 1, grams: 200, refurbishmentCompleted: true }),
        group({ disposition: 'REFURBISH', category: 'smartphones', units: 3, grams: 600 }),
        group({ disposition: 'RESTOCK', category: 'smartphones', units: 2, grams: 200, unitsWithoutWeight: 1 }),
        group({ disposition: 'RETURN_TO_VENDOR', category: 'smartphones', units: 5, grams: 1000 }),
        group({ disposition: 'RECYCLE', category: 'smartphones', units: 5, grams: 1000 }),
      ],
    }));
    expect(r.co2eAvoidedByCategory).toEqual([
      expect.objectContaining({ category: 'smartphones', disposition: 'REFURBISH', units: 1, co2eAvoidedKg: 29.064, co2eAvoidedConservativeKg: 24.458 }),
      expect.objectContaining({ category: 'smartphones', disposition: 'RESTOCK', units: 1, co2eAvoidedKg: 58, co2eAvoidedConservativeKg: 58 }),
    ]);
    expect(r.co2eAvoidedKg).toBe(87.064);
    expect(r.co2eAvoidedConservativeKg).toBe(82.458);
  });

  test('overridden factors change the claim', () => {
    const factors = applyOverrides({
      displacementRate: { RESELL_OPEN_BOX: { value: 0.5, source: 'own survey' } },
      embodiedKgCo2ePerUnit: { smartphones: { value: 70, source: 'own LCA' } },
    });
    expect(avoidedCo2e(factors, 'RESELL_OPEN_BOX', 'smartphones', 1, 200).co2eAvoidedKg).toBe(35);
    expect(avoidedCo2e(factors, 'RESELL_OPEN_BOX', 'apparel', 2, 800).co2eAvoidedKg).toBe(7);
  });
});

describe('transport and packaging', () => {
  test('transport CO2e per method and in total; packaging reuse rate null when nothing was assessed', () => {
    const r = computeSustainability(input({
      transport: [{ method: 'LOCKER', returns: 2, co2eKg: 0.0301 }, { method: 'CARRIER_DROP_OFF', returns: 1, co2eKg: 0.041 }],
      packaging: { assessed: 3, reusable: 2 },
    }));
    expect(r.transportByMethod).toEqual([{ method: 'CARRIER_DROP_OFF', returns: 1, co2eKg: 0.041 }, { method: 'LOCKER', returns: 2, co2eKg: 0.03 }]);
    expect(r.transportCo2eKg).toBe(0.071);
    expect(r.packagingReuseRate).toBe(0.6667);
    expect(computeSustainability(input({})).packagingReuseRate).toBeNull();
  });
});

describe('CSV', () => {
  test('cells: numbers bare, text quoted when needed, formula-looking text defused', () => {
    expect(csvCell(1.5)).toBe('1.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-2+3')).toBe("'-2+3");
  });

  test('one row per route, disposition, material, method and category, with units; CRLF line ends', () => {
    const r = computeSustainability(input({
      units: [
        group({ disposition: 'RESTOCK', category: 'smartphones', units: 1, grams: 200 }),
        group({ disposition: 'RECYCLE', category: 'footwear', units: 1, grams: 900, inRecyclingLot: true }),
      ],
      lots: [CLOSED_LOT],
      transport: [{ method: 'CARRIER_DROP_OFF', returns: 1, co2eKg: 0.041 }],
    }));
    const csv = sustainabilityCsv({ ...r, from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z'), factorVersion: 3 });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('section,metric,route,outcome,disposition,material,treatment_route,category,method,units,value,unit');
    expect(lines).toEqual(expect.arrayContaining([
      'summary,period_from,,,,,,,,,2026-01-01T00:00:00.000Z,ISO-8601',
      'summary,factor_version,,,,,,,,,3,version',
      'summary,landfill_diversion_rate,,,,,,,,,0.6727,fraction',
      'route,weight,PREPARATION_FOR_REUSE,DIVERTED,RESTOCK,,,,,1,0.2,kg',
      'route,weight,RECYCLING,DIVERTED,RECYCLE,TEXTILES,RECYCLING,,,,0.54,kg',
      'transport,transport_co2e,,,,,,,CARRIER_DROP_OFF,1,0.041,kg CO2e',
      'avoided,co2e_avoided,,,RESTOCK,,,smartphones,,1,58,kg CO2e',
      'avoided,co2e_avoided_conservative,,,RESTOCK,,,smartphones,,1,58,kg CO2e',
    ]));
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
