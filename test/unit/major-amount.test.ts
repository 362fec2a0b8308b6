import { majorAmountToMinor, scaledFromEur, validateMajorAmount } from '../../src/domain/major-amount';

describe('MajorAmount', () => {
  it('converts major units with each currency exponent', () => {
    expect(majorAmountToMinor({ major: 10 }, 'EUR')).toBe(1000);
    expect(majorAmountToMinor({ major: 10 }, 'JPY')).toBe(10);
    expect(majorAmountToMinor({ major: 10 }, 'KWD')).toBe(10_000);
    expect(majorAmountToMinor({ major: -0.15 }, 'EUR')).toBe(-15);
  });

  it('prefers a per-currency value', () => {
    const amount = { major: 10, byCurrency: { JPY: 1600 } };
    expect(majorAmountToMinor(amount, 'JPY')).toBe(1600);
    expect(majorAmountToMinor(amount, 'USD')).toBe(1000);
  });

  it('does not read inherited properties as currencies', () => {
    expect(majorAmountToMinor({ major: 1, byCurrency: {} }, 'EUR')).toBe(100);
  });

  it('derives rounded rough equivalents from euros', () => {
    const ten = scaledFromEur(10);
    expect(ten.major).toBe(10);
    expect(ten.byCurrency).toMatchObject({ JPY: 1600, KRW: 15_000, KWD: 3.3, USD: 11, SEK: 110 });
    expect(scaledFromEur(-0.15).byCurrency?.JPY).toBe(-25);
  });

  it('validates admin input', () => {
    expect(validateMajorAmount({ major: 5, byCurrency: { JPY: 800 } }, 'x')).toEqual([]);
    expect(validateMajorAmount(5, 'x')).toEqual(['x: must be an object like { "major": 10 }']);
    expect(validateMajorAmount({ major: -1 }, 'x', true)).toEqual([]);
    expect(validateMajorAmount({ major: NaN }, 'x')).toHaveLength(1);
    expect(validateMajorAmount({ major: 1, byCurrency: [] }, 'x')).toEqual([
      'x.byCurrency: must be an object keyed by currency code',
    ]);
  });
});
