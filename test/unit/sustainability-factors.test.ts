import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_RECOVERY_FACTORS } from '../../src/domain/recovery-factors';
import { validateFactorOverrides } from '../../src/domain/sustainability-factor-validator';
import {
  applyOverrides, categoryFactor, DEFAULT_SUSTAINABILITY_FACTORS, FACTOR_TABLE_SPECS, FACTOR_TABLES, isDiverted, listFactors, REUSE_DISPOSITIONS,
} from '../../src/domain/sustainability-factors';

const F = DEFAULT_SUSTAINABILITY_FACTORS;
const problemsOf = (input: unknown) => {
  const v = validateFactorOverrides(input, 'default source');
  return v.ok ? [] : v.problems;
};

describe('default factor tables', () => {
  test('every row of every table has a value and a source', () => {
    const rows = listFactors(F, null);
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      expect(row.source.trim().length).toBeGreaterThan(10);
      expect(row.value !== null || row.route !== null).toBe(true);
      expect(row.overridden).toBe(false);
    }
    expect(new Set(rows.map((r) => r.table))).toEqual(new Set(FACTOR_TABLES));
  });

  test('reuses the recovery factors rather than copying them', () => {
    for (const d of REUSE_DISPOSITIONS) expect(F.displacementRate[d].value).toBe(DEFAULT_RECOVERY_FACTORS.displacementRate[d]);
    expect(F.displacementRate.RESELL_OPEN_BOX.value).toBe(0.646);
    for (const [key, value] of Object.entries(DEFAULT_RECOVERY_FACTORS.embodiedKgCo2ePerKg)) expect(F.embodiedKgCo2ePerKg[key].value).toBe(value);
    expect(F.refurbFootprintFraction.value).toBe(DEFAULT_RECOVERY_FACTORS.refurbFootprintFraction);
  });

  test('category defaults: smartphone ~58 kg new vs 13 kg refurbished; laptop, tablet, apparel, footwear', () => {
    expect(categoryFactor(F.embodiedKgCo2ePerUnit, ' Smartphones ')?.value).toBe(58);
    expect(categoryFactor(F.refurbishmentKgCo2ePerUnit, 'smartphones')?.value).toBe(13);
    expect(categoryFactor(F.embodiedKgCo2ePerUnit, 'laptops')?.value).toBe(210);
    expect(categoryFactor(F.embodiedKgCo2ePerUnit, 'tablets')?.value).toBe(90);
    expect(categoryFactor(F.embodiedKgCo2ePerUnit, 'apparel')?.value).toBe(7);
    expect(categoryFactor(F.embodiedKgCo2ePerUnit, 'footwear')?.value).toBe(14);
    expect(categoryFactor(F.embodiedKgCo2ePerUnit, 'constructor')).toBeUndefined();
  });

  test('GRI routes: energy recovery and landfill are disposal; reuse, recycling and other recovery are diverted', () => {
    expect(F.treatmentRoutes.ENERGY_RECOVERY.value).toBe('INCINERATION_WITH_ENERGY_RECOVERY');
    expect(isDiverted('INCINERATION_WITH_ENERGY_RECOVERY')).toBe(false);
    expect(isDiverted('LANDFILL')).toBe(false);
    expect(['PREPARATION_FOR_REUSE', 'RECYCLING', 'OTHER_RECOVERY'].every((r) => isDiverted(r as never))).toBe(true);
    expect(F.dispositionRoutes.RETURN_TO_VENDOR.value).toBe('OTHER_RECOVERY');
    expect(F.dispositionRoutes.DISPOSE.value).toBe('LANDFILL');
  });

  test('extra logistics come from the GLEC intensities: 600 km of truck = 0.048, 30 km of van = 0.0225 kg CO2e per kg', () => {
    expect(F.extraLogisticsKgCo2ePerKg.REFURBISH.value).toBe(0.048);
    expect(F.extraLogisticsKgCo2ePerKg.DONATE.value).toBe(0.0225);
    expect(F.extraLogisticsKgCo2ePerKg.RESTOCK.value).toBe(0);
  });

  test('the defaults are frozen', () => {
    expect(() => { (F.displacementRate.RESTOCK as { value: number }).value = 0; }).toThrow(TypeError);
  });
});

