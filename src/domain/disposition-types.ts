import type { MajorAmount } from './major-amount';
import type { ReturnReasonCode } from './return-reasons';

/** Where a returned unit goes next, best to worst on the waste hierarchy roughly. */
export const DISPOSITION_TYPES = [
  'RESTOCK',
  'RESELL_OPEN_BOX',
  'REFURBISH',
  'RETURN_TO_VENDOR',
  'LIQUIDATE',
  'DONATE',
  'RECYCLE',
  'DISPOSE',
] as const;

/** A disposition a unit can be routed to. */
export type DispositionType = (typeof DISPOSITION_TYPES)[number];

/** Inspection grades, best first. */
export const CONDITION_GRADES = ['NEW_SEALED', 'LIKE_NEW', 'GOOD', 'FAIR', 'DAMAGED', 'UNSALVAGEABLE'] as const;

/** The condition an inspector grades a returned unit at. */
export type ConditionGrade = (typeof CONDITION_GRADES)[number];

/** How a returned unit looks, best first: the cosmetic half of an inspection (recorded beside the condition grade). */
export const COSMETIC_GRADES = ['SEALED', 'AS_NEW', 'LIGHT_WEAR', 'VISIBLE_WEAR', 'DAMAGED', 'DESTROYED'] as const;

/** A cosmetic assessment of a returned unit. */
export type CosmeticGrade = (typeof COSMETIC_GRADES)[number];

/** Whether a returned unit works (or is complete and usable), best first: the functional half of an inspection. */
export const FUNCTIONAL_GRADES = ['WORKS', 'MINOR_FAULT', 'NOT_WORKING', 'BEYOND_REPAIR'] as const;

/** A functional assessment of a returned unit. */
export type FunctionalGrade = (typeof FUNCTIONAL_GRADES)[number];

/** What the rules engine knows about one inspected unit. */
export type DispositionFacts = {
  grade: ConditionGrade;
  reason: ReturnReasonCode;
  category: string;
  /** Price paid per unit (see unitShares), in minor units of `currency`. */
  unitValueMinor: number;
  currency: string;
  weightGrams: number | null;
  refurbishable: boolean;
  vendorReturnable: boolean;
  recyclable: boolean;
};

/**
 * Conditions of a rule; every condition present must hold (AND), a list means "one of".
 * Money bounds are in major units of the facts' currency (see MajorAmount); min is
 * inclusive and max exclusive so adjacent ranges never overlap. Categories compare
 * case-insensitively.
 */
export type DispositionConditions = {
  grades?: ConditionGrade[];
  reasons?: ReturnReasonCode[];
  excludeReasons?: ReturnReasonCode[];
  categories?: string[];
  excludeCategories?: string[];
  currencies?: string[];
  refurbishable?: boolean;
  vendorReturnable?: boolean;
  recyclable?: boolean;
  minUnitValueMajor?: number;
  maxUnitValueMajor?: number;
  /** true: unit value below the rule set's lowValueThreshold; false: at or above it. */
  lowValue?: boolean;
  /** true: refurbishing is expected to recover more than it costs. */
  positiveRefurbMargin?: boolean;
};

/** Names allowed as {placeholder} in a rule's rationale template. */
export const RATIONALE_PLACEHOLDERS = [
  'grade',
  'reason',
  'category',
  'value',
  'margin',
  'recovery',
  'recoveryPct',
  'disposition',
] as const;

/** One data-only rule: JSON-serialisable so an admin can change routing without code. */
export type DispositionRule = {
  id: string;
  description: string;
  when: DispositionConditions;
  then: DispositionType;
  /** Template with RATIONALE_PLACEHOLDERS in braces, e.g. "Graded {grade}: restock". */
  rationale: string;
};

/** An ordered rule set: the first rule whose conditions hold decides. */
export type DispositionRuleSet = {
  version: number;
  /** Below this unit value an item is "low value"; major units, per-currency overrides. */
  lowValueThreshold: MajorAmount;
  rules: DispositionRule[];
};

/** The engine's answer for one unit. */
export type DispositionRecommendation = {
  disposition: DispositionType;
  /** Integer minor units of the facts' currency; negative when the route costs money. */
  expectedRecoveryMinor: number;
  /** Rounded to 0.01 kg; 0 when the weight is unknown. */
  co2eAvoidedKg: number;
  rationale: string;
  /** The matching rule's id, or BUILTIN_FALLBACK_RULE_ID when none matched. */
  ruleId: string;
};

/** True when value is one of DISPOSITION_TYPES. */
export function isDispositionType(value: unknown): value is DispositionType {
  return typeof value === 'string' && (DISPOSITION_TYPES as readonly string[]).includes(value);
}

/** True when value is one of CONDITION_GRADES. */
export function isConditionGrade(value: unknown): value is ConditionGrade {
  return typeof value === 'string' && (CONDITION_GRADES as readonly string[]).includes(value);
}
