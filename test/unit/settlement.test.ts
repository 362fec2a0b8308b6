import fc from 'fast-check';
import { settleExchange } from '../../src/domain/exchange';
import { percentOf } from '../../src/domain/money';
import { settlementStatus, splitSettlement, type SettlementItem } from '../../src/domain/settlement';

const item = (resolution: SettlementItem['resolution'], refundMinor: number, storeCreditBonusPercent = 0): SettlementItem => ({ resolution, refundMinor, storeCreditBonusPercent });

describe('splitSettlement', () => {
  test('refund and exchange items are money; store-credit items are credit with their bonus', () => {
    expect(splitSettlement([item('REFUND', 2000), item('STORE_CREDIT', 3000, 10), item('EXCHANGE', 500)], 0))
      .toEqual({ refundMinor: 2500, storeCreditMinor: 3000, storeCreditBonusMinor: 300 });
  });

  test('an exchanged item pays back only a cheaper replacement\'s difference, and nothing at the same price or dearer', () => {
    // 89.90 paid; replacements at 69.90, 89.90 and 99.90 (docs/exchanges.md, "Prices").
    const exchanged = (unitPriceMinor: number) => item('EXCHANGE', settleExchange(8990, unitPriceMinor, 1).refundMinor);
    expect(splitSettlement([exchanged(6990)], 0)).toEqual({ refundMinor: 2000, storeCreditMinor: 0, storeCreditBonusMinor: 0 });
    expect(splitSettlement([exchanged(8990)], 0)).toEqual({ refundMinor: 0, storeCreditMinor: 0, storeCreditBonusMinor: 0 });
    expect(splitSettlement([exchanged(9990), item('REFUND', 1500)], 0)).toEqual({ refundMinor: 1500, storeCreditMinor: 0, storeCreditBonusMinor: 0 });
  });

  test('the shipping fee comes off the money first, then the credit, whose bonus shrinks in proportion', () => {
    expect(splitSettlement([item('REFUND', 300), item('STORE_CREDIT', 1000, 10)], 250)).toEqual({ refundMinor: 50, storeCreditMinor: 1000, storeCreditBonusMinor: 100 });
    expect(splitSettlement([item('REFUND', 300), item('STORE_CREDIT', 1000, 10)], 800)).toEqual({ refundMinor: 0, storeCreditMinor: 500, storeCreditBonusMinor: 50 });
    expect(splitSettlement([item('STORE_CREDIT', 1000, 10)], 5000)).toEqual({ refundMinor: 0, storeCreditMinor: 0, storeCreditBonusMinor: 0 });
  });

  test('refuses negative amounts and fees and bad percentages', () => {
    expect(() => splitSettlement([item('REFUND', -1)], 0)).toThrow(RangeError);
    expect(() => splitSettlement([item('REFUND', 1)], -1)).toThrow(RangeError);
    expect(() => splitSettlement([item('STORE_CREDIT', 100, 12.345)], 0)).toThrow(RangeError);
  });

  test('property: the value is conserved less the fee, and the bonus never exceeds the full bonus', () => {
    const arbItem = fc.record({
      resolution: fc.constantFrom<SettlementItem['resolution']>('REFUND', 'STORE_CREDIT', 'EXCHANGE'),
      refundMinor: fc.integer({ min: 0, max: 10_000_000 }),
      storeCreditBonusPercent: fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100),
    });
    fc.assert(fc.property(fc.array(arbItem, { maxLength: 8 }), fc.integer({ min: 0, max: 20_000_000 }), (items, fee) => {
      const s = splitSettlement(items, fee);
      const total = items.reduce((n, i) => n + i.refundMinor, 0);
      const fullBonus = items.filter((i) => i.resolution === 'STORE_CREDIT').reduce((n, i) => n + percentOf(i.refundMinor, i.storeCreditBonusPercent), 0);
      expect(s.refundMinor + s.storeCreditMinor).toBe(Math.max(0, total - fee));
      expect(s.refundMinor).toBeGreaterThanOrEqual(0);
      expect(s.storeCreditMinor).toBeGreaterThanOrEqual(0);
      expect(s.storeCreditBonusMinor).toBeGreaterThanOrEqual(0);
      expect(s.storeCreditBonusMinor).toBeLessThanOrEqual(fullBonus);
      if (s.storeCreditMinor === 0) expect(s.storeCreditBonusMinor).toBe(0);
    }));
  });
});

describe('settlementStatus', () => {
  test.each([
    [[], 'NONE'], [['REQUESTED'], 'REQUESTED'], [['ISSUED'], 'ISSUED'], [['ISSUED', 'REQUESTED'], 'REQUESTED'],
    [['ISSUED', 'FAILED'], 'FAILED'], [['REQUESTED', 'FAILED'], 'FAILED'], [['ISSUED', 'ISSUED'], 'ISSUED'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(settlementStatus([...statuses])).toBe(expected);
  });
});
