import { CURRENCY_EXPONENTS } from './currency-exponents';

/** Why a money value was refused: an unsupported currency or a malformed amount. */
/** An amount as clients and partners send it: a decimal string in a currency. */
export interface MoneyValue { amount: string; currencyCode: string }

export type MoneyErrorCode = 'UNKNOWN_CURRENCY' | 'INVALID_AMOUNT';

/**
 * A currency or amount that cannot be turned into integer minor units.
 * Extends RangeError so callers that only care about "bad number" can catch one type.
 */
export class MoneyError extends RangeError {
  /** Stable code for mapping to a userError or BAD_USER_INPUT. */
  readonly code: MoneyErrorCode;

  constructor(code: MoneyErrorCode, message: string) {
    super(message);
    this.name = 'MoneyError';
    this.code = code;
  }
}

const CURRENCY_CODE = /^[A-Z]{3}$/;
// Digits, optionally a dot and more digits: no sign, exponent, spaces or bare dots.
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
// Longer inputs cannot be a safe integer anyway; refusing early bounds the work.
const MAX_DECIMAL_LENGTH = 64;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Quotes a value for an error message without echoing more than 40 characters. */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length <= 40 ? text : `${text.slice(0, 37)}...`;
}

/** Throws RangeError unless value is a safe integer (money is integer minor units). */
export function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer, got ${describeValue(value)}`);
  }
}

/** ISO 4217 minor-unit exponent of a supported currency (EUR → 2, JPY → 0, KWD → 3). */
export function currencyExponent(code: string): number {
  if (typeof code !== 'string' || !CURRENCY_CODE.test(code)) {
    throw new MoneyError('UNKNOWN_CURRENCY', `Currency code ${describeValue(code)} is not three upper-case letters`);
  }
  const exponent = CURRENCY_EXPONENTS.get(code);
  if (exponent === undefined) {
    throw new MoneyError('UNKNOWN_CURRENCY', `Currency ${code} is not supported`);
  }
  return exponent;
}

/** True when code is an ISO 4217 code this module knows the exponent of. */
export function isSupportedCurrency(code: string): boolean {
  return typeof code === 'string' && CURRENCY_EXPONENTS.has(code);
}

/** Parses a plain non-negative decimal string ("19.99") into minor units of currency. */
export function parseAmount(decimal: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const invalid = (why: string): MoneyError =>
    new MoneyError('INVALID_AMOUNT', `Amount ${describeValue(decimal)} ${why}`);
  if (typeof decimal !== 'string' || decimal.length > MAX_DECIMAL_LENGTH) {
    throw invalid('is not a decimal number');
  }
  const match = DECIMAL.exec(decimal);
  if (match === null) throw invalid('is not a plain non-negative decimal number');
  const [, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw invalid(`has more than ${exponent} decimal places for ${currency}`);
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  if (minor > MAX_SAFE) throw invalid('is too large');
  return Number(minor);
}

/** Formats minor units as a decimal string with exactly the currency's decimals. */
export function formatAmount(minor: number, currency: string): string {
  assertSafeInteger(minor, 'Amount');
  return formatDigits(minor, currency);
}

/**
 * Formats a computed total for display: exact like formatAmount below 2^53 minor units; beyond, the nearest integer of
 * the float (a sum that large has already lost cents — every single amount is capped below 2^53, their sums are not).
 */
export function formatTotal(minor: number, currency: string): string {
  if (!Number.isFinite(minor)) throw new RangeError(`Amount ${describeValue(minor)} is not finite`);
  return formatDigits(Number.isSafeInteger(minor) ? minor : Math.round(minor), currency);
}

function formatDigits(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  // BigInt spells integers past 2^53 in full (String would switch to exponent form past 1e21).
  const digits = BigInt(Math.abs(minor)).toString();
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/**
 * Converts a configured amount in major units (10, 0.05) to minor units of currency,
 * rounding half away from zero on the number's shortest decimal form, so 1.005 EUR is
 * 101 cents rather than the 100 that binary floating point would give.
 */
export function majorToMinor(major: number, currency: string): number {
  const exponent = currencyExponent(currency);
  if (!Number.isFinite(major)) throw new RangeError(`Amount ${describeValue(major)} is not finite`);
  const text = String(Math.abs(major));
  const sign = major < 0 ? -1 : 1;
  let minor: number;
  if (text.includes('e')) {
    // Only very large or very small magnitudes print in exponent form; precision is moot there.
    minor = Math.round(Math.abs(major) * 10 ** exponent);
  } else {
    const [whole, fraction = ''] = text.split('.');
    const kept = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
    const roundUp = fraction.length > exponent && fraction[exponent] >= '5';
    const rounded = roundUp ? kept + 1n : kept;
    if (rounded > MAX_SAFE) throw new RangeError(`Amount ${describeValue(major)} is too large`);
    minor = Number(rounded);
  }
  assertSafeInteger(minor, 'Amount');
  return minor === 0 ? 0 : sign * minor;
}

/**
 * Splits a non-negative total into `parts` integers that sum to it exactly and differ
 * by at most one, the larger ones first, so the split is the same every time.
 */
export function allocate(total: number, parts: number): number[] {
  assertSafeInteger(total, 'Total');
  if (total < 0) throw new RangeError('Total must not be negative');
  if (!Number.isSafeInteger(parts) || parts < 1) {
    throw new RangeError(`Parts must be a positive integer, got ${describeValue(parts)}`);
  }
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, index) => (index < extra ? base + 1 : base));
}

/**
 * Splits a non-negative total in proportion to non-negative integer weights by the
 * largest-remainder method, ties to the lower index; exact because it works in BigInt.
 * Zero weights get 0; all-zero weights fall back to an equal allocate().
 */
export function allocateByWeights(total: number, weights: readonly number[]): number[] {
  assertSafeInteger(total, 'Total');
  if (total < 0) throw new RangeError('Total must not be negative');
  if (weights.length === 0) throw new RangeError('At least one weight is required');
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new RangeError(`Weights must be non-negative safe integers, got ${describeValue(weight)}`);
    }
  }
  const sum = weights.reduce((acc, weight) => acc + BigInt(weight), 0n);
  if (sum === 0n) return allocate(total, weights.length);
  const bigTotal = BigInt(total);
  const shares = weights.map((weight) => (bigTotal * BigInt(weight)) / sum);
  const remainders = weights.map((weight) => (bigTotal * BigInt(weight)) % sum);
  let leftover = Number(bigTotal - shares.reduce((acc, share) => acc + share, 0n));
  const order = weights
    .map((_, index) => index)
    .sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1));
  const result = shares.map(Number);
  for (const index of order) {
    if (leftover === 0) break;
    result[index] += 1;
    leftover -= 1;
  }
  return result;
}

/**
 * Converts a percentage with at most two decimals (0–100) to integer basis points,
 * throwing RangeError otherwise; 12.5 → 1250.
 */
export function percentToBasisPoints(percent: number): number {
  const basisPoints = Math.round(percent * 100);
  // The double nearest a two-decimal number divides back to itself; 12.345 does not.
  if (!Number.isFinite(percent) || basisPoints / 100 !== percent) {
    throw new RangeError(`Percent ${describeValue(percent)} must have at most two decimals`);
  }
  if (basisPoints < 0 || basisPoints > 10_000) {
    throw new RangeError(`Percent ${describeValue(percent)} must be between 0 and 100`);
  }
  return basisPoints;
}

/** Divides two BigInts rounding half away from zero. */
function divideRoundHalfAway(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const magnitude = remainder < 0n ? -remainder : remainder;
  if (magnitude * 2n < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/**
 * `percent` % of an amount in minor units, rounded half away from zero; computed in
 * basis points with BigInt so no float drift can change a cent.
 */
export function percentOf(amountMinor: number, percent: number): number {
  assertSafeInteger(amountMinor, 'Amount');
  const basisPoints = percentToBasisPoints(percent);
  return Number(divideRoundHalfAway(BigInt(amountMinor) * BigInt(basisPoints), 10_000n));
}

/**
 * amountMinor × fraction rounded half away from zero, with the fraction taken to four
 * decimals (basis points) so results never depend on float drift; fraction may be
 * negative or above 1.
 */
export function multiplyByFraction(amountMinor: number, fraction: number): number {
  assertSafeInteger(amountMinor, 'Amount');
  if (!Number.isFinite(fraction)) throw new RangeError(`Fraction ${describeValue(fraction)} is not finite`);
  const basisPoints = Math.round(fraction * 10_000);
  const result = Number(divideRoundHalfAway(BigInt(amountMinor) * BigInt(basisPoints), 10_000n));
  assertSafeInteger(result, 'Result');
  return result;
}

/** a × b ÷ c for integers, rounded half away from zero, exact at any size in between. */
export function mulDivRound(a: number, b: number, c: number): number {
  for (const [value, what] of [[a, 'a'], [b, 'b'], [c, 'c']] as const) assertSafeInteger(value, what);
  if (c === 0) throw new RangeError('Division by zero');
  const sign = c < 0 ? -1n : 1n;
  const result = Number(divideRoundHalfAway(BigInt(a) * BigInt(b) * sign, BigInt(c) * sign));
  assertSafeInteger(result, 'Result');
  return result;
}
