import { describeValue, isSupportedCurrency, majorToMinor } from './money';

/**
 * A configured amount of money in MAJOR units of whatever currency it is applied to
 * (10 means 10.00 EUR, 10 JPY, 10.000 KWD), with optional per-currency values because
 * 10 JPY is not worth 10 EUR. Major units keep rule sets readable and exponent-proof;
 * conversion to minor units happens at evaluation with the currency's ISO exponent.
 */
export type MajorAmount = {
  /** Used for any currency without its own entry. */
  major: number;
  /** Per ISO 4217 code, also in major units: { JPY: 1600 }. */
  byCurrency?: Readonly<Record<string, number>>;
};

/**
 * Assumption, not a rate source: rough 2024 averages of units per euro (ECB reference
 * rates where the ECB publishes one, market averages otherwise), rounded. Used only to
 * make the default thresholds and costs comparable across currencies — never to convert
 * real money. Merchants who care set byCurrency themselves.
 */
export const ROUGH_UNITS_PER_EUR: Readonly<Record<string, number>> = Object.freeze({
  EUR: 1,
  USD: 1.08,
  GBP: 0.85,
  CHF: 0.95,
  SEK: 11.4,
  NOK: 11.6,
  DKK: 7.46,
  PLN: 4.3,
  CZK: 25,
  CAD: 1.48,
  AUD: 1.64,
  NZD: 1.79,
  JPY: 164,
  KRW: 1475,
  CLP: 1020,
  ISK: 149,
  VND: 27_000,
  KWD: 0.33,
  BHD: 0.41,
  OMR: 0.42,
  JOD: 0.77,
  TND: 3.37,
  LYD: 5.2,
  IQD: 1420,
});

/** Rounds to two significant digits so derived defaults read like numbers a person chose. */
function twoSignificant(value: number): number {
  if (value === 0) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 1);
  return Number((Math.round(value / magnitude) * magnitude).toPrecision(2));
}

/** A MajorAmount of `eurMajor` euros with rough equivalents for ROUGH_UNITS_PER_EUR currencies. */
export function scaledFromEur(eurMajor: number): MajorAmount {
  const byCurrency: Record<string, number> = {};
  for (const [code, rate] of Object.entries(ROUGH_UNITS_PER_EUR)) {
    if (code !== 'EUR') byCurrency[code] = twoSignificant(eurMajor * rate);
  }
  return { major: eurMajor, byCurrency: Object.freeze(byCurrency) };
}

/** The amount for `currency` in its minor units (throws MoneyError for unknown currencies). */
export function majorAmountToMinor(amount: MajorAmount, currency: string): number {
  const own = amount.byCurrency !== undefined && Object.hasOwn(amount.byCurrency, currency)
    ? amount.byCurrency[currency]
    : undefined;
  const major = own ?? amount.major;
  if (typeof major !== 'number' || !Number.isFinite(major)) {
    throw new RangeError(`Configured amount ${describeValue(major)} is not a finite number`);
  }
  return majorToMinor(major, currency);
}

/** Problems with an admin-supplied MajorAmount, each prefixed with `path`; empty when valid. */
export function validateMajorAmount(input: unknown, path: string, allowNegative = false): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [`${path}: must be an object like { "major": 10 }`];
  }
  const errors: string[] = [];
  const record = input as Record<string, unknown>;
  const checkNumber = (value: unknown, at: string): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (!allowNegative && value < 0)) {
      errors.push(`${at}: must be a ${allowNegative ? '' : 'non-negative '}finite number, got ${describeValue(value)}`);
    }
  };
  for (const key of Object.keys(record)) {
    if (key !== 'major' && key !== 'byCurrency') errors.push(`${path}: unknown key ${describeValue(key)}`);
  }
  checkNumber(record.major, `${path}.major`);
  if (record.byCurrency !== undefined) {
    const byCurrency = record.byCurrency;
    if (typeof byCurrency !== 'object' || byCurrency === null || Array.isArray(byCurrency)) {
      errors.push(`${path}.byCurrency: must be an object keyed by currency code`);
    } else {
      for (const [code, value] of Object.entries(byCurrency)) {
        if (!isSupportedCurrency(code)) errors.push(`${path}.byCurrency: unknown currency ${describeValue(code)}`);
        else checkNumber(value, `${path}.byCurrency.${code}`);
      }
    }
  }
  return errors;
}
