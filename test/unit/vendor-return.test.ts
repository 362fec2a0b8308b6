import fc from 'fast-check';
import { DEFAULT_RECOVERY_FACTORS } from '../../src/domain/recovery-factors';
import {
  RTV_CREDIT_FRACTION, VENDOR_RETURN_STATUSES, creditDifferenceMinor, expectedVendorCreditMinor, supplierKey, transitionVendorReturn,
} from '../../src/domain/vendor-return';

describe('expectedVendorCreditMinor', () => {
  test('uses the documented RETURN_TO_VENDOR value fraction (60 %)', () => {
    expect(RTV_CREDIT_FRACTION).toBe(DEFAULT_RECOVERY_FACTORS.recovery.RETURN_TO_VENDOR.valueFraction);
    expect(RTV_CREDIT_FRACTION).toBe(0.6);
    expect(expectedVendorCreditMinor(2, 2000)).toBe(2400);
  });

  test('rounds once on the total, half away from zero', () => {
    expect(expectedVendorCreditMinor(2, 999)).toBe(1199); // 1198.8
    expect(expectedVendorCreditMinor(1, 999)).toBe(599); // 599.4
    expect(expectedVendorCreditMinor(1, 5, 0.5)).toBe(3); // 2.5
    expect(expectedVendorCreditMinor(3, 1998, 0.6)).toBe(3596); // 3596.4, no float drift
  });

  test('zero units or zero value expect nothing; invalid input throws', () => {
    expect(expectedVendorCreditMinor(0, 2000)).toBe(0);
    expect(expectedVendorCreditMinor(3, 0)).toBe(0);
    expect(() => expectedVendorCreditMinor(-1, 100)).toThrow(RangeError);
    expect(() => expectedVendorCreditMinor(1, 1.5)).toThrow(RangeError);
    expect(() => expectedVendorCreditMinor(1, 100, 1.2)).toThrow(RangeError);
  });

  test('is never more than the units\' value and grows with units', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10_000_000 }), (units, value) => {
      const credit = expectedVendorCreditMinor(units, value);
      expect(credit).toBeLessThanOrEqual(units * value);
      expect(expectedVendorCreditMinor(units + 1, value)).toBeGreaterThanOrEqual(credit);
    }));
  });
});

test('creditDifferenceMinor is credited − expected', () => {
  expect(creditDifferenceMinor(3000, 2750)).toBe(-250);
  expect(creditDifferenceMinor(3000, 3000)).toBe(0);
  expect(creditDifferenceMinor(3000, 3100)).toBe(100);
});

test('supplierKey ignores case and surrounding space; empty is no supplier', () => {
  expect(supplierKey(' Acme Audio ')).toBe('acme audio');
  expect(supplierKey('')).toBeNull();
  expect(supplierKey('   ')).toBeNull();
  expect(supplierKey(null)).toBeNull();
});

test('VRA state machine: OPEN → DISPATCHED → CLOSED, or OPEN → CANCELLED, only', () => {
  const allowed = VENDOR_RETURN_STATUSES.flatMap((from) => VENDOR_RETURN_STATUSES.filter((to) => transitionVendorReturn(from, to).ok).map((to) => `${from}→${to}`));
  expect(allowed).toEqual(['OPEN→DISPATCHED', 'OPEN→CANCELLED', 'DISPATCHED→CLOSED']);
  expect(transitionVendorReturn('CLOSED', 'OPEN')).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
});
