import {
  DEFAULT_POLICY,
  type EffectivePolicy,
  evaluateLine,
  type PolicyRule,
  resolvePolicy,
  shippingFeeWaived,
  validatePolicyRule,
} from '../../src/domain/return-policy';

const rule = (overrides: Partial<PolicyRule> = {}): PolicyRule => ({
  category: null,
  windowDays: 30,
  restockingFeePercent: null,
  nonReturnable: null,
  freeShippingReasons: null,
  autoApprove: null,
  ...overrides,
});

const placedAt = new Date('2024-03-01T10:00:00.000Z');
const deliveredAt = new Date('2024-03-04T15:30:00.000Z');
const policy = (overrides: Partial<EffectivePolicy> = {}): EffectivePolicy => ({ ...DEFAULT_POLICY, ...overrides });
const line = (overrides: Partial<Parameters<typeof evaluateLine>[0]> = {}) => ({
  orderedQuantity: 3,
  claimedQuantity: 0,
  placedAt,
  deliveredAt,
  policy: policy(),
  now: new Date('2024-03-10T00:00:00.000Z'),
  ...overrides,
});

describe('DEFAULT_POLICY', () => {
  it('is 30 days, no fee, returnable, free shipping for merchant fault, manual approval', () => {
    expect(DEFAULT_POLICY).toEqual({
      windowDays: 30,
      restockingFeePercent: 0,
      nonReturnable: false,
      freeShippingReasons: ['DEFECTIVE', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM'],
      autoApprove: false,
      manualReviewRiskAbove: null,
      manualReviewSerialReturners: false,
      storeCreditBonusPercent: 0,
      instantExchange: false,
      source: 'DEFAULT',
    });
  });

  it('cannot be changed by a caller', () => {
    expect(() => (DEFAULT_POLICY.freeShippingReasons as string[]).push('OTHER')).toThrow(TypeError);
  });
});

describe('resolvePolicy', () => {
  it('uses DEFAULT_POLICY when nothing is stored', () => {
    expect(resolvePolicy(null, null)).toEqual(DEFAULT_POLICY);
  });

  it('takes the default rule over DEFAULT_POLICY field by field', () => {
    const resolved = resolvePolicy(rule({ windowDays: 14, restockingFeePercent: 5 }), null);
    expect(resolved).toEqual({ ...DEFAULT_POLICY, windowDays: 14, restockingFeePercent: 5, source: 'DEFAULT' });
  });

  it('takes category fields over the default rule, null fields fall back', () => {
    const defaultRule = rule({
      windowDays: 14,
      restockingFeePercent: 5,
      autoApprove: true,
      freeShippingReasons: ['DEFECTIVE'],
    });
    const categoryRule = rule({
      category: 'electronics',
      windowDays: 60,
      nonReturnable: false,
      restockingFeePercent: 15,
    });
    expect(resolvePolicy(defaultRule, categoryRule)).toEqual({
      windowDays: 60,
      restockingFeePercent: 15,
      nonReturnable: false,
      freeShippingReasons: ['DEFECTIVE'],
      autoApprove: true,
      manualReviewRiskAbove: null,
      manualReviewSerialReturners: false,
      storeCreditBonusPercent: 0,
      instantExchange: false,
      source: 'CATEGORY',
    });
  });

  it('resolves serial-returner review like autoApprove: category, else default, else off', () => {
    expect(resolvePolicy(rule({ manualReviewSerialReturners: true }), null).manualReviewSerialReturners).toBe(true);
    expect(resolvePolicy(rule({ manualReviewSerialReturners: true }), rule({ category: 'bags', manualReviewSerialReturners: false })).manualReviewSerialReturners).toBe(false);
    expect(resolvePolicy(rule(), rule({ category: 'bags', manualReviewSerialReturners: true })).manualReviewSerialReturners).toBe(true);
    expect(resolvePolicy(rule({ manualReviewSerialReturners: true }), rule({ category: 'bags' })).manualReviewSerialReturners).toBe(true);
  });

  it('resolves the return-risk threshold like autoApprove: category, else default, else off (null)', () => {
    expect(resolvePolicy(null, null).manualReviewRiskAbove).toBeNull();
    expect(resolvePolicy(rule({ manualReviewRiskAbove: 0.6 }), null).manualReviewRiskAbove).toBe(0.6);
    expect(resolvePolicy(rule({ manualReviewRiskAbove: 0.6 }), rule({ category: 'bags', manualReviewRiskAbove: 0.9 })).manualReviewRiskAbove).toBe(0.9);
    expect(resolvePolicy(rule({ manualReviewRiskAbove: 0.6 }), rule({ category: 'bags' })).manualReviewRiskAbove).toBe(0.6);
    expect(resolvePolicy(rule(), rule({ category: 'bags', manualReviewRiskAbove: 0 })).manualReviewRiskAbove).toBe(0);
  });

  it('lets a category rule alone override DEFAULT_POLICY, including a zero fee and an empty reason list', () => {
    const defaultRule = rule({ restockingFeePercent: 10 });
    const books = rule({ category: 'books', windowDays: 0, restockingFeePercent: 0, freeShippingReasons: [] });
    const resolved = resolvePolicy(defaultRule, books);
    expect(resolved.windowDays).toBe(0);
    expect(resolved.restockingFeePercent).toBe(0);
    expect(resolved.freeShippingReasons).toEqual([]);
  });

  it('returns a copy of reason lists', () => {
    const reasons: PolicyRule['freeShippingReasons'] = ['WRONG_ITEM'];
    const resolved = resolvePolicy(rule({ freeShippingReasons: reasons }), null);
    resolved.freeShippingReasons.push('OTHER');
    expect(reasons).toEqual(['WRONG_ITEM']);
  });
});

describe('evaluateLine', () => {
  it('counts the window from delivery when known', () => {
    const result = evaluateLine(line());
    expect(result.deadline.toISOString()).toBe('2024-04-03T15:30:00.000Z');
    expect(result).toMatchObject({ eligible: true, returnableQuantity: 3, ineligibleReason: null });
  });

  it('counts the window from the order date when delivery is unknown', () => {
    expect(evaluateLine(line({ deliveredAt: null })).deadline.toISOString()).toBe('2024-03-31T10:00:00.000Z');
  });

  it('is eligible at the deadline instant and expired one millisecond later', () => {
    const deadline = new Date('2024-04-03T15:30:00.000Z');
    expect(evaluateLine(line({ now: deadline })).eligible).toBe(true);
    const late = evaluateLine(line({ now: new Date(deadline.getTime() + 1) }));
    expect(late).toMatchObject({ eligible: false, returnableQuantity: 0, ineligibleReason: 'WINDOW_EXPIRED' });
  });

  it('uses whole 24-hour days across a daylight-saving change', () => {
    const deliveredBeforeDst = new Date('2024-03-30T12:00:00.000Z');
    const result = evaluateLine(line({ deliveredAt: deliveredBeforeDst, policy: policy({ windowDays: 2 }) }));
    expect(result.deadline.toISOString()).toBe('2024-04-01T12:00:00.000Z');
  });

  it('subtracts units already claimed', () => {
    expect(evaluateLine(line({ claimedQuantity: 2 })).returnableQuantity).toBe(1);
  });

  it('reports a fully claimed line as already returned', () => {
    expect(evaluateLine(line({ claimedQuantity: 3 }))).toMatchObject({
      eligible: false,
      returnableQuantity: 0,
      ineligibleReason: 'ALREADY_RETURNED',
    });
    expect(evaluateLine(line({ claimedQuantity: 5 })).ineligibleReason).toBe('ALREADY_RETURNED');
  });

  it('orders reasons: non-returnable, then expired, then already returned', () => {
    const late = new Date('2025-01-01T00:00:00.000Z');
    const everything = line({ policy: policy({ nonReturnable: true }), now: late, claimedQuantity: 3 });
    expect(evaluateLine(everything).ineligibleReason).toBe('NON_RETURNABLE_CATEGORY');
    expect(evaluateLine(line({ now: late, claimedQuantity: 3 })).ineligibleReason).toBe('WINDOW_EXPIRED');
  });

  it('still reports the deadline when ineligible', () => {
    const result = evaluateLine(line({ policy: policy({ nonReturnable: true }) }));
    expect(result.deadline.toISOString()).toBe('2024-04-03T15:30:00.000Z');
  });

  it('applies a zero-day window as "only at the start instant"', () => {
    const zero = policy({ windowDays: 0 });
    expect(evaluateLine(line({ policy: zero, now: deliveredAt })).eligible).toBe(true);
    expect(evaluateLine(line({ policy: zero })).eligible).toBe(false);
  });

  it('rejects nonsense input', () => {
    expect(() => evaluateLine(line({ orderedQuantity: -1 }))).toThrow(RangeError);
    expect(() => evaluateLine(line({ claimedQuantity: 0.5 }))).toThrow(RangeError);
    expect(() => evaluateLine(line({ now: new Date('nope') }))).toThrow(RangeError);
    expect(() => evaluateLine(line({ policy: policy({ windowDays: -1 }) }))).toThrow(RangeError);
  });
});

describe('shippingFeeWaived', () => {
  it('waives only when every reason is free', () => {
    expect(shippingFeeWaived(DEFAULT_POLICY, ['DEFECTIVE', 'WRONG_ITEM'])).toBe(true);
    expect(shippingFeeWaived(DEFAULT_POLICY, ['DEFECTIVE', 'CHANGED_MIND'])).toBe(false);
    expect(shippingFeeWaived(DEFAULT_POLICY, [])).toBe(false);
    expect(shippingFeeWaived(policy({ freeShippingReasons: ['CHANGED_MIND'] }), ['CHANGED_MIND'])).toBe(true);
  });
});

describe('validatePolicyRule', () => {
  it('accepts a sensible rule', () => {
    const sensible = rule({ category: 'apparel', restockingFeePercent: 12.5, freeShippingReasons: ['WRONG_ITEM'] });
    expect(validatePolicyRule(sensible)).toEqual([]);
  });

  it('takes a return-risk threshold from 0 to 1 with at most three decimals', () => {
    for (const ok of [0, 0.35, 0.001, 1, null]) expect(validatePolicyRule(rule({ manualReviewRiskAbove: ok }))).toEqual([]);
    for (const bad of [-0.1, 1.2, 0.1234, Number.NaN]) {
      expect(validatePolicyRule(rule({ manualReviewRiskAbove: bad })).map((e) => e.field)).toEqual(['manualReviewRiskAbove']);
    }
  });

  it('reports each bad field', () => {
    const errors = validatePolicyRule(
      rule({
        category: ' ',
        windowDays: 1.5,
        restockingFeePercent: 12.345,
        freeShippingReasons: ['NOPE' as never],
      }),
    );
    expect(errors.map((error) => error.field)).toEqual([
      'category',
      'windowDays',
      'restockingFeePercent',
      'freeShippingReasons',
    ]);
  });

  it('refuses repeated reasons and absurd windows', () => {
    expect(validatePolicyRule(rule({ windowDays: 100_000 }))[0].field).toBe('windowDays');
    expect(validatePolicyRule(rule({ freeShippingReasons: ['OTHER', 'OTHER'] }))[0].field).toBe('freeShippingReasons');
  });
});
