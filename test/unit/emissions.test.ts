import { METHOD_LEGS, MODE_INTENSITY_KG_PER_TKM, transportCo2eKg } from '../../src/domain/emissions';

test('tonne-km × intensity per leg', () => {
  // 2 kg over 100 km by van: 0.002 t × 100 km × 0.75 = 0.15 kg
  expect(transportCo2eKg(2000, [{ mode: 'van', km: 100 }])).toBe(0.15);
  expect(transportCo2eKg(0, METHOD_LEGS.HOME_PICKUP)).toBe(0);
  expect(transportCo2eKg(1000, METHOD_LEGS.RETURNLESS)).toBe(0);
});

test('a home pickup emits more than a locker drop-off, which emits more than a store drop-off', () => {
  const w = 1500;
  expect(transportCo2eKg(w, METHOD_LEGS.HOME_PICKUP)).toBeGreaterThan(transportCo2eKg(w, METHOD_LEGS.CARRIER_DROP_OFF));
  expect(transportCo2eKg(w, METHOD_LEGS.CARRIER_DROP_OFF)).toBeGreaterThan(transportCo2eKg(w, METHOD_LEGS.LOCKER));
  expect(transportCo2eKg(w, METHOD_LEGS.LOCKER)).toBeGreaterThan(transportCo2eKg(w, METHOD_LEGS.STORE_DROP_OFF));
});

test('intensities can be overridden and bad weights are refused', () => {
  expect(transportCo2eKg(1_000_000, [{ mode: 'van', km: 1 }], { ...MODE_INTENSITY_KG_PER_TKM, van: 2 })).toBe(2);
  expect(() => transportCo2eKg(-1, [])).toThrow(RangeError);
});
