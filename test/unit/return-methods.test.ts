import { fitCompartment, parcelWeightGrams, pickupWindows, refundTiming, returnlessOffered } from '../../src/domain/return-methods';

test('parcel weight adds packaging and assumes 1 kg for unknown units', () => {
  expect(parcelWeightGrams([{ quantity: 2, weightGrams: 300 }, { quantity: 1, weightGrams: null }])).toBe(200 + 600 + 1000);
});

test('returnless: under the threshold, or when shipping back costs more than it recovers', () => {
  expect(returnlessOffered({ valueMinor: 500, thresholdMinor: 1000, returnCostMinor: 0 })).toBe(true);
  expect(returnlessOffered({ valueMinor: 5000, thresholdMinor: 1000, returnCostMinor: 600 })).toBe(false);
  expect(returnlessOffered({ valueMinor: 800, thresholdMinor: null, returnCostMinor: 600 })).toBe(true); // 600 > 480
  expect(returnlessOffered({ valueMinor: 1000, thresholdMinor: null, returnCostMinor: 600 })).toBe(false); // 600 = 600
});

test('pickup windows skip weekends, start tomorrow and are deterministic', () => {
  const friday = new Date('2026-11-27T15:00:00Z');
  const w = pickupWindows(friday, [['09:00', '13:00']], 2);
  expect(w).toEqual([
    { start: '2026-11-30T09:00:00.000Z', end: '2026-11-30T13:00:00.000Z' },
    { start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T13:00:00.000Z' },
  ]);
  expect(pickupWindows(friday)).toEqual(pickupWindows(new Date('2026-11-27T23:59:59Z')));
});

test('the smallest compartment that carries the weight', () => {
  const c = [
    { size: 'C', heightCm: 41, widthCm: 38, depthCm: 64, maxWeightGrams: 25000 },
    { size: 'A', heightCm: 8, widthCm: 38, depthCm: 64, maxWeightGrams: 5000 },
    { size: 'B', heightCm: 19, widthCm: 38, depthCm: 64, maxWeightGrams: 15000 },
  ];
  expect(fitCompartment(c, 3000)?.size).toBe('A');
  expect(fitCompartment(c, 12000)?.size).toBe('B');
  expect(fitCompartment(c, 30000)).toBeNull();
});

test('refund timing wording', () => {
  expect(refundTiming('RETURNLESS', false)).toMatch(/immediately/);
  expect(refundTiming('LOCKER', true)).toMatch(/scanned at drop-off/);
  expect(refundTiming('CARRIER_DROP_OFF', false)).toMatch(/inspected/);
});