describe('validating overrides', () => {
  test('accepts bare values and { value, source }; normalises category keys; fills the default source', () => {
    const v = validateFactorOverrides({
      displacementRate: { RESELL_OPEN_BOX: 0.5, DONATE: { value: 0.3, source: '  WRAP 2024  ' } },
      embodiedKgCo2ePerUnit: { ' Smart Watches ': { value: 35, source: 'vendor EPD' } },
      dispositionRoutes: { DISPOSE: 'INCINERATION_WITH_ENERGY_RECOVERY' },
      refurbFootprintFraction: 0.25,
    }, 'Set by admin:alice without a source');
    expect(v).toEqual({
      ok: true,
      overrides: {
        displacementRate: {
          RESELL_OPEN_BOX: { value: 0.5, source: 'Set by admin:alice without a source' },
          DONATE: { value: 0.3, source: 'WRAP 2024' },
        },
        embodiedKgCo2ePerUnit: { 'smart watches': { value: 35, source: 'vendor EPD' } },
        dispositionRoutes: { DISPOSE: { value: 'INCINERATION_WITH_ENERGY_RECOVERY', source: 'Set by admin:alice without a source' } },
        refurbFootprintFraction: { value: 0.25, source: 'Set by admin:alice without a source' },
      },
    });
    expect(validateFactorOverrides({}, 'x')).toEqual({ ok: true, overrides: {} });
  });

  test.each([
    ['unknown table', { carbonTax: {} }, ['carbonTax'], /unknown factor table/],
    ['unknown disposition key', { displacementRate: { RECYCLE: 0.5 } }, ['displacementRate', 'RECYCLE'], /unknown key/],
    ['unknown treatment route key', { treatmentRoutes: { BURY: 'LANDFILL' } }, ['treatmentRoutes', 'BURY'], /unknown key/],
    ['negative number', { embodiedKgCo2ePerKg: { furniture: -2 } }, ['embodiedKgCo2ePerKg', 'furniture'], /must not be negative/],
    ['rate above 1', { displacementRate: { RESTOCK: 1.2 } }, ['displacementRate', 'RESTOCK'], /between 0 and 1/],
    ['scalar rate above 1', { refurbFootprintFraction: 2 }, ['refurbFootprintFraction'], /between 0 and 1/],
    ['not a number', { extraLogisticsKgCo2ePerKg: { DONATE: '0.1' } }, ['extraLogisticsKgCo2ePerKg', 'DONATE'], /must be a number/],
    ['infinite', { embodiedKgCo2ePerUnit: { tv: Number.POSITIVE_INFINITY } }, ['embodiedKgCo2ePerUnit', 'tv'], /must be a number/],
    ['unknown route', { dispositionRoutes: { DISPOSE: 'OCEAN' } }, ['dispositionRoutes', 'DISPOSE'], /must be one of/],
    ['unknown row key', { displacementRate: { DONATE: { value: 0.2, sauce: 'x' } } }, ['displacementRate', 'DONATE', 'sauce'], /unknown key/],
    ['empty source', { displacementRate: { DONATE: { value: 0.2, source: ' ' } } }, ['displacementRate', 'DONATE', 'source'], /source/],
    ['empty category', { embodiedKgCo2ePerUnit: { '  ': 3 } }, ['embodiedKgCo2ePerUnit', '  '], /category/],
    ['table not an object', { embodiedKgCo2ePerUnit: [3] }, ['embodiedKgCo2ePerUnit'], /object of rows/],
  ])('%s is refused', (_name, input, path, message) => {
    const problems = problemsOf(input);
    expect(problems).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
  });

  test('the same category twice (after normalising) and a non-object document are refused; all problems are listed', () => {
    expect(problemsOf({ embodiedKgCo2ePerUnit: { TV: 1, ' tv': 2 } })[0].message).toMatch(/given twice/);
    expect(problemsOf([1])[0].message).toMatch(/object of tables/);
    expect(problemsOf({ displacementRate: { RESTOCK: -1, DONATE: 3 }, x: 1 })).toHaveLength(3);
  });

  test('messages do not echo long input', () => {
    const [problem] = problemsOf({ dispositionRoutes: { DISPOSE: 'X'.repeat(5000) } });
    expect(problem.message.length).toBeLessThan(300);
  });
});

describe('applying overrides', () => {
  test('rows laid over the defaults; other rows and tables untouched; listFactors flags overridden rows', () => {
    const overrides = {
      displacementRate: { RESELL_OPEN_BOX: { value: 0.5, source: 'own survey' } },
      embodiedKgCo2ePerUnit: { 'smart watches': { value: 35, source: 'vendor EPD' } },
      refurbFootprintFraction: { value: 0.25, source: 'own LCA' },
    };
    const f = applyOverrides(overrides);
    expect(f.displacementRate.RESELL_OPEN_BOX).toEqual({ value: 0.5, source: 'own survey' });
    expect(f.displacementRate.DONATE).toBe(F.displacementRate.DONATE);
    expect(f.embodiedKgCo2ePerUnit.smartphones.value).toBe(58);
    expect(f.embodiedKgCo2ePerUnit['smart watches'].value).toBe(35);
    expect(f.refurbFootprintFraction).toEqual({ value: 0.25, source: 'own LCA' });
    expect(f.dispositionRoutes).toEqual(F.dispositionRoutes);
    const listed = listFactors(f, overrides);
    expect(listed.filter((r) => r.overridden).map((r) => `${r.table}.${r.key}`).sort())
      .toEqual(['displacementRate.RESELL_OPEN_BOX', 'embodiedKgCo2ePerUnit.smart watches', 'refurbFootprintFraction.value']);
    expect(listed.find((r) => r.table === 'dispositionRoutes' && r.key === 'DISPOSE')).toMatchObject({ route: 'LANDFILL', value: null, unit: 'GRI 306 route' });
    expect(applyOverrides(null)).toBe(F);
  });

  test('every table has a spec with a unit', () => {
    for (const t of FACTOR_TABLES) expect(FACTOR_TABLE_SPECS[t].unit).toBeTruthy();
  });
});

test('docs/sustainability.md documents every default row with its value and source', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/sustainability.md'), 'utf8');
  for (const row of listFactors(F, null)) {
    expect(doc).toContain(`\`${row.key}\``);
    expect(doc).toContain(row.source);
    expect(doc).toContain(`| ${row.route ? `\`${row.route}\`` : row.value} | ${row.source} |`);
  }
});
