import { percentToBasisPoints } from './money';
import { isReturnReasonCode, RETURN_REASONS, type ReturnReasonCode } from './return-reasons';

/** One stored policy row: the default (category null) or a category's overrides. */
export type PolicyRule = {
  category: string | null;
  windowDays: number;
  /** null: inherit from the default rule, then DEFAULT_POLICY. */
  restockingFeePercent: number | null;
  nonReturnable: boolean | null;
  freeShippingReasons: ReturnReasonCode[] | null;
  autoApprove: boolean | null;
  /** Requests whose order return risk is at or above this (0–1) wait for an operator; null: inherit (off by default). */
  manualReviewRiskAbove?: number | null;
  /** Requests from customers flagged as serial returners wait for an operator; null: inherit (off by default). */
  manualReviewSerialReturners?: boolean | null;
  /** Exchanges ship at once against a payment hold (docs/exchanges.md); null: inherit (off by default). */
  instantExchange?: boolean | null;
  /** Bonus % on items taken as store credit; null: inherit (0 by default). */
  storeCreditBonusPercent?: number | null;
  /** The window always runs from delivery when known, else from the order date. */
  windowFrom?: 'DELIVERY';
};

/** The policy that applies to one order line after overrides are resolved. */
export type EffectivePolicy = {
  windowDays: number;
  restockingFeePercent: number;
  nonReturnable: boolean;
  freeShippingReasons: ReturnReasonCode[];
  autoApprove: boolean;
  /** Order return-risk threshold for manual review; null: no risk check. */
  manualReviewRiskAbove: number | null;
  /** Requests from flagged serial returners (docs/analytics.md) wait for an operator. */
  manualReviewSerialReturners: boolean;
  /** Exchanges ship at once against a hold on the original payment rather than when the return arrives. */
  instantExchange: boolean;
  /** Bonus % (two decimals) on the value of items the customer takes as store credit. */
  storeCreditBonusPercent: number;
  source: 'DEFAULT' | 'CATEGORY';
};

/** Why an order line cannot be returned, in precedence order. */
export type IneligibleReason = 'NON_RETURNABLE_CATEGORY' | 'WINDOW_EXPIRED' | 'ALREADY_RETURNED';

/** Input to evaluateLine. */
export type LineEligibilityInput = {
  orderedQuantity: number;
  /** Units already claimed by returns that still claim quantity (see claimsQuantity). */
  claimedQuantity: number;
  placedAt: Date;
  deliveredAt: Date | null;
  policy: EffectivePolicy;
  now: Date;
};

/** Whether, until when and how many units of an order line can be returned. */
export type LineEligibility = {
  returnableQuantity: number;
  deadline: Date;
  eligible: boolean;
  ineligibleReason: IneligibleReason | null;
};

/** A field-level problem in a policy rule, shaped for a GraphQL userError. */
export type PolicyRuleError = { field: string; message: string };

const DAY_MS = 86_400_000;
/** Upper bound on a window: longer is almost certainly a typo (days entered as hours). */
export const MAX_WINDOW_DAYS = 3650;
const MAX_CATEGORY_LENGTH = 100;

/** Used when the merchant has stored no default policy row: 30 days, no fee, free for merchant fault. */
export const DEFAULT_POLICY: EffectivePolicy = Object.freeze({
  windowDays: 30,
  restockingFeePercent: 0,
  nonReturnable: false,
  freeShippingReasons: Object.freeze(
    RETURN_REASONS.filter((reason) => reason.merchantFault).map((reason) => reason.code),
  ) as ReturnReasonCode[],
  autoApprove: false,
  manualReviewRiskAbove: null,
  manualReviewSerialReturners: false,
  instantExchange: false,
  storeCreditBonusPercent: 0,
  source: 'DEFAULT' as const,
});

/**
 * The effective policy for a line: each field comes from the category rule when set,
 * else from the default rule, else from DEFAULT_POLICY. A category rule's windowDays
 * always wins because the field is required.
 */
export function resolvePolicy(defaultRule: PolicyRule | null, categoryRule: PolicyRule | null): EffectivePolicy {
  const pick = <K extends 'restockingFeePercent' | 'nonReturnable' | 'freeShippingReasons' | 'autoApprove' | 'manualReviewRiskAbove' | 'manualReviewSerialReturners' | 'instantExchange' | 'storeCreditBonusPercent'>(
    key: K,
  ): NonNullable<PolicyRule[K]> | EffectivePolicy[K] =>
    categoryRule?.[key] ?? defaultRule?.[key] ?? DEFAULT_POLICY[key];
  return {
    windowDays: categoryRule?.windowDays ?? defaultRule?.windowDays ?? DEFAULT_POLICY.windowDays,
    restockingFeePercent: pick('restockingFeePercent'),
    nonReturnable: pick('nonReturnable'),
    // Copied so callers cannot change a stored rule or the frozen default through it.
    freeShippingReasons: [...pick('freeShippingReasons')],
    autoApprove: pick('autoApprove'),
    manualReviewRiskAbove: pick('manualReviewRiskAbove'),
    manualReviewSerialReturners: pick('manualReviewSerialReturners'),
    instantExchange: pick('instantExchange'),
    storeCreditBonusPercent: pick('storeCreditBonusPercent'),
    source: categoryRule === null ? 'DEFAULT' : 'CATEGORY',
  };
}

