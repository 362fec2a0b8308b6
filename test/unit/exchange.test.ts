import fc from 'fast-check';
import { exchangeInFlight, holdShareMinor, offeredVariants, settleExchange, type ExchangeVariant } from '../../src/domain/exchange';

const variant = (sku: string, available: number, priceMinor = 8990, currencyCode = 'EUR'): ExchangeVariant =>
  ({ sku, name: sku, attributes: {}, available, priceMinor, currencyCode });

describe('settleExchange', () => {
  test('a cheaper replacement is refunded, a dearer one charged, the lesser of the two held', () => {
    expect(settleExchange(8990, 6990, 1)).toEqual({ paidMinor: 8990, replacementMinor: 6990, priceDifferenceMinor: -2000, chargeMinor: 0, refundMinor: 2000, holdMinor: 6990 });
    expect(settleExchange(8990, 9990, 1)).toEqual({ paidMinor: 8990, replacementMinor: 9990, priceDifferenceMinor: 1000, chargeMinor: 1000, refundMinor: 0, holdMinor: 8990 });
    expect(settleExchange(17980, 8990, 2)).toMatchObject({ priceDifferenceMinor: 0, chargeMinor: 0, refundMinor: 0, holdMinor: 17980 });
  });

  test('what the customer ends up paying for the replacement is always its price (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e7 }), fc.integer({ min: 1, max: 100 }), (paid, unit, units) => {
      const s = settleExchange(paid, unit, units);
      expect(paid + s.chargeMinor - s.refundMinor).toBe(unit * units);
      expect(s.chargeMinor === 0 || s.refundMinor === 0).toBe(true);
      expect(s.holdMinor).toBeLessThanOrEqual(paid);
    }));
  });

  test('refuses negative or fractional amounts', () => {
    expect(() => settleExchange(-1, 100, 1)).toThrow(RangeError);
    expect(() => settleExchange(100, 1.5, 1)).toThrow(RangeError);
    expect(() => settleExchange(100, 100, -1)).toThrow(RangeError);
  });
});

describe('offeredVariants', () => {
  test('only other variants in stock for every unit, in the order\'s currency', () => {
    const all = [variant('M', 9), variant('L', 2), variant('XL', 1), variant('S', 0), variant('XS', 5, 7000, 'USD')];
    expect(offeredVariants(all, 'M', 1, 'EUR').map((v) => v.sku)).toEqual(['L', 'XL']);
    expect(offeredVariants(all, 'M', 2, 'EUR').map((v) => v.sku)).toEqual(['L']);
    expect(offeredVariants(all, 'L', 1, 'USD').map((v) => v.sku)).toEqual(['XS']);
  });
});

test('only a hold or an order being placed holds the return\'s completion', () => {
  expect(['AWAITING_RETURN', 'HOLD_PENDING', 'ORDER_PENDING', 'ORDERED', 'FAILED', 'CANCELLED'].filter((s) => exchangeInFlight(s as never)))
    .toEqual(['HOLD_PENDING', 'ORDER_PENDING']);
});

describe('holdShareMinor', () => {
  test('the units that did not come back are charged their share; none back: all of it', () => {
    expect(holdShareMinor(17980, 2, 1)).toBe(8990);
    expect(holdShareMinor(17980, 2, 2)).toBe(17980);
    expect(holdShareMinor(17980, 2, 0)).toBe(0);
    expect(holdShareMinor(1000, 3, 1)).toBe(333);
    expect(holdShareMinor(1000, 3, 2)).toBe(667);
    expect(() => holdShareMinor(-1, 2, 1)).toThrow(RangeError);
  });

  test('never more than the hold, all of it when no unit came back', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 60 }), (hold, units, unreturned) => {
      const charged = holdShareMinor(hold, units, unreturned);
      expect(charged).toBeGreaterThanOrEqual(0);
      expect(charged).toBeLessThanOrEqual(hold);
      if (unreturned >= units) expect(charged).toBe(hold);
    }));
  });
});
