import fc from 'fast-check';
import {
  allocate,
  allocateByWeights,
  currencyExponent,
  formatAmount,
  formatTotal,
  isSupportedCurrency,
  majorToMinor,
  MoneyError,
  mulDivRound,
  multiplyByFraction,
  parseAmount,
  percentOf,
  percentToBasisPoints,
} from '../../src/domain/money';

describe('currencyExponent', () => {
  it.each([
    ...['USD', 'EUR', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'CAD', 'AUD', 'NZD'].map((c) => [c, 2] as const),
    ...['JPY', 'KRW', 'CLP', 'ISK', 'VND'].map((c) => [c, 0] as const),
    ...['KWD', 'BHD', 'OMR', 'JOD', 'TND', 'LYD', 'IQD'].map((c) => [c, 3] as const),
  ])('%s has exponent %i', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(isSupportedCurrency(code)).toBe(true);
  });

  it('throws UNKNOWN_CURRENCY for a well-formed but unknown code', () => {
    expect(() => currencyExponent('XYZ')).toThrow(MoneyError);
    try {
      currencyExponent('XYZ');
    } catch (error) {
      expect((error as MoneyError).code).toBe('UNKNOWN_CURRENCY');
      expect(error).toBeInstanceOf(RangeError);
    }
    expect(isSupportedCurrency('XYZ')).toBe(false);
  });

  it.each(['eur', 'EURO', '', 'E1R'])('throws UNKNOWN_CURRENCY for malformed %p', (code) => {
    expect(() => currencyExponent(code)).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });
});