function assertValidDate(date: Date, what: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`${what} is not a valid date`);
}

/**
 * Evaluates one order line: the window runs windowDays × 24 h from delivery (or from
 * the order date when delivery is unknown) and `now` equal to the deadline is in time.
 */
export function evaluateLine(input: LineEligibilityInput): LineEligibility {
  const { orderedQuantity, claimedQuantity, policy } = input;
  for (const [value, what] of [[orderedQuantity, 'Ordered quantity'], [claimedQuantity, 'Claimed quantity']] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer`);
  }
  if (!Number.isSafeInteger(policy.windowDays) || policy.windowDays < 0) {
    throw new RangeError('Window days must be a non-negative integer');
  }
  assertValidDate(input.placedAt, 'Order date');
  if (input.deliveredAt !== null) assertValidDate(input.deliveredAt, 'Delivery date');
  assertValidDate(input.now, 'Now');

  const start = input.deliveredAt ?? input.placedAt;
  const deadline = new Date(start.getTime() + policy.windowDays * DAY_MS);
  const remaining = Math.max(0, orderedQuantity - claimedQuantity);
  let ineligibleReason: IneligibleReason | null = null;
  if (policy.nonReturnable) ineligibleReason = 'NON_RETURNABLE_CATEGORY';
  else if (input.now.getTime() > deadline.getTime()) ineligibleReason = 'WINDOW_EXPIRED';
  else if (remaining === 0) ineligibleReason = 'ALREADY_RETURNED';
  const eligible = ineligibleReason === null;
  return { returnableQuantity: eligible ? remaining : 0, deadline, eligible, ineligibleReason };
}

/** True when every reason on the return gets free return shipping (false for no reasons). */
export function shippingFeeWaived(policy: EffectivePolicy, reasons: ReadonlyArray<ReturnReasonCode>): boolean {
  return reasons.length > 0 && reasons.every((reason) => policy.freeShippingReasons.includes(reason));
}

/** A return-risk threshold is a probability from 0 to 1 with at most three decimals (as stored). */
export function isRiskThreshold(value: number): boolean {
  return value >= 0 && value <= 1 && Math.abs(Math.round(value * 1000) - value * 1000) < 1e-6;
}

/** Checks an admin-supplied policy rule; an empty list means it may be stored. */
export function validatePolicyRule(rule: PolicyRule): PolicyRuleError[] {
  const errors: PolicyRuleError[] = [];
  if (rule.category !== null) {
    const category = rule.category;
    if (typeof category !== 'string' || category.trim() === '' || category !== category.trim()) {
      errors.push({ field: 'category', message: 'Category must be non-empty without surrounding spaces' });
    } else if (category.length > MAX_CATEGORY_LENGTH) {
      errors.push({ field: 'category', message: `Category must be at most ${MAX_CATEGORY_LENGTH} characters` });
    }
  }
  if (!Number.isSafeInteger(rule.windowDays) || rule.windowDays < 0 || rule.windowDays > MAX_WINDOW_DAYS) {
    errors.push({ field: 'windowDays', message: `Window must be a whole number of days from 0 to ${MAX_WINDOW_DAYS}` });
  }
  if (rule.restockingFeePercent !== null) {
    try {
      percentToBasisPoints(rule.restockingFeePercent);
    } catch {
      errors.push({
        field: 'restockingFeePercent',
        message: 'Restocking fee must be between 0 and 100 percent with at most two decimals',
      });
    }
  }
  if (rule.freeShippingReasons !== null) {
    const reasons = rule.freeShippingReasons;
    if (!Array.isArray(reasons) || !reasons.every(isReturnReasonCode)) {
      errors.push({ field: 'freeShippingReasons', message: 'Free shipping reasons must be return reason codes' });
    } else if (new Set(reasons).size !== reasons.length) {
      errors.push({ field: 'freeShippingReasons', message: 'Free shipping reasons must not repeat' });
    }
  }
  const bonus = rule.storeCreditBonusPercent;
  if (bonus !== undefined && bonus !== null) {
    try {
      percentToBasisPoints(bonus);
    } catch {
      errors.push({ field: 'storeCreditBonusPercent', message: 'Store-credit bonus must be between 0 and 100 percent with at most two decimals' });
    }
  }
  const risk = rule.manualReviewRiskAbove;
  if (risk !== undefined && risk !== null && !isRiskThreshold(risk)) {
    errors.push({ field: 'manualReviewRiskAbove', message: 'Manual review risk threshold must be from 0 to 1 with at most three decimals' });
  }
  return errors;
}
