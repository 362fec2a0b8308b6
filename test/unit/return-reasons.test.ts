import {
  getReturnReason,
  isRestockingFeeExempt,
  isReturnReasonCode,
  RETURN_REASON_CODES,
  RETURN_REASONS,
} from '../../src/domain/return-reasons';

describe('return reasons', () => {
  it('define every code once, in order, with a label and description', () => {
    expect(RETURN_REASONS.map((reason) => reason.code)).toEqual([...RETURN_REASON_CODES]);
    for (const reason of RETURN_REASONS) {
      expect(reason.label.length).toBeGreaterThan(0);
      expect(reason.description.length).toBeGreaterThan(0);
    }
  });

  it('exempt exactly the merchant-fault reasons from restocking fees', () => {
    const exempt = RETURN_REASON_CODES.filter(isRestockingFeeExempt);
    expect(exempt).toEqual(['DEFECTIVE', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM']);
  });

  it('require a note only for OTHER', () => {
    expect(RETURN_REASONS.filter((reason) => reason.requiresNote).map((reason) => reason.code)).toEqual(['OTHER']);
  });

  it('recognise codes and refuse unknown ones', () => {
    expect(isReturnReasonCode('STYLE')).toBe(true);
    expect(isReturnReasonCode('style')).toBe(false);
    expect(getReturnReason('WRONG_ITEM').merchantFault).toBe(true);
    expect(() => getReturnReason('NOPE' as never)).toThrow(RangeError);
  });
});
