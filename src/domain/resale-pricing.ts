import type { ConditionGrade } from './disposition-types';
import { currencyExponent, mulDivRound } from './money';

/**
 * Resale pricing rules (docs/dispositions.md, "Resale").
 *
 *   list price = original unit price paid × source/grade % × category % (open box and refurbished only),
 *                rounded half away from zero to the currency's minor unit, then optionally charm-priced.
 *
 * Assumptions, stated so they can be argued with:
 * - The original unit price is what the customer paid per unit (line total after discount ÷ quantity, rounded down),
 *   not the catalogue price: it is what the market accepted for this unit.
 * - RESTOCK units are sellable as new: 100 % and no category depreciation.
 * - RESELL_OPEN_BOX is priced by the inspection grade (LIKE_NEW 90 %, GOOD 80 % …); grades below GOOD rarely reach
 *   open box but an operator may override there, so every grade has a price.
 * - Refurbished units are priced by their CTIA-style cosmetic grade after repair (A 85 % … E 40 %); the repair cost is
 *   sunk and does not raise the price.
 * - Categories depreciate at different speeds: electronics lose value fastest (90 %), fashion a little (95 %),
 *   everything else keeps the grade price (100 %). Matched case-insensitively on the order line's category.
 * - Charm pricing (off by default) takes the highest price not above the computed one that ends in …99 minor units
 *   (…9 for zero-decimal currencies); prices below one major unit are left alone.
 */

/** Where a listing's unit came from: the disposition that made it sellable. */
export const RESALE_SOURCES = ['RESTOCK', 'RESELL_OPEN_BOX', 'REFURBISH'] as const;
export type ResaleSource = (typeof RESALE_SOURCES)[number];

/** Percent of the original price for open-box units, by inspection grade. */
export const OPEN_BOX_GRADE_PERCENT: Readonly<Record<ConditionGrade, number>> = {
  NEW_SEALED: 95, LIKE_NEW: 90, GOOD: 80, FAIR: 65, DAMAGED: 45, UNSALVAGEABLE: 25,
};

/** Percent of the original price for refurbished units, by CTIA-style cosmetic grade. */
export const REFURBISHED_GRADE_PERCENT: Readonly<Record<string, number>> = { A: 85, B: 75, C: 65, D: 50, E: 40 };

/** Percent kept per category for used (open-box and refurbished) units; categories not listed keep 100 %. */
export const CATEGORY_ADJUSTMENT_PERCENT: Readonly<Record<string, number>> = {
  electronics: 90, phones: 90, smartphones: 90, mobile: 90, laptops: 90, computers: 90, tablets: 90, wearables: 90, cameras: 90, storage: 90,
  apparel: 95, clothing: 95, footwear: 95, fashion: 95,
};

/** What a price is computed from. */
export interface ResalePriceInput {
  /** What the customer paid per unit, in minor units of `currency`. */
  originalUnitPriceMinor: number;
  currency: string;
  category: string;
  source: ResaleSource;
  /** RESELL_OPEN_BOX: the inspection grade. */
  conditionGrade?: ConditionGrade | null;
  /** REFURBISH: the cosmetic grade A–E. */
  cosmeticGrade?: string | null;
  /** Round down to …99 (off by default). */
  charm?: boolean;
}

/** A computed price and how it was reached. */
export interface ResalePrice {
  priceMinor: number;
  gradePercent: number;
  categoryPercent: number;
  /** Human-readable summary, e.g. "RESELL_OPEN_BOX GOOD 80 % × electronics 90 %". */
  rule: string;
}

/** The category adjustment in percent (100 when the category is not in the table). */
export function categoryPercent(category: string): number {
  const key = category.trim().toLowerCase();
  return Object.hasOwn(CATEGORY_ADJUSTMENT_PERCENT, key) ? CATEGORY_ADJUSTMENT_PERCENT[key] : 100;
}

/** The highest amount ≤ priceMinor ending in …99 minor units (…9 for zero-decimal currencies); small amounts unchanged. */
export function charmPrice(priceMinor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  const step = exponent === 0 ? 10 : 10 ** exponent;
  if (priceMinor < step) return priceMinor;
  return priceMinor % step === step - 1 ? priceMinor : Math.floor(priceMinor / step) * step - 1;
}

/** Computes a listing's unit price by the rules above; throws RangeError on a missing or unknown grade. */
export function computeResalePrice(input: ResalePriceInput): ResalePrice {
  const { originalUnitPriceMinor: original, currency, category, source } = input;
  if (!Number.isSafeInteger(original) || original < 0) throw new RangeError('The original unit price must be a non-negative integer of minor units');
  currencyExponent(currency);
  let gradePercent: number;
  let label: string;
  switch (source) {
    case 'RESTOCK':
      gradePercent = 100;
      label = 'RESTOCK';
      break;
    case 'RESELL_OPEN_BOX': {
      const grade = input.conditionGrade;
      if (!grade || !Object.hasOwn(OPEN_BOX_GRADE_PERCENT, grade)) throw new RangeError('An open-box price needs the inspection grade');
      gradePercent = OPEN_BOX_GRADE_PERCENT[grade];
      label = `RESELL_OPEN_BOX ${grade}`;
      break;
    }
    case 'REFURBISH': {
      const grade = input.cosmeticGrade;
      if (!grade || !Object.hasOwn(REFURBISHED_GRADE_PERCENT, grade)) throw new RangeError('A refurbished price needs a cosmetic grade A–E');
      gradePercent = REFURBISHED_GRADE_PERCENT[grade];
      label = `REFURBISHED grade ${grade}`;
      break;
    }
    default:
      throw new RangeError(`Unknown resale source ${String(source)}`);
  }
  const catPercent = source === 'RESTOCK' ? 100 : categoryPercent(category);
  let priceMinor = mulDivRound(original, gradePercent * catPercent, 10_000);
  if (input.charm) priceMinor = charmPrice(priceMinor, currency);
  const rule = `${label} ${gradePercent} %${catPercent === 100 ? '' : ` × ${category.trim().toLowerCase()} ${catPercent} %`}${input.charm ? ' (charm)' : ''}`;
  return { priceMinor, gradePercent, categoryPercent: catPercent, rule };
}