describe('parseAmount', () => {
  it.each([
    ['19.99', 'EUR', 1999],
    ['19.9', 'EUR', 1990],
    ['19', 'EUR', 1900],
    ['0.05', 'EUR', 5],
    ['0', 'EUR', 0],
    ['1500', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['1.2', 'KWD', 1200],
    ['90071992547409.91', 'EUR', 9007199254740991],
  ])('parses %p %s as %i', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  it.each([
    ['-1.00', 'EUR'],
    ['19.999', 'EUR'],
    ['1500.5', 'JPY'],
    ['1500.0', 'JPY'],
    ['1.2345', 'KWD'],
    ['abc', 'EUR'],
    ['1e3', 'EUR'],
    ['', 'EUR'],
    ['+1', 'EUR'],
    [' 1', 'EUR'],
    ['1 ', 'EUR'],
    ['1.', 'EUR'],
    ['.5', 'EUR'],
    ['1,00', 'EUR'],
    ['0x10', 'EUR'],
    ['90071992547409.92', 'EUR'],
    ['9'.repeat(100), 'EUR'],
  ])('rejects %p %s with INVALID_AMOUNT', (text, currency) => {
    expect(() => parseAmount(text, currency)).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });

  it('never echoes more than 40 characters of the input', () => {
    try {
      parseAmount('x'.repeat(60), 'EUR');
      throw new Error('expected a throw');
    } catch (error) {
      expect((error as Error).message).not.toContain('x'.repeat(41));
    }
  });

  it('checks the currency before the amount', () => {
    expect(() => parseAmount('1', 'XYZ')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });
});

describe('formatAmount', () => {
  it.each([
    [1999, 'EUR', '19.99'],
    [5, 'EUR', '0.05'],
    [0, 'EUR', '0.00'],
    [1500, 'JPY', '1500'],
    [-250, 'EUR', '-2.50'],
    [1234, 'KWD', '1.234'],
    [7, 'KWD', '0.007'],
    [-5, 'JPY', '-5'],
  ])('formats %i %s as %p', (minor, currency, text) => {
    expect(formatAmount(minor, currency)).toBe(text);
  });

  it.each([1.5, NaN, Infinity, 2 ** 53])('throws RangeError for %p', (value) => {
    expect(() => formatAmount(value, 'EUR')).toThrow(RangeError);
  });

  it.each(['EUR', 'JPY', 'KWD', 'CLF'])('round-trips with parseAmount in %s', (currency) => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (minor) => {
        expect(parseAmount(formatAmount(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe('formatTotal (computed sums shown to clients)', () => {
  it('is formatAmount for safe integers', () => {
    fc.assert(fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (minor) => {
      expect(formatTotal(minor, 'EUR')).toBe(formatAmount(minor, 'EUR'));
    }));
  });

  it('spells sums past 2^53 minor units in full instead of refusing them', () => {
    // Two sales of the largest single amount: 2 × (2^53 − 1) minor units.
    expect(formatTotal(2 * Number.MAX_SAFE_INTEGER, 'EUR')).toBe('180143985094819.82');
    expect(formatTotal(-(2 ** 70), 'JPY')).toBe('-1180591620717411303424');
    expect(formatTotal(2 ** 53 + 0.5, 'KWD')).toBe('9007199254740.992');
  });

  it.each([NaN, Infinity, -Infinity])('throws RangeError for %p', (value) => {
    expect(() => formatTotal(value, 'EUR')).toThrow(RangeError);
  });
});

describe('majorToMinor', () => {
  it('rounds on the decimal form, half away from zero', () => {
    expect(majorToMinor(1.005, 'EUR')).toBe(101);
    expect(majorToMinor(-1.005, 'EUR')).toBe(-101);
    expect(majorToMinor(10, 'JPY')).toBe(10);
    expect(majorToMinor(10.5, 'JPY')).toBe(11);
    expect(majorToMinor(0.05, 'KWD')).toBe(50);
    expect(majorToMinor(-0.001, 'EUR')).toBe(0);
    expect(Object.is(majorToMinor(-0.001, 'EUR'), 0)).toBe(true);
  });

  it('rejects non-finite and unsafe values', () => {
    expect(() => majorToMinor(Infinity, 'EUR')).toThrow(RangeError);
    expect(() => majorToMinor(1e300, 'EUR')).toThrow(RangeError);
  });
});

describe('allocate', () => {
  it('puts the larger parts first', () => {
    expect(allocate(10, 3)).toEqual([4, 3, 3]);
    expect(allocate(11, 3)).toEqual([4, 4, 3]);
    expect(allocate(2, 5)).toEqual([1, 1, 0, 0, 0]);
    expect(allocate(0, 2)).toEqual([0, 0]);
  });

  it.each([
    [-1, 2],
    [1.5, 2],
    [10, 0],
    [10, 1.5],
  ])('rejects total %p in %p parts', (total, parts) => {
    expect(() => allocate(total, parts)).toThrow(RangeError);
  });

  it('sums exactly, differs by at most one, never increases', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 1, max: 500 }), (total, parts) => {
        const shares = allocate(total, parts);
        expect(shares).toHaveLength(parts);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        shares.forEach((share, i) => i > 0 && expect(share).toBeLessThanOrEqual(shares[i - 1]));
      }),
    );
  });
});

describe('allocateByWeights', () => {
  it('splits by largest remainder, ties to the lower index', () => {
    expect(allocateByWeights(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateByWeights(10, [3, 7])).toEqual([3, 7]);
    expect(allocateByWeights(5, [1, 2, 2])).toEqual([1, 2, 2]);
    expect(allocateByWeights(1, [1, 1])).toEqual([1, 0]);
    expect(allocateByWeights(7, [0, 5, 0, 5])).toEqual([0, 4, 0, 3]);
  });

  it('falls back to an equal split when every weight is zero', () => {
    expect(allocateByWeights(5, [0, 0])).toEqual([3, 2]);
  });

  it('rejects empty, negative or fractional weights', () => {
    expect(() => allocateByWeights(5, [])).toThrow(RangeError);
    expect(() => allocateByWeights(5, [-1, 2])).toThrow(RangeError);
    expect(() => allocateByWeights(5, [0.5, 2])).toThrow(RangeError);
  });

  it('sums exactly, gives zero weights nothing and stays within one unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.maxSafeNat(),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000_000 })), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const shares = allocateByWeights(total, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + BigInt(b), 0n);
          shares.forEach((share, i) => {
            expect(Number.isSafeInteger(share)).toBe(true);
            if (sum > 0n && weights[i] === 0) expect(share).toBe(0);
            if (sum > 0n) {
              const floor = (BigInt(total) * BigInt(weights[i])) / sum;
              expect(BigInt(share) - floor >= 0n && BigInt(share) - floor <= 1n).toBe(true);
            }
          });
          expect(allocateByWeights(total, weights)).toEqual(shares);
        },
      ),
    );
  });
});

describe('percentOf', () => {
  it.each([
    [1000, 10, 100],
    [999, 10, 100],
    [5, 10, 1],
    [4, 10, 0],
    [15, 10, 2],
    [-15, 10, -2],
    [1999, 12.5, 250],
    [1, 50, 1],
    [10_000, 0.01, 1],
    [12345, 100, 12345],
    [12345, 0, 0],
  ])('%i at %p%% is %i', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });

  it.each([12.345, -1, 100.01, NaN, Infinity])('rejects percent %p', (percent) => {
    expect(() => percentOf(100, percent)).toThrow(RangeError);
  });

  it('rejects unsafe amounts', () => {
    expect(() => percentOf(2 ** 53, 10)).toThrow(RangeError);
  });

  it('matches exact rational rounding for every two-decimal percent', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 10_000 }), (amount, basisPoints) => {
        const percent = basisPoints / 100;
        expect(percentToBasisPoints(percent)).toBe(basisPoints);
        const numerator = BigInt(amount) * BigInt(basisPoints);
        const expected = (numerator * 2n + 10_000n) / 20_000n;
        expect(percentOf(amount, percent)).toBe(Number(expected));
      }),
    );
  });
});

describe('multiplyByFraction and mulDivRound', () => {
  it('round half away from zero', () => {
    expect(multiplyByFraction(100, 0.45)).toBe(45);
    expect(multiplyByFraction(1, 0.5)).toBe(1);
    expect(multiplyByFraction(-1, 0.5)).toBe(-1);
    expect(multiplyByFraction(1000, -0.25)).toBe(-250);
    expect(mulDivRound(5, 1, 2)).toBe(3);
    expect(mulDivRound(-5, 1, 2)).toBe(-3);
    expect(mulDivRound(5, 1, -2)).toBe(-3);
    expect(mulDivRound(2 ** 52, 1000, 1000)).toBe(2 ** 52);
    expect(() => mulDivRound(1, 1, 0)).toThrow(RangeError);
  });
});
