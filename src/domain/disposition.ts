import { DEFAULT_RULESET } from './disposition-rules';
import type {
  DispositionConditions,
  DispositionFacts,
  DispositionRecommendation,
  DispositionRuleSet,
  DispositionType,
} from './disposition-types';
import { majorAmountToMinor } from './major-amount';
import { formatAmount, majorToMinor, mulDivRound } from './money';
import { assertDispositionFacts, estimateCo2eAvoided, estimateRecovery, refurbMargin } from './recovery-estimate';
import { DEFAULT_RECOVERY_FACTORS, type RecoveryFactors } from './recovery-factors';

export * from './disposition-types';
export { DEFAULT_RULESET } from './disposition-rules';
export { DEFAULT_RECOVERY_FACTORS, type RecoveryFactors } from './recovery-factors';
export { assertDispositionFacts, estimateCo2eAvoided, estimateRecovery, refurbMargin } from './recovery-estimate';
export { validateRuleSet, type RuleSetValidation } from './disposition-rule-validator';

/** ruleId reported when no rule of the set matched and the engine's own fallback decided. */
export const BUILTIN_FALLBACK_RULE_ID = 'builtin-fallback';

/** What the conditions are evaluated against, computed once per recommendation. */
type Evaluation = {
  facts: DispositionFacts;
  category: string;
  lowValueThresholdMinor: number;
  refurbMarginMinor: number;
};

const lower = (values: readonly string[]): string[] => values.map((value) => value.trim().toLowerCase());

/** True when every condition present holds for the unit. */
function matches(when: DispositionConditions, evaluation: Evaluation): boolean {
  const { facts, category } = evaluation;
  const value = facts.unitValueMinor;
  const checks: Array<() => boolean> = [
    () => when.grades === undefined || when.grades.includes(facts.grade),
    () => when.reasons === undefined || when.reasons.includes(facts.reason),
    () => when.excludeReasons === undefined || !when.excludeReasons.includes(facts.reason),
    () => when.categories === undefined || lower(when.categories).includes(category),
    () => when.excludeCategories === undefined || !lower(when.excludeCategories).includes(category),
    () => when.currencies === undefined || when.currencies.includes(facts.currency),
    () => when.refurbishable === undefined || when.refurbishable === facts.refurbishable,
    () => when.vendorReturnable === undefined || when.vendorReturnable === facts.vendorReturnable,
    () => when.recyclable === undefined || when.recyclable === facts.recyclable,
    () => when.minUnitValueMajor === undefined || value >= majorToMinor(when.minUnitValueMajor, facts.currency),
    () => when.maxUnitValueMajor === undefined || value < majorToMinor(when.maxUnitValueMajor, facts.currency),
    () => when.lowValue === undefined || when.lowValue === value < evaluation.lowValueThresholdMinor,
    () => when.positiveRefurbMargin === undefined || when.positiveRefurbMargin === evaluation.refurbMarginMinor > 0,
  ];
  return checks.every((check) => check());
}

/** The engine's own last resort: nothing left to sell means recycle or dispose, else liquidate. */
function builtinFallback(facts: DispositionFacts): DispositionType {
  if (facts.grade !== 'UNSALVAGEABLE') return 'LIQUIDATE';
  return facts.recyclable ? 'RECYCLE' : 'DISPOSE';
}

const BUILTIN_RATIONALE =
  'No routing rule matched a unit graded {grade} and returned for {reason}: {disposition} by default ' +
  '(expected recovery {recovery}).';

/** Fills {placeholders}; unknown ones become empty so no raw braces reach a person. */
function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^{}]*)\}/g, (_, name: string) => (Object.hasOwn(values, name) ? values[name] : ''));
}

/**
 * Recommends where one inspected unit should go: the first rule of the set whose
 * conditions hold (or the built-in fallback), with expected recovery in minor units,
 * CO2e avoided and a filled, human-readable rationale. Pure and deterministic.
 */
export function recommendDisposition(
  facts: DispositionFacts,
  ruleSet: DispositionRuleSet = DEFAULT_RULESET,
  factors: RecoveryFactors = DEFAULT_RECOVERY_FACTORS,
): DispositionRecommendation {
  assertDispositionFacts(facts);
  const evaluation: Evaluation = {
    facts,
    category: facts.category.trim().toLowerCase(),
    lowValueThresholdMinor: majorAmountToMinor(ruleSet.lowValueThreshold, facts.currency),
    refurbMarginMinor: refurbMargin(facts, factors),
  };
  const rule = ruleSet.rules.find((candidate) => matches(candidate.when, evaluation));
  const disposition = rule?.then ?? builtinFallback(facts);
  const expectedRecoveryMinor = estimateRecovery(disposition, facts, factors);
  const money = (minor: number): string => `${formatAmount(minor, facts.currency)} ${facts.currency}`;
  const recoveryPct = facts.unitValueMinor > 0 ? mulDivRound(expectedRecoveryMinor, 100, facts.unitValueMinor) : 0;
  const rationale = fillTemplate(rule?.rationale ?? BUILTIN_RATIONALE, {
    grade: facts.grade,
    reason: facts.reason,
    category: facts.category,
    value: money(facts.unitValueMinor),
    margin: money(evaluation.refurbMarginMinor),
    recovery: money(expectedRecoveryMinor),
    recoveryPct: `${recoveryPct}%`,
    disposition,
  });
  return {
    disposition,
    expectedRecoveryMinor,
    co2eAvoidedKg: estimateCo2eAvoided(disposition, facts, factors),
    rationale,
    ruleId: rule?.id ?? BUILTIN_FALLBACK_RULE_ID,
  };
}
