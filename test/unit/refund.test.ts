import fc from 'fast-check';
import { computeItemRefund, sumRefunds, unitShares, type OrderLineAmounts } from '../../src/domain/refund';
import { RETURN_REASON_CODES, isRestockingFeeExempt, type ReturnReasonCode } from '../../src/domain/return-reasons';

const line = (quantity: number, unitPriceMinor: number, discountMinor = 0): OrderLineAmounts => ({
  quantity,
  unitPriceMinor,
  discountMinor,
});

describe('unitShares', () => {
  it('spreads the line discount over the units, larger shares first', () => {
    expect(unitShares(line(3, 1000, 1))).toEqual([1000, 1000, 999]);
    expect(unitShares(line(3, 1000, 2))).toEqual([1000, 999, 999]);
    expect(unitShares(line(1, 1999))).toEqual([1999]);
    expect(unitShares(line(2, 0))).toEqual([0, 0]);
  });

  it.each([
    ['discount above the line total', line(2, 100, 201)],
    ['negative price', line(1, -1)],
    ['negative discount', line(1, 100, -1)],
    ['zero quantity', line(0, 100)],
    ['fractional quantity', line(1.5, 100)],
    ['fractional price', line(1, 10.5)],
    ['unsafe line total', line(1000, 2 ** 50)],
  ])('rejects %s', (_, value) => {
    expect(() => unitShares(value)).toThrow(RangeError);
  });
});

describe('computeItemRefund', () => {
  const base = { restockingFeePercent: 10, reason: 'CHANGED_MIND' as ReturnReasonCode };

  it('charges the restocking fee for customer reasons', () => {
    expect(computeItemRefund({ ...base, line: line(2, 4999), alreadyRefundedUnits: 0, units: 1 })).toEqual({
      grossMinor: 4999,
      restockingFeeMinor: 500,
      refundMinor: 4499,
    });
  });

  it('waives the fee for merchant-fault reasons', () => {
    expect(
      computeItemRefund({ ...base, reason: 'DEFECTIVE', line: line(2, 4999), alreadyRefundedUnits: 0, units: 2 }),
    ).toEqual({ grossMinor: 9998, restockingFeeMinor: 0, refundMinor: 9998 });
  });

  it('lets successive returns consume unit shares in order', () => {
    const discounted = line(3, 1000, 1);
    const first = computeItemRefund({ ...base, line: discounted, alreadyRefundedUnits: 0, units: 2 });
    const second = computeItemRefund({ ...base, line: discounted, alreadyRefundedUnits: 2, units: 1 });
    expect(first.grossMinor).toBe(2000);
    expect(second.grossMinor).toBe(999);
  });

  it('refuses to refund more units than were ordered', () => {
    expect(() => computeItemRefund({ ...base, line: line(2, 100), alreadyRefundedUnits: 1, units: 2 })).toThrow(
      RangeError,
    );
    expect(() => computeItemRefund({ ...base, line: line(2, 100), alreadyRefundedUnits: -1, units: 1 })).toThrow(
      RangeError,
    );
  });

  it('validates the restocking fee even when the reason is exempt', () => {
    expect(() =>
      computeItemRefund({
        ...base,
        reason: 'DEFECTIVE',
        restockingFeePercent: 150,
        line: line(1, 100),
        alreadyRefundedUnits: 0,
        units: 1,
      }),
    ).toThrow(RangeError);
  });

  it('returns zeros for zero units', () => {
    expect(computeItemRefund({ ...base, line: line(2, 100), alreadyRefundedUnits: 2, units: 0 })).toEqual({
      grossMinor: 0,
      restockingFeeMinor: 0,
      refundMinor: 0,
    });
  });
});

describe('sumRefunds', () => {
  it('adds each column', () => {
    expect(
      sumRefunds([
        { grossMinor: 100, restockingFeeMinor: 10, refundMinor: 90 },
        { grossMinor: 50, restockingFeeMinor: 0, refundMinor: 50 },
      ]),
    ).toEqual({ grossMinor: 150, restockingFeeMinor: 10, refundMinor: 140 });
    expect(sumRefunds([])).toEqual({ grossMinor: 0, restockingFeeMinor: 0, refundMinor: 0 });
  });

  it('refuses totals beyond safe integers', () => {
    const big = { grossMinor: Number.MAX_SAFE_INTEGER, restockingFeeMinor: 0, refundMinor: Number.MAX_SAFE_INTEGER };
    expect(() => sumRefunds([big, big])).toThrow(RangeError);
  });
});

/** A random line with quantity 1..1000, price 0..10^9 and a discount up to the line total. */
const lineArb = fc
  .record({ quantity: fc.integer({ min: 1, max: 1000 }), unitPriceMinor: fc.integer({ min: 0, max: 1_000_000_000 }) })
  .chain(({ quantity, unitPriceMinor }) =>
    fc.integer({ min: 0, max: quantity * unitPriceMinor }).map((discountMinor) => ({
      quantity,
      unitPriceMinor,
      discountMinor,
    })),
  );

/** Splits quantity into successive positive parts using the random sizes given. */
function partition(quantity: number, sizes: number[]): number[] {
  const parts: number[] = [];
  let left = quantity;
  for (const size of sizes) {
    if (left === 0) break;
    const part = Math.min(left, size);
    parts.push(part);
    left -= part;
  }
  if (left > 0) parts.push(left);
  return parts;
}

describe('refund properties', () => {
  const settings = {
    line: lineArb,
    sizes: fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 20 }),
    percent: fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100),
    reason: fc.constantFrom(...RETURN_REASON_CODES),
  };

  it('successive returns add up to exactly what was paid, fee and refund add up to gross', () => {
    fc.assert(
      fc.property(fc.record(settings), ({ line: orderLine, sizes, percent, reason }) => {
        let refunded = 0;
        const items = partition(orderLine.quantity, sizes).map((units) => {
          const item = computeItemRefund({
            line: orderLine,
            alreadyRefundedUnits: refunded,
            units,
            restockingFeePercent: percent,
            reason,
          });
          refunded += units;
          expect(item.refundMinor + item.restockingFeeMinor).toBe(item.grossMinor);
          expect(item.restockingFeeMinor).toBeGreaterThanOrEqual(0);
          expect(item.restockingFeeMinor).toBeLessThanOrEqual(item.grossMinor);
          if (isRestockingFeeExempt(reason)) expect(item.restockingFeeMinor).toBe(0);
          return item;
        });
        const total = sumRefunds(items);
        expect(total.grossMinor).toBe(orderLine.quantity * orderLine.unitPriceMinor - orderLine.discountMinor);
      }),
      { numRuns: 300 },
    );
  });

  it('gross equals the matching slice of unit shares, and shares differ by at most one', () => {
    fc.assert(
      fc.property(lineArb, fc.nat(), fc.nat(), (orderLine, a, b) => {
        const shares = unitShares(orderLine);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        const from = a % (orderLine.quantity + 1);
        const units = b % (orderLine.quantity - from + 1);
        const item = computeItemRefund({
          line: orderLine,
          alreadyRefundedUnits: from,
          units,
          restockingFeePercent: 0,
          reason: 'OTHER',
        });
        expect(item.grossMinor).toBe(shares.slice(from, from + units).reduce((x, y) => x + y, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.record(settings), ({ line: orderLine, percent, reason }) => {
        const input = {
          line: orderLine,
          alreadyRefundedUnits: 0,
          units: orderLine.quantity,
          restockingFeePercent: percent,
          reason,
        };
        expect(computeItemRefund(input)).toEqual(computeItemRefund({ ...input, line: { ...orderLine } }));
      }),
    );
  });
});
