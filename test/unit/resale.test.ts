import { categoryPercent, charmPrice, computeResalePrice } from '../../src/domain/resale-pricing';
import { transitionResaleListing } from '../../src/domain/resale-listing-status';

describe('resale pricing', () => {
  test('restock is full price with no category depreciation', () => {
    expect(computeResalePrice({ originalUnitPriceMinor: 49900, currency: 'EUR', category: 'electronics', source: 'RESTOCK' }))
      .toMatchObject({ priceMinor: 49900, gradePercent: 100, categoryPercent: 100, rule: 'RESTOCK 100 %' });
  });

  test('open box by grade, times the category adjustment', () => {
    expect(computeResalePrice({ originalUnitPriceMinor: 10000, currency: 'EUR', category: 'general', source: 'RESELL_OPEN_BOX', conditionGrade: 'LIKE_NEW' }).priceMinor).toBe(9000);
    expect(computeResalePrice({ originalUnitPriceMinor: 10000, currency: 'EUR', category: 'general', source: 'RESELL_OPEN_BOX', conditionGrade: 'GOOD' }).priceMinor).toBe(8000);
    expect(computeResalePrice({ originalUnitPriceMinor: 49900, currency: 'EUR', category: 'Electronics', source: 'RESELL_OPEN_BOX', conditionGrade: 'GOOD' }))
      .toMatchObject({ priceMinor: 35928, rule: 'RESELL_OPEN_BOX GOOD 80 % × electronics 90 %' });
  });

  test('refurbished by cosmetic grade A 85 % … E 40 %, rounded half away from zero to the minor unit', () => {
    const price = (grade: string, currency = 'EUR', original = 49900) =>
      computeResalePrice({ originalUnitPriceMinor: original, currency, category: 'electronics', source: 'REFURBISH', cosmeticGrade: grade }).priceMinor;
    expect(price('A')).toBe(38174); // 499.00 × 0.85 × 0.90 = 381.735
    expect(price('B')).toBe(33683); // 336.825
    expect(price('E')).toBe(17964); // 179.64
    expect(price('B', 'JPY', 49900)).toBe(33683);
    expect(() => price('F')).toThrow(RangeError);
    expect(() => computeResalePrice({ originalUnitPriceMinor: 100, currency: 'EUR', category: 'x', source: 'RESELL_OPEN_BOX' })).toThrow(RangeError);
  });

  test('category table is case-insensitive; unknown categories keep 100 %', () => {
    expect(categoryPercent(' Phones ')).toBe(90);
    expect(categoryPercent('footwear')).toBe(95);
    expect(categoryPercent('garden')).toBe(100);
  });

  test('charm pricing (off by default) rounds down to …99', () => {
    expect(charmPrice(35928, 'EUR')).toBe(35899);
    expect(charmPrice(35999, 'EUR')).toBe(35999);
    expect(charmPrice(1480, 'JPY')).toBe(1479);
    expect(charmPrice(12345, 'KWD')).toBe(11999);
    expect(charmPrice(50, 'EUR')).toBe(50);
    expect(computeResalePrice({ originalUnitPriceMinor: 49900, currency: 'EUR', category: 'electronics', source: 'RESELL_OPEN_BOX', conditionGrade: 'GOOD', charm: true }).priceMinor).toBe(35899);
  });
});

describe('resale listing status', () => {
  test('AVAILABLE → RESERVED → SOLD, release and withdraw; SOLD and WITHDRAWN are final', () => {
    expect(transitionResaleListing('AVAILABLE', 'RESERVE')).toEqual({ ok: true, to: 'RESERVED' });
    expect(transitionResaleListing('RESERVED', 'SELL')).toEqual({ ok: true, to: 'SOLD' });
    expect(transitionResaleListing('RESERVED', 'RELEASE')).toEqual({ ok: true, to: 'AVAILABLE' });
    expect(transitionResaleListing('AVAILABLE', 'WITHDRAW')).toEqual({ ok: true, to: 'WITHDRAWN' });
    expect(transitionResaleListing('RESERVED', 'WITHDRAW')).toEqual({ ok: true, to: 'WITHDRAWN' });
    for (const [from, action] of [['AVAILABLE', 'SELL'], ['AVAILABLE', 'RELEASE'], ['SOLD', 'WITHDRAW'], ['SOLD', 'RESERVE'], ['WITHDRAWN', 'RESERVE'], ['RESERVED', 'RESERVE']] as const) {
      expect(transitionResaleListing(from, action)).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    }
  });
});
