import {
  CONDITION_GRADES,
  type DispositionFacts,
  type DispositionType,
  isConditionGrade,
  isDispositionType,
} from './disposition-types';
import { majorAmountToMinor } from './major-amount';
import { assertSafeInteger, currencyExponent, mulDivRound, multiplyByFraction } from './money';
import { DEFAULT_RECOVERY_FACTORS, lookupCategory, type RecoveryFactors } from './recovery-factors';
import { isReturnReasonCode } from './return-reasons';

/** Throws RangeError (or MoneyError for the currency) unless the facts are usable. */
export function assertDispositionFacts(facts: DispositionFacts): void {
  if (!isConditionGrade(facts.grade)) {
    throw new RangeError(`Grade must be one of ${CONDITION_GRADES.join(', ')}`);
  }
  if (!isReturnReasonCode(facts.reason)) throw new RangeError('Reason must be a return reason code');
  if (typeof facts.category !== 'string') throw new RangeError('Category must be a string');
  assertSafeInteger(facts.unitValueMinor, 'Unit value');
  if (facts.unitValueMinor < 0) throw new RangeError('Unit value must not be negative');
  currencyExponent(facts.currency);
  const weight = facts.weightGrams;
  if (weight !== null && (!Number.isFinite(weight) || weight < 0 || weight > Number.MAX_SAFE_INTEGER)) {
    throw new RangeError('Weight must be null or a non-negative number of grams');
  }
}

// Operator overrides arrive from input, so the disposition is checked at run time too.
function assertDisposition(disposition: DispositionType): void {
  if (!isDispositionType(disposition)) throw new RangeError('Disposition must be one of DISPOSITION_TYPES');
}

/**
 * Expected money back for one unit sent to `disposition`, in integer minor units of the
 * facts' currency (negative when the route costs money). Exact integer arithmetic, so
 * the same facts always give the same number; usable to value an operator's override.
 */
export function estimateRecovery(
  disposition: DispositionType,
  facts: DispositionFacts,
  factors: RecoveryFactors = DEFAULT_RECOVERY_FACTORS,
): number {
  assertDisposition(disposition);
  assertDispositionFacts(facts);
  const route = factors.recovery[disposition];
  let total = multiplyByFraction(facts.unitValueMinor, route.valueFraction);
  if (disposition === 'REFURBISH') {
    total -= multiplyByFraction(facts.unitValueMinor, lookupCategory(factors.refurbCostFraction, facts.category));
  }
  if (route.perKg !== undefined) {
    const grams = Math.round(facts.weightGrams ?? factors.defaultWeightGrams);
    total += mulDivRound(grams, majorAmountToMinor(route.perKg, facts.currency), 1000);
  }
  if (route.perUnit !== undefined) total += majorAmountToMinor(route.perUnit, facts.currency);
  assertSafeInteger(total, 'Expected recovery');
  return total;
}

/** Expected margin of refurbishing the unit: its REFURBISH recovery, minor units. */
export function refurbMargin(facts: DispositionFacts, factors: RecoveryFactors = DEFAULT_RECOVERY_FACTORS): number {
  return estimateRecovery('REFURBISH', facts, factors);
}

/**
 * kg CO2e avoided by sending the unit to `disposition`: embodied emissions of the
 * category × weight × displacement (minus refurbishing's own footprint), plus material
 * credit, rounded to 0.01. 0 when the weight is unknown, so reports never claim savings
 * on a guessed weight.
 */
export function estimateCo2eAvoided(
  disposition: DispositionType,
  facts: DispositionFacts,
  factors: RecoveryFactors = DEFAULT_RECOVERY_FACTORS,
): number {
  assertDisposition(disposition);
  assertDispositionFacts(facts);
  if (facts.weightGrams === null) return 0;
  const kg = facts.weightGrams / 1000;
  const embodied = lookupCategory(factors.embodiedKgCo2ePerKg, facts.category);
  const footprint = disposition === 'REFURBISH' ? factors.refurbFootprintFraction : 0;
  const displaced = embodied * (factors.displacementRate[disposition] - footprint);
  const perKg = displaced + factors.materialCreditKgCo2ePerKg[disposition];
  const rounded = Math.round(kg * perKg * 100) / 100;
  // Math.round(-0.4) is -0; normalise so serialised reports never show "-0".
  return rounded === 0 ? 0 : rounded;
}
